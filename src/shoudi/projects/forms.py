"""Forms of the project pages. They parse input only; the rules live in projects.services."""

from __future__ import annotations

from typing import Any

from django import forms
from django.forms.models import fields_for_model

from shoudi.core.forms import Form as ShoudiForm
from shoudi.core.widgets import DateInput
from shoudi.projects.codes import FundSource, TargetCategory, TargetDirection
from shoudi.projects.models import Project

DATE = DateInput()
TARGET_ROWS = 4
PROJECT_FIELDS = [
    "name",
    "year",
    "kind",
    "implementing_unit",
    "content",
    "benefit_households",
    "benefit_people",
    "benefit_poor_households",
    "benefit_mechanism",
    "planned_start",
    "planned_end",
]
SECTIONS = [
    ("基本情况", ["name", "year", "kind", "implementing_unit", "content", "planned_start", "planned_end"]),
    ("联农带农机制", ["benefit_households", "benefit_people", "benefit_poor_households", "benefit_mechanism"]),
    ("资金来源及计划投入（元）", [f"fund_{s}" for s in FundSource.values]),
]


class ProjectForm(ShoudiForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = fields_for_model(Project, fields=PROJECT_FIELDS)
        for name in ("planned_start", "planned_end"):
            fields[name].widget = DATE
        for name in ("content", "benefit_mechanism"):
            fields[name].widget = forms.Textarea(attrs={"rows": 3})
        fields["benefit_mechanism"].help_text = "如：土地流转、务工就业、入股分红、订单收购等带动脱贫户和监测户的方式"
        self.fields.update({n: fields[n] for n in PROJECT_FIELDS})
        for source, label in FundSource.choices:
            self.fields[f"fund_{source}"] = forms.DecimalField(
                label=label, required=False, min_value=0, max_digits=14, decimal_places=2
            )
        for n in range(TARGET_ROWS):
            self.fields[f"t{n}_category"] = forms.ChoiceField(label="指标类别", choices=TargetCategory.choices)
            self.fields[f"t{n}_indicator"] = forms.CharField(label="绩效指标", required=False, max_length=200)
            self.fields[f"t{n}_direction"] = forms.ChoiceField(label="目标方向", choices=TargetDirection.choices)
            self.fields[f"t{n}_value"] = forms.DecimalField(
                label="目标值", required=False, max_digits=14, decimal_places=2
            )
            self.fields[f"t{n}_unit"] = forms.CharField(label="计量单位", required=False, max_length=20)

    def target_rows(self) -> list[list[forms.BoundField]]:
        names = ("category", "indicator", "direction", "value", "unit")
        return [[self[f"t{n}_{x}"] for x in names] for n in range(TARGET_ROWS)]

    @classmethod
    def initial_for(cls, project: Project) -> dict[str, Any]:
        data: dict[str, Any] = {n: getattr(project, n) for n in PROJECT_FIELDS}
        for funding in project.fundings.all():
            data[f"fund_{funding.source}"] = funding.amount
        for n, target in enumerate(project.targets.all()[:TARGET_ROWS]):
            data.update(
                {
                    f"t{n}_category": target.category,
                    f"t{n}_indicator": target.indicator,
                    f"t{n}_direction": target.direction,
                    f"t{n}_value": target.target_value,
                    f"t{n}_unit": target.unit,
                }
            )
        return data

    def service_args(self) -> tuple[dict[str, Any], dict[str, Any], list[dict[str, Any]]]:
        data = self.cleaned_data
        values = {n: data[n] for n in PROJECT_FIELDS}
        fundings = {s: data[f"fund_{s}"] for s in FundSource.values if data.get(f"fund_{s}")}
        targets = [
            {
                "category": data[f"t{n}_category"],
                "indicator": data[f"t{n}_indicator"],
                "direction": data[f"t{n}_direction"],
                "target_value": data[f"t{n}_value"],
                "unit": data[f"t{n}_unit"],
            }
            for n in range(TARGET_ROWS)
            if data.get(f"t{n}_indicator")
        ]
        return values, fundings, targets
