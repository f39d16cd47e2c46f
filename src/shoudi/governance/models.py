"""积分制 / 家庭文明档案 ledgers (seed 004 夹山镇: 以村为单位, 一户一档; 红榜、黄榜、黑榜; rules voted by the
村民代表大会; entries recorded by the council and confirmed by village representatives each quarter).

- ``RuleBook`` / ``Rule``: a village's rules, one version adopted at a time; rules are edited only in a draft.
  Entries keep the rule (and the points) they were made under when a new version supersedes the old.
- ``HouseholdFile``: one per ``registry.Household`` (created on first use), numbered per village.
- ``Entry``: a deed of a household under a rule, proposed by a council member with evidence; decided at a
  ``QuarterlyReview`` (points count only once the review is closed); a confirmed yellow record is cleared by a
  correction that a later review confirms.
- ``ShopItem`` / ``Redemption``: the optional 积分超市 (seed 002「以劳动换积分、以积分换物资」).
- ``VillageBoard``: the random, revocable token of the village's public board (红榜 and ranking only).

Points are never a condition of any assistance: no app of the mechanism may import this one (import-linter).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from shoudi.core.models import BaseModel
from shoudi.governance import codes

MAX_POINTS = 1000
VILLAGE = "regions.Region"


def _photo_to(instance: Entry, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"governance/{instance.village_id}/{instance.id}.{suffix}"


def _minutes_to(instance: RuleBook, filename: str) -> str:
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"governance/{instance.village_id}/rulebook-{instance.id}.{suffix}"


class RuleBook(BaseModel):
    village = models.ForeignKey(VILLAGE, verbose_name="村", on_delete=models.PROTECT, related_name="+")
    edition = models.PositiveIntegerField("版本号")
    title = models.CharField("名称", max_length=100)
    status = models.CharField("状态", max_length=20, choices=codes.RuleBookStatus.choices)
    adopted_on = models.DateField("村民代表大会通过日期", null=True, blank=True)
    resolution_no = models.CharField("决议文号", max_length=50, blank=True)
    present = models.PositiveIntegerField("到会代表人数", null=True, blank=True)
    total = models.PositiveIntegerField("应到代表人数", null=True, blank=True)
    votes_for = models.PositiveIntegerField("赞成票", null=True, blank=True)
    minutes = models.FileField("会议记录扫描件", upload_to=_minutes_to, max_length=200, blank=True)
    minutes_type = models.CharField("会议记录文件类型", max_length=50, blank=True)
    superseded_on = models.DateField("废止日期", null=True, blank=True)

    class Meta:
        verbose_name = "积分制细则"
        verbose_name_plural = "积分制细则"
        ordering = ["village_id", "-edition"]
        constraints = [
            models.UniqueConstraint(fields=["village", "edition"], name="gov_rulebook_edition"),
            models.UniqueConstraint(fields=["village"], condition=Q(status="adopted"), name="gov_rulebook_one_adopted"),
        ]

    def __str__(self) -> str:
        return f"{self.title}（第{self.edition}版）"


class Rule(BaseModel):
    rulebook = models.ForeignKey(RuleBook, verbose_name="细则", on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField("榜别", max_length=10, choices=codes.Kind.choices)
    item = models.CharField("事项", max_length=200)
    points = models.IntegerField(
        "积分",
        validators=[MinValueValidator(-MAX_POINTS), MaxValueValidator(MAX_POINTS)],
        help_text="红榜为正，黄榜、黑榜为负",
    )
    clearing = models.CharField(
        "消除条件", max_length=200, blank=True, help_text="黄榜必填，如：整改到位并经季度评议确认"
    )
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "积分规则"
        verbose_name_plural = "积分规则"
        ordering = ["rulebook", "kind", "created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.item}（{self.points:+d}分）"


class HouseholdFile(BaseModel):
    household = models.OneToOneField(
        "registry.Household", verbose_name="农户", on_delete=models.PROTECT, related_name="civility_file"
    )
    village = models.ForeignKey(VILLAGE, verbose_name="村", on_delete=models.PROTECT, related_name="+")
    number = models.CharField("档案编号", max_length=30, unique=True)
    opened_on = models.DateField("建档日期")

    class Meta:
        verbose_name = "家庭文明档案"
        verbose_name_plural = "家庭文明档案"
        ordering = ["number"]

    def __str__(self) -> str:
        return self.number


class QuarterlyReview(BaseModel):
    village = models.ForeignKey(VILLAGE, verbose_name="村", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("年度")
    quarter = models.PositiveSmallIntegerField("季度", choices=codes.QUARTERS)
    held_on = models.DateField("评议日期")
    chair = models.CharField("主持人", max_length=50)
    representatives = models.TextField("参加评议的村民代表", max_length=1000)
    present = models.PositiveIntegerField("到会代表人数")
    status = models.CharField("状态", max_length=10, choices=codes.ReviewStatus.choices, default="open")
    closed_on = models.DateField("结束日期", null=True, blank=True)

    class Meta:
        verbose_name = "季度评议"
        verbose_name_plural = "季度评议"
        ordering = ["village_id", "-year", "-quarter"]
        constraints = [models.UniqueConstraint(fields=["village", "year", "quarter"], name="gov_review_quarter")]

    def __str__(self) -> str:
        return f"{self.year}年第{self.quarter}季度评议"

    @property
    def closed(self) -> bool:
        return self.status == codes.ReviewStatus.CLOSED


class Entry(BaseModel):
    file = models.ForeignKey(
        HouseholdFile, verbose_name="家庭文明档案", on_delete=models.PROTECT, related_name="entries"
    )
    village = models.ForeignKey(VILLAGE, verbose_name="村", on_delete=models.PROTECT, related_name="+")
    rule = models.ForeignKey(Rule, verbose_name="依据规则", on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField("榜别", max_length=10, choices=codes.Kind.choices)
    points = models.IntegerField("积分")
    deed_on = models.DateField("事项发生日期")
    description = models.CharField("事项经过", max_length=300)
    evidence = models.CharField("佐证材料", max_length=300)
    photo = models.FileField("佐证照片", upload_to=_photo_to, max_length=200, blank=True)
    photo_type = models.CharField("照片文件类型", max_length=50, blank=True)
    status = models.CharField("状态", max_length=10, choices=codes.EntryStatus.choices, default="proposed")
    review = models.ForeignKey(
        QuarterlyReview, verbose_name="评议", null=True, blank=True, on_delete=models.PROTECT, related_name="entries"
    )
    decision = models.CharField("评议结果", max_length=10, choices=codes.Decision.choices, blank=True)
    decision_reason = models.CharField("评议意见", max_length=200, blank=True)
    correction = models.CharField("整改情况", max_length=300, blank=True)
    corrected_on = models.DateField("整改日期", null=True, blank=True)
    clear_review = models.ForeignKey(
        QuarterlyReview,
        verbose_name="确认消除的评议",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="clearings",
    )
    clear_decision = models.CharField("消除评议结果", max_length=10, choices=codes.Decision.choices, blank=True)
    clear_reason = models.CharField("消除评议意见", max_length=200, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "档案记录"
        verbose_name_plural = "档案记录"
        ordering = ["-deed_on", "-created_at"]
        indexes = [models.Index(fields=["village", "status", "deed_on"], name="gov_entry_village_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.deed_on} {self.description[:20]}"


class ShopItem(BaseModel):
    village = models.ForeignKey(VILLAGE, verbose_name="村", on_delete=models.PROTECT, related_name="+")
    name = models.CharField("物品名称", max_length=100)
    cost = models.PositiveIntegerField("兑换所需积分", validators=[MinValueValidator(1), MaxValueValidator(MAX_POINTS)])
    stock = models.PositiveIntegerField("库存", validators=[MaxValueValidator(100000)])
    active = models.BooleanField("上架", default=True)

    class Meta:
        verbose_name = "积分超市物品"
        verbose_name_plural = "积分超市物品"
        ordering = ["village_id", "cost", "name"]
        constraints = [models.UniqueConstraint(fields=["village", "name"], name="gov_item_name")]

    def __str__(self) -> str:
        return f"{self.name}（{self.cost}分）"


class Redemption(BaseModel):
    file = models.ForeignKey(
        HouseholdFile, verbose_name="家庭文明档案", on_delete=models.PROTECT, related_name="redemptions"
    )
    village = models.ForeignKey(VILLAGE, verbose_name="村", on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(ShopItem, verbose_name="物品", on_delete=models.PROTECT, related_name="redemptions")
    quantity = models.PositiveIntegerField("数量")
    points = models.PositiveIntegerField("使用积分")
    redeemed_on = models.DateField("兑换日期")

    class Meta:
        verbose_name = "积分兑换记录"
        verbose_name_plural = "积分兑换记录"
        ordering = ["-redeemed_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.item.name}×{self.quantity}"


class VillageBoard(BaseModel):
    village = models.OneToOneField(VILLAGE, verbose_name="村", on_delete=models.PROTECT, related_name="+")
    token = models.CharField("公开榜链接令牌", max_length=64, unique=True)
    active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "村公开榜"
        verbose_name_plural = "村公开榜"

    def __str__(self) -> str:
        return f"{self.village_id} 公开榜"
