"""The jobs ledgers (就业帮扶台账).

Labour force (劳动力数据库) — every working-age member with labour capacity is a ``registry.Person``; what the
labour database adds lives here and is entered once:
- ``LabourProfile``: skills, certificates, training and job wishes of one person (created when first recorded).
- ``Work``: one spell of work (employer, place, since when, monthly pay); the open spell is the person's current
  work. Saving one keeps the person's registry work fields (务工地点 / 务工月数 / 工资性收入) in step, which the
  screening rules and the assessment read.
- ``LabourEvent``: 失业登记 / 返乡 (the 人社 feed), training attended, 就业登记.

Job database (岗位数据库): ``Employer`` and its ``Opening``s; ``Recommendation`` — a person put forward for an
opening, with its outcome (联系 / 面试 / 上岗 / 未成).

公益性岗位: ``WelfarePost`` (by need, with its subsidy and funding, optionally maintaining an asset),
``PostHolding`` (hired to the post, orderly exit with reason), ``PostPay`` (monthly attendance and pay, only
while on post).

就业帮扶车间: ``Workshop`` (an employer recognised as a workshop), ``WorkshopSubsidy``, ``WorkshopReview``
(the yearly check that it still qualifies).

以工代赈: ``ReliefWork`` — a labourer engaged on a project of the project library marked 以工代赈, with days,
pay due and paid.

Every row carries the region it belongs to (a village, or for employers a county or township), the key of
area scoping (``core.access.in_area``).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from shoudi.core.models import BaseModel
from shoudi.employment import codes
from shoudi.registry.models import NON_NEGATIVE

MONTHS_12 = [MinValueValidator(0, "月数不能为负数"), MaxValueValidator(12, "务工时间不能超过12个月")]


def _money(label: str, **kw: object) -> models.DecimalField:
    return models.DecimalField(label, max_digits=12, decimal_places=2, validators=NON_NEGATIVE, **kw)  # type: ignore[arg-type]


class LabourProfile(BaseModel):
    person = models.OneToOneField(
        "registry.Person", verbose_name="劳动力", on_delete=models.CASCADE, related_name="labour_profile"
    )
    village = models.ForeignKey("regions.Region", verbose_name="所在村", on_delete=models.PROTECT, related_name="+")
    skills = models.CharField("技能特长", max_length=200, blank=True, help_text="多项以顿号或逗号分隔，如：电焊、厨师")
    certificates = models.CharField("职业资格/技能证书", max_length=200, blank=True)
    training_wish = models.CharField("培训意愿", max_length=200, blank=True)
    wish_kind = models.CharField("求职意向（工种）", max_length=100, blank=True)
    wish_place = models.CharField("意向务工地点", max_length=20, choices=codes.PLACE_CHOICES, blank=True)
    wish_pay = _money("期望月收入（元）", null=True, blank=True)
    available = models.BooleanField("有就业意愿", default=True)
    note = models.CharField("备注", max_length=200, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "劳动力信息"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.person}的劳动力信息"


class Employer(BaseModel):
    name = models.CharField("用工主体名称", max_length=200)
    kind = models.CharField("类型", max_length=20, choices=codes.EmployerKind.choices)
    credit_code = models.CharField("统一社会信用代码", max_length=18, blank=True)
    area = models.ForeignKey(
        "regions.Region",
        verbose_name="所属区域",
        on_delete=models.PROTECT,
        related_name="+",
        help_text="登记的县、乡镇或村；东西部协作用工单位登记在对口的本县",
    )
    address = models.CharField("地址", max_length=200, blank=True)
    partner_city = models.CharField("协作城市", max_length=50, blank=True)
    contact = models.CharField("联系人", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    active = models.BooleanField("有效", default=True)

    class Meta:
        verbose_name = "用工主体"
        verbose_name_plural = verbose_name
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["area", "name"], name="employer_name_per_area")]

    def __str__(self) -> str:
        return self.name


class Opening(BaseModel):
    employer = models.ForeignKey(Employer, verbose_name="用工主体", on_delete=models.PROTECT, related_name="openings")
    area = models.ForeignKey(
        "regions.Region", verbose_name="所属区域", on_delete=models.PROTECT, related_name="+", help_text="同用工主体"
    )
    title = models.CharField("岗位名称", max_length=100)
    skills = models.CharField("技能要求", max_length=200, blank=True, help_text="多项以顿号或逗号分隔；不限可空")
    place = models.CharField("工作地点类别", max_length=20, choices=codes.PLACE_CHOICES)
    workplace = models.ForeignKey(
        "regions.Region",
        verbose_name="工作地（乡镇）",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="县内岗位填到乡镇，用于按距离推荐",
    )
    place_detail = models.CharField("工作地点", max_length=200, blank=True)
    pay_min = _money("月薪下限（元）", null=True, blank=True)
    pay_max = _money("月薪上限（元）", null=True, blank=True)
    headcount = models.PositiveIntegerField("招聘人数", default=1, validators=[MinValueValidator(1, "招聘人数至少为1")])
    age_max = models.PositiveSmallIntegerField("年龄上限", null=True, blank=True)
    opens_on = models.DateField("发布日期")
    closes_on = models.DateField("截止日期", null=True, blank=True)
    status = models.CharField(
        "状态", max_length=10, choices=codes.OpeningStatus.choices, default=codes.OpeningStatus.OPEN
    )
    source = models.CharField("来源", max_length=20, choices=codes.WorkSource.choices, default=codes.WorkSource.PAGE)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "岗位需求"
        verbose_name_plural = verbose_name
        ordering = ["-opens_on", "title"]
        indexes = [models.Index(fields=["status", "area"], name="opening_status_area")]

    def __str__(self) -> str:
        return f"{self.employer.name}·{self.title}"


class Work(BaseModel):
    """One spell of work of a person; ``ended_on`` empty = current work."""

    person = models.ForeignKey("registry.Person", verbose_name="劳动力", on_delete=models.CASCADE, related_name="works")
    village = models.ForeignKey("regions.Region", verbose_name="所在村", on_delete=models.PROTECT, related_name="+")
    employer = models.ForeignKey(
        Employer, verbose_name="用工主体", null=True, blank=True, on_delete=models.PROTECT, related_name="works"
    )
    employer_name = models.CharField("务工单位", max_length=200, blank=True, help_text="灵活就业可填“灵活就业”")
    job = models.CharField("工种/岗位", max_length=100, blank=True)
    place = models.CharField("务工地点", max_length=20, choices=codes.PLACE_CHOICES)
    place_detail = models.CharField("具体地点", max_length=200, blank=True)
    started_on = models.DateField("务工开始日期")
    ended_on = models.DateField("务工结束日期", null=True, blank=True)
    monthly_pay = _money("月工资（元）", null=True, blank=True)
    months_this_year = models.PositiveSmallIntegerField("本年务工月数", null=True, blank=True, validators=MONTHS_12)
    end_reason = models.CharField("结束原因", max_length=200, blank=True)
    source = models.CharField("来源", max_length=20, choices=codes.WorkSource.choices, default=codes.WorkSource.PAGE)
    source_ref = models.CharField("来源记录", max_length=100, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "务工就业记录"
        verbose_name_plural = verbose_name
        ordering = ["-started_on"]
        indexes = [models.Index(fields=["village", "ended_on"], name="work_village_open")]

    def __str__(self) -> str:
        return f"{self.employer_name or self.get_place_display()}（{self.started_on}起）"


class LabourEvent(BaseModel):
    person = models.ForeignKey(
        "registry.Person", verbose_name="劳动力", on_delete=models.CASCADE, related_name="labour_events"
    )
    village = models.ForeignKey("regions.Region", verbose_name="所在村", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("事项", max_length=20, choices=codes.EventKind.choices)
    on_date = models.DateField("日期")
    detail = models.CharField("说明", max_length=200, blank=True, help_text="培训填写培训项目和机构")
    hours = models.PositiveIntegerField("培训课时", null=True, blank=True)
    certificate = models.CharField("取得证书", max_length=100, blank=True)
    source = models.CharField("来源", max_length=20, choices=codes.WorkSource.choices, default=codes.WorkSource.PAGE)
    source_ref = models.CharField("来源记录", max_length=100, blank=True)

    class Meta:
        verbose_name = "就业失业与培训记录"
        verbose_name_plural = verbose_name
        ordering = ["-on_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "on_date", "source_ref"],
                name="labour_event_once",
                condition=~Q(source_ref=""),
            )
        ]


class Recommendation(BaseModel):
    opening = models.ForeignKey(Opening, verbose_name="岗位", on_delete=models.CASCADE, related_name="recommendations")
    person = models.ForeignKey("registry.Person", verbose_name="劳动力", on_delete=models.CASCADE, related_name="+")
    village = models.ForeignKey("regions.Region", verbose_name="所在村", on_delete=models.PROTECT, related_name="+")
    score = models.DecimalField("匹配得分", max_digits=6, decimal_places=2, default=0)
    reasons = models.CharField("推荐理由", max_length=300, blank=True)
    outcome = models.CharField(
        "推荐结果", max_length=20, choices=codes.Outcome.choices, default=codes.Outcome.RECOMMENDED
    )
    outcome_on = models.DateField("结果日期", null=True, blank=True)
    outcome_note = models.CharField("结果说明", max_length=200, blank=True)
    work = models.ForeignKey(
        Work, verbose_name="上岗记录", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "岗位推荐"
        verbose_name_plural = verbose_name
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["opening", "person"], name="recommendation_once")]


class WelfarePost(BaseModel):
    village = models.ForeignKey(
        "regions.Region", verbose_name="设岗村（乡镇）", on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField("岗位类型", max_length=20, choices=codes.PostKind.choices)
    title = models.CharField("岗位名称", max_length=100)
    duty = models.CharField("岗位职责", max_length=300, blank=True)
    need = models.CharField("设岗依据", max_length=300, help_text="按需设岗：说明需要该岗位的理由")
    monthly_subsidy = _money("月岗位补贴（元）")
    funding = models.CharField("资金来源", max_length=20, choices=codes.PostFunding.choices)
    created_on = models.DateField("设岗日期")
    term_months = models.PositiveSmallIntegerField(
        "聘期（月）", default=12, validators=[MinValueValidator(1, "聘期至少1个月")]
    )
    asset = models.ForeignKey(
        "assets.Asset",
        verbose_name="管护资产",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="welfare_posts",
        help_text="资产管护岗位关联资产台账中的公益性资产",
    )
    status = models.CharField("状态", max_length=10, choices=codes.PostStatus.choices, default=codes.PostStatus.VACANT)
    abolished_on = models.DateField("撤岗日期", null=True, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "公益性岗位"
        verbose_name_plural = verbose_name
        ordering = ["-created_on", "title"]

    def __str__(self) -> str:
        return f"{self.title}（{self.get_kind_display()}）"


class PostHolding(BaseModel):
    post = models.ForeignKey(WelfarePost, verbose_name="岗位", on_delete=models.PROTECT, related_name="holdings")
    person = models.ForeignKey(
        "registry.Person", verbose_name="在岗人员", on_delete=models.PROTECT, related_name="post_holdings"
    )
    village = models.ForeignKey("regions.Region", verbose_name="人员所在村", on_delete=models.PROTECT, related_name="+")
    priority = models.CharField("人员类别", max_length=20, choices=codes.Priority.choices)
    relocated = models.BooleanField("易地扶贫搬迁劳动力", default=False)
    started_on = models.DateField("上岗日期")
    ended_on = models.DateField("退岗日期", null=True, blank=True)
    exit_reason = models.CharField("退岗原因", max_length=20, choices=codes.ExitReason.choices, blank=True)
    exit_note = models.CharField("退岗说明", max_length=200, blank=True)
    agreement_no = models.CharField("聘用协议编号", max_length=50, blank=True)
    work = models.ForeignKey(
        Work, verbose_name="就业记录", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "公益性岗位聘用"
        verbose_name_plural = verbose_name
        ordering = ["-started_on"]
        constraints = [
            models.UniqueConstraint(fields=["post"], condition=Q(ended_on__isnull=True), name="post_one_holder"),
            models.UniqueConstraint(fields=["person"], condition=Q(ended_on__isnull=True), name="person_one_post"),
        ]


class PostPay(BaseModel):
    holding = models.ForeignKey(PostHolding, verbose_name="聘用", on_delete=models.PROTECT, related_name="pays")
    village = models.ForeignKey("regions.Region", verbose_name="设岗村", on_delete=models.PROTECT, related_name="+")
    month = models.DateField("月份")  # the 1st of the month
    days_required = models.PositiveSmallIntegerField("应出勤天数", validators=[MaxValueValidator(31, "天数不能超过31")])
    days_worked = models.PositiveSmallIntegerField("实际出勤天数", validators=[MaxValueValidator(31, "天数不能超过31")])
    amount_due = _money("应发补贴（元）")
    amount_paid = _money("实发补贴（元）", default=0)
    paid_on = models.DateField("发放日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "公益性岗位考勤发放"
        verbose_name_plural = verbose_name
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["holding", "month"], name="post_pay_once_a_month")]


class Workshop(BaseModel):
    employer = models.OneToOneField(
        Employer, verbose_name="经营主体", on_delete=models.PROTECT, related_name="workshop"
    )
    name = models.CharField("车间名称", max_length=200)
    village = models.ForeignKey(
        "regions.Region", verbose_name="所在村（社区）", on_delete=models.PROTECT, related_name="+"
    )
    at_relocation_site = models.BooleanField("位于易地搬迁安置点", default=False)
    relocation_site = models.CharField("安置点名称", max_length=100, blank=True)
    industry = models.CharField("主营业务", max_length=100)
    jobs = models.PositiveIntegerField("就业岗位数", default=0)
    recognised_on = models.DateField("认定日期")
    recognised_by = models.CharField("认定部门", max_length=50, default="县人力资源和社会保障局")
    status = models.CharField(
        "认定状态", max_length=10, choices=codes.WorkshopStatus.choices, default=codes.WorkshopStatus.ACTIVE
    )
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "就业帮扶车间"
        verbose_name_plural = verbose_name
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WorkshopSubsidy(BaseModel):
    workshop = models.ForeignKey(Workshop, verbose_name="车间", on_delete=models.CASCADE, related_name="subsidies")
    kind = models.CharField("补贴类型", max_length=20, choices=codes.SubsidyKind.choices)
    amount = _money("金额（元）")
    received_on = models.DateField("拨付日期")
    document_no = models.CharField("文号", max_length=50, blank=True)

    class Meta:
        verbose_name = "车间补贴"
        verbose_name_plural = verbose_name
        ordering = ["-received_on"]


class WorkshopReview(BaseModel):
    workshop = models.ForeignKey(Workshop, verbose_name="车间", on_delete=models.CASCADE, related_name="reviews")
    year = models.PositiveSmallIntegerField(
        "年度",
        validators=[
            MinValueValidator(2016, "年度应在2016–2100年之间"),
            MaxValueValidator(2100, "年度应在2016–2100年之间"),
        ],
    )
    employed = models.PositiveIntegerField("吸纳就业人数")
    employed_priority = models.PositiveIntegerField("其中脱贫人口和监测对象")
    qualifies = models.BooleanField("继续认定")
    criteria = models.CharField("认定标准", max_length=200)
    note = models.CharField("说明", max_length=300, blank=True)

    class Meta:
        verbose_name = "车间年度复核"
        verbose_name_plural = verbose_name
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["workshop", "year"], name="workshop_review_once_a_year")]


class ReliefWork(BaseModel):
    project = models.ForeignKey(
        "projects.Project", verbose_name="以工代赈项目", on_delete=models.PROTECT, related_name="relief_works"
    )
    person = models.ForeignKey("registry.Person", verbose_name="务工群众", on_delete=models.PROTECT, related_name="+")
    village = models.ForeignKey("regions.Region", verbose_name="所在村", on_delete=models.PROTECT, related_name="+")
    month = models.DateField("务工月份")  # the 1st of the month
    days = models.PositiveSmallIntegerField("务工天数", validators=[MaxValueValidator(31, "天数不能超过31")])
    pay_due = _money("应发劳务报酬（元）")
    pay_paid = _money("实发劳务报酬（元）", default=0)
    paid_on = models.DateField("发放日期", null=True, blank=True)
    note = models.CharField("备注", max_length=200, blank=True)

    class Meta:
        verbose_name = "以工代赈务工"
        verbose_name_plural = verbose_name
        ordering = ["-month"]
        constraints = [models.UniqueConstraint(fields=["project", "person", "month"], name="relief_work_once_a_month")]
