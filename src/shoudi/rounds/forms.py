"""Forms of the round pages (``core.forms.Form``): open a round, filter a village's list, and the visit form —
the round's checklist, the household's and members' facts, new risks (the income sheet is income's own
``SheetForm``, posted with it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone

from shoudi.core.forms import Form
from shoudi.core.widgets import DateInput
from shoudi.monitoring import codes as mcodes
from shoudi.registry import codes as rcodes
from shoudi.registry.models import Household, Person
from shoudi.rounds.inputs import HouseholdFacts, MemberFacts
from shoudi.rounds.models import CHECKLIST, Round, VisitStatus

YES_NO = [("1", "是"), ("0", "否")]
SAFE = [("1", "安全"), ("0", "不安全")]


def _bool(value: str) -> bool | None:
    return {"1": True, "0": False}.get(value)


class OpenForm(Form):
    name = forms.CharField(label="排查名称", max_length=100, help_text="如：2026年度防止返贫集中排查")
    year = forms.IntegerField(label="核算年度", min_value=2020, max_value=2100)
    starts_on = forms.DateField(label="开始日期", widget=DateInput())
    ends_on = forms.DateField(label="结束日期", widget=DateInput())
    area = forms.ChoiceField(label="排查范围")
    warn_days = forms.IntegerField(label="提前提醒天数", min_value=0, max_value=90, initial=7)
    check_income = forms.BooleanField(label="收入核算", required=False, initial=True)
    check_basic = forms.BooleanField(label="两不愁三保障", required=False, initial=True)
    check_water = forms.BooleanField(label="饮水安全", required=False, initial=True)
    check_risks = forms.BooleanField(label="新风险", required=False, initial=True)

    def __init__(self, *args: Any, areas: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        today = timezone.localdate()
        kwargs.setdefault("initial", {"year": today.year, "starts_on": today})
        super().__init__(*args, **kwargs)
        self.fields["area"].choices = list(areas)  # type: ignore[attr-defined]

    def checklist(self) -> dict[str, bool]:
        return {name: bool(self.cleaned_data.get(name)) for name, _l in CHECKLIST}


class StatusFilter(Form):
    status = forms.ChoiceField(label="走访状态", required=False, choices=[("", "全部"), *VisitStatus.choices])


class VisitForm(Form):
    """The visit's own fields; a member's fields are named ``p<person id hex>_<fact>`` (as the income sheet's)."""

    visited_on = forms.DateField(label="走访日期", widget=DateInput())
    checked = forms.MultipleChoiceField(label="本次检查", required=False, widget=forms.CheckboxSelectMultiple)
    housing_grade = forms.ChoiceField(label="住房安全等级", required=False)
    water_safe = forms.ChoiceField(label="饮水安全", choices=SAFE)
    risk_type = forms.ChoiceField(
        label="新风险类型", required=False, choices=[("", "未发现"), *mcodes.RiskType.choices]
    )
    risk_note = forms.CharField(label="风险情况（一句话）", required=False, max_length=500)
    note = forms.CharField(label="走访情况", required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(
        self, *args: Any, round_: Round, household: Household, members: Sequence[Person], work: bool, **kwargs: Any
    ) -> None:
        self.members, self.work = list(members), work
        kwargs["initial"] = {
            "visited_on": timezone.localdate(),
            "checked": [n for n, _l in round_.checklist()],
            "housing_grade": household.housing_grade,
            "water_safe": "1" if household.water_safe else "0",
            **kwargs.pop("initial", {}),
        }
        super().__init__(*args, **kwargs)
        self.fields["checked"].choices = round_.checklist()  # type: ignore[attr-defined]
        self.fields["housing_grade"].choices = [("", "未评定"), *rcodes.HousingGrade.choices]  # type: ignore[attr-defined]
        for person in self.members:
            key = f"p{person.pk.hex}"
            self.fields[f"{key}_school"] = forms.ChoiceField(
                label="在校阶段", choices=rcodes.SchoolStage.choices, initial=person.school_stage
            )
            self.fields[f"{key}_medical"] = forms.ChoiceField(
                label="基本医疗保险", choices=YES_NO, initial="1" if person.medical_insurance else "0"
            )
            self.fields[f"{key}_pension"] = forms.ChoiceField(
                label="基本养老保险", choices=YES_NO, initial="1" if person.pension_insurance else "0"
            )
            if work:
                self.fields[f"{key}_place"] = forms.ChoiceField(
                    label="务工地点", required=False, choices=rcodes.WorkPlace.choices, initial=person.work_place
                )
                self.fields[f"{key}_months"] = forms.IntegerField(
                    label="务工月数", min_value=0, max_value=12, initial=person.work_months
                )

    def member_rows(self) -> list[tuple[Person, list[forms.BoundField]]]:
        names = ["school", "medical", "pension", *(["place", "months"] if self.work else [])]
        return [(p, [self[f"p{p.pk.hex}_{n}"] for n in names]) for p in self.members]

    def household_facts(self) -> HouseholdFacts:
        data = self.cleaned_data
        return HouseholdFacts(housing_grade=data["housing_grade"], water_safe=_bool(data["water_safe"]))

    def member_facts(self) -> list[MemberFacts]:
        data, out = self.cleaned_data, []
        for person in self.members:
            key = f"p{person.pk.hex}"
            out.append(
                MemberFacts(
                    person=person,
                    school_stage=data[f"{key}_school"],
                    medical_insurance=_bool(data[f"{key}_medical"]),
                    pension_insurance=_bool(data[f"{key}_pension"]),
                    work_place=data[f"{key}_place"] if self.work else None,
                    work_months=data[f"{key}_months"] if self.work else None,
                )
            )
        return out
