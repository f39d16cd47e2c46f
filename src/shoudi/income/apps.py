from django.apps import AppConfig


class IncomeConfig(AppConfig):
    name = "shoudi.income"
    verbose_name = "收入核算"
