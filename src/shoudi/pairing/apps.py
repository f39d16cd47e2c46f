from django.apps import AppConfig


class PairingConfig(AppConfig):
    name = "shoudi.pairing"
    verbose_name = "结对帮扶"

    def ready(self) -> None:
        """Show the household's helper cadres on the household page and the case page; a workbench button."""
        from shoudi.monitoring.extensions import add_case_panel, add_workbench_link
        from shoudi.pairing import panels
        from shoudi.registry.extensions import add_household_panel

        add_household_panel(panels.HOUSEHOLD_PANEL)
        add_case_panel(panels.CASE_PANEL)
        add_workbench_link(panels.ASSIGN_LINK)
