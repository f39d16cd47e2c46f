"""Administrative divisions (统计用区划代码, 2023) and the classes of counties and villages."""

from __future__ import annotations

from django.db import models


class Level(models.IntegerChoices):
    PROVINCE = 1, "省级"
    CITY = 2, "地级"
    COUNTY = 3, "县级"
    TOWNSHIP = 4, "乡级"
    VILLAGE = 5, "村级"


CODE_LENGTH_BY_LEVEL = {Level.PROVINCE: 2, Level.CITY: 4, Level.COUNTY: 6, Level.TOWNSHIP: 9, Level.VILLAGE: 12}
LEVEL_BY_CODE_LENGTH = {v: k for k, v in CODE_LENGTH_BY_LEVEL.items()}


class KeyCounty(models.TextChoices):
    NATIONAL = "national", "国家乡村振兴重点帮扶县"
    PROVINCIAL = "provincial", "省级乡村振兴重点帮扶县"


class LocalClass(models.TextChoices):
    LEADING = "leading", "引领示范县"
    ADVANCING = "advancing", "重点推进县"
    FOUNDATION = "foundation", "夯实基础县"


class Region(models.Model):
    """A unit of the five-level division. The code is the key; a child's code extends its parent's."""

    code = models.CharField("区划代码", max_length=12, primary_key=True)
    name = models.CharField("名称", max_length=100)
    level = models.PositiveSmallIntegerField("级别", choices=Level.choices, db_index=True)
    parent = models.ForeignKey(
        "self", verbose_name="上级", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    key_county = models.CharField("重点帮扶县类别", max_length=20, choices=KeyCounty.choices, blank=True)
    local_class = models.CharField("地方分类", max_length=20, choices=LocalClass.choices, blank=True)
    poverty_exit_village = models.BooleanField("脱贫村", default=False)
    relocation_site = models.BooleanField("易地扶贫搬迁安置点", default=False)

    class Meta:
        verbose_name = "行政区划"
        verbose_name_plural = "行政区划"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    @property
    def is_county(self) -> bool:
        return self.level == Level.COUNTY

    @property
    def is_village(self) -> bool:
        return self.level == Level.VILLAGE

    def ancestor_codes(self) -> list[str]:
        return [self.code[:n] for n in (2, 4, 6, 9) if n < len(self.code)]
