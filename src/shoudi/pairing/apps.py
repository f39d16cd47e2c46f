from django.apps import AppConfig


class PairingConfig(AppConfig):
    name = "shoudi.pairing"
    verbose_name = "结对帮扶"
