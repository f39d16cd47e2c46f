from django.apps import AppConfig


class CooperationConfig(AppConfig):
    name = "shoudi.cooperation"
    label = "cooperation"
    verbose_name = "东西部协作和定点帮扶"
