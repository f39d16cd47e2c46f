from django.apps import AppConfig


class ComplaintsConfig(AppConfig):
    name = "shoudi.complaints"
    verbose_name = "投诉举报"

    def ready(self) -> None:
        """The open and overdue complaints on the workbench (monitoring never imports complaints)."""
        from shoudi.complaints import panels
        from shoudi.monitoring.extensions import add_workbench_task

        add_workbench_task(panels.OPEN)
        add_workbench_task(panels.OVERDUE)
