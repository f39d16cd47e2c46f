"""The project form (申报书: facts, planned funds by source, performance targets as a formset). It parses the
input into the services' typed inputs (``projects.types``); the rules live in the services."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.forms.models import fields_for_model
from django.utils import timezone

from shoudi.core.forms import Form
from shoudi.core.widgets import DateInput
from shoudi.projects.codes import FundSource, ProjectKind, ProjectLevel, TargetCategory, TargetDirection
from shoudi.projects.models import Project, ProjectStatus
from shoudi.projects.types import ProjectFacts, Target

TARGET_ROWS = 4
FIRST_YEAR = 2013  # the first year of the project library (the model's lower bound)
SECTIONS = [
    (
        "基本情况",
        ["name", "year", "kind", "relief_work", "implementing_unit", "content", "planned_start", "planned_end"],
    ),
    ("联农带农机制", ["benefit_households", "benefit_people", "benefit_poor_households", "benefit_mechanism"]),
    ("资金来源及计划投入（元）", [f"fund_{s}" for s in FundSource.values]),
]


class ProjectForm(Form):
    """The facts and the planned funds (one amount per fund source)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields = fields_for_model(Project, fields=ProjectFacts.names())
        for name in ("planned_start", "planned_end"):
            fields[name].widget = DateInput()
        for name in ("content", "benefit_mechanism"):
            fields[name].widget = forms.Textarea(attrs={"rows": 3})
        fields["benefit_mechanism"].help_text = "如：土地流转、务工就业、入股分红、订单收购等带动脱贫户和监测户的方式"
        fields["relief_work"].label = "采取以工代赈方式实施"
        self.fields.update({n: fields[n] for n in ProjectFacts.names()})
        for source, label in FundSource.choices:
            self.fields[f"fund_{source}"] = forms.DecimalField(
                label=label, required=False, min_value=0, max_digits=14, decimal_places=2
            )

    @classmethod
    def initial_for(cls, project: Project) -> dict[str, Any]:
        data: dict[str, Any] = {n: getattr(project, n) for n in ProjectFacts.names()}
        data["version"] = project.version
        for funding in project.fundings.all():
            data[f"fund_{funding.source}"] = funding.amount
        return data

    def facts(self) -> ProjectFacts:
        data = self.cleaned_data
        return ProjectFacts(**{n: data[n] for n in ProjectFacts.names()})

    def fundings(self) -> dict[str, Decimal]:
        data = self.cleaned_data
        return {s: data[f"fund_{s}"] for s in FundSource.values if data.get(f"fund_{s}")}

    def seen_version(self) -> int | None:
        return self.cleaned_data.get("version")


class TargetForm(Form):
    """One performance target; a row left empty is no target."""

    category = forms.ChoiceField(label="指标类别", choices=TargetCategory.choices, initial=TargetCategory.OUTPUT)
    indicator = forms.CharField(label="绩效指标", required=False, max_length=200)
    direction = forms.ChoiceField(label="目标方向", choices=TargetDirection.choices, initial=TargetDirection.AT_LEAST)
    target_value = forms.DecimalField(label="目标值", required=False, max_digits=14, decimal_places=2)
    unit = forms.CharField(label="计量单位", required=False, max_length=20)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("indicator"):
            if data.get("target_value") is None and "target_value" not in self.errors:
                self.add_error("target_value", "请填写目标值")
            if not data.get("unit") and "unit" not in self.errors:
                self.add_error("unit", "请填写计量单位")
        elif data.get("target_value") is not None or data.get("unit"):
            self.add_error("indicator", "请填写绩效指标名称（不设此项目标请清空本行）")
        return data

    def target(self) -> Target | None:
        data = getattr(self, "cleaned_data", {})
        if not data.get("indicator"):
            return None
        return Target(
            indicator=data["indicator"],
            target_value=data["target_value"],
            unit=data["unit"],
            category=data["category"],
            direction=data["direction"],
        )


def target_rows(data: Any = None, project: Project | None = None) -> forms.BaseFormSet:
    """The target rows of the form: the project's targets and empty rows up to four (at least one)."""
    initial = [
        {
            "category": t.category,
            "indicator": t.indicator,
            "direction": t.direction,
            "target_value": t.target_value,
            "unit": t.unit,
        }
        for t in (project.targets.all() if project is not None else [])
    ]
    factory = forms.formset_factory(TargetForm, extra=max(1, TARGET_ROWS - len(initial)))
    return factory(data, initial=initial, prefix="targets")


def targets_of(rows: forms.BaseFormSet) -> list[Target]:
    return [t for t in (form.target() for form in rows.forms) if t is not None]


@dataclass(frozen=True)
class Chosen:
    """What the list shows; a value that does not parse falls back to "all" (the list never fails)."""

    year: int
    all_years: bool = False
    status: str = ""
    kind: str = ""
    level: str = ""
    area: str = ""
    q: str = ""


class ProjectFilter(Form):
    """The project list's filter (GET)."""

    year = forms.TypedChoiceField(label="年度", coerce=int, required=False)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *ProjectStatus.choices])
    kind = forms.ChoiceField(label="类型", required=False, choices=[("", "全部"), *ProjectKind.choices])
    level = forms.ChoiceField(label="级别", required=False, choices=[("", "全部"), *ProjectLevel.choices])
    area = forms.ChoiceField(label="乡镇", required=False)
    q = forms.CharField(
        label="搜索",
        required=False,
        max_length=50,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": "项目名称或编号"}),
    )
    all_years = forms.BooleanField(label="全部年度", required=False)

    def __init__(self, data: Any, *, townships: Any) -> None:
        this_year = timezone.localdate().year
        given = data if any(name in data for name in self.base_fields) else None  # only ?page=: this year
        super().__init__(given, initial={"year": this_year})
        self.this_year = this_year
        years = range(this_year + 1, FIRST_YEAR - 1, -1)
        self.fields["year"].choices = [(y, str(y)) for y in years]  # type: ignore[attr-defined]
        if townships:
            self.fields["area"].choices = [("", "全部"), *((t.code, t.name) for t in townships)]  # type: ignore[attr-defined]
        else:
            del self.fields["area"]

    def chosen(self) -> Chosen:
        if not self.is_bound:
            return Chosen(year=self.this_year)
        self.is_valid()
        data = {k: v for k, v in self.cleaned_data.items() if k not in self.errors and v not in (None, "")}
        year = data.pop("year", self.this_year)
        return Chosen(year=year, **{k: v for k, v in data.items() if k in Chosen.__dataclass_fields__})
