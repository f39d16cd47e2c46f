from django.apps import AppConfig


class RoundsConfig(AppConfig):
    name = "shoudi.rounds"
    verbose_name = "集中排查"

    def ready(self) -> None:
        """The open round's unvisited households join a helper cadre's list of paired households; a workbench
        button to the rounds."""
        from shoudi.monitoring.extensions import add_workbench_link
        from shoudi.pairing.extensions import add_duty_source
        from shoudi.rounds.panels import ROUNDS_LINK, unvisited_duties

        add_duty_source(unvisited_duties)
        add_workbench_link(ROUNDS_LINK)
