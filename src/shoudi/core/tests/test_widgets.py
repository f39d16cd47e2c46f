import datetime as dt

from django.utils import translation

from shoudi.core.widgets import DateInput


def test_date_input_renders_the_iso_date_browsers_accept_in_chinese_locale():
    with translation.override("zh-hans"):
        html = DateInput().render("on", dt.date(2026, 1, 2))
    assert 'type="date"' in html and 'value="2026-01-02"' in html


def test_fast_select_renders_what_django_select_renders():
    """The household and case filters' select: the same HTML as Django's, escaping and selection included."""
    from django import forms

    from shoudi.core.widgets import FastSelect

    choices = [("", "全部村"), ("520628100001", "一村"), ("520628100002", "<b>二村</b> & 三组")]
    attrs = {"id": "id_village", "hx-get": "/x/?a=1&b=2"}
    for value in ("", "520628100002", None, ["520628100001"]):
        ours = FastSelect(choices=choices).render("village", value, attrs=attrs)
        django = forms.Select(choices=choices).render("village", value, attrs=attrs)
        assert ours.replace("\n", "") == django.replace("\n", "").replace("  ", "")
    assert "&lt;b&gt;二村&lt;/b&gt; &amp; 三组" in FastSelect(choices=choices).render("village", "")
