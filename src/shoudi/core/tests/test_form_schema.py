from decimal import Decimal

from django import forms

from shoudi.core.form_schema import form_schema
from shoudi.core.forms import Form


class Sample(Form):
    day = forms.DateField(label="日期")
    note = forms.CharField(label="情况", widget=forms.Textarea, max_length=20)
    kind = forms.ChoiceField(label="类型", choices=[("", "—"), ("a", "甲")], required=False)
    amount = forms.DecimalField(label="金额", min_value=Decimal(0), max_digits=8, decimal_places=2, required=False)
    photo = forms.FileField(label="照片", required=False, widget=forms.FileInput(attrs={"accept": "image/png"}))


def test_schema_carries_the_limits_the_server_checks():
    fields = {f["name"]: f for f in form_schema(Sample())}
    assert fields["day"] == {"name": "day", "label": "日期", "kind": "date", "required": True}
    assert fields["note"]["kind"] == "textarea" and fields["note"]["max_length"] == 20
    assert fields["kind"]["choices"] == [["", "—"], ["a", "甲"]] and "required" not in fields["kind"]
    assert fields["amount"]["kind"] == "decimal" and fields["amount"]["decimal_places"] == 2
    assert fields["amount"]["min_value"] == "0"
    assert fields["photo"]["attrs"] == {"accept": "image/png"}


def test_schema_keeps_the_order_asked_for():
    assert [f["name"] for f in form_schema(Sample(), ["kind", "day"])] == ["kind", "day"]
