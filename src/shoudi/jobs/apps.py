from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "shoudi.jobs"
    verbose_name = "后台任务"

    def ready(self) -> None:
        from shoudi.jobs.registry import discover

        discover()  # each app's ``jobs`` module registers its runners
