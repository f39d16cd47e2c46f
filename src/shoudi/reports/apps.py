from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "shoudi.reports"
    verbose_name = "报表与考核"
