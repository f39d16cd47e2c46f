"""Per-step deadlines (issue 14; national-practice.md §4): 入户核实 within ``lead_check_days`` of the lead,
信息比对 within ``data_check_days`` of the day the case entered it, the whole identification within
``identification_days`` — each shown with its own due date, an orange 超期 mark on the case list and the
workbench, and "仅看超期" meaning either one overdue."""

from __future__ import annotations

import datetime as dt
import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from shoudi.monitoring import codes, policy_bridge, presenters, selectors, transitions
from shoudi.monitoring.models import Case
from shoudi.monitoring.testing.builders import days_ago, promise_scan
from shoudi.testing.factories import VILLAGE_A, household_with_members

S = codes.Status
TODAY = timezone.localdate


def _at_home_check(driver, opened_days_ago: int) -> Case:
    return driver.lead(household_with_members(VILLAGE_A), days_ago(opened_days_ago))


def _at_data_check(driver, opened_days_ago: int, home_checked_days_ago: int) -> Case:
    case = _at_home_check(driver, opened_days_ago)
    return driver.identify(case, days_ago(home_checked_days_ago), upto=S.ID_DATA_CHECK)


def _list(client, query: str = "") -> str:
    return client.get(reverse("monitoring:cases") + query).content.decode()


def _count(html: str) -> int:
    return int(re.search(r'data-testid="result-count">共 (\d+) 户', html).group(1))


# ---- the presenter: step label, due date, days left, overdue — and the whole procedure's ----------------------


def test_home_check_is_due_lead_check_days_after_the_lead(driver):
    case = _at_home_check(driver, opened_days_ago=4)  # lead_check_days: 3 → due yesterday
    d = presenters.step_deadlines(case, TODAY())
    assert (d.step.label, d.step.due, d.step.left, d.step.overdue) == ("入户核实", days_ago(1), -1, True)
    assert (d.whole.label, d.whole.due, d.whole.overdue) == ("识别办结", days_ago(4) + dt.timedelta(days=15), False)
    assert d.overdue and d.late == 1
    fields = d.fields()
    assert fields["step_label"] == "入户核实" and fields["step_overdue"] is True and fields["any_overdue"] is True
    assert fields["whole_days_left"] == 11 and fields["whole_overdue"] is False


def test_data_check_runs_from_the_day_the_case_entered_it(driver):
    case = _at_data_check(driver, opened_days_ago=8, home_checked_days_ago=6)  # data_check_days: 5
    d = presenters.step_deadlines(case, TODAY())
    assert (d.step.label, d.step.due, d.step.late) == ("信息比对", days_ago(1), 1)
    assert not d.whole.overdue


def test_data_check_counts_from_the_last_entry_after_a_return(driver, county, village_a):
    case = _at_data_check(driver, opened_days_ago=12, home_checked_days_ago=10)
    case = transitions.case_return(by=county, case=case, reason="承诺书未签字，请补充", on=days_ago(3))
    case = transitions.case_home_check(
        by=village_a, case=case, findings="已补签承诺书", promise=promise_scan(), on=days_ago(2)
    )
    d = presenters.step_deadlines(Case.objects.get(pk=case.pk), TODAY())
    assert d.step.due == days_ago(2) + dt.timedelta(days=5) and not d.step.overdue
    listed = selectors.case_list(county, today=TODAY()).get(pk=case.pk)
    assert listed.entered_on == days_ago(2)  # the annotation the list uses: the same day, no query per row
    assert presenters.step_deadlines(listed, TODAY()) == d


def test_other_identification_steps_keep_the_whole_deadline_only(driver):
    case = driver.identify(_at_home_check(driver, 20), days_ago(19), upto=S.ID_TOWNSHIP)
    d = presenters.step_deadlines(case, TODAY())
    assert d.step is None and d.whole.overdue and d.whole.late == 5  # 20 days used of 15
    monitored = driver.identify(_at_home_check(driver, 40), days_ago(39))
    assert monitored.status == S.MONITORED
    assert presenters.step_deadlines(monitored, TODAY()) == presenters.Deadlines()


def test_the_days_of_the_county_and_of_the_day_the_step_began_apply(driver):
    case = _at_home_check(driver, opened_days_ago=4)
    policy_bridge.store_param("lead_check_days", "520628", 7, valid_from=days_ago(30), source="县文件")
    assert not presenters.step_deadlines(case, TODAY()).step.overdue
    # a value that took effect after the lead does not move its deadline
    policy_bridge.store_param("lead_check_days", "520628", 1, valid_from=days_ago(2), source="县文件（新）")
    assert presenters.step_deadlines(case, TODAY()).step.due == days_ago(4) + dt.timedelta(days=7)


# ---- the list: "仅看超期" is step or whole overdue, with the marks; no query per row ---------------------------


def test_overdue_filter_takes_step_or_whole_overdue_and_marks_them(client, driver, county):
    late_home = _at_home_check(driver, opened_days_ago=4)
    _at_home_check(driver, opened_days_ago=1)  # in time
    late_data = _at_data_check(driver, opened_days_ago=8, home_checked_days_ago=6)
    _at_data_check(driver, opened_days_ago=4, home_checked_days_ago=2)  # in time
    late_whole = driver.identify(_at_home_check(driver, 20), days_ago(19), upto=S.ID_REVIEW)
    client.force_login(county)

    html = _list(client, "?overdue=1")
    assert _count(html) == 3
    ids = set(re.findall(r'href="/monitoring/([0-9a-f-]{36})/" data-testid="case-link"', html))
    assert ids == {str(late_home.pk), str(late_data.pk), str(late_whole.pk)}
    assert html.count('data-testid="step-overdue"') == 2 and html.count('data-testid="whole-overdue"') == 1
    assert "入户核实" in html and "信息比对" in html and "超期 1 天" in html and "超期 5 天" in html
    assert html.count('class="is-overdue"') == 3

    html = _list(client)
    assert _count(html) == 5 and html.count('class="is-overdue"') == 3
    assert html.count('data-testid="step-deadline"') == 4 and html.count('data-testid="whole-deadline"') == 5


def test_the_list_reads_the_deadlines_without_a_query_per_case(client, driver, county):
    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("monitoring:cases") + "?overdue=1").status_code == 200
        return len(ctx.captured_queries)

    client.force_login(county)
    _at_home_check(driver, 5)
    _at_data_check(driver, 9, 7)
    queries()  # the first page reads the filters' region lists, which the process then keeps
    few = queries()
    for n in range(4):
        _at_home_check(driver, 5 + n)
        _at_data_check(driver, 9 + n, 7)
    assert _count(_list(client, "?overdue=1")) == 10
    assert queries() == few


AREAS = ("52", "5206", "520628", VILLAGE_A)  # a province, a city, the county, a village


def _overdue(area: str) -> set:
    qs = selectors.with_entered_on(Case.objects.all())
    return set(qs.filter(selectors.overdue_q(TODAY(), area)).values_list("pk", flat=True))


def test_each_county_value_applies_in_the_query_for_any_area(driver):
    """For an area above the counties (a city, a province) each county's own value applies, the province's or
    the default elsewhere: the filter agrees with the presenter."""
    ours = _at_home_check(driver, opened_days_ago=4)  # 松桃县 (520628); default 3 days: overdue
    policy_bridge.store_param("lead_check_days", "520627", 1, valid_from=dt.date(2021, 1, 1), source="沿河县文件")
    assert all(_overdue(area) == {ours.pk} for area in AREAS)
    policy_bridge.store_param("lead_check_days", "52", 5, valid_from=dt.date(2021, 1, 1), source="省文件")
    assert all(_overdue(area) == set() for area in AREAS)  # 沿河县's one day does not reach 松桃县
    assert not presenters.step_deadlines(ours, TODAY()).overdue
    policy_bridge.store_param("lead_check_days", "520628", 2, valid_from=days_ago(10), source="松桃县文件")
    assert all(_overdue(area) == {ours.pk} for area in AREAS)
    assert presenters.step_deadlines(ours, TODAY()).step.late == 2


def test_the_value_in_force_on_the_start_day_decides_in_the_query_too(driver, county):
    before = _at_home_check(driver, opened_days_ago=6)
    policy_bridge.store_param("lead_check_days", "520628", 10, valid_from=dt.date(2021, 1, 1), source="旧县文件")
    policy_bridge.store_param("lead_check_days", "520628", 2, valid_from=days_ago(4), source="新县文件")
    assert presenters.step_deadlines(before, TODAY()).step.due == days_ago(6) + dt.timedelta(days=10)
    after = _at_home_check(driver, opened_days_ago=3)  # began under the new value: 2 days
    assert presenters.step_deadlines(after, TODAY()).step.late == 1
    overdue = selectors.case_list(county, today=TODAY(), overdue=True)
    assert set(overdue.values_list("pk", flat=True)) == {after.pk}


# ---- the workbench ----------------------------------------------------------------------------------------------


def test_workbench_lists_each_task_with_its_step_deadline_and_the_orange_mark(client, driver, village_a, county):
    _at_home_check(driver, opened_days_ago=4)
    _at_home_check(driver, opened_days_ago=1)
    client.force_login(village_a)
    html = client.get(reverse("core:workbench")).content.decode()
    assert 'data-testid="task-overdue">1<' in html
    mine = html.split("<strong>待我办理</strong>")[1].split("</article>")[0]
    assert mine.count("入户核实期限") == 2 and mine.count('data-testid="mine-overdue"') == 1
    assert 'class="badge orange"' in mine
    overdue = html.split("<strong>超期</strong>")[1].split("</article>")[0]
    assert overdue.count('data-testid="overdue-step"') == 1 and "超期 1 天" in overdue

    _at_data_check(driver, opened_days_ago=9, home_checked_days_ago=7)
    client.force_login(county)
    html = client.get(reverse("core:workbench")).content.decode()
    assert 'data-testid="task-overdue">2<' in html  # 入户核实 and 信息比对, both overdue
    mine = html.split("<strong>待我办理</strong>")[1].split("</article>")[0]
    assert "信息比对期限" in mine and 'data-testid="mine-overdue"' in mine
