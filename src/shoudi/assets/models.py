"""The asset ledger (扶贫/帮扶项目资产): assets and their owners, care, income, distribution plans, disposals and
write-offs. Every approval leaves an ``ApprovalStep`` with a snapshot of what was approved."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from shoudi.accounts.roles import Department
from shoudi.assets import codes
from shoudi.assets.codes import FundSource
from shoudi.core.models import BaseModel, StatusChange

NON_NEGATIVE = [MinValueValidator(Decimal(0), message="金额不能为负数")]


class Asset(BaseModel):
    code = models.CharField("资产编号", max_length=40, unique=True)
    name = models.CharField("资产名称", max_length=200)
    asset_class = models.CharField("资产类别", max_length=20, choices=codes.AssetClass.choices, db_index=True)
    project = models.ForeignKey(
        "projects.Project",
        verbose_name="来源项目",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assets",
    )
    project_name = models.CharField("来源项目名称", max_length=200, blank=True)
    project_year = models.PositiveSmallIntegerField("项目年度", null=True, blank=True)
    value = models.DecimalField("资产原值（元）", validators=NON_NEGATIVE, max_digits=14, decimal_places=2)
    formed_on = models.DateField("形成日期")
    village = models.ForeignKey(
        "regions.Region", verbose_name="所在村", on_delete=models.PROTECT, related_name="assets", db_index=True
    )
    location = models.CharField("具体位置", max_length=200, blank=True)
    ledger_level = models.CharField("台账级别", max_length=10, choices=codes.LedgerLevel.choices)
    department = models.CharField("行业主管部门", max_length=30, choices=Department.choices, blank=True)
    status = models.CharField(
        "资产状态", max_length=20, choices=codes.AssetStatus.choices, default=codes.AssetStatus.IN_USE, db_index=True
    )
    # 确权 and the five rights
    owner_type = models.CharField("所有权类型", max_length=20, choices=codes.OwnerType.choices, blank=True)
    ownership_confirmed_on = models.DateField("确权日期", null=True, blank=True)
    ownership_holder = models.CharField("所有权人", max_length=200, blank=True)
    operation_holder = models.CharField("经营权人", max_length=200, blank=True)
    income_holder = models.CharField("收益权人", max_length=200, blank=True)
    disposal_holder = models.CharField("处置权人", max_length=200, blank=True)
    supervision_holder = models.CharField("监督权人", max_length=200, blank=True)
    transfer_system = models.CharField("移交去向", max_length=20, choices=codes.TransferSystem.choices, blank=True)
    transferred_on = models.DateField("移交日期", null=True, blank=True)
    # care (公益性)
    maintenance_owner = models.CharField("管护主体", max_length=200, blank=True)
    maintenance_person = models.CharField("管护责任人", max_length=50, blank=True)
    maintenance_funds = models.DecimalField(
        "年度管护经费（元）", null=True, blank=True, validators=NON_NEGATIVE, max_digits=14, decimal_places=2
    )
    maintenance_funds_source = models.CharField("管护经费来源", max_length=200, blank=True)
    # operation (经营性)
    operation_mode = models.CharField("经营方式", max_length=20, choices=codes.OperationMode.choices, blank=True)
    operator = models.CharField("运营主体", max_length=200, blank=True)
    operation_start = models.DateField("经营期限起", null=True, blank=True)
    operation_end = models.DateField("经营期限止", null=True, blank=True)
    agreed_return = models.DecimalField(
        "约定年收益（元）", null=True, blank=True, validators=NON_NEGATIVE, max_digits=14, decimal_places=2
    )
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "项目资产"
        verbose_name_plural = "项目资产"
        ordering = ["village_id", "code"]
        indexes = [models.Index(fields=["village", "asset_class"], name="asset_village_class")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def ledger_area_code(self) -> str:
        return self.village_id[: codes.LEDGER_CODE_LENGTH[codes.LedgerLevel(self.ledger_level)]]

    @property
    def is_active(self) -> bool:
        return self.status in (codes.AssetStatus.IN_USE, codes.AssetStatus.IDLE)


class AssetOwner(models.Model):
    asset = models.ForeignKey(Asset, verbose_name="资产", on_delete=models.CASCADE, related_name="owners")
    kind = models.CharField("权属主体类型", max_length=20, choices=codes.OwnerType.choices)
    name = models.CharField("权属主体", max_length=200)
    household = models.ForeignKey(
        "registry.Household", verbose_name="农户", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    collective_village = models.ForeignKey(
        "regions.Region", verbose_name="村集体所在村", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    share = models.DecimalField(
        "所有权比例（%）",
        max_digits=5,
        decimal_places=2,
        validators=[
            MinValueValidator(Decimal("0.01"), "比例须大于0"),
            MaxValueValidator(Decimal(100), "比例不能超过100"),
        ],
    )

    class Meta:
        verbose_name = "资产权属"
        verbose_name_plural = "资产权属"
        ordering = ["-share", "id"]

    def __str__(self) -> str:
        return f"{self.name} {self.share}%"


class AssetFunding(models.Model):
    asset = models.ForeignKey(Asset, verbose_name="资产", on_delete=models.CASCADE, related_name="fundings")
    source = models.CharField("资金来源", max_length=20, choices=FundSource.choices)
    amount = models.DecimalField("金额（元）", validators=NON_NEGATIVE, max_digits=14, decimal_places=2)

    class Meta:
        verbose_name = "资产资金来源"
        verbose_name_plural = "资产资金来源"
        constraints = [models.UniqueConstraint(fields=["asset", "source"], name="asset_funding_unique_source")]

    def __str__(self) -> str:
        return f"{self.get_source_display()} {self.amount}"


class AssetDocument(BaseModel):
    asset = models.ForeignKey(Asset, verbose_name="资产", on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField("材料类型", max_length=30, choices=codes.DocumentKind.choices)
    title = models.CharField("材料名称", max_length=200)
    number = models.CharField("文号/报告编号", max_length=100, blank=True)
    issuer = models.CharField("出具单位", max_length=200, blank=True)
    issued_on = models.DateField("出具日期", null=True, blank=True)
    file = models.FileField("附件", upload_to="assets/%Y/%m/", blank=True)

    class Meta:
        verbose_name = "资产材料"
        verbose_name_plural = "资产材料"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.title}"


class MaintenancePost(models.Model):
    """A maintenance post (管护岗位) of an asset; 脱贫户 and edge households are to be hired first."""

    asset = models.ForeignKey(Asset, verbose_name="资产", on_delete=models.CASCADE, related_name="posts")
    holder_name = models.CharField("管护人员", max_length=50)
    category = models.CharField("人员类别", max_length=20, choices=codes.PostHolderCategory.choices)
    household = models.ForeignKey(
        "registry.Household", verbose_name="所属户", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    duty = models.CharField("管护职责", max_length=200, blank=True)
    started_on = models.DateField("上岗日期")
    ended_on = models.DateField("离岗日期", null=True, blank=True)

    class Meta:
        verbose_name = "管护岗位"
        verbose_name_plural = "管护岗位"
        ordering = ["-started_on"]

    def __str__(self) -> str:
        return f"{self.holder_name}（{self.get_category_display()}）"


class AssetIncome(models.Model):
    asset = models.ForeignKey(Asset, verbose_name="资产", on_delete=models.CASCADE, related_name="incomes")
    received_on = models.DateField("收益日期", db_index=True)
    amount = models.DecimalField("收益金额（元）", validators=NON_NEGATIVE, max_digits=14, decimal_places=2)
    payer = models.CharField("缴纳方", max_length=200, blank=True)
    note = models.CharField("说明", max_length=200, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="登记人", null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "资产收益"
        verbose_name_plural = "资产收益"
        ordering = ["-received_on", "-id"]

    def __str__(self) -> str:
        return f"{self.received_on} {self.amount}"


class PlanStatus(models.TextChoices):
    DRAFT = "draft", "草拟"
    PROPOSED = "proposed", "村集体已提方案待乡镇审批"
    APPROVED = "approved", "乡镇已审批待县级备案"
    FILED = "filed", "县级已备案"
    REJECTED = "rejected", "未通过"


class IncomePlan(BaseModel):
    """A distribution plan for collective asset income: 村集体提方案 → 乡镇审批 → 县级备案."""

    asset = models.ForeignKey(Asset, verbose_name="资产", on_delete=models.PROTECT, related_name="plans")
    village = models.ForeignKey(
        "regions.Region", verbose_name="分配村集体", on_delete=models.PROTECT, related_name="+", db_index=True
    )
    year = models.PositiveSmallIntegerField("收益年度")
    amount = models.DecimalField("分配总额（元）", validators=NON_NEGATIVE, max_digits=14, decimal_places=2)
    status = models.CharField("状态", max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    decision_body = models.CharField("民主决策形式", max_length=30, choices=codes.DecisionBody.choices, blank=True)
    decided_on = models.DateField("民主决策日期", null=True, blank=True)
    attendees = models.PositiveIntegerField("应到/实到人数", null=True, blank=True)
    votes_for = models.PositiveIntegerField("赞成人数", null=True, blank=True)
    notice_from = models.DateField("公示开始日期", null=True, blank=True)
    notice_to = models.DateField("公示结束日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "收益分配方案"
        verbose_name_plural = "收益分配方案"
        ordering = ["-year", "-created_at"]

    def __str__(self) -> str:
        return f"{self.asset.name} {self.year}年收益分配方案"


class IncomePlanItem(models.Model):
    plan = models.ForeignKey(IncomePlan, verbose_name="方案", on_delete=models.CASCADE, related_name="items")
    use = models.CharField("用途", max_length=30, choices=codes.IncomeUse.choices)
    amount = models.DecimalField("金额（元）", validators=NON_NEGATIVE, max_digits=14, decimal_places=2)
    beneficiaries = models.PositiveIntegerField("受益人数", default=0)
    description = models.CharField("具体内容", max_length=300, blank=True)

    class Meta:
        verbose_name = "收益分配用途"
        verbose_name_plural = "收益分配用途"
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.get_use_display()} {self.amount}"


class DisposalStatus(models.TextChoices):
    PROPOSED = "proposed", "已决策待审核"
    REVIEWED = "reviewed", "乡镇审核通过待主管部门审批"
    NOTICE = "notice", "公示中"
    APPROVED = "approved", "已审批待公开结果"
    PUBLISHED = "published", "可处置（结果已公开/公示无异议）"
    COMPLETED = "completed", "已处置"
    REJECTED = "rejected", "未通过"


class Disposal(BaseModel):
    asset = models.ForeignKey(Asset, verbose_name="资产", on_delete=models.PROTECT, related_name="disposals")
    reason = models.CharField("处置原因", max_length=20, choices=codes.DisposalReason.choices)
    way = models.CharField("处置方式", max_length=20, choices=codes.DisposalWay.choices)
    route = models.CharField("处置程序", max_length=20, choices=codes.DisposalRoute.choices)
    basis_value = models.DecimalField("处置时资产金额（元）", max_digits=14, decimal_places=2)
    limit_applied = models.DecimalField(
        "简化程序金额上限（元）", null=True, blank=True, max_digits=14, decimal_places=2
    )
    status = models.CharField("状态", max_length=20, choices=DisposalStatus.choices, default=DisposalStatus.PROPOSED)
    decision_body = models.CharField("民主决策形式", max_length=30, choices=codes.DecisionBody.choices, blank=True)
    decided_on = models.DateField("决策日期", null=True, blank=True)
    attendees = models.PositiveIntegerField("到会人数", null=True, blank=True)
    votes_for = models.PositiveIntegerField("赞成人数", null=True, blank=True)
    notice_from = models.DateField("公示开始日期", null=True, blank=True)
    notice_to = models.DateField("公示结束日期", null=True, blank=True)
    approval_document = models.ForeignKey(
        AssetDocument, verbose_name="审批文件", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    completed_on = models.DateField("处置完成日期", null=True, blank=True)
    proceeds = models.DecimalField(
        "处置收入（元）", null=True, blank=True, validators=NON_NEGATIVE, max_digits=14, decimal_places=2
    )
    proceeds_use = models.CharField("处置收入用途", max_length=20, choices=codes.ProceedsUse.choices, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "资产处置"
        verbose_name_plural = "资产处置"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.asset.name} {self.get_way_display()}"


class WriteOffStatus(models.TextChoices):
    PROPOSED = "proposed", "已申请待县级审批"
    APPROVED = "approved", "已核销"
    REJECTED = "rejected", "未通过"


class WriteOff(BaseModel):
    """核销 after force majeure. The county write-off ledger and the department, township and village ledgers are
    all views of these rows."""

    asset = models.ForeignKey(Asset, verbose_name="资产", on_delete=models.PROTECT, related_name="writeoffs")
    cause = models.CharField("损毁原因", max_length=20, choices=codes.WriteOffCause.choices)
    occurred_on = models.DateField("损毁日期")
    amount = models.DecimalField("核销金额（元）", validators=NON_NEGATIVE, max_digits=14, decimal_places=2)
    document = models.ForeignKey(
        AssetDocument, verbose_name="评估证明文件", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField("状态", max_length=20, choices=WriteOffStatus.choices, default=WriteOffStatus.PROPOSED)
    approved_on = models.DateField("核销日期", null=True, blank=True)
    note = models.TextField("说明", blank=True)

    class Meta:
        verbose_name = "资产核销"
        verbose_name_plural = "资产核销"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.asset.name} 核销 {self.amount}"


class ApprovalStep(StatusChange):
    """One step of a plan, disposal or write-off (``core.workflow``): from → to, who, the business date, the
    opinion, and the object as decided on. Each row belongs to the asset and to exactly one of the three."""

    asset = models.ForeignKey(Asset, verbose_name="资产", on_delete=models.CASCADE, related_name="steps")
    plan = models.ForeignKey(
        IncomePlan, verbose_name="收益分配方案", null=True, blank=True, on_delete=models.CASCADE, related_name="steps"
    )
    disposal = models.ForeignKey(
        Disposal, verbose_name="资产处置", null=True, blank=True, on_delete=models.CASCADE, related_name="steps"
    )
    writeoff = models.ForeignKey(
        WriteOff, verbose_name="资产核销", null=True, blank=True, on_delete=models.CASCADE, related_name="steps"
    )

    class Meta(StatusChange.Meta):
        verbose_name = "审批记录"
        verbose_name_plural = "审批记录"


class ImportBatch(BaseModel):
    """A staged import of an existing asset ledger: a job checks every row (``assets.jobs``); the checked rows wait
    here until the uploader confirms, and a second stage of the same job writes them all or none."""

    class Status(models.TextChoices):
        CHECKING = "checking", "正在检查"
        STAGED = "staged", "待确认导入"
        INVALID = "invalid", "有错误"
        APPLYING = "applying", "正在导入"
        APPLIED = "applied", "已导入"

    file_name = models.CharField("文件名", max_length=200)
    area_code = models.CharField("导入人区域", max_length=12)
    status = models.CharField("状态", max_length=10, choices=Status.choices, default=Status.CHECKING)
    rows = models.JSONField("待导入行", default=list, blank=True)
    errors = models.JSONField("错误", default=list, blank=True)
    applied_count = models.PositiveIntegerField("导入条数", default=0)
    job = models.ForeignKey(
        "jobs.Job", verbose_name="后台任务", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "资产台账导入批次"
        verbose_name_plural = "资产台账导入批次"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.file_name}（{self.get_status_display()}）"
