"""Forms of the screening pages: starting a run, closing a register update (户籍变动待办) and filtering the
register updates. Each is a ``core.forms.Form``: errors in Chinese next to the field, input kept."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from shoudi.core.forms import Form
from shoudi.screening.engines import ENGINES
from shoudi.screening.models import RegisterUpdate, ScreeningRun
from shoudi.screening.register_updates import NOTE_MAX


class RunForm(Form):
    area = forms.CharField(label="区划代码", max_length=12, help_text="本区域内的县、乡或村代码")
    as_of = forms.DateField(label="筛查日期", widget=forms.DateInput(attrs={"type": "date"}))
    engine = forms.ChoiceField(
        label="计算引擎",
        choices=[(value, label) for value, label in ScreeningRun.Engine.choices if value in ENGINES],
        initial=ScreeningRun.Engine.DUCKDB,
    )

    def __init__(self, *args: Any, area: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"area": area, "as_of": timezone.localdate().isoformat()})
        super().__init__(*args, **kwargs)


class DoneForm(Form):
    note = forms.CharField(
        label="办结说明（可不填）", required=False, max_length=NOTE_MAX, widget=forms.Textarea(attrs={"rows": 2})
    )


class DismissForm(Form):
    reason = forms.CharField(
        label="不适用的原因",
        max_length=NOTE_MAX,
        widget=forms.Textarea(attrs={"rows": 2, "placeholder": "例如：经核实本人健在，公安记录有误"}),
        error_messages={"required": "请填写不适用的原因"},
    )


STATUS_FILTERS = [(value, label) for value, label in RegisterUpdate.Status.choices] + [("all", "全部")]


class RegisterUpdateFilter(Form):
    """The list's filter (GET): one village of the user's area, one status (default: open)."""

    village = forms.ChoiceField(label="村", required=False)
    status = forms.ChoiceField(label="状态", required=False, choices=STATUS_FILTERS)

    def __init__(self, *args: Any, villages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["village"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [("", "全部村"), *villages]
        self.show_village = len(villages) > 1 or bool(self.data.get("village"))

    def chosen(self) -> tuple[str, str]:
        """(village, status) to list: what was asked when valid, else everything open."""
        if not self.is_valid():
            return "", RegisterUpdate.Status.OPEN
        status = self.cleaned_data.get("status") or RegisterUpdate.Status.OPEN
        return self.cleaned_data.get("village") or "", "" if status == "all" else status
