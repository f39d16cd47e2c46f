from django.apps import AppConfig


class KeycountiesConfig(AppConfig):
    name = "shoudi.keycounties"
    label = "keycounties"
    verbose_name = "乡村振兴重点帮扶县"
