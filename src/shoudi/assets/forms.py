"""Forms of the asset ledger pages: registering an asset, a distribution plan, and the two filters (asset list,
write-off ledger). They parse input only — into the typed inputs of ``assets.services`` — the rules live in the
services."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms

from shoudi.accounts.roles import Department
from shoudi.assets import codes
from shoudi.assets.codes import FundSource
from shoudi.assets.services.inputs import AssetInput, Decision, PlanItemInput
from shoudi.core.forms import Form, set_choices
from shoudi.core.widgets import DateInput

DATE = DateInput()
ALL = [("", "全部")]


def money_field(label: str, *, required: bool = False, positive: bool = False) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        required=required,
        min_value=Decimal("0.01") if positive else Decimal(0),
        max_digits=14,
        decimal_places=2,
    )


class AssetForm(Form):
    """Registering an asset by hand (assets formed before the library, or not through a project)."""

    name = forms.CharField(label="资产名称", max_length=200)
    asset_class = forms.ChoiceField(label="资产类别", choices=codes.AssetClass.choices)
    village_code = forms.ChoiceField(label="所在村")
    location = forms.CharField(label="具体位置", max_length=200, required=False)
    ledger_level = forms.ChoiceField(label="台账级别", choices=codes.LedgerLevel.choices, initial="village")
    department = forms.ChoiceField(label="行业主管部门", choices=[("", "—"), *Department.choices], required=False)
    value = money_field("资产原值（元）", required=True)
    formed_on = forms.DateField(label="形成日期", widget=DATE)
    project_name = forms.CharField(label="来源项目名称", max_length=200, required=False)
    project_year = forms.IntegerField(label="项目年度", required=False, min_value=2012, max_value=2100)
    note = forms.CharField(label="备注", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, villages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "village_code", [("", "请选择村"), *villages])
        for source, label in FundSource.choices:
            self.fields[f"fund_{source}"] = money_field(f"{label}（元）")

    def asset_input(self) -> AssetInput:
        data = self.cleaned_data
        return AssetInput(
            name=data["name"],
            asset_class=data["asset_class"],
            village_code=data["village_code"],
            value=data["value"],
            formed_on=data["formed_on"],
            ledger_level=data["ledger_level"],
            location=data["location"],
            department=data["department"],
            project_name=data["project_name"],
            project_year=data["project_year"],
            note=data["note"],
            fundings={s: data[f"fund_{s}"] for s in FundSource.values if data.get(f"fund_{s}")},
        )


SECTIONS = [
    ("资产", ["name", "asset_class", "village_code", "location", "ledger_level", "department", "value", "formed_on"]),
    ("来源", ["project_name", "project_year", *[f"fund_{s}" for s in FundSource.values], "note"]),
]


class PlanForm(Form):
    """A distribution plan: one amount per allowed use (in priority order), the democratic decision, the notice."""

    year = forms.IntegerField(label="收益年度", min_value=2013, max_value=2100)
    decision_body = forms.ChoiceField(label="民主决策形式", choices=codes.DecisionBody.choices)
    decided_on = forms.DateField(label="民主决策日期", widget=DATE)
    attendees = forms.IntegerField(label="到会人数", min_value=1)
    votes_for = forms.IntegerField(label="赞成人数", min_value=0)
    notice_from = forms.DateField(label="公示开始日期", widget=DATE)
    notice_to = forms.DateField(label="公示结束日期", widget=DATE)
    note = forms.CharField(label="说明", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for use, label in codes.IncomeUse.choices:
            self.fields[f"{use}_amount"] = money_field(f"{label}金额（元）")
            self.fields[f"{use}_beneficiaries"] = forms.IntegerField(
                label=f"{label}受益人数", required=False, min_value=0
            )
            self.fields[f"{use}_description"] = forms.CharField(
                label=f"{label}具体内容", required=False, max_length=300
            )

    def use_rows(self) -> list[tuple[int, str, list[forms.BoundField]]]:
        return [
            (
                codes.INCOME_USE_PRIORITY[codes.IncomeUse(use)],
                str(label),
                [self[f"{use}_{x}"] for x in ("amount", "beneficiaries", "description")],
            )
            for use, label in codes.IncomeUse.choices
        ]

    def items(self) -> list[PlanItemInput]:
        data = self.cleaned_data
        return [
            PlanItemInput(
                use=use,
                amount=data[f"{use}_amount"],
                beneficiaries=data.get(f"{use}_beneficiaries") or 0,
                description=data.get(f"{use}_description") or "",
            )
            for use in codes.IncomeUse.values
            if data.get(f"{use}_amount")
        ]

    def decision(self) -> Decision:
        data = self.cleaned_data
        return Decision(
            body=data["decision_body"],
            decided_on=data["decided_on"],
            attendees=data["attendees"],
            votes_for=data["votes_for"],
        )


PLAN_SECTIONS = [
    ("民主决策", ["decision_body", "decided_on", "attendees", "votes_for"]),
    ("公示", ["notice_from", "notice_to", "note"]),
]


class FilterForm(Form):
    """A GET filter: a value not in a list is an error next to its field, never a 500; the valid ones apply."""

    def filters(self) -> dict[str, str]:
        if not self.is_bound:
            return {name: "" for name in self.fields}
        self.is_valid()
        return {name: str(self.cleaned_data.get(name) or "") for name in self.fields}


class AssetFilterForm(FilterForm):
    """The asset list's filters (GET). A value not in a list is an error next to its field, never a 500."""

    asset_class = forms.ChoiceField(label="资产类别", choices=ALL + codes.AssetClass.choices, required=False)
    level = forms.ChoiceField(label="台账级别", choices=ALL + codes.LedgerLevel.choices, required=False)
    status = forms.ChoiceField(label="状态", choices=ALL + codes.AssetStatus.choices, required=False)
    area = forms.ChoiceField(label="区域", required=False)
    confirmed = forms.ChoiceField(label="确权", choices=[*ALL, ("yes", "已确权"), ("no", "未确权")], required=False)
    q = forms.CharField(
        label="搜索",
        max_length=50,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "资产名称、编号或项目"}),
    )

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "area", ALL + areas)


class WriteOffFilterForm(FilterForm):
    """The write-off ledger's views: the county master ledger, by level, by department, by area (GET)."""

    level = forms.ChoiceField(
        label="台账级别", choices=[("", "全部（总台账）"), *codes.LedgerLevel.choices], required=False
    )
    department = forms.ChoiceField(label="行业部门", choices=ALL + Department.choices, required=False)
    area = forms.ChoiceField(label="区域", required=False)

    def __init__(self, *args: Any, areas: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "area", ALL + areas)
        if not areas:
            del self.fields["area"]
