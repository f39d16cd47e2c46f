from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "shoudi.assistance"
    verbose_name = "帮扶措施"

    def ready(self) -> None:
        """Plug assistance into monitoring's extension points (monitoring never imports assistance)."""
        from shoudi.assistance import checks, panels, selectors
        from shoudi.monitoring import extensions

        extensions.add_case_panel(panels.CASE_PANEL)
        extensions.add_workbench_task(panels.VISITS_DUE)
        extensions.add_workbench_link(panels.FAST_TRACK)
        extensions.provide_measures(selectors.live_measures)
        extensions.provide_visits(selectors.visits_between)
        checks.register_checks()

    def load_reference_data(self) -> int:
        """The default risk → measure rules (what migration 0002 loads), again after a test flushed the tables."""
        from shoudi.assistance.rules import load_default_rules

        return load_default_rules()
