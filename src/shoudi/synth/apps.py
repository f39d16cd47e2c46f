from django.apps import AppConfig


class SynthConfig(AppConfig):
    name = "shoudi.synth"
    verbose_name = "模拟数据"
