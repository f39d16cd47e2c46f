"""The base database (基础数据库): households, people, monthly income and spending."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from shoudi.core.models import BaseModel
from shoudi.registry import codes
from shoudi.registry.idnumber import mask

NON_NEGATIVE = [MinValueValidator(0, message="金额不能为负数")]


class Household(BaseModel):
    number = models.CharField("户编号", max_length=20, unique=True)
    village = models.ForeignKey(
        "regions.Region",
        verbose_name="所在村",
        on_delete=models.PROTECT,
        related_name="households",
        db_index=True,
    )
    address = models.CharField("详细地址", max_length=200, blank=True)
    status = models.CharField(
        "户类型", max_length=30, choices=codes.HouseholdStatus.choices, default=codes.HouseholdStatus.ORDINARY
    )
    exit_year = models.PositiveSmallIntegerField(
        "脱贫年度",
        null=True,
        blank=True,
        validators=[
            MinValueValidator(2013, "脱贫年度应在2013–2020年之间"),
            MaxValueValidator(2020, "脱贫年度应在2013–2020年之间"),
        ],
    )
    relocated = models.BooleanField("易地扶贫搬迁户", default=False)
    relocation_site = models.CharField("安置点", max_length=100, blank=True)
    housing_grade = models.CharField("住房安全等级", max_length=1, choices=codes.HousingGrade.choices, blank=True)
    water_safe = models.BooleanField("饮水安全", default=True)
    land_mu = models.DecimalField(
        "耕地面积（亩）", max_digits=8, decimal_places=2, default=0, validators=[MinValueValidator(0, "面积不能为负数")]
    )
    production_tools = models.CharField("主要生产工具", max_length=200, blank=True)
    debt = models.DecimalField("负债（元）", default=0, validators=NON_NEGATIVE, max_digits=14, decimal_places=2)
    leisure_car = models.BooleanField(
        "家庭成员拥有享受型轿车",
        default=False,
        help_text="原则上不纳入监测的情形；用于生产经营或价值较低的代步车不属于享受型轿车，请在下一项中认定",
    )
    other_car = models.CharField(
        "其他小汽车认定",
        max_length=20,
        choices=codes.OtherCar.choices,
        blank=True,
        default=codes.OtherCar.NONE,
        help_text="家庭成员登记有小汽车但经认定不属于享受型轿车的，选择其类型（不作为不纳入监测的情形）",
    )
    car_reason = models.CharField(
        "车辆认定理由",
        max_length=200,
        blank=True,
        help_text="认定为生产经营用车或低值代步车时必填，如：用于运输自产农产品；购置多年的二手代步车，价值较低",
    )
    truck_or_excavator = models.BooleanField("有大中型货车或工程机械", default=False)
    commercial_property = models.BooleanField("有商品房或商铺", default=False)
    business = models.BooleanField("有登记的市场主体", default=False)
    assembly_override = models.BooleanField("村民代表大会决定不排除", default=False)
    assembly_note = models.CharField("村民代表大会决定说明", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=20, blank=True)
    version = models.PositiveIntegerField("版本", default=1)

    class Meta:
        verbose_name = "农户"
        verbose_name_plural = "农户"
        ordering = ["number"]
        indexes = [
            models.Index(fields=["village", "number"], name="household_village_number"),
            models.Index(fields=["status", "village"], name="household_status_village"),
        ]

    def __str__(self) -> str:
        return self.number

    def clean(self) -> None:
        """A car judged production or low-value (not a 享受型轿车) needs the reason of that judgement."""
        super().clean()
        if self.other_car and not self.car_reason.strip():
            label = str(dict(codes.OtherCar.choices).get(self.other_car, "其他小汽车")).split("（")[0]
            raise ValidationError(
                {"car_reason": f"已将小汽车认定为{label}，请填写“车辆认定理由”（如车辆用途、价值、购置情况）"}
            )

    @property
    def is_former_poor(self) -> bool:
        return self.status in (codes.HouseholdStatus.FORMER_POOR, codes.HouseholdStatus.FORMER_POOR_NO_POLICY)


class Person(BaseModel):
    household = models.ForeignKey(Household, verbose_name="所属户", on_delete=models.CASCADE, related_name="members")
    id_number = models.CharField("身份证号", max_length=18, unique=True)
    name = models.CharField("姓名", max_length=50, db_index=True)
    sex = models.CharField("性别", max_length=1, choices=codes.Sex.choices)
    birth_date = models.DateField("出生日期")
    relationship = models.CharField("与户主关系", max_length=20, choices=codes.Relationship.choices)
    registered = models.BooleanField("户籍在本户", default=True)
    living_in = models.BooleanField("实际共同生活", default=True)
    education = models.CharField("文化程度", max_length=20, choices=codes.Education.choices, blank=True)
    school_stage = models.CharField(
        "在校阶段", max_length=30, choices=codes.SchoolStage.choices, default=codes.SchoolStage.NOT_IN_SCHOOL
    )
    health = models.CharField("健康状况", max_length=20, choices=codes.Health.choices, default=codes.Health.HEALTHY)
    disability_category = models.CharField(
        "残疾类别", max_length=20, choices=codes.DisabilityCategory.choices, blank=True
    )
    disability_grade = models.PositiveSmallIntegerField(
        "残疾等级",
        null=True,
        blank=True,
        validators=[MinValueValidator(1, "残疾等级为1–4级"), MaxValueValidator(4, "残疾等级为1–4级")],
    )
    labor = models.CharField("劳动技能", max_length=20, choices=codes.Labor.choices, default=codes.Labor.ORDINARY)
    work_place = models.CharField("务工地点", max_length=20, choices=codes.WorkPlace.choices, blank=True)
    work_months = models.PositiveSmallIntegerField(
        "务工时间（月）", default=0, validators=[MaxValueValidator(12, "务工时间不能超过12个月")]
    )
    work_income = models.DecimalField(
        "务工收入（元/年）", default=0, validators=NON_NEGATIVE, max_digits=14, decimal_places=2
    )
    medical_insurance = models.BooleanField("参加城乡居民基本医疗保险", default=True)
    pension_insurance = models.BooleanField("参加城乡居民基本养老保险", default=False)
    dibao = models.BooleanField("低保对象", default=False)
    tekun = models.BooleanField("特困供养人员", default=False)
    public_payroll = models.BooleanField("财政供养人员", default=False)
    phone = models.CharField("联系电话", max_length=20, blank=True)

    class Meta:
        verbose_name = "家庭成员"
        verbose_name_plural = "家庭成员"
        ordering = ["household", "relationship", "birth_date"]
        indexes = [models.Index(fields=["household", "relationship"], name="person_household_rel")]

    def __str__(self) -> str:
        return f"{self.name}（{mask(self.id_number)}）"

    @property
    def masked_id(self) -> str:
        return mask(self.id_number)


class FinanceRecord(models.Model):
    """One month's amount of one income or spending item of a household (收支记录)."""

    household = models.ForeignKey(
        Household, verbose_name="所属户", on_delete=models.CASCADE, related_name="finance_records"
    )
    month = models.DateField("月份")  # always the 1st of the month
    flow = models.CharField("收支类别", max_length=10, choices=codes.Flow.choices)
    kind = models.CharField("类型", max_length=30)
    item = models.CharField("项目", max_length=30, choices=codes.item_choices())
    amount = models.DecimalField("金额（元）", validators=NON_NEGATIVE, max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = "收支记录"
        verbose_name_plural = "收支记录"
        ordering = ["household", "month", "item"]
        constraints = [
            models.UniqueConstraint(fields=["household", "month", "item"], name="finance_one_item_per_month"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="finance_amount_non_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.month:%Y-%m} {self.get_item_display()} {self.amount}"
