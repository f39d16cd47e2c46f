"""Forms of the asset pages. They parse input only; the rules live in assets.services."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from shoudi.accounts.roles import Department
from shoudi.assets import codes
from shoudi.assets.codes import FundSource
from shoudi.core.forms import Form as ShoudiForm
from shoudi.core.widgets import DateInput

DATE = DateInput()


class AssetForm(ShoudiForm):
    """Registering an asset by hand (assets formed before the library, or not through a project)."""

    name = forms.CharField(label="资产名称", max_length=200)
    asset_class = forms.ChoiceField(label="资产类别", choices=codes.AssetClass.choices)
    village_code = forms.ChoiceField(label="所在村")
    location = forms.CharField(label="具体位置", max_length=200, required=False)
    ledger_level = forms.ChoiceField(label="台账级别", choices=codes.LedgerLevel.choices, initial="village")
    department = forms.ChoiceField(label="行业主管部门", choices=[("", "—"), *Department.choices], required=False)
    value = forms.DecimalField(label="资产原值（元）", max_digits=14, decimal_places=2, min_value=0)
    formed_on = forms.DateField(label="形成日期", widget=DATE)
    project_name = forms.CharField(label="来源项目名称", max_length=200, required=False)
    project_year = forms.IntegerField(label="项目年度", required=False, min_value=2012, max_value=2100)
    note = forms.CharField(label="备注", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, villages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["village_code"]).choices = [("", "请选择村"), *villages]
        for source, label in FundSource.choices:
            self.fields[f"fund_{source}"] = forms.DecimalField(
                label=f"{label}（元）", required=False, min_value=0, max_digits=14, decimal_places=2
            )

    def service_args(self) -> tuple[dict[str, Any], dict[str, Any]]:
        data = dict(self.cleaned_data)
        fundings = {s: data.pop(f"fund_{s}") for s in FundSource.values if data.get(f"fund_{s}")}
        for source in FundSource.values:
            data.pop(f"fund_{source}", None)
        return data, fundings


SECTIONS = [
    ("资产", ["name", "asset_class", "village_code", "location", "ledger_level", "department", "value", "formed_on"]),
    ("来源", ["project_name", "project_year", *[f"fund_{s}" for s in FundSource.values], "note"]),
]


class PlanForm(ShoudiForm):
    """A distribution plan: one amount per allowed use (in priority order), the democratic decision, the notice."""

    year = forms.IntegerField(label="收益年度", min_value=2013, max_value=2100)
    decision_body = forms.ChoiceField(label="民主决策形式", choices=codes.DecisionBody.choices)
    decided_on = forms.DateField(label="民主决策日期", widget=DATE)
    attendees = forms.IntegerField(label="到会人数", min_value=1)
    votes_for = forms.IntegerField(label="赞成人数", min_value=0)
    notice_from = forms.DateField(label="公示开始日期", widget=DATE)
    notice_to = forms.DateField(label="公示结束日期", widget=DATE)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for use, label in codes.IncomeUse.choices:
            self.fields[f"{use}_amount"] = forms.DecimalField(
                label=f"{label}（元）", required=False, min_value=0, max_digits=14, decimal_places=2
            )
            self.fields[f"{use}_beneficiaries"] = forms.IntegerField(label="受益人数", required=False, min_value=0)
            self.fields[f"{use}_description"] = forms.CharField(label="具体内容", required=False, max_length=300)

    def use_rows(self) -> list[tuple[int, str, list[forms.BoundField]]]:
        return [
            (
                codes.INCOME_USE_PRIORITY[codes.IncomeUse(use)],
                str(label),
                [self[f"{use}_{x}"] for x in ("amount", "beneficiaries", "description")],
            )
            for use, label in codes.IncomeUse.choices
        ]

    def items(self) -> list[dict[str, Any]]:
        data = self.cleaned_data
        return [
            {
                "use": use,
                "amount": data[f"{use}_amount"],
                "beneficiaries": data.get(f"{use}_beneficiaries") or 0,
                "description": data.get(f"{use}_description") or "",
            }
            for use in codes.IncomeUse.values
            if data.get(f"{use}_amount")
        ]

    def decision(self) -> dict[str, Any]:
        keys = ("decision_body", "decided_on", "attendees", "votes_for", "notice_from", "notice_to")
        return {k: self.cleaned_data[k] for k in keys}


PLAN_SECTIONS = [
    ("民主决策", ["decision_body", "decided_on", "attendees", "votes_for"]),
    ("公示", ["notice_from", "notice_to", "note"]),
]
