from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "shoudi.reports"
    verbose_name = "报表与考核"

    def ready(self) -> None:
        from shoudi.registry.signals import villages_changed
        from shoudi.reports import income

        # The income summary follows the registry's writes (see reports.income).
        villages_changed.connect(income.on_villages, dispatch_uid="income_villages_changed")
