from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "shoudi.feeds"
    verbose_name = "部门数据"

    def ready(self) -> None:
        from shoudi.feeds.datacheck import household_records
        from shoudi.monitoring.datacheck import provide_department_records

        provide_department_records(household_records)
