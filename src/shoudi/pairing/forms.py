"""Forms of the pairing pages (``core.forms.Form``): choose a village, tick households and a cadre, upload a
sheet. Choices are filled from the user's area, so a value from elsewhere is "not in the list"."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django import forms
from django.utils import timezone

from shoudi.core.forms import Form
from shoudi.core.widgets import DateInput

ASSIGN, END = "assign", "end"


class VillageForm(Form):
    village = forms.ChoiceField(label="村", required=False)

    def __init__(self, *args: Any, villages: Sequence[tuple[str, str]] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].choices = [("", "请选择村"), *villages]  # type: ignore[attr-defined]


class AssignForm(Form):
    households = forms.MultipleChoiceField(
        label="农户", widget=forms.CheckboxSelectMultiple, error_messages={"required": "请至少勾选一户"}
    )
    cadre = forms.ChoiceField(label="帮扶责任人", error_messages={"required": "请选择一位帮扶责任人"})
    on = forms.DateField(label="日期", widget=DateInput(), help_text="结对时为开始日期，解除时为结束日期")
    action = forms.ChoiceField(label="操作", choices=[(ASSIGN, "结对"), (END, "解除结对")], initial=ASSIGN)

    def __init__(
        self,
        *args: Any,
        households: Sequence[tuple[str, str]] = (),
        cadres: Sequence[tuple[str, str]] = (),
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("initial", {"on": timezone.localdate(), "action": ASSIGN})
        super().__init__(*args, **kwargs)
        self.fields["households"].choices = list(households)  # type: ignore[attr-defined]
        self.fields["cadre"].choices = [("", "请选择"), *cadres]  # type: ignore[attr-defined]


class ImportForm(Form):
    file = forms.FileField(label="结对名单（.xlsx / .csv）", error_messages={"required": "请选择要上传的文件"})
    valid_only = forms.BooleanField(
        label="只导入无误的行", required=False, help_text="不勾选时：有任何一行有误，整个文件都不导入"
    )
