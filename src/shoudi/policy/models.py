"""Policy parameters (政策参数): one value of one key for one area and one period, with its source."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from shoudi.core.models import BaseModel
from shoudi.policy.keys import VALUE_TYPES, key_label, level_label
from shoudi.policy.values import ParamRecord


class Parameter(BaseModel):
    key = models.CharField("参数", max_length=60)
    region_code = models.CharField("适用区划", max_length=12, help_text="00 为全国默认，2位为省级，6位为县级")
    valid_from = models.DateField("起始日期")
    valid_to = models.DateField("截止日期", null=True, blank=True, help_text="空表示长期有效")
    value_type = models.CharField("取值类型", max_length=10, choices=list(VALUE_TYPES.items()))
    value = models.CharField("取值", max_length=200, blank=True)
    formula = models.CharField("公式", max_length=300, blank=True)
    source = models.CharField("依据文件", max_length=300)
    article = models.CharField("条款", max_length=300, blank=True)
    note = models.TextField("说明", blank=True)
    set_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="设定人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = "政策参数"
        verbose_name_plural = "政策参数"
        ordering = ["key", "region_code", "-valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["key", "region_code", "valid_from"], name="parameter_one_start_per_slot"),
        ]
        indexes = [models.Index(fields=["region_code", "key", "valid_from"], name="parameter_region_key")]

    def __str__(self) -> str:
        return f"{key_label(self.key)} · {level_label(self.region_code)}{self.region_code} · {self.record().period}"

    @property
    def key_label(self) -> str:
        return key_label(self.key)

    @property
    def level_label(self) -> str:
        return level_label(self.region_code)

    @property
    def shown_value(self) -> str:
        return self.formula or self.value

    def record(self) -> ParamRecord:
        return ParamRecord(
            key=self.key,
            region_code=self.region_code,
            valid_from=self.valid_from,
            valid_to=self.valid_to,
            value_type=self.value_type,
            value=self.value,
            formula=self.formula,
            source=self.source,
            article=self.article,
            note=self.note,
            id=str(self.pk),
        )
