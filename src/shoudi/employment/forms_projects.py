"""Forms of the workshops and 以工代赈 pages: they parse what was typed into the services' typed inputs; the rules
live in the services (``workshops``, ``relief``)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from shoudi.core.forms import Form, set_choices
from shoudi.core.widgets import DateInput
from shoudi.employment import codes
from shoudi.employment.relief import ReliefRowInput
from shoudi.employment.workshops import NewEmployer, WorkshopInput

Choices = Sequence[tuple[str, Any]]
SHEET_ROWS = 5  # empty rows offered for new labourers


def _money(label: str, **kw: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, min_value=Decimal(0), max_digits=12, decimal_places=2, **kw)


class WorkshopFilter(Form):
    township = forms.ChoiceField(label="乡镇", required=False)
    site = forms.ChoiceField(label="位于安置点", required=False, choices=[("", "全部"), ("yes", "是"), ("no", "否")])
    status = forms.ChoiceField(label="认定状态", required=False, choices=[("", "全部"), *codes.WorkshopStatus.choices])

    def __init__(self, *args: Any, townships: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if townships:
            set_choices(self, "township", [("", "全部"), *townships])
        else:
            del self.fields["township"]


class WorkshopForm(Form):
    """A workshop's facts; on creation also its operator (an employer of the area, or a new one)."""

    employer = forms.ChoiceField(label="经营主体（已有用工主体）", required=False)
    employer_name = forms.CharField(
        label="或新建经营主体名称", required=False, max_length=200, help_text="岗位数据库中没有的，填写名称新建"
    )
    credit_code = forms.CharField(label="统一社会信用代码", required=False, max_length=18)
    contact = forms.CharField(label="联系人", required=False, max_length=50)
    phone = forms.CharField(label="联系电话", required=False, max_length=20)
    name = forms.CharField(label="车间名称", max_length=200)
    village = forms.ChoiceField(label="所在村（社区）")
    at_relocation_site = forms.BooleanField(label="位于易地搬迁安置点", required=False)
    relocation_site = forms.CharField(label="安置点名称", required=False, max_length=100)
    industry = forms.CharField(label="主营业务", max_length=100, help_text="如：服装加工、电子元件组装、竹编")
    jobs = forms.IntegerField(label="就业岗位数", min_value=0, max_value=100_000, initial=0)
    recognised_on = forms.DateField(label="认定日期", widget=DateInput())
    recognised_by = forms.CharField(label="认定部门", max_length=50, initial="县人力资源和社会保障局")
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    NEW_ONLY = ("employer", "employer_name", "credit_code", "contact", "phone")

    def __init__(self, *args: Any, villages: Choices = (), employers: Choices = (), new: bool = True, **kw: Any):
        super().__init__(*args, **kw)
        set_choices(self, "village", [("", "请选择"), *villages])
        if new:
            set_choices(self, "employer", [("", "（新建）"), *employers])
            del self.fields["version"]
        else:
            for name in self.NEW_ONLY:
                del self.fields[name]

    def entry(self) -> WorkshopInput:
        d = self.cleaned_data
        return WorkshopInput(
            name=d["name"],
            village=d["village"],
            industry=d["industry"],
            jobs=d["jobs"],
            recognised_on=d["recognised_on"],
            recognised_by=d["recognised_by"],
            at_relocation_site=d["at_relocation_site"],
            relocation_site=d.get("relocation_site", ""),
        )

    def new_employer(self) -> NewEmployer | None:
        d = self.cleaned_data
        if d.get("employer"):
            return None
        return NewEmployer(
            name=d.get("employer_name", ""),
            credit_code=d.get("credit_code", ""),
            contact=d.get("contact", ""),
            phone=d.get("phone", ""),
        )


class SubsidyForm(Form):
    kind = forms.ChoiceField(label="补贴类型", choices=[("", "请选择"), *codes.SubsidyKind.choices])
    amount = _money("金额（元）")
    received_on = forms.DateField(label="拨付日期", widget=DateInput())
    document_no = forms.CharField(label="文号", required=False, max_length=50)


class ReviewForm(Form):
    year = forms.IntegerField(label="复核年度", min_value=2016, max_value=2100)
    qualifies = forms.TypedChoiceField(
        label="复核结论",
        choices=[("yes", "继续认定"), ("no", "不再符合条件，取消认定")],
        coerce=lambda v: v == "yes",
    )
    note = forms.CharField(
        label="说明",
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="结论与系统测算不一致时必填",
    )

    def __init__(self, *args: Any, proposed: bool | None = None, **kwargs: Any) -> None:
        initial = kwargs.setdefault("initial", {})
        initial.setdefault("year", timezone.localdate().year)
        if proposed is not None:
            initial.setdefault("qualifies", "yes" if proposed else "no")
        super().__init__(*args, **kwargs)


class YearForm(Form):
    """The review page's year (GET)."""

    year = forms.IntegerField(label="年度", min_value=2016, max_value=2100, required=False)


# ---- 以工代赈 ------------------------------------------------------------------------------------------------


class MonthForm(Form):
    month = forms.DateField(
        label="务工月份",
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
        error_messages={"invalid": "请按“年-月”填写月份，如 2026-05"},
    )


class ReliefRowForm(Form):
    """One labourer's month; a row left empty is no row."""

    person = forms.ChoiceField(label="务工群众", required=False)
    id_number = forms.CharField(label="身份证号（新增务工群众）", required=False, max_length=18)
    days = forms.IntegerField(label="务工天数", required=False, min_value=0, max_value=31)
    pay_due = _money("应发（元）", required=False)
    pay_paid = _money("实发（元）", required=False)
    paid_on = forms.DateField(label="发放日期", required=False, widget=DateInput())
    note = forms.CharField(label="备注", required=False, max_length=200)

    def __init__(self, *args: Any, people: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "person", [("", "—"), *people])
        for field in self.fields.values():  # the sheet shows the labels once, in the table head
            field.widget.attrs["aria-label"] = str(field.label)

    def is_blank(self) -> bool:
        d = getattr(self, "cleaned_data", {})
        return not (d.get("person") or d.get("id_number") or d.get("days") or d.get("pay_due"))

    def row(self, line: int | None = None) -> ReliefRowInput:
        d = self.cleaned_data
        return ReliefRowInput(
            person_id=uuid.UUID(d["person"]) if d.get("person") else None,
            id_number=d.get("id_number") or "",
            days=d.get("days") or 0,
            pay_due=d.get("pay_due") or Decimal(0),
            pay_paid=d.get("pay_paid") or Decimal(0),
            paid_on=d.get("paid_on"),
            note=d.get("note") or "",
            line=line,
        )


class BaseReliefRows(forms.BaseFormSet):
    def __init__(self, *args: Any, people: Choices = (), **kwargs: Any) -> None:
        self.people = list(people)
        super().__init__(*args, **kwargs)

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {**super().get_form_kwargs(index), "people": self.people}


def relief_rows(data: Any = None, *, people: Choices = (), initial: list[dict[str, Any]] | None = None) -> Any:
    factory: Any = forms.formset_factory(ReliefRowForm, formset=BaseReliefRows, extra=SHEET_ROWS, max_num=200)
    return factory(data, initial=initial or [], prefix="rows", people=people)


def rows_of(formset: Any) -> list[ReliefRowInput]:
    """The filled rows, in the sheet's order (the row numbers of the errors are the sheet's)."""
    return [form.row(i) for i, form in enumerate(formset.forms) if not form.is_blank()]


class ReliefMarkForm(Form):
    """Mark a project of the library as 以工代赈 by its code."""

    code = forms.CharField(label="项目编号", max_length=40, help_text="项目库中的项目编号，如 XM2026520628101001")
