"""The forms of an asset's page (确权, 移交, 管护, 运营, 岗位, 收益, 状态, 材料, 处置申请, 核销申请): each posts to
``assets:act`` with its action, and comes back with the person's input and an error next to the field when
the input or the service refuses it."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from shoudi.assets import codes
from shoudi.assets.forms import DATE, money_field, set_choices
from shoudi.assets.models import Asset
from shoudi.assets.services.inputs import Decision, DocumentInput, OwnerInput, Rights
from shoudi.core.forms import Form


def text(label: str, *, max_length: int = 200, required: bool = False, **attrs: Any) -> forms.CharField:
    widget = forms.TextInput(attrs=attrs) if attrs else None
    return forms.CharField(label=label, max_length=max_length, required=required, widget=widget)


class ConfirmForm(Form):
    owner_type = forms.ChoiceField(label="所有权类型", choices=codes.OwnerType.choices)
    confirmed_on = forms.DateField(label="确权日期", widget=DATE)
    operation_holder = text("经营权人", placeholder="默认同所有权人")
    income_holder = text("收益权人", placeholder="默认同所有权人")
    disposal_holder = text("处置权人", placeholder="默认同所有权人")
    supervision_holder = text("监督权人")

    def rights(self) -> Rights:
        data = self.cleaned_data
        return Rights(
            operation_holder=data["operation_holder"],
            income_holder=data["income_holder"],
            disposal_holder=data["disposal_holder"],
            supervision_holder=data["supervision_holder"],
        )


class OwnerRowForm(Form):
    """One owner row: a village collective, a household by number, or a named unit; its share."""

    village_code = forms.ChoiceField(label="村集体", required=False)
    household_number = text("户编号", max_length=30)
    name = text("名称")
    share = forms.DecimalField(
        label="比例（%）",
        required=False,
        min_value=Decimal("0.01"),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
    )

    def __init__(self, *args: Any, villages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "village_code", [("", "—"), *villages])

    def owner(self) -> OwnerInput | None:
        data = getattr(self, "cleaned_data", {})
        if not any(data.get(k) for k in ("village_code", "household_number", "name", "share")):
            return None
        return OwnerInput(
            village_code=data.get("village_code") or "",
            household_number=data.get("household_number") or "",
            name=data.get("name") or "",
            share=data.get("share"),
        )


OWNER_ROWS = 4
OwnerFormSet = forms.formset_factory(OwnerRowForm, extra=OWNER_ROWS, max_num=OWNER_ROWS, validate_max=True)


def owners_of(formset: forms.BaseFormSet[OwnerRowForm]) -> list[OwnerInput]:
    return [owner for row in formset.forms if (owner := row.owner()) is not None]


class DocumentForm(Form):
    kind = forms.ChoiceField(label="材料类型", choices=codes.DocumentKind.choices)
    title = text("材料名称", required=True)
    number = text("文号/报告编号", max_length=100)
    issuer = text("出具单位")
    issued_on = forms.DateField(label="出具日期", widget=DATE, required=False)
    file = forms.FileField(label="附件", required=False)

    def document(self) -> DocumentInput:
        data = self.cleaned_data
        return DocumentInput(
            title=data["title"],
            kind=data.get("kind") or codes.DocumentKind.OTHER,
            number=data["number"],
            issuer=data.get("issuer") or "",
            issued_on=data.get("issued_on"),
        )


class TransferForm(DocumentForm):
    transferred_on = forms.DateField(label="移交日期", widget=DATE)
    field_order = ["transferred_on", "title", "number", "issuer", "file"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("kind", "issued_on"):
            del self.fields[name]
        self.fields["title"].label = "移交材料名称"
        self.fields["number"].label = "文号"


class CareForm(Form):
    maintenance_owner = text("管护主体", required=True)
    maintenance_person = text("管护责任人", max_length=50, required=True)
    maintenance_funds = money_field("年度管护经费（元）")
    maintenance_funds_source = text("管护经费来源")


class OperationForm(Form):
    operation_mode = forms.ChoiceField(label="经营方式", choices=codes.OperationMode.choices)
    operator = text("运营主体")
    operation_start = forms.DateField(label="经营期限起", widget=DATE)
    operation_end = forms.DateField(label="经营期限止", widget=DATE, required=False)
    agreed_return = money_field("约定年收益（元）")


class PostForm(Form):
    holder_name = text("管护人员", max_length=50, required=True)
    category = forms.ChoiceField(label="人员类别", choices=codes.PostHolderCategory.choices)
    household_number = text("户编号（可选）", max_length=30)
    duty = text("管护职责")
    started_on = forms.DateField(label="上岗日期", widget=DATE)


class IncomeForm(Form):
    received_on = forms.DateField(label="收益日期", widget=DATE)
    amount = money_field("收益金额（元）", required=True, positive=True)
    payer = text("缴纳方")
    note = text("说明")


class StatusForm(Form):
    status = forms.ChoiceField(
        label="状态", choices=[(codes.AssetStatus.IN_USE, "在用"), (codes.AssetStatus.IDLE, "闲置")]
    )
    reason = text("原因", required=True)


class DisposalForm(Form):
    """The disposal proposal: for collective assets with the village's democratic decision."""

    reason = forms.ChoiceField(label="处置原因", choices=codes.DisposalReason.choices)
    way = forms.ChoiceField(label="处置方式", choices=codes.DisposalWay.choices)
    decision_body = forms.ChoiceField(label="民主决策形式", choices=codes.DecisionBody.choices)
    decided_on = forms.DateField(label="决策日期", widget=DATE)
    attendees = forms.IntegerField(label="到会人数", min_value=1)
    votes_for = forms.IntegerField(label="赞成人数", min_value=0)
    standard_route = forms.BooleanField(label="按一般程序办理（金额在简化程序上限以内也可选择）", required=False)
    note = forms.CharField(label="说明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, asset: Asset, simplified_open: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if asset.owner_type == codes.OwnerType.STATE:
            for name in ("decision_body", "decided_on", "attendees", "votes_for", "standard_route"):
                del self.fields[name]
        elif not simplified_open:
            del self.fields["standard_route"]

    def decision(self) -> Decision | None:
        data = self.cleaned_data
        if "decision_body" not in self.fields:
            return None
        return Decision(
            body=data["decision_body"],
            decided_on=data["decided_on"],
            attendees=data["attendees"],
            votes_for=data["votes_for"],
        )


class WriteOffForm(Form):
    """The write-off application with its appraisal: one already registered, or one uploaded now."""

    cause = forms.ChoiceField(label="损毁原因", choices=codes.WriteOffCause.choices)
    occurred_on = forms.DateField(label="损毁日期", widget=DATE)
    amount = money_field("核销金额（元）", positive=True)
    document = forms.ChoiceField(label="评估证明文件", required=False)
    doc_kind = forms.ChoiceField(
        label="证明文件类型", choices=[(k.value, k.label) for k in codes.APPRAISAL_KINDS], required=False
    )
    doc_title = text("证明文件名称")
    doc_number = text("报告编号", max_length=100)
    doc_issuer = text("出具单位")
    doc_file = forms.FileField(label="附件", required=False)
    note = forms.CharField(label="说明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, asset: Asset, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        appraisals = asset.documents.filter(kind__in=codes.APPRAISAL_KINDS)
        choices = [(str(d.pk), str(d)) for d in appraisals]
        if choices:
            set_choices(self, "document", [("", "（下方新上传）"), *choices])
        else:
            del self.fields["document"]
        self.documents = {str(d.pk): d for d in appraisals}

    def chosen(self) -> Any:
        return self.documents.get(self.cleaned_data.get("document") or "")

    def new_document(self) -> DocumentInput | None:
        data = self.cleaned_data
        if not (data["doc_title"] or data.get("doc_file")):
            return None
        return DocumentInput(
            title=data["doc_title"],
            kind=data.get("doc_kind") or codes.DocumentKind.TECHNICAL_APPRAISAL,
            number=data["doc_number"],
            issuer=data["doc_issuer"],
        )
