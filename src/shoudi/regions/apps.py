from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "shoudi.regions"
    verbose_name = "行政区划"
