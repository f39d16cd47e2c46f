"""Forms of the policy pages: a new parameter value, the simulation, the parameters' area and date. They parse;
the rules live in policy.services (and policy.simulation), whose errors come back next to the fields."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from django import forms

from shoudi.core.forms import Form
from shoudi.core.widgets import DateInput
from shoudi.policy.keys import KEY_PATTERN
from shoudi.regions.models import Region


def _choices(regions: Sequence[Region]) -> list[tuple[str, str]]:
    return [(r.code, f"{r.name}（{r.code}）") for r in regions]


class ParameterForm(Form):
    key = forms.CharField(
        label="参数",
        max_length=60,
        widget=forms.TextInput(attrs={"list": "policy-keys", "autocomplete": "off"}),
        help_text="如 monitoring_line（监测范围）；可从列表中选择",
    )
    region = forms.ChoiceField(label="适用区划")
    year = forms.IntegerField(
        label="年度", required=False, min_value=2000, max_value=2100, help_text="按年度设定时填写"
    )
    valid_from = forms.DateField(label="起始日期", required=False, widget=DateInput(), help_text="不按年度时填写")
    valid_to = forms.DateField(label="截止日期", required=False, widget=DateInput(), help_text="留空表示长期有效")
    value = forms.CharField(label="取值", max_length=200, required=False, help_text="数字或文字，如 6600")
    formula = forms.CharField(
        label="公式", max_length=300, required=False, help_text="如 2 * dibao_standard_monthly * 12；与取值二选一"
    )
    source = forms.CharField(label="依据文件", max_length=300, help_text="文件名称和文号")
    article = forms.CharField(label="条款", max_length=300, required=False)
    note = forms.CharField(label="说明", required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, regions: Sequence[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _choices(regions)  # type: ignore[attr-defined]

    def parameter(self) -> dict[str, Any]:
        """``services.parameter_add``'s keyword arguments."""
        data = self.cleaned_data
        return {
            "key": data["key"],
            "region_code": data["region"],
            "year": data.get("year"),
            "valid_from": data.get("valid_from"),
            "valid_to": data.get("valid_to"),
            "value": (data.get("value") or "").strip(),
            "formula": (data.get("formula") or "").strip(),
            "source": data["source"].strip(),
            "article": (data.get("article") or "").strip(),
            "note": (data.get("note") or "").strip(),
        }

    def starts(self) -> dt.date:
        """The first day the new value applies (the page shows the parameters of that day)."""
        data = self.cleaned_data
        return dt.date(data["year"], 1, 1) if data.get("year") else data["valid_from"]

    def clean_key(self) -> str:
        key = self.cleaned_data["key"].strip()
        if not KEY_PATTERN.match(key):
            raise forms.ValidationError("参数名应以小写字母开头，只含小写字母、数字和下划线")
        return key

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("year") is not None and (data.get("valid_from") or data.get("valid_to")):
            self.add_error("year", "按年度设定时不要再填起止日期")
        elif data.get("year") is None and not data.get("valid_from"):
            self.add_error("year", "请填写年度，或填写起始日期")
        has_value, has_formula = bool((data.get("value") or "").strip()), bool((data.get("formula") or "").strip())
        if has_value == has_formula:
            self.add_error("value", "取值和公式必须且只能填写一个")
        return data


class SimulationForm(Form):
    region = forms.ChoiceField(label="测算区域")
    as_of = forms.DateField(label="测算日期", widget=DateInput())
    monitoring_line = forms.CharField(
        label="拟调整的监测范围（元/人·年）", max_length=100, required=False, help_text="数字，或公式"
    )
    other = forms.CharField(
        label="其他拟调整参数",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "每行一项：dibao_standard_monthly=900"}),
    )

    def __init__(self, *args: Any, regions: Sequence[Region], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["region"].choices = _choices(regions)  # type: ignore[attr-defined]

    def proposals(self) -> dict[str, str]:
        found: dict[str, str] = {}
        line = (self.cleaned_data.get("monitoring_line") or "").strip()
        if line:
            found["monitoring_line"] = line
        for n, raw in enumerate((self.cleaned_data.get("other") or "").splitlines(), start=1):
            if not raw.strip():
                continue
            key, sep, value = raw.partition("=")
            if not sep or not key.strip() or not value.strip():
                raise forms.ValidationError(f"其他拟调整参数第{n}行应写成 参数名=取值")
            found[key.strip()] = value.strip()
        return found

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            try:
                if not self.proposals():
                    raise forms.ValidationError("请至少给出一项拟调整的参数")
            except forms.ValidationError as exc:
                self.add_error(None, exc)
        as_of = data.get("as_of")
        if isinstance(as_of, dt.date) and not 2000 <= as_of.year <= 2100:
            self.add_error("as_of", "测算日期超出范围")
        return data


class ParameterViewForm(Form):
    """The area and the day whose parameters the index shows (GET). A day that is not one shows today's."""

    region = forms.ChoiceField(label="区划")
    date = forms.DateField(label="适用日期", required=False, widget=DateInput())

    def __init__(self, data: Mapping[str, str], *, regions: Sequence[Region], today: dt.date) -> None:
        super().__init__(data)
        self.today = today
        self.fields["region"].choices = _choices(regions)  # type: ignore[attr-defined]

    def chosen(self) -> tuple[str, dt.date]:
        """(region, day) asked for; today when the day is not a valid one (the field says why)."""
        self.is_valid()
        day = self.cleaned_data.get("date") or self.today
        if not 2000 <= day.year <= 2100:
            self.add_error("date", "日期超出范围（2000–2100年）")
            day = self.today
        return self.cleaned_data.get("region", ""), day
