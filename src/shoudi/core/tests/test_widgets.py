import datetime as dt

from django.utils import translation

from shoudi.core.widgets import DateInput


def test_date_input_renders_the_iso_date_browsers_accept_in_chinese_locale():
    with translation.override("zh-hans"):
        html = DateInput().render("on", dt.date(2026, 1, 2))
    assert 'type="date"' in html and 'value="2026-01-02"' in html
