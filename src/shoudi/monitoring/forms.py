"""Forms of the monitoring pages (all ``core.forms.Form``): one per kind of step, each carrying the case version
the user saw and building the ``StepInput`` the step takes; leads, notices, objections, assignment, the case
list's filters (the online application's forms are in ``forms_public``)."""

from __future__ import annotations

import dataclasses
from typing import Any

from django import forms
from django.utils import timezone

from shoudi.core.forms import Form
from shoudi.core.forms import set_choices as set_choices  # the views call forms.set_choices
from shoudi.core.widgets import DateInput, FastSelect
from shoudi.monitoring import codes
from shoudi.monitoring.steps import StepInput, suffix_of

DATE = DateInput()
TEXT = forms.Textarea(attrs={"rows": 3})
RISK_TYPE_CHOICES = codes.RiskType.choices
PROBLEM_CHOICES = codes.Problem.choices


class RiskFields(Form):
    risks = forms.MultipleChoiceField(
        label="风险类型（最多5项）", choices=RISK_TYPE_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )
    disaster_subtype = forms.ChoiceField(
        label="灾害类型（因自然灾害时填写）", choices=[("", "—"), *codes.DisasterSubtype.choices], required=False
    )
    problems = forms.MultipleChoiceField(
        label="突出问题", choices=PROBLEM_CHOICES, widget=forms.CheckboxSelectMultiple, required=False
    )

    def risk_input(self) -> tuple[Any, ...]:
        data = self.cleaned_data
        subtype = data.get("disaster_subtype") or ""
        items: list[Any] = [(r, subtype if r == codes.RiskType.DISASTER else "") for r in data.get("risks", [])]
        return tuple(items + list(data.get("problems", [])))


class StepForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    on = forms.DateField(label="办理日期", widget=DATE, help_text="按纸质材料上的实际日期填写，不能晚于今天")

    def __init__(self, *args: Any, case: Any = None, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["on"].initial = timezone.localdate()

    def plain_fields(self) -> list[Any]:
        """The fields the page lays out one under another (信息比对 lays its records out in a table)."""
        return list(self)

    def step_input(self) -> StepInput:
        """The step's input from the cleaned data (fields the form does not have keep their defaults)."""
        known = set(StepInput.__dataclass_fields__) - {"risks", "promise", "photos"}
        data = {k: v for k, v in self.cleaned_data.items() if k in known and v is not None}
        return StepInput(**data)


class HomeCheckForm(StepForm, RiskFields):
    field_order = ["on", "findings", "risks", "disaster_subtype", "problems", "category", "promise", "photo"]
    findings = forms.CharField(label="入户核实情况", widget=TEXT)
    category = forms.ChoiceField(
        label="监测对象类型", choices=[("", "按研判结果"), *codes.Category.choices], required=False
    )
    promise = forms.FileField(
        label="承诺授权书（签字后拍照或扫描，JPG/PNG/PDF）",
        required=False,
        widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png,application/pdf", "capture": "environment"}),
    )
    photo = forms.FileField(
        label="现场照片（可选）", required=False, widget=forms.FileInput(attrs={"accept": "image/jpeg,image/png"})
    )

    def step_input(self) -> StepInput:
        photo = self.cleaned_data.get("photo")
        return dataclasses.replace(
            super().step_input(),
            risks=self.risk_input() or None,
            promise=self.cleaned_data.get("promise"),
            photos=(photo,) if photo else (),
        )


class ReviewForm(StepForm):
    attendance = forms.IntegerField(label="参会人数", min_value=1)
    attendees = forms.CharField(label="参会人员", widget=TEXT, help_text="村两委、驻村工作队、村民代表等")
    votes_for = forms.IntegerField(label="同意票数", min_value=0, required=False)
    votes_against = forms.IntegerField(label="反对票数", min_value=0, required=False)
    passed = forms.TypedChoiceField(
        label="评议结果", choices=[("1", "通过"), ("0", "未通过")], coerce=lambda v: v == "1", widget=forms.RadioSelect
    )
    minutes = forms.CharField(label="评议情况", widget=TEXT, required=False)


class ConfirmForm(StepForm):
    pass


class OpinionForm(StepForm):
    opinion = forms.CharField(label="意见", widget=TEXT)


class TownshipForm(OpinionForm):
    """乡镇审核 of an identification: the township may settle the 监测对象类型 (the county may still change it)."""

    opinion = forms.CharField(label="审核意见", widget=TEXT)
    category = forms.ChoiceField(
        label="监测对象类型", choices=[("", "待县级审定确定"), *codes.Category.choices], required=False
    )


class DecisionForm(OpinionForm):
    """审定 of an identification: the 监测对象类型 is confirmed or changed."""

    opinion = forms.CharField(label="审定意见", widget=TEXT)
    category = forms.ChoiceField(label="监测对象类型", choices=[("", "不变"), *codes.Category.choices], required=False)


class EntryForm(StepForm):
    note = forms.CharField(label="备注", widget=TEXT, required=False)


class RollbackStartForm(StepForm):
    reason = forms.CharField(label="回退原因", widget=TEXT)
    findings = forms.CharField(label="入户核实情况", widget=TEXT, required=False)


class ReasonForm(StepForm):
    reason = forms.CharField(label="原因", widget=TEXT)


FORM_BY_ACTION: dict[str, type[StepForm]] = {
    "id_home_check": HomeCheckForm,
    "rb_home_check": RollbackStartForm,
    "id_township": TownshipForm,
    "id_decision": DecisionForm,
}
FORM_BY_SUFFIX: dict[str, type[StepForm]] = {
    "review": ReviewForm,
    "notice_end": ConfirmForm,
    "township": OpinionForm,
    "decision": OpinionForm,
    "entry": EntryForm,
    "return": ReasonForm,
    "reject": ReasonForm,
}


def base_step_form_class(action: str) -> type[StepForm]:
    """The form of a step whose fields do not depend on the case (``forms_checks.step_form_class`` has all)."""
    return FORM_BY_ACTION.get(action) or FORM_BY_SUFFIX[suffix_of(action)]


class LeadForm(Form):
    household = forms.CharField(label="户编号", max_length=20, help_text="16位户编号")
    channel = forms.ChoiceField(label="发现渠道", choices=codes.Channel.choices)
    online = forms.BooleanField(label="网上申报（需乡镇受理）", required=False)
    reported_on = forms.DateField(label="发现日期", widget=DATE)
    risk_hint = forms.ChoiceField(label="疑似风险类型", choices=[("", "—"), *codes.RiskType.choices], required=False)
    summary = forms.CharField(label="线索内容", widget=TEXT, max_length=2000)
    evidence = forms.CharField(label="佐证情况", widget=TEXT, required=False, max_length=2000)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reported_on"].initial = timezone.localdate()


class LeadAcceptForm(Form):
    """受理网上申报: nothing to fill in; the button is the decision."""


class LeadCloseForm(Form):
    on = forms.DateField(label="核实日期", widget=DATE)
    reason = forms.CharField(label="排除理由", widget=TEXT)


class LeadConvertForm(RiskFields):
    on = forms.DateField(label="核实日期", widget=DATE)
    findings = forms.CharField(label="核实情况", widget=TEXT)
    category = forms.ChoiceField(
        label="监测对象类型", choices=[("", "待研判"), *codes.Category.choices], required=False
    )


class NoticeForm(Form):
    village = forms.ChoiceField(label="村")
    kind = forms.ChoiceField(label="公示类型", choices=codes.NoticeKind.choices)
    posted_on = forms.DateField(label="张贴日期", widget=DATE)
    objection_channel = forms.CharField(
        label="异议反映渠道",
        widget=TEXT,
        required=False,
        max_length=500,
        help_text="不填则使用默认说明（村委会、乡镇、12317）",
    )


class ObjectionForm(Form):
    case = forms.ChoiceField(label="涉及农户")
    received_on = forms.DateField(label="收到日期", widget=DATE)
    content = forms.CharField(label="异议内容", widget=TEXT, max_length=2000)


class ObjectionResolveForm(Form):
    upheld = forms.TypedChoiceField(
        label="核实结论",
        choices=[("0", "经核实不成立"), ("1", "经核实成立")],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    on = forms.DateField(label="核实日期", widget=DATE)
    note = forms.CharField(label="核实情况", widget=TEXT, max_length=2000)


class AssignForm(Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    contact = forms.ChoiceField(label="监测联系人", required=False)
    helper = forms.ChoiceField(label="帮扶责任人", required=False)


class CaseFilterForm(Form):
    """The case list's filters (GET): a value that is not offered is dropped, never an error page."""

    q = forms.CharField(
        label="搜索",
        required=False,
        max_length=50,
        widget=forms.SearchInput(attrs={"placeholder": "户主姓名、身份证号或户编号", "autocomplete": "off"}),
    )
    group = forms.ChoiceField(label="办理阶段", required=False, widget=FastSelect)
    township = forms.ChoiceField(label="乡镇", required=False, widget=FastSelect)
    village = forms.ChoiceField(label="村", required=False, widget=FastSelect)
    category = forms.ChoiceField(
        label="类型", required=False, choices=[("", "全部类型"), *codes.Category.choices], widget=FastSelect
    )
    risk = forms.ChoiceField(
        label="风险", required=False, choices=[("", "全部风险"), *codes.RISK_CODE_CHOICES], widget=FastSelect
    )
    overdue = forms.BooleanField(label="仅看超期", required=False)
    mine = forms.BooleanField(label="待我办理", required=False)
    fast_track = forms.BooleanField(label="先帮扶后认定", required=False)

    def filters(self) -> dict[str, Any]:
        """The valid filters (an invalid one counts as not given)."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        result: dict[str, Any] = {}
        for name, field in self.fields.items():
            empty: Any = False if isinstance(field, forms.BooleanField) else ""
            result[name] = data.get(name, empty) if name not in self.errors else empty
        result["q"] = (result["q"] or "").strip()
        return result


class LeadFilterForm(Form):
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *codes.LeadStatus.choices])
