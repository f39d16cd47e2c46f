"""The core kit under every app: the workflow engine, the audited update and the service-error mapping.

The engine is exercised through a real workflow (the project library's), on the rules every workflow shares:
one status-change row and one audit entry per step, the row lock and the version the user saw, role, area
and level, dates, a step that does not apply, and all-or-nothing when a guard refuses."""

from __future__ import annotations

import datetime as dt

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from shoudi.accounts.roles import Role
from shoudi.core.access import NotVisible
from shoudi.core.audit import audited_update
from shoudi.core.errors import ConflictError
from shoudi.core.forms import Form, apply_service_errors
from shoudi.core.models import AuditEntry
from shoudi.projects.models import Project, ProjectStep
from shoudi.projects.workflow import WORKFLOW
from shoudi.testing.factories import CITY, VILLAGE_A, VILLAGE_C, household_with_members, make_user
from shoudi.testing.projects import NOTICE, make_committee, project_at, project_draft

pytestmark = pytest.mark.django_db


@pytest.fixture
def committee(regions):
    return make_committee(VILLAGE_A, "committee_a")


def test_a_step_writes_one_row_and_one_audit_entry_and_bumps_the_version(committee):
    project = project_draft(committee)
    audits = AuditEntry.objects.count()
    moved, row = WORKFLOW.advance(project, "submit", by=committee, reason="村民代表会议通过", payload={"x": 1})
    assert moved.status == "submitted" and moved.version == project.version + 1
    assert (row.from_status, row.to_status, row.label, row.reason, row.payload) == (
        "draft",
        "submitted",
        "村级申报",
        "村民代表会议通过",
        {"x": 1},
    )
    assert ProjectStep.objects.filter(project=project, action="submit").count() == 1
    entry = AuditEntry.objects.exclude(pk__in=AuditEntry.objects.order_by("at")[:audits]).get()
    assert entry.action == "transition" and entry.changes["状态"] == [
        project.get_status_display(),
        moved.get_status_display(),
    ]


def test_a_stale_page_gets_a_conflict_and_nothing_is_written(committee, township):
    project = project_draft(committee)
    stale = Project.objects.get(pk=project.pk)
    WORKFLOW.advance(project, "submit", by=committee)
    rows = ProjectStep.objects.count()
    with pytest.raises(ConflictError):
        WORKFLOW.advance(stale, "submit", by=committee)  # the status it saw is gone
    fresh = Project.objects.get(pk=project.pk)
    with pytest.raises(ConflictError):
        WORKFLOW.advance(fresh, "return_to_village", by=township, reason="x", expected_version=fresh.version - 1)
    assert ProjectStep.objects.count() == rows


def test_role_area_and_level_are_checked(committee, township, county, village_b):
    project = project_draft(committee)
    with pytest.raises(NotVisible):
        WORKFLOW.advance(project, "submit", by=village_b)  # a village contact may not propose projects
    other = make_committee(VILLAGE_C, "committee_c")
    with pytest.raises(NotVisible):
        WORKFLOW.advance(project, "submit", by=other)  # another village: as if it did not exist
    submitted, _ = WORKFLOW.advance(project, "submit", by=committee)
    assert [s.action for s in WORKFLOW.available(township, submitted)] == ["review", "return_to_village"]
    assert WORKFLOW.available(county, submitted) == []
    reviewed, _ = WORKFLOW.advance(submitted, "review", by=township, row={"notice_from": NOTICE.start})
    city = make_user("city_officer", Role.COUNTY_OFFICER, CITY)
    with pytest.raises(ValidationError) as refused:
        WORKFLOW.advance(reviewed, "decide", by=city)  # the city officer sees it, but 审定入库 is the county's
    assert refused.value.code == "wrong_level"


def test_a_date_after_today_or_a_missing_reason_is_refused(committee, township):
    project = project_draft(committee)
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    with pytest.raises(ValidationError) as late:
        WORKFLOW.advance(project, "submit", by=committee, on=tomorrow)
    assert "on" in late.value.message_dict
    submitted, _ = WORKFLOW.advance(project, "submit", by=committee)
    with pytest.raises(ValidationError) as silent:
        WORKFLOW.advance(submitted, "return_to_village", by=township, reason="  ")
    assert silent.value.message_dict["reason"] == ["请填写退回理由"]


def test_a_step_that_does_not_apply_is_neither_offered_nor_taken(committee, county):
    county_project = project_draft(county, "520628")  # the county's own project skips the village submission
    assert "submit" not in [s.action for s in WORKFLOW.available(county, county_project)]
    with pytest.raises(ConflictError):
        WORKFLOW.advance(county_project, "submit", by=county)


def test_a_guard_that_refuses_leaves_nothing_behind(committee):
    project = project_draft(committee)

    def refuse(current, step, day):
        raise ValidationError({"notice_from": "公示开始日期不能为空"})

    with pytest.raises(ValidationError):
        WORKFLOW.advance(project, "submit", by=committee, prepare=refuse)
    assert Project.objects.get(pk=project.pk).status == "draft"
    assert not ProjectStep.objects.filter(action="submit").exists()


def test_after_may_add_to_the_row_and_the_snapshot_sees_it(committee, township, county):
    project = project_at("in_library", proposer=committee, township=township, county=county)

    def after(current, step, change):
        change.payload = {**change.payload, "added": True}
        current.name = "改名之后"

    _, row = WORKFLOW.advance(
        project, "plan", by=county, after=after, snapshot=lambda p: {"name": p.name}, row={"notice_from": NOTICE.start}
    )
    row.refresh_from_db()
    assert row.payload == {"added": True} and row.snapshot == {"name": "改名之后"}


def test_audited_update_records_only_what_changed_and_masks_what_it_must(village_a):
    household = household_with_members(VILLAGE_A, size=1)
    before = AuditEntry.objects.count()
    _, diff = audited_update(household, by=village_a, changes={"address": household.address})
    assert diff == {} and AuditEntry.objects.count() == before
    changed, diff = audited_update(
        household, by=village_a, changes={"address": "三组"}, area_code=VILLAGE_A, mask={"详细地址": lambda v: "***"}
    )
    assert changed.address == "三组" and diff == {"详细地址": ["", "三组"]}
    assert AuditEntry.objects.latest("at").changes == {"详细地址": ["***", "***"]}
    with pytest.raises(ConflictError):
        audited_update(household, by=village_a, changes={"address": "四组"}, expected_version=household.version - 5)


def test_service_errors_land_on_the_field_of_the_form_or_formset_row_that_owns_it():
    class Row(Form):
        amount = forms.DecimalField()

    class Head(Form):
        name = forms.CharField()

    rows = forms.formset_factory(Row, extra=0)(
        {"rows-TOTAL_FORMS": "2", "rows-INITIAL_FORMS": "0", "rows-0-amount": "1", "rows-1-amount": "2"}, prefix="rows"
    )
    head = Head({"name": "x"})
    assert head.is_valid() and rows.is_valid()
    apply_service_errors(
        ValidationError({"name": "重名", "rows-1-amount": "超过预算", "rows": "至少一行", "other": "总体不通过"}),
        head,
        rows,
    )
    assert head.errors["name"] == ["重名"] and head.non_field_errors() == ["总体不通过"]
    assert rows.forms[1].errors["amount"] == ["超过预算"] and list(rows.non_form_errors()) == ["至少一行"]
