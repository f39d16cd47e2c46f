"""Forms of the income import/export page (the upload is only checked cheaply here; the job reads the file)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone

from shoudi.core.forms import Form
from shoudi.income.io.layout import YEAR_MAX, YEAR_MIN
from shoudi.regions.selectors import area_choices
from shoudi.registry.io.forms import ImportForm as HouseholdImportForm


class ImportForm(HouseholdImportForm):
    """The household import's upload checks (size, not a spreadsheet, empty), with income's wording."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = (
            "Excel（.xlsx/.xls）、WPS/LibreOffice（.ods）或 CSV；“按户填写”每户每年度一行，或“按项目填写”每个项目一行；"
            "不超过100 MB、50万行"
        )


class ExportForm(Form):
    area = forms.ChoiceField(label="区域")
    year = forms.IntegerField(
        label="年度",
        min_value=YEAR_MIN,
        max_value=YEAR_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": "年度应为四位数字",
            "required": "请填写年度",
            "min_value": f"年度应在{YEAR_MIN}–{YEAR_MAX}年之间",
            "max_value": f"年度应在{YEAR_MIN}–{YEAR_MAX}年之间",
        },
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].initial = timezone.localdate().year
        area_field = self.fields["area"]
        assert isinstance(area_field, forms.ChoiceField)
        area_field.choices = area_choices(user)
