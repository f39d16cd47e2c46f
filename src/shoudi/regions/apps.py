from django.apps import AppConfig


class RegionsConfig(AppConfig):
    name = "shoudi.regions"
    verbose_name = "行政区划"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from shoudi.regions.models import Region
        from shoudi.regions.selectors import forget_region_choices

        post_save.connect(forget_region_choices, sender=Region, dispatch_uid="regions.forget_choices.save")
        post_delete.connect(forget_region_choices, sender=Region, dispatch_uid="regions.forget_choices.delete")
