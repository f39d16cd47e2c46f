from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "shoudi.monitoring"
    verbose_name = "动态监测"
