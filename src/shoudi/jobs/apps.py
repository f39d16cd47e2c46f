from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "shoudi.jobs"
    verbose_name = "后台任务"
