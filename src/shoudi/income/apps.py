from django.apps import AppConfig


class IncomeConfig(AppConfig):
    name = "shoudi.income"
    verbose_name = "收入核算"

    def ready(self) -> None:
        from shoudi.income.panels import PANEL
        from shoudi.registry.extensions import add_household_panel

        add_household_panel(PANEL)
