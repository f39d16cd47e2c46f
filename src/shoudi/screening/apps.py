from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "shoudi.screening"
    verbose_name = "筛查预警"
