from django.apps import AppConfig


class FieldworkConfig(AppConfig):
    name = "shoudi.fieldwork"
    label = "fieldwork"
    verbose_name = "离线外业"
