"""收入核算: a household's income and spending for one calendar year, item by item (national-practice.md §3).

One ``IncomeSheet`` per household and year holds ``IncomeLine`` rows: an item (registry.codes item list), for
wages the member, where they worked and how many months, the annual amount and — when the county collected it
by month — the twelve monthly amounts. Each line names its source: typed on the page or phone, imported from a
county spreadsheet, sent through the API, or carried in from a department feed (医保, 应急, 民政 …) with the
batch it came in, so the household page can say which figure came from where.

How the assessment's 12-month window reads a year (README, 收入核算): a line's year is spread over its months —
its monthly amounts when it has them, else one twelfth of the annual amount each month. For a month and an
item, a sheet line of that month's year wins; without one, the monthly finance records (follow-up visits) of
that item count; a window month in a year without any sheet takes the nearest year's sheet.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from shoudi.core.models import BaseModel
from shoudi.registry import codes as rcodes

NON_NEGATIVE = [MinValueValidator(0, message="金额不能为负数")]


class Source(models.TextChoices):
    PAGE = "page", "页面填写"
    IMPORT = "import", "表格导入"
    API = "api", "接口"
    ROUND = "round", "集中排查走访"
    FEED = "feed", "部门数据"


class IncomeSheet(BaseModel):
    """收入核算表: one household, one calendar year."""

    household = models.ForeignKey(
        "registry.Household", verbose_name="农户", on_delete=models.CASCADE, related_name="income_sheets"
    )
    year = models.PositiveSmallIntegerField(
        "核算年度",
        validators=[
            MinValueValidator(2013, "核算年度应在2013–2100年之间"),
            MaxValueValidator(2100, "核算年度应在2013–2100年之间"),
        ],
    )
    starts = models.DateField(
        "起始月份"
    )  # 1 January of ``year``: lets SQL compare finance months without date functions
    collected_on = models.DateField("核算日期", null=True, blank=True)
    collector = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="核算人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.PAGE)
    note = models.CharField("备注", max_length=200, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "收入核算表"
        verbose_name_plural = "收入核算表"
        ordering = ["household", "-year"]
        constraints = [models.UniqueConstraint(fields=["household", "year"], name="income_sheet_one_per_year")]
        indexes = [models.Index(fields=["year", "household"], name="income_sheet_year_household")]

    def __str__(self) -> str:
        return f"{self.year}年收入核算表"


class IncomeLine(models.Model):
    """One item of a sheet: an income, a production cost, a rigid spending or an insurance payout."""

    sheet = models.ForeignKey(IncomeSheet, verbose_name="收入核算表", on_delete=models.CASCADE, related_name="lines")
    item = models.CharField("项目", max_length=30, choices=rcodes.item_choices())
    member = models.ForeignKey(
        "registry.Person", verbose_name="家庭成员", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    work_place = models.CharField("务工地点", max_length=20, choices=rcodes.WorkPlace.choices, blank=True)
    work_months = models.PositiveSmallIntegerField(
        "务工月数", null=True, blank=True, validators=[MaxValueValidator(12, "务工时间不能超过12个月")]
    )
    amount = models.DecimalField("全年金额（元）", max_digits=14, decimal_places=2, validators=NON_NEGATIVE)
    # Twelve amounts (strings, January first) when collected by month; their sum is ``amount``.
    monthly = models.JSONField("逐月金额", null=True, blank=True)
    source = models.CharField("来源", max_length=10, choices=Source.choices, default=Source.PAGE)
    department = models.CharField("来源部门", max_length=30, blank=True)  # accounts.roles.Department for feeds
    batch_ref = models.CharField("来源批次", max_length=100, blank=True)  # feed batch or import job id

    class Meta:
        verbose_name = "收入核算条目"
        verbose_name_plural = "收入核算条目"
        ordering = ["sheet", "item"]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="income_line_amount_non_negative"),
        ]
        indexes = [models.Index(fields=["sheet", "item"], name="income_line_sheet_item")]

    def __str__(self) -> str:
        return f"{self.get_item_display()} {self.amount}"

    @property
    def department_label(self) -> str:
        """The department's name (医保, 民政 …) for a line a feed carried in."""
        from shoudi.accounts.roles import Department

        return str(dict(Department.choices).get(self.department, self.department))
