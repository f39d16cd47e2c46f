from django.apps import AppConfig


class RegistryConfig(AppConfig):
    name = "shoudi.registry"
    verbose_name = "基础数据库"
