from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "shoudi.feeds"
    verbose_name = "部门数据"
