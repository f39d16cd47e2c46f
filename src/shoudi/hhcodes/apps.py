from django.apps import AppConfig


class HhcodesConfig(AppConfig):
    name = "shoudi.hhcodes"
    label = "hhcodes"
    verbose_name = "一户一码"
