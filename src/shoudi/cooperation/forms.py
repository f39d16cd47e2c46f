"""Forms of the cooperation pages: they parse what was typed into the services' typed inputs; the rules live in
the services (``services``, ``flows``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from decimal import Decimal
from typing import Any

from django import forms

from shoudi.cooperation import codes
from shoudi.cooperation.services import PairingInput
from shoudi.core.forms import Form, set_choices
from shoudi.core.widgets import DateInput

Choices = Sequence[tuple[str, Any]]
MAX = Decimal("99999999999.99")


def _money(label: str, **kw: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, min_value=Decimal(0), max_value=MAX, max_digits=13, decimal_places=2, **kw)


def _date(label: str, **kw: Any) -> forms.DateField:
    return forms.DateField(label=label, widget=DateInput(), **kw)


def _choice(label: str, choices: Any, **kw: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=[("", "请选择"), *choices], **kw)


def _year(label: str = "年度", **kw: Any) -> forms.IntegerField:
    return forms.IntegerField(label=label, min_value=2016, max_value=2100, **kw)


class PairingFilter(Form):
    kind = forms.ChoiceField(label="协作类型", required=False, choices=[("", "全部"), *codes.PairingKind.choices])
    year = _year("协议期覆盖年度", required=False)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部"), *codes.PairingStatus.choices])


class YearForm(Form):
    year = _year()


class PairingForm(Form):
    kind = _choice("协作类型", codes.PairingKind.choices)
    area = forms.ChoiceField(label="本地区域", help_text="东西部协作、定点帮扶选本县；驻村帮扶、万企兴万村选村")
    name = forms.CharField(label="结对名称", max_length=200, help_text="如：松桃县—东莞市长安镇东西部协作")
    partner = forms.CharField(
        label="协作方", max_length=200, help_text="协作城市（镇街）、定点帮扶单位、派出单位或企业"
    )
    partner_location = forms.CharField(label="协作方所在地或层级", max_length=100, required=False)
    agreement_from = _date("协议期起")
    agreement_to = _date("协议期止", required=False)
    agreement_no = forms.CharField(label="协议文号", max_length=100, required=False)
    status = forms.ChoiceField(label="状态", choices=codes.PairingStatus.choices, initial=codes.PairingStatus.ACTIVE)
    note = forms.CharField(label="备注", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2}))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, areas: Choices = (), new: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "area", [("", "请选择"), *areas])
        if new:
            del self.fields["version"]

    def entry(self) -> PairingInput:
        d = self.cleaned_data
        return PairingInput(
            kind=d["kind"],
            area_code=d["area"],
            name=d["name"],
            partner=d["partner"],
            partner_location=d["partner_location"],
            agreement_from=d["agreement_from"],
            agreement_to=d["agreement_to"],
            agreement_no=d["agreement_no"],
            status=d["status"],
            note=d["note"],
        )


class TargetsForm(Form):
    year = _year()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for value, label in codes.Indicator.choices:
            places = 2 if value in codes.MONEY_INDICATORS else 0
            self.fields[value] = forms.DecimalField(
                label=str(label),
                required=False,
                min_value=Decimal(0),
                max_value=MAX,
                max_digits=13,
                decimal_places=places,
            )

    @staticmethod
    def values_of(cleaned: dict[str, Any]) -> dict[str, Decimal | None]:
        return {value: cleaned.get(value) for value in codes.Indicator.values}


class MemberForm(Form):
    name = forms.CharField(label="姓名", max_length=50)
    role = _choice("职务", codes.MemberRole.choices)
    unit = forms.CharField(label="派出单位", max_length=200, required=False)
    phone = forms.CharField(label="联系电话", max_length=20, required=False)
    from_date = _date("到岗日期")
    to_date = _date("离岗日期", required=False)


class FundForm(Form):
    received_on = _date("到位日期")
    year = _year("资金年度", required=False, help_text="空则取到位日期的年度")
    amount = _money("金额（元）")
    source = _choice("资金来源", codes.FundSource.choices)
    project_code = forms.CharField(
        label="安排项目编号", max_length=40, required=False, help_text="项目库中的项目编号，可空"
    )
    note = forms.CharField(label="说明", max_length=200, required=False)


class ProjectForm(Form):
    project_code = forms.CharField(label="项目编号", max_length=40)
    year = _year("计入年度")
    note = forms.CharField(label="说明", max_length=200, required=False)


class TransferForm(Form):
    id_number = forms.CharField(label="身份证号", max_length=18)
    destination = forms.CharField(label="务工地", max_length=100, help_text="如：广东省东莞市长安镇")
    employer = forms.CharField(label="用工单位", max_length=200, required=False)
    started_on = _date("上岗日期")
    months = forms.IntegerField(label="务工月数", min_value=0, max_value=12, required=False)
    monthly_pay = _money("月工资（元）", required=False)


class ImportForm(Form):
    works = forms.MultipleChoiceField(label="东部协作城市务工记录", widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args: Any, works: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "works", works)


class ExchangeForm(Form):
    name = forms.CharField(label="姓名", max_length=50)
    kind = _choice("人才类别", codes.TalentKind.choices)
    direction = _choice("方向", codes.Direction.choices)
    unit = forms.CharField(label="派出或挂职单位", max_length=200, required=False)
    started_on = _date("到岗日期")
    ended_on = _date("离岗日期", required=False)
    note = forms.CharField(label="备注", max_length=200, required=False)


class MeetingForm(Form):
    held_on = _date("日期")
    kind = _choice("类型", codes.MeetingKind.choices)
    place = forms.CharField(label="地点", max_length=100)
    leader_level = _choice("参加领导层级", codes.LeaderLevel.choices)
    leaders = forms.CharField(label="参加领导", max_length=200, required=False)
    minutes = forms.CharField(
        label="会议纪要", max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class BuyersForm(Form):
    buyers = forms.MultipleChoiceField(
        label="协作方采购单位（消费帮扶台账）", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, buyers: Choices = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        set_choices(self, "buyers", buyers)


class _Seen(Form):
    """When the editor loaded the row (its ``updated_at``): the service refuses to overwrite a newer save."""

    seen = forms.CharField(widget=forms.HiddenInput, required=False, max_length=40)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = data.get("seen") or ""
        try:
            data["seen"] = dt.datetime.fromisoformat(text) if text else None
        except ValueError:
            data["seen"] = None
            self.add_error(None, "页面已过期，请刷新后重新填写")
        return data

    def values(self) -> dict[str, Any]:
        """What the service takes besides the row (``seen`` included)."""
        return dict(self.cleaned_data)


class MemberEditForm(MemberForm, _Seen):
    pass


class FundEditForm(FundForm, _Seen):
    pass


class ExchangeEditForm(ExchangeForm, _Seen):
    pass


class MeetingEditForm(MeetingForm, _Seen):
    pass


class WithdrawForm(Form):
    """撤销 a record (or delete a pairing): a reason for the log and an explicit confirmation."""

    reason = forms.CharField(label="撤销原因", max_length=500, help_text="如：金额录入错误、重复登记；记入操作日志")
    confirm = forms.BooleanField(
        label="确认撤销这条记录", error_messages={"required": "请勾选确认后再撤销"}, required=True
    )

    def __init__(self, *args: Any, what: str = "这条记录", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confirm"].label = f"确认撤销{what}"


# What the confirmation of 撤销 names, per kind of record on a pairing's page.
WITHDRAW_WHAT = {
    "member": "这名成员",
    "fund": "这条资金记录",
    "project": "这个协作项目",
    "transfer": "这条劳务输出记录",
    "exchange": "这条人才交流记录",
    "meeting": "这条会议记录",
    "buyer": "关联该采购单位",
}


def withdraw_form(kind: str, pk: Any, data: Any = None) -> WithdrawForm:
    """The 撤销 form of one row (its own ids: many sit on one page)."""
    return WithdrawForm(data, what=WITHDRAW_WHAT[kind], auto_id=f"w{str(pk).replace('-', '')[:12]}_%s")


class PairingDeleteForm(WithdrawForm):
    """Deleting a pairing registered by mistake (only one with no records)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, what="删除该结对", auto_id="del_%s", **kwargs)
        self.fields["reason"].label = "删除原因"
        self.fields["reason"].help_text = "如：重复登记、类型选错；记入操作日志"
