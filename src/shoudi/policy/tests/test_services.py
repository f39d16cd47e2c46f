"""Setting parameters: all-or-nothing loads, periods that never overlap, permissions by area, audit."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from shoudi.core.models import AuditEntry
from shoudi.policy import services
from shoudi.policy.labels import label
from shoudi.policy.models import Parameter
from shoudi.policy.params import ParameterSet, resolve
from shoudi.policy.values import ParameterLoadError


def doc(*entries):
    return {"parameters": list(entries)}


def line(region, year, value, **kw):
    return {"key": "monitoring_line", "region": region, "year": year, "value": value, "source": "测试文件", **kw}


def test_builtin_load_is_idempotent_and_audited(db):
    first = services.parameter_load_builtin()
    assert first.created == Parameter.objects.count() > 10
    again = services.parameter_load_builtin()
    assert (again.created, again.updated, again.unchanged) == (0, 0, first.created)
    assert AuditEntry.objects.filter(object_type="parameter", action="create").count() == first.created


def test_resolve_reports_the_record_used(builtin):
    found = resolve("monitoring_line", "520628101203", dt.date(2021, 6, 15))
    assert found.value == Decimal("6320")
    assert found.region_used == "52"
    assert Parameter.objects.get(pk=found.record.id).key == "monitoring_line"


def test_a_county_value_overrides_the_province_for_its_households_only(builtin, county):
    services.parameter_load(by=county, data=doc(line("520628", 2021, "6500")))
    on = dt.date(2021, 6, 15)
    assert resolve("monitoring_line", "520628101203", on).value == Decimal("6500")
    assert resolve("monitoring_line", "520627100201", on).value == Decimal("6320")
    assert Parameter.objects.get(region_code="520628").set_by == county


def test_a_load_with_one_bad_entry_writes_nothing(builtin, county):
    before = Parameter.objects.count()
    data = doc(
        line("520628", 2022, "6600"),
        line("520628", 2023, "abc"),
        line("52", 2022, "6600"),  # a county officer may not set the province
        line("520627", 2022, "6600"),  # nor another county
    )
    with pytest.raises(ParameterLoadError) as info:
        services.parameter_load(by=county, data=data)
    assert Parameter.objects.count() == before
    assert len(info.value.errors) == 3
    assert "不是有效数字" in info.value.errors[0]
    assert all("无权" in e for e in info.value.errors[1:])


def test_a_province_administrator_sets_the_province_and_its_counties(builtin, province_admin):
    result = services.parameter_load(
        by=province_admin, data=doc(line("52", 2022, "6600"), line("520628", 2022, "6800"))
    )
    assert result.created == 2
    with pytest.raises(ParameterLoadError, match="无权"):
        services.parameter_load(by=province_admin, data=doc(line("53", 2022, "9000")))
    with pytest.raises(ParameterLoadError, match="无权"):
        services.parameter_load(by=province_admin, data=doc({**line("00", 2022, "1")}))


def test_users_without_edit_policy_cannot_set_anything(builtin, township, leader):
    for user in (township, leader):
        with pytest.raises(ParameterLoadError, match="无权"):
            services.parameter_load(by=user, data=doc(line("520628", 2022, "6600")))


def test_the_same_period_again_is_a_correction_with_before_and_after(builtin, county):
    services.parameter_load(by=county, data=doc(line("520628", 2022, "6600")))
    result = services.parameter_load(by=county, data=doc(line("520628", 2022, "6650", article="更正")))
    assert result.updated == 1
    param = Parameter.objects.get(region_code="520628", key="monitoring_line")
    assert param.value == "6650"
    entry = AuditEntry.objects.filter(object_id=str(param.pk), action="update").get()
    assert entry.changes["取值"] == ["6600", "6650"]
    assert entry.actor == county


def test_a_new_value_closes_an_open_ended_one(builtin, county):
    first = {"key": "notice_days", "region": "520628", "valid_from": "2022-01-01", "value": "7", "source": "县文件"}
    second = {**first, "valid_from": "2024-03-01", "value": "10"}
    services.parameter_load(by=county, data=doc(first))
    result = services.parameter_load(by=county, data=doc(second))
    assert result.closed == 1
    old = Parameter.objects.get(region_code="520628", key="notice_days", valid_from=dt.date(2022, 1, 1))
    assert old.valid_to == dt.date(2024, 2, 29)
    assert resolve("notice_days", "520628", dt.date(2024, 2, 29)).value == 7
    assert resolve("notice_days", "520628", dt.date(2024, 3, 1)).value == 10
    assert resolve("notice_days", "520627", dt.date(2024, 3, 1)).value == 5


def test_overlapping_closed_periods_are_refused(builtin, county):
    services.parameter_load(by=county, data=doc(line("520628", 2022, "6600")))
    overlap = {
        "key": "monitoring_line",
        "region": "520628",
        "valid_from": "2022-07-01",
        "valid_to": "2023-06-30",
        "value": "7000",
        "source": "x",
    }
    with pytest.raises(ParameterLoadError, match="重叠"):
        services.parameter_load(by=county, data=doc(overlap))


def test_formulas_are_checked_when_loaded(builtin, county):
    broken = {"key": "monitoring_line", "region": "520628", "year": 2022, "formula": "2 * dibao_standard_monthly * 12"}
    with pytest.raises(ParameterLoadError, match="dibao_standard_monthly"):
        services.parameter_load(by=county, data=doc({**broken, "source": "县文件"}))
    dibao = {"key": "dibao_standard_monthly", "region": "520628", "year": 2022, "value": "600", "source": "县文件"}
    services.parameter_load(by=county, data=doc(dibao, {**broken, "source": "县文件"}))
    assert resolve("monitoring_line", "520628101203", dt.date(2022, 5, 1)).value == Decimal("14400")


def test_parameter_add_is_one_entry_of_a_load(builtin, county):
    services.parameter_add(
        by=county, key="monitoring_line", region_code="520628", year=2022, value="6600", source="县文件"
    )
    assert resolve("monitoring_line", "520628", dt.date(2022, 1, 1)).record.source == "县文件"


def test_parameter_set_resolves_many_households_in_one_query(builtin, django_assert_num_queries):
    with django_assert_num_queries(1):
        pset = ParameterSet.load("520628")
    with django_assert_num_queries(0):
        for village in ("520628101203", "520628101204", "520628102202"):
            assert pset.rules(village, dt.date(2021, 6, 15)).line.value == Decimal("6320")


@pytest.mark.parametrize(
    ("on", "text"),
    [(dt.date(2024, 12, 31), "监测对象"), (dt.date(2025, 1, 1), "防止返贫致贫对象")],
)
def test_labels_change_with_policy(builtin, on, text):
    assert label("monitored_object", "520628", on) == text


def test_a_label_falls_back_to_the_default_when_nothing_is_stored(db):
    assert label("monitored_object", "520628", dt.date(2025, 6, 1)) == "监测对象"


def test_the_label_template_tag(builtin):
    from django.template import Context, Template

    template = Template('{% load policy_labels %}{% policy_label "monitored_object" region on %}')
    assert template.render(Context({"region": "520628", "on": dt.date(2025, 3, 1)})) == "防止返贫致贫对象"
    assert template.render(Context({"region": "520628", "on": dt.date(2023, 3, 1)})) == "监测对象"


def test_a_request_reads_the_stored_parameters_once_and_sees_its_own_writes(builtin, django_assert_num_queries):
    """The workbench's panels each load the area's parameters: within one request it is one query; a parameter
    written in the same request is seen by the reads after it."""
    from shoudi.core.memo import RequestMemoMiddleware
    from shoudi.policy.params import stored_records

    def page(request):
        with django_assert_num_queries(1):
            first = stored_records("520628")
            assert stored_records("520628") == first
        Parameter.objects.filter(key="monitoring_line", region_code="52").update(source="改")
        record = Parameter.objects.filter(key="monitoring_line", region_code="52").first()
        record.source = "再改"
        record.save()
        again = stored_records("520628")
        return [r for r in again if r.key == "monitoring_line" and r.region_code == "52"]

    lines = RequestMemoMiddleware(page)(None)
    assert lines and all(r.source == "再改" for r in lines)
