from django.apps import AppConfig


class LowIncomeConfig(AppConfig):
    name = "shoudi.lowincome"
    label = "lowincome"
    verbose_name = "常态化帮扶"

    def ready(self) -> None:
        """What the register adds to other apps' pages and flows: each part registers its own."""
        from shoudi.lowincome import panels_entitlements, panels_followup, panels_register

        panels_register.register()
        panels_followup.register()
        panels_entitlements.register()
