"""The forms of the steps on a project's page (申报, 审核, 审定, 退回, 计划, 开工, 进度, 支付, 完工, 验收, 评价, 出库).
Each parses what was typed into the typed inputs of one service; the rules live in the services."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone

from shoudi.assets.codes import AssetClass
from shoudi.assets.services import AssetSpec
from shoudi.core.access import VILLAGE
from shoudi.core.forms import Form
from shoudi.core.widgets import DateInput
from shoudi.projects.codes import BarredKind, ExitReason, FundSource
from shoudi.projects.models import Project
from shoudi.projects.types import Notice
from shoudi.regions.models import Level
from shoudi.regions.selectors import regions_in_user_area

NOTICE_DAYS = 7
ASSET_ROWS = 5


def reason_field(label: str, *, required: bool = False) -> forms.CharField:
    return forms.CharField(label=label, required=required, max_length=1000)


def date_field(label: str) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput())


class ActForm(Form):
    """A step on one project. ``version``: the project as the person saw it (someone quicker → a conflict)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, data: Any = None, *, project: Project, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("version", project.version)
        for name, field in self.base_fields.items():
            if isinstance(field, forms.DateField) and name in ("on", "paid_on", "notice_from"):
                kwargs["initial"].setdefault(name, timezone.localdate())
        kwargs["initial"].setdefault("notice_to", timezone.localdate() + dt.timedelta(days=NOTICE_DAYS))
        super().__init__(data, **kwargs)
        self.project, self.user = project, user

    def seen_version(self) -> int | None:
        return self.cleaned_data.get("version")

    def reason_text(self) -> str:
        return str(self.cleaned_data.get("reason") or "")


class NoticeForm(ActForm):
    """A step that carries a public notice (公示期)."""

    notice_from = date_field("公示开始日期")
    notice_to = date_field("公示结束日期")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("notice_from"), data.get("notice_to")
        if start and end and end < start:
            self.add_error("notice_to", "公示结束日期不能早于开始日期")
        return data

    def notice(self) -> Notice:
        return Notice(self.cleaned_data["notice_from"], self.cleaned_data["notice_to"])


class SubmitForm(NoticeForm):
    reason = reason_field("说明")


class PlanForm(NoticeForm):
    pass


class ChecklistForm(NoticeForm):
    """乡镇审核 / 县级审定: the barred kinds, each confirmed not to apply."""

    checklist = forms.MultipleChoiceField(
        label="入库审查：逐项确认该项目不属于以下情形",
        choices=[(value, f"不属于：{label}") for value, label in BarredKind.choices],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    field_order = ["checklist", "notice_from", "notice_to", "reason"]

    def checked(self) -> list[str]:
        return list(self.cleaned_data.get("checklist") or [])


class ReviewForm(ChecklistForm):
    reason = reason_field("审核意见")


class DecideForm(ChecklistForm):
    reason = reason_field("审定意见")


class ReturnForm(ActForm):
    reason = reason_field("退回理由", required=True)


class UnplanForm(ActForm):
    reason = reason_field("理由", required=True)


class RejectForm(ActForm):
    reason = reason_field("整改意见", required=True)


class ExitForm(NoticeForm):
    exit_reason = forms.ChoiceField(label="出库原因", choices=[("", "请选择"), *ExitReason.choices])
    exit_note = forms.CharField(label="出库说明", required=False, max_length=500)
    field_order = ["exit_reason", "exit_note", "notice_from", "notice_to"]


class StartForm(ActForm):
    on = date_field("实际开工日期")


class CompleteForm(ActForm):
    on = date_field("实际完工日期")


class ProgressForm(ActForm):
    progress = forms.IntegerField(label="实施进度（%）", min_value=0, max_value=100)
    note = forms.CharField(label="说明", required=False, max_length=200)

    def __init__(self, data: Any = None, *, project: Project, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})["progress"] = project.progress
        super().__init__(data, project=project, user=user, **kwargs)


class PaymentForm(ActForm):
    source = forms.ChoiceField(label="资金来源", choices=FundSource.choices)
    amount = forms.DecimalField(label="支付金额（元）", min_value=Decimal("0.01"), max_digits=14, decimal_places=2)
    paid_on = date_field("支付日期")
    note = forms.CharField(label="说明", required=False, max_length=200)


class AssetSpecForm(Form):
    """One asset the project forms; a row without a class is no asset."""

    name = forms.CharField(label="资产名称", required=False, max_length=200)
    asset_class = forms.ChoiceField(label="类别", required=False, choices=[("", "—"), *AssetClass.choices])
    village = forms.ChoiceField(label="所在村", required=False)
    value = forms.DecimalField(
        label="价值（元）", required=False, min_value=Decimal("0.01"), max_digits=14, decimal_places=2
    )

    def __init__(self, *args: Any, villages: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].choices = villages  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("asset_class") and (data.get("name") or data.get("value")) and "asset_class" not in self.errors:
            self.add_error("asset_class", "请选择资产类别（不登记此项资产请清空本行）")
        return data

    def row(self) -> AssetSpec | None:
        data = getattr(self, "cleaned_data", {})
        if not data.get("asset_class"):
            return None
        return AssetSpec(
            asset_class=data["asset_class"],
            name=data.get("name") or "",
            village_code=data.get("village") or "",
            value=data.get("value"),
        )


class AcceptForm(NoticeForm):
    """竣工验收 with the assets formed (rows: ``self.rows``)."""

    on = date_field("验收日期")
    reason = reason_field("验收意见")
    field_order = ["on", "notice_from", "notice_to", "reason"]

    def __init__(self, data: Any = None, *, project: Project, user: Any, **kwargs: Any) -> None:
        super().__init__(data, project=project, user=user, **kwargs)
        villages = regions_in_user_area(user, level=Level.VILLAGE).filter(code__startswith=project.area_id)
        choices = [(v.code, v.name) for v in villages.order_by("code")]
        if len(project.area_id) != VILLAGE:
            choices = [("", "请选择"), *choices]
        factory = forms.formset_factory(AssetSpecForm, extra=ASSET_ROWS)
        self.rows = factory(data, prefix="assets", form_kwargs={"villages": choices})

    def assets(self) -> list[AssetSpec]:
        return [r for r in (form.row() for form in self.rows.forms) if r is not None]


class EvaluateForm(NoticeForm):
    """绩效评价: the actual value of each target (``result_<n>``, n-th target), and a conclusion."""

    conclusion = forms.CharField(label="评价结论", max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, data: Any = None, *, project: Project, user: Any, **kwargs: Any) -> None:
        super().__init__(data, project=project, user=user, **kwargs)
        self.targets = list(project.targets.all())
        results = {}
        for n, t in enumerate(self.targets):
            results[f"result_{n}"] = forms.DecimalField(
                label=f"{t.indicator}（目标{t.get_direction_display()}{t.target_value}{t.unit}）实际完成",
                max_digits=14,
                decimal_places=2,
            )
        self.fields = {**results, **self.fields}
        self.order_fields([*results, "conclusion", "notice_from", "notice_to"])

    def results(self) -> dict[int, Decimal]:
        return {t.pk: self.cleaned_data[f"result_{n}"] for n, t in enumerate(self.targets)}
