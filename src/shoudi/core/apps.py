from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "shoudi.core"
    verbose_name = "公共"
