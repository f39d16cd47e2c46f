from django.apps import AppConfig


class MarketsConfig(AppConfig):
    name = "shoudi.markets"
    label = "markets"
    verbose_name = "消费帮扶和农产品产销"
