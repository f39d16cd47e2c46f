from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "shoudi.rounds"
    verbose_name = "集中排查"
