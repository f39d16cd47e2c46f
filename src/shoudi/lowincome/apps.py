from django.apps import AppConfig


class LowIncomeConfig(AppConfig):
    name = "shoudi.lowincome"
    label = "lowincome"
    verbose_name = "常态化帮扶"
