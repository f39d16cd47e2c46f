import pytest
from django.core.exceptions import ValidationError

from shoudi.core.access import NotVisible
from shoudi.core.errors import ConflictError
from shoudi.core.models import AuditEntry
from shoudi.registry import services
from shoudi.registry.idnumber import mask
from shoudi.registry.models import Household, Person
from shoudi.testing.factories import VILLAGE_A, VILLAGE_B, next_id

pytestmark = pytest.mark.django_db


def _members(*ids):
    rels = ["head", "spouse", "son", "daughter"]
    return [{"id_number": i, "name": f"成员{n}", "relationship": rels[n]} for n, i in enumerate(ids)]


def test_create_household_with_members_writes_history(village_a):
    household = services.household_create(
        by=village_a,
        data={"village_code": VILLAGE_A, "status": "former_poor", "exit_year": 2019, "housing_grade": "B"},
        members=_members(next_id(), next_id(female=True)),
    )
    assert household.number == f"{VILLAGE_A}0001"
    assert household.members.count() == 2
    head = household.members.get(relationship="head")
    assert head.sex == "M" and head.birth_date.year >= 1950
    entries = AuditEntry.objects.filter(household_id=household.pk)
    assert entries.filter(action="create", object_type="household").count() == 1
    assert entries.filter(action="create", object_type="person").count() == 2
    # the full ID never lands in the history
    assert not any(head.id_number in str(e.changes) for e in entries)


def test_update_records_before_and_after(village_a, household_a):
    services.household_update(by=village_a, household=household_a, data={"housing_grade": "C", "water_safe": False})
    entry = AuditEntry.objects.filter(household_id=household_a.pk, action="update").get()
    assert entry.changes["住房安全等级"] == ["A级", "C级"]
    assert entry.changes["饮水安全"] == [True, False]
    assert entry.actor == village_a


def test_stale_version_is_refused(village_a, household_a):
    services.household_update(by=village_a, household=household_a, data={"debt": "100"}, expected_version=1)
    with pytest.raises(ConflictError):
        services.household_update(by=village_a, household=household_a, data={"debt": "200"}, expected_version=1)


@pytest.mark.parametrize(
    ("data", "members", "field", "message"),
    [
        ({"village_code": "520628101299"}, None, "village", "不存在"),
        ({"village_code": VILLAGE_B}, None, "village", "不在您负责的区域内"),
        ({"village_code": "520628101"}, None, "village", "不是村级区划"),
        ({"village_code": VILLAGE_A, "debt": "-5"}, None, "debt", "不能为负数"),
        ({"village_code": VILLAGE_A, "status": "rich"}, None, "status", "rich"),
        (
            {"village_code": VILLAGE_A},
            [{"id_number": "520628198002301236", "name": "甲", "relationship": "head"}],
            "id_number",
            "不存在",
        ),
        (
            {"village_code": VILLAGE_A},
            [{"id_number": "52062819800503123", "name": "甲", "relationship": "head"}],
            "id_number",
            "18位",
        ),
        (
            {"village_code": VILLAGE_A},
            [{"id_number": None, "name": "甲", "relationship": "spouse"}],
            "id_number",
            "不能为空",
        ),
    ],
)
def test_bad_input_is_refused_with_field_and_nothing_saved(village_a, data, members, field, message):
    members = members or _members(next_id())
    with pytest.raises(ValidationError) as info:
        services.household_create(by=village_a, data=data, members=members)
    errors = info.value.message_dict
    assert field in errors, errors
    assert message in " ".join(errors[field])
    assert Household.objects.count() == 0
    assert Person.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_exactly_one_head(village_a):
    members = _members(next_id(), next_id())
    members[1]["relationship"] = "head"
    with pytest.raises(ValidationError, match="有且只有一位户主"):
        services.household_create(by=village_a, data={"village_code": VILLAGE_A}, members=members)


def test_person_in_two_households_names_both(village_a, household_a):
    taken = household_a.members.first().id_number
    with pytest.raises(ValidationError) as info:
        services.household_create(by=village_a, data={"village_code": VILLAGE_A}, members=_members(taken))
    assert household_a.number in info.value.message_dict["id_number"][0]
    assert Household.objects.count() == 1


def test_roles_without_edit_right_cannot_write(leader, clerk, household_a):
    for user in (leader, clerk):
        with pytest.raises(NotVisible):
            services.household_update(by=user, household=household_a, data={"debt": "1"})


def test_finance_set_audits_and_refuses_negative(village_a, household_a):
    services.finance_set(by=village_a, household=household_a, month="2026-03", item="migrant_work", amount="3000")
    services.finance_set(by=village_a, household=household_a, month="2026-03", item="migrant_work", amount="3500")
    entries = AuditEntry.objects.filter(household_id=household_a.pk).order_by("at", "id")
    assert [next(iter(e.changes.values())) for e in entries] == [[None, "3000.00"], ["3000.00", "3500.00"]]
    with pytest.raises(ValidationError, match="不能为负数"):
        services.finance_set(by=village_a, household=household_a, month="2026-03", item="crops", amount="-1")


def test_a_key_that_is_not_a_household_fact_is_refused_by_name(village_a, household_a):
    with pytest.raises(ValidationError) as info:
        services.household_update(by=village_a, household=household_a, data={"debt": "1", "colour": "red"})  # type: ignore[typeddict-unknown-key]
    assert list(info.value.message_dict) == ["colour"]
    with pytest.raises(ValidationError) as info:
        services.household_update(by=village_a, household=household_a, data={"number": "5206281012039999"})
    assert "number" in info.value.message_dict
    household_a.refresh_from_db()
    assert household_a.debt == 0 and household_a.version == 1


def test_person_update_is_audited_with_the_id_number_masked(village_a, household_a):
    person = household_a.members.exclude(relationship="head").first()
    old, new = person.id_number, next_id(female=True)
    services.person_update(by=village_a, person=person, data={"id_number": new, "labor": "weak"})
    person.refresh_from_db()
    assert person.id_number == new and person.sex == "F" and person.labor == "weak"
    entry = AuditEntry.objects.get(object_type="person", action="update")
    assert entry.changes["劳动技能"] == ["普通劳动力", "弱劳动力或半劳动力"]
    assert entry.changes["性别"] == ["男", "女"]
    assert old not in str(entry.changes) and new not in str(entry.changes)
    assert entry.changes["身份证号"] == [mask(old), mask(new)]
    assert entry.household_id == household_a.pk and entry.area_code == VILLAGE_A


def test_person_update_keeps_one_head(village_a, household_a):
    spouse = household_a.members.get(relationship="spouse")
    with pytest.raises(ValidationError, match="有且只有一位户主"):
        services.person_update(by=village_a, person=spouse, data={"relationship": "head"})
    assert not AuditEntry.objects.exists()


def test_person_remove_keeps_what_it_held_masked(village_a, household_a):
    son = household_a.members.get(relationship="son")
    services.person_remove(by=village_a, person=son, reason="户籍迁出")
    assert not Person.objects.filter(pk=son.pk).exists()
    entry = AuditEntry.objects.get(action="delete")
    assert entry.reason == "户籍迁出" and entry.changes["姓名"] == [son.name, None]
    assert entry.changes["身份证号"] == [mask(son.id_number), None]


def test_the_head_cannot_be_removed(village_a, household_a):
    head = household_a.members.get(relationship="head")
    with pytest.raises(ValidationError) as info:
        services.person_remove(by=village_a, person=head, reason="死亡")
    assert "relationship" in info.value.message_dict
