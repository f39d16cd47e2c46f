"""结对帮扶: one helper cadre (帮扶责任人) paired with one household over a period. Ending a pairing sets its
end date; the row stays, so the household keeps the history of who helped it."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from shoudi.core.models import BaseModel


class Pairing(BaseModel):
    household = models.ForeignKey(
        "registry.Household", verbose_name="农户", on_delete=models.PROTECT, related_name="pairings"
    )
    # The household's village when paired: the area filter of every read, on an index.
    village = models.ForeignKey("regions.Region", verbose_name="所在村", on_delete=models.PROTECT, related_name="+")
    cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="帮扶责任人", on_delete=models.PROTECT, related_name="pairings"
    )
    since = models.DateField("结对开始日期")
    until = models.DateField("结对结束日期", null=True, blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="安排人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    end_reason = models.CharField("解除原因", max_length=200, blank=True)

    class Meta:
        verbose_name = "结对帮扶"
        verbose_name_plural = "结对帮扶"
        ordering = ["-since", "created_at"]
        indexes = [
            models.Index(fields=["village", "until"], name="pairing_village_until"),
            models.Index(fields=["cadre", "until"], name="pairing_cadre_until"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["household", "cadre"],
                condition=models.Q(until__isnull=True),
                name="pairing_one_current_per_cadre",
            )
        ]

    def __str__(self) -> str:
        return f"{self.household.number} 结对 {self.cadre.display_name}"

    @property
    def current(self) -> bool:
        return self.until is None
