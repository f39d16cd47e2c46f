"""东西部协作和定点帮扶 ledgers.

- ``Pairing``: one pairing — east–west (the county with a partner city or town), 定点帮扶 (a central or provincial
  unit), 驻村帮扶 (a village's resident team), 万企兴万村 (an enterprise and a village) — with its agreement period.
  Its ``area`` (county or village) is the key of area scoping (``core.access.in_area``).
- ``PairingMember``: the team's 第一书记 / 队长 / 队员, or an enterprise's contact.
- ``PairingTarget``: a yearly target per indicator (``codes.Indicator``); results are computed from the flows.
- Flows: ``Fund`` (amount, source, optionally a project of the library), ``PairingProject`` (projects counted for
  a year), ``LabourTransfer`` (a person of the area sent to work, optionally from the jobs database's ``Work``),
  ``TalentExchange`` (cadres, teachers, doctors; days on post), ``Meeting``. Produce bought by the partner is
  the ``markets.Purchase`` of the buyers linked to the pairing (``Pairing.buyers``): no second ledger.
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from shoudi.cooperation import codes
from shoudi.core.models import BaseModel
from shoudi.registry.models import NON_NEGATIVE

YEARS = [MinValueValidator(2016, "年度应在2016–2100年之间"), MaxValueValidator(2100, "年度应在2016–2100年之间")]


def money(label: str, **kw: object) -> models.DecimalField:
    return models.DecimalField(label, max_digits=14, decimal_places=2, validators=NON_NEGATIVE, **kw)  # type: ignore[arg-type]


class Pairing(BaseModel):
    kind = models.CharField("协作类型", max_length=20, choices=codes.PairingKind.choices)
    area = models.ForeignKey(
        "regions.Region",
        verbose_name="本地区域",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="东西部协作、定点帮扶为本县；驻村帮扶、万企兴万村为村",
    )
    name = models.CharField("结对名称", max_length=200)
    partner = models.CharField(
        "协作方", max_length=200, help_text="如：东莞市长安镇、国家某部委、某企业、驻村工作队派出单位"
    )
    partner_location = models.CharField("协作方所在地或层级", max_length=100, blank=True, help_text="如：广东省东莞市")
    agreement_from = models.DateField("协议期起")
    agreement_to = models.DateField("协议期止", null=True, blank=True)
    agreement_no = models.CharField("协议文号", max_length=100, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=codes.PairingStatus.choices, default=codes.PairingStatus.ACTIVE
    )
    note = models.CharField("备注", max_length=500, blank=True)
    buyers = models.ManyToManyField(
        "markets.Buyer", verbose_name="协作方采购单位", blank=True, related_name="cooperation_pairings"
    )
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "协作结对"
        verbose_name_plural = verbose_name
        ordering = ["kind", "area_id", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(agreement_to__isnull=True) | Q(agreement_to__gte=models.F("agreement_from")),
                name="coop_pairing_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.name


class PairingMember(BaseModel):
    pairing = models.ForeignKey(Pairing, verbose_name="结对", on_delete=models.CASCADE, related_name="members")
    name = models.CharField("姓名", max_length=50)
    role = models.CharField("职务", max_length=20, choices=codes.MemberRole.choices)
    unit = models.CharField("派出单位", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    from_date = models.DateField("到岗日期")
    to_date = models.DateField("离岗日期", null=True, blank=True)

    class Meta:
        verbose_name = "结对成员"
        verbose_name_plural = verbose_name
        ordering = ["role", "from_date"]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_role_display()}）"


class PairingTarget(BaseModel):
    pairing = models.ForeignKey(Pairing, verbose_name="结对", on_delete=models.CASCADE, related_name="targets")
    year = models.PositiveSmallIntegerField("年度", validators=YEARS)
    indicator = models.CharField("指标", max_length=20, choices=codes.Indicator.choices)
    value = models.DecimalField("目标值", max_digits=14, decimal_places=2, validators=NON_NEGATIVE)

    class Meta:
        verbose_name = "年度目标"
        verbose_name_plural = verbose_name
        ordering = ["year", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["pairing", "year", "indicator"], name="coop_target_once"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年{self.get_indicator_display()} {self.value}"


class Fund(BaseModel):
    pairing = models.ForeignKey(Pairing, verbose_name="结对", on_delete=models.CASCADE, related_name="funds")
    received_on = models.DateField("到位日期")
    year = models.PositiveSmallIntegerField("资金年度", validators=YEARS)
    amount = money("金额（元）")
    source = models.CharField("资金来源", max_length=20, choices=codes.FundSource.choices)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name="安排项目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="cooperation_funds",
    )
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "协作资金"
        verbose_name_plural = verbose_name
        ordering = ["-received_on"]
        indexes = [models.Index(fields=["pairing", "year"], name="coop_fund_year")]

    def __str__(self) -> str:
        return f"{self.received_on} {self.amount}元"


class PairingProject(BaseModel):
    pairing = models.ForeignKey(Pairing, verbose_name="结对", on_delete=models.CASCADE, related_name="projects")
    project = models.ForeignKey(
        "projects.Project", verbose_name="项目", on_delete=models.PROTECT, related_name="cooperation_links"
    )
    year = models.PositiveSmallIntegerField("计入年度", validators=YEARS)
    note = models.CharField("说明", max_length=200, blank=True)

    class Meta:
        verbose_name = "协作项目"
        verbose_name_plural = verbose_name
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["pairing", "project"], name="coop_project_once")]

    def __str__(self) -> str:
        return f"{self.year}年 {self.project_id}"


class LabourTransfer(BaseModel):
    pairing = models.ForeignKey(Pairing, verbose_name="结对", on_delete=models.CASCADE, related_name="transfers")
    person = models.ForeignKey(
        "registry.Person", verbose_name="务工人员", on_delete=models.PROTECT, related_name="cooperation_transfers"
    )
    village = models.ForeignKey("regions.Region", verbose_name="所在村", on_delete=models.PROTECT, related_name="+")
    destination = models.CharField("务工地", max_length=100)
    employer = models.CharField("用工单位", max_length=200, blank=True)
    started_on = models.DateField("上岗日期")
    months = models.PositiveSmallIntegerField(
        "务工月数", null=True, blank=True, validators=[MaxValueValidator(12, "务工月数不能超过12")]
    )
    monthly_pay = money("月工资（元）", null=True, blank=True)
    work = models.ForeignKey(
        "employment.Work",
        verbose_name="就业记录",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="cooperation_transfers",
    )

    class Meta:
        verbose_name = "劳务协作转移就业"
        verbose_name_plural = verbose_name
        ordering = ["-started_on"]
        constraints = [
            models.UniqueConstraint(fields=["work"], condition=Q(work__isnull=False), name="coop_transfer_work_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person_id} → {self.destination}"


class TalentExchange(BaseModel):
    pairing = models.ForeignKey(Pairing, verbose_name="结对", on_delete=models.CASCADE, related_name="exchanges")
    name = models.CharField("姓名", max_length=50)
    kind = models.CharField("人才类别", max_length=20, choices=codes.TalentKind.choices)
    direction = models.CharField("方向", max_length=10, choices=codes.Direction.choices)
    unit = models.CharField("派出或挂职单位", max_length=200, blank=True)
    started_on = models.DateField("到岗日期")
    ended_on = models.DateField("离岗日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "人才交流"
        verbose_name_plural = verbose_name
        ordering = ["-started_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=models.F("started_on")),
                name="coop_exchange_period_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）"


class Meeting(BaseModel):
    pairing = models.ForeignKey(Pairing, verbose_name="结对", on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("日期")
    kind = models.CharField("类型", max_length=20, choices=codes.MeetingKind.choices)
    place = models.CharField("地点", max_length=100)
    leader_level = models.CharField("参加领导层级", max_length=10, choices=codes.LeaderLevel.choices)
    leaders = models.CharField("参加领导", max_length=200, blank=True)
    minutes = models.TextField("会议纪要", blank=True, max_length=2000)

    class Meta:
        verbose_name = "联席会议和互访"
        verbose_name_plural = verbose_name
        ordering = ["-held_on"]

    def __str__(self) -> str:
        return f"{self.held_on} {self.get_kind_display()}"
