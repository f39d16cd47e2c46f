from django.apps import AppConfig


class EmploymentConfig(AppConfig):
    name = "shoudi.employment"
    label = "employment"
    verbose_name = "就业帮扶"

    def ready(self) -> None:
        """What the jobs app adds to other apps' pages and flows: each part registers its own."""
        from shoudi.employment import panels

        panels.register()
