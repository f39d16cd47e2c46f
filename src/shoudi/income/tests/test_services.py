"""sheet_save and feed_lines_replace: what a save replaces, the version check, the history and the refusals."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from shoudi.core.access import NotVisible
from shoudi.core.errors import ConflictError
from shoudi.core.models import AuditEntry
from shoudi.income import selectors, services
from shoudi.income.inputs import LineInput
from shoudi.income.models import IncomeLine, Source
from shoudi.reports.models import IncomeDirty
from shoudi.testing.factories import VILLAGE_A, household_with_members

pytestmark = pytest.mark.django_db(transaction=False)
D = Decimal


@pytest.fixture
def household(regions):
    return household_with_members(VILLAGE_A, size=3)


def _save(by, household, lines, **kw):
    return services.sheet_save(by=by, household=household, year=2026, lines=lines, source="page", **kw)


def test_save_creates_sheet_with_lines_summary_and_history(village_a, household, django_capture_on_commit_callbacks):
    head = household.members.get(relationship="head")
    with django_capture_on_commit_callbacks(execute=True):
        sheet = _save(
            village_a,
            household,
            [
                LineInput("migrant_work", D("36000"), head.pk, "out_province", 10),
                LineInput("crops", D("3000")),
                LineInput("production_cost", D("1200")),
                LineInput("medical", D("500")),
            ],
        )
    assert sheet.version == 1 and sheet.collector == village_a and sheet.starts == dt.date(2026, 1, 1)
    summary = selectors.sheet_summary(sheet)
    assert summary.income == D("39000") and summary.costs == D("1200") and summary.net == D("37800")
    assert summary.members == 3 and summary.per_capita == D("12600.00")
    assert summary.kinds["rigid"] == D("500")
    entry = AuditEntry.objects.get(household_id=household.pk, object_type="incomesheet")
    assert entry.action == "create"
    assert entry.changes[f"务工收入（{head.name}）"] == [None, "36000.00"]
    assert IncomeDirty.objects.filter(village_id=VILLAGE_A).exists()


def test_second_save_replaces_typed_lines_and_records_before_after(village_a, household):
    _save(village_a, household, [LineInput("crops", D("3000")), LineInput("dibao", D("4000"))])
    sheet = _save(village_a, household, [LineInput("crops", D("3500"))], expected_version=1)
    assert sheet.version == 2
    assert [(line.item, line.amount) for line in sheet.lines.all()] == [("crops", D("3500"))]
    entry = AuditEntry.objects.filter(household_id=household.pk, action="update").get()
    assert entry.changes == {"种植业收入": ["3000.00", "3500.00"], "低保金": ["4000.00", None]}


def test_stale_version_is_a_conflict_and_writes_nothing(village_a, household):
    _save(village_a, household, [LineInput("crops", D("3000"))])
    with pytest.raises(ConflictError, match="已被他人修改"):
        _save(village_a, household, [LineInput("crops", D("1"))], expected_version=0)
    assert IncomeLine.objects.get().amount == D("3000")


def test_refusals_name_the_item_and_write_nothing(village_a, household, regions):
    other = household_with_members(VILLAGE_A, size=1).members.get()
    bad = [
        LineInput("crops", D("-1")),
        LineInput("dibao", D("1E+30")),
        LineInput("pension", D("1.234")),
        LineInput("migrant_work", D("100"), other.pk),
        LineInput("crops", D("12"), monthly=(D(1),) * 12, work_months=3),
        LineInput("nonsense", D("1")),
    ]
    with pytest.raises(ValidationError) as caught:
        _save(village_a, household, bad)
    errors = caught.value.message_dict
    assert errors["lines.0.amount"] == ["种植业收入：金额不能为负数"]
    assert "超过" in errors["lines.1.amount"][0]
    assert "两位小数" in errors["lines.2.amount"][0]
    assert "不是本户家庭成员" in errors["lines.3.member_id"][0]
    assert "务工月数只用于工资性收入" in errors["lines.4.work_months"][0]
    assert "lines.5.item" in errors
    with pytest.raises(ValidationError, match="12个月合计"):
        _save(village_a, household, [LineInput("crops", D("13"), monthly=(D(1),) * 12)])
    assert not IncomeLine.objects.exists()


def test_someone_elses_village_or_role_is_not_found(village_b, leader, household):
    for user in (village_b, leader):
        with pytest.raises(NotVisible):
            _save(user, household, [LineInput("crops", D("1"))])


def test_department_lines_kept_unless_the_same_item_is_typed(village_a, county, household):
    services.feed_lines_replace(
        by=county,
        household=household,
        year=2026,
        department="medical_insurance",
        batch_ref="b1",
        amounts={"medical": D("32800")},
    )
    sheet = _save(village_a, household, [LineInput("crops", D("3000"))], expected_version=1)
    assert {(line.item, line.source) for line in sheet.lines.all()} == {("crops", "page"), ("medical", "feed")}
    sheet = _save(village_a, household, [LineInput("crops", D("3000")), LineInput("medical", D("1743"))])
    assert {(line.item, line.amount, line.source) for line in sheet.lines.all()} == {
        ("crops", D("3000"), "page"),
        ("medical", D("1743"), "page"),
    }


def test_feed_batch_applied_twice_does_not_double(county, household):
    for _ in range(2):
        services.feed_lines_replace(
            by=county,
            household=household,
            year=2026,
            department="medical_insurance",
            batch_ref="b1",
            amounts={"medical": D("32800")},
        )
    services.feed_lines_replace(
        by=county,
        household=household,
        year=2026,
        department="medical_insurance",
        batch_ref="b2",
        amounts={"medical": D("200")},
    )
    sheet = selectors.sheet_for(household, 2026)
    assert sheet is not None and sheet.source == Source.FEED
    assert sorted(line.amount for line in sheet.lines.all()) == [D("200"), D("32800")]
    assert [line.department_label for line in selectors.department_lines(household)] == ["医保", "医保"]


def test_saving_the_same_lines_again_changes_nothing(village_a, household):
    lines = [LineInput("crops", D("3000"), monthly=(D(250),) * 12), LineInput("dibao", D("4000"))]
    _save(village_a, household, lines)
    sheet = _save(village_a, household, list(reversed(lines)))
    assert sheet.version == 1
    assert AuditEntry.objects.filter(household_id=household.pk, object_type="incomesheet").count() == 1
