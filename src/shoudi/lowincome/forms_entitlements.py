"""Forms of the 待落实待遇 pages and the register's report (``core.forms.Form``): the list's filters, settling an
item, running the check (核对) for a year, and the report's year and area. Choices come from the user's area and
department, so a value from elsewhere is "not in the list"."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any, cast

from django import forms
from django.core import validators
from django.utils import timezone

from shoudi.core.forms import Form, set_choices
from shoudi.core.widgets import DateInput
from shoudi.lowincome import codes
from shoudi.lowincome.entitlements import FIRST_YEAR

Choices = Sequence[tuple[str, Any]]
SETTLE_CHOICES = [
    (codes.EntitlementStatus.DELIVERED.value, "已落实"),
    (codes.EntitlementStatus.NOT_APPLICABLE.value, "不适用"),
]


def year_choices(today: dt.date) -> list[tuple[str, str]]:
    return [(str(y), f"{y}年") for y in range(today.year, FIRST_YEAR - 1, -1)]


class FilterForm(Form):
    status = forms.ChoiceField(label="状态", required=False)
    kind = forms.ChoiceField(label="待遇", required=False)
    year = forms.ChoiceField(label="年度", required=False)
    township = forms.ChoiceField(label="乡镇", required=False)

    def __init__(
        self, *args: Any, kinds: Choices = (), townships: Choices = (), today: dt.date | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        set_choices(self, "status", [("", "全部"), *codes.EntitlementStatus.choices])
        set_choices(self, "kind", [("", "全部"), *kinds])
        set_choices(self, "year", [("", "全部"), *year_choices(today)])
        set_choices(self, "township", [("", "全部"), *townships])
        if not townships:
            del self.fields["township"]


class SettleForm(Form):
    status = forms.ChoiceField(
        label="办理结果",
        choices=[("", "请选择"), *SETTLE_CHOICES],
        error_messages={"required": "请选择办理结果"},
    )
    on = forms.DateField(label="办结日期", widget=DateInput())
    note = forms.CharField(
        label="办理情况",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=300,
        required=False,
        help_text="已落实的可写资助或救助金额、时间；不适用的须写明原因（如已在外地参保、已转学）",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"on": timezone.localdate()})
        super().__init__(*args, **kwargs)


class CheckForm(Form):
    year = forms.IntegerField(
        label="核对年度",
        min_value=FIRST_YEAR,
        error_messages={"required": "请填写核对年度"},
        help_text="用医保参保、医保结算、教育学籍数据核对该年度应享待遇",
    )

    def __init__(self, *args: Any, today: dt.date | None = None, **kwargs: Any) -> None:
        today = today or timezone.localdate()
        kwargs.setdefault("initial", {"year": today.year})
        super().__init__(*args, **kwargs)
        field = cast(forms.IntegerField, self.fields["year"])
        field.max_value = today.year
        field.validators.append(validators.MaxValueValidator(today.year))
        field.widget.attrs.update({"min": FIRST_YEAR, "max": today.year})


class ReportForm(Form):
    year = forms.ChoiceField(label="年度")
    area = forms.ChoiceField(label="区域", required=False)

    def __init__(self, *args: Any, areas: Choices = (), today: dt.date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "year", year_choices(today or timezone.localdate()))
        set_choices(self, "area", list(areas))
        if len(areas) <= 1:
            del self.fields["area"]
