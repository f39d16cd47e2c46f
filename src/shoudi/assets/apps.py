from django.apps import AppConfig


class AssetsConfig(AppConfig):
    name = "shoudi.assets"
    verbose_name = "帮扶项目资产"
