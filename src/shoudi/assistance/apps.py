from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "shoudi.assistance"
    verbose_name = "帮扶措施"
