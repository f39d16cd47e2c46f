"""Forms of the identification checks: 信息比对 (one mark per department record), the second staff member of
an elimination's home check, the exclusion decision (村民代表大会 / 情形不属实) and its withdrawal, and the 结果公告."""

from __future__ import annotations

import dataclasses
from typing import Any

from django import forms
from django.utils import timezone

from shoudi.core.forms import Form
from shoudi.monitoring import codes, datacheck, staff
from shoudi.monitoring.forms import DATE, TEXT, StepForm, base_step_form_class
from shoudi.monitoring.models_checks import DecisionKind, Mark
from shoudi.monitoring.steps import StepInput, suffix_of

MARK_CHOICES = [(Mark.MATCH.value, "相符"), (Mark.MISMATCH.value, "不符")]


class DataCheckForm(StepForm):
    """信息比对: the household's department records, each marked 相符 or 不符 (不符 with a note); sources with no
    record are shown as 无记录. Field names: ``key_<n>``, ``mark_<n>``, ``note_<n>``."""

    result = forms.CharField(
        label="比对说明（可选）", widget=TEXT, required=False, max_length=2000, help_text="其他需要说明的比对情况"
    )

    def __init__(self, *args: Any, case: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = datacheck.rows_for(case.household) if case is not None else []
        self.records: list[tuple[datacheck.Row, str]] = []
        for n, row in enumerate(r for r in self.rows if not r.none):
            self.fields[f"key_{n}"] = forms.CharField(widget=forms.HiddenInput, initial=row.key, max_length=40)
            self.fields[f"mark_{n}"] = forms.ChoiceField(
                label=f"{row.source_label}：{row.summary}", choices=MARK_CHOICES, widget=forms.RadioSelect
            )
            self.fields[f"note_{n}"] = forms.CharField(
                label="说明",
                required=False,
                max_length=300,
                widget=forms.TextInput(attrs={"aria-label": f"{row.source_label}记录的比对说明"}),
            )
            self.records.append((row, str(n)))
        self.fields["result"] = self.fields.pop("result")  # last

    @property
    def empty_sources(self) -> list[datacheck.Row]:
        return [r for r in self.rows if r.none]

    def plain_fields(self) -> list[Any]:
        return [f for f in self if not f.name.startswith(("key_", "mark_", "note_"))]

    def record_fields(self) -> list[tuple[datacheck.Row, Any, Any, Any]]:
        return [(row, self[f"key_{n}"], self[f"mark_{n}"], self[f"note_{n}"]) for row, n in self.records]

    def step_input(self) -> StepInput:
        data = self.cleaned_data
        marks = tuple(
            (str(data.get(f"key_{n}") or ""), str(data.get(f"mark_{n}") or ""), str(data.get(f"note_{n}") or ""))
            for _row, n in self.records
        )
        return dataclasses.replace(super().step_input(), marks=marks)


class EliminationStartForm(StepForm):
    kind = forms.ChoiceField(label="风险消除方式", choices=codes.EliminationKind.choices, widget=forms.RadioSelect)
    findings = forms.CharField(label="入户核实情况", widget=TEXT)
    second_checker = forms.ChoiceField(
        label="共同核实人", help_text="风险消除须由两名工作人员共同入户核实确认（办理人以外的另一名工作人员）"
    )

    def __init__(self, *args: Any, case: Any = None, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        people = staff.field_staff(case.village_id) if case is not None else []
        choices = [(u.username, u.display_name) for u in people if u.pk != getattr(user, "pk", None)]
        self.fields["second_checker"].choices = [("", "—"), *choices]  # type: ignore[attr-defined]


class ExclusionDecisionForm(Form):
    kind = forms.ChoiceField(label="认定方式", choices=DecisionKind.choices, widget=forms.RadioSelect)
    decided_on = forms.DateField(label="会议或核实日期", widget=DATE)
    attendance = forms.IntegerField(label="参会人数（村民代表大会）", min_value=1, max_value=10000, required=False)
    votes_for = forms.IntegerField(label="同意纳入票数", min_value=0, max_value=10000, required=False)
    votes_against = forms.IntegerField(label="反对票数", min_value=0, max_value=10000, required=False)
    note = forms.CharField(
        label="评议或核实情况",
        widget=TEXT,
        max_length=2000,
        help_text="村民代表大会：议题和表决结果；情形不属实：核实经过和结论（如车辆已于何时转让）",
    )
    document = forms.FileField(
        label="会议记录或佐证材料（JPG/PNG/PDF）",
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,application/pdf"}),
        error_messages={"required": "请上传会议记录或佐证材料（照片或扫描件）"},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate()


class ExclusionWithdrawForm(Form):
    """Withdrawing one decision recorded by mistake; several on one page, so each gets its own element ids."""

    on = forms.DateField(label="撤回日期", widget=DATE)
    reason = forms.CharField(
        label="撤回原因",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=500,
        help_text="如：票数录错、涉及的情形有误、录到了别的农户",
    )

    def __init__(self, *args: Any, decision: Any = None, **kwargs: Any) -> None:
        if decision is not None:
            kwargs.setdefault("auto_id", f"id_withdraw_{decision.pk.hex[:12]}_%s")
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()


class AnnouncementForm(Form):
    village = forms.ChoiceField(label="村")
    kind = forms.ChoiceField(
        label="公告类型",
        choices=[
            (codes.NoticeKind.INCLUSION.value, "纳入监测对象结果公告"),
            (codes.NoticeKind.ELIMINATION.value, "风险消除结果公告"),
            (codes.NoticeKind.ROLLBACK.value, "风险消除回退结果公告"),
        ],
    )
    posted_on = forms.DateField(label="公告日期", widget=DATE)
    issuer = forms.CharField(label="公告单位", max_length=100, help_text="如：××镇人民政府")
    hotline = forms.CharField(
        label="监督电话", max_length=100, required=False, help_text="不填则只列 12317 监督举报电话"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["posted_on"].initial = timezone.localdate()


def step_form_class(action: str) -> type[StepForm]:
    """The form of the step ``action``; 信息比对 and an elimination's home check build their fields from the case."""
    if action == "el_home_check":
        return EliminationStartForm
    if suffix_of(action) == "data_check":
        return DataCheckForm
    return base_step_form_class(action)
