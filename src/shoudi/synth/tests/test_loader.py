"""Loading a province's Parquet files into the database (``shoudi synth load-province``), with monitoring."""

from __future__ import annotations

import datetime as dt
import shutil
from io import StringIO

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from shoudi.assistance.models import Measure, Plan
from shoudi.core.access import in_area
from shoudi.core.models import AuditEntry
from shoudi.monitoring import codes as mc
from shoudi.monitoring.models import Case, CaseRisk, Lead
from shoudi.regions import loader as regions_loader
from shoudi.regions.models import Region
from shoudi.registry.models import FinanceRecord, Household, Person
from shoudi.registry.selectors import households_visible
from shoudi.reports.models import IncomeMonth, IncomeRefresh
from shoudi.synth.loader import LoadError, load_province
from shoudi.synth.province import write_province
from shoudi.testing.factories import COUNTY, VILLAGE_A, household_with_members, make_persona

AS_OF = dt.date(2025, 6, 15)
PERSONS = 3000


def _read(out, table):
    return ds.dataset(out / table, format="parquet").to_table()


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    out = tmp_path_factory.mktemp("province")
    write_province("52", PERSONS, out, 3, as_of=AS_OF, workers=1)
    return out


@pytest.fixture
def guizhou(db):
    regions_loader.load(["52"])


def _counts():
    return Household.objects.count(), Person.objects.count(), FinanceRecord.objects.count()


def test_counts_equal_the_files_and_the_county_officer_sees_the_county(province, guizhou, client):
    summary = load_province(province, as_of=AS_OF)
    households, persons, income = (_read(province, t) for t in ("households", "persons", "income"))
    assert _counts() == (households.num_rows, persons.num_rows, income.num_rows)
    assert (summary.households, summary.persons, summary.finance_rows) == _counts()
    assert Person.objects.count() == PERSONS
    # the income indicators' village summary is built with the load, so the first report needn't
    assert IncomeRefresh.objects.filter(area_id="52").exists()
    months = {m.as_py() for m in pc.unique(income["month"])}
    assert set(IncomeMonth.objects.values_list("month", flat=True).distinct()) == months

    officer = make_persona("county")
    in_county = pc.sum(pc.starts_with(households["village_code"], COUNTY)).as_py()
    assert in_county > 0
    assert households_visible(officer).count() == in_county
    household = households_visible(officer).order_by("number").first()
    head = household.members.get(relationship="head")
    client.force_login(officer)
    html = client.get(reverse("registry:detail", args=[household.pk])).content.decode()
    assert household.number in html and head.name in html
    elsewhere = Household.objects.exclude(in_area("village_id", COUNTY)).first()
    assert client.get(reverse("registry:detail", args=[elsewhere.pk])).status_code == 404


def test_rows_are_laid_out_as_the_county_writer_lays_them_out(province, guizhou):
    load_province(province, monitoring_share=0, as_of=AS_OF)
    households, persons = _read(province, "households"), _read(province, "persons")
    row = households.slice(0, 1).to_pylist()[0]
    h = Household.objects.get(number=row["household_number"])
    assert (h.village_id, h.status, h.exit_year, h.land_mu, h.debt, h.phone) == (
        row["village_code"],
        row["status"],
        row["exit_year"],
        row["land_mu"],
        row["debt"],
        row["phone"],
    )
    first = persons.filter(pc.equal(persons["household_number"], row["household_number"])).to_pylist()
    members = {p.id_number: p for p in h.members.all()}
    assert set(members) == {p["id_number"] for p in first}
    for p in first:
        m = members[p["id_number"]]
        assert (m.name, m.birth_date, m.relationship, m.work_income) == (
            p["name"],
            p["birth_date"],
            p["relationship"],
            p["work_income"],
        )
    assert (
        h.finance_records.count() == pc.sum(pc.equal(_read(province, "income")["household_number"], h.number)).as_py()
    )
    for obj in [h, *members.values(), *h.finance_records.all()[:20]]:
        obj.full_clean(validate_unique=False, validate_constraints=False)
    relocated = set(households.filter(households["relocated"])["village_code"].to_pylist())
    assert relocated and all(Region.objects.get(code=c).relocation_site for c in relocated)
    assert Case.objects.count() == Lead.objects.count() == 0
    entry = AuditEntry.objects.get(action=AuditEntry.Action.IMPORT, object_id="52")
    assert entry.changes["户数"] == households.num_rows


def test_monitoring_at_the_share_asked_for_with_risks_measures_and_leads(province, guizhou):
    load_province(province, monitoring_share=0.2, as_of=AS_OF, seed=5)
    households = Household.objects.count()
    cases = Case.objects.all()
    assert 0.15 * households < cases.count() < 0.25 * households
    assert cases.values("household").distinct().count() == cases.count()
    assert not cases.exclude(village_id__in=Household.objects.values("village_id")).exists()
    assert not cases.filter(opened_on__gt=AS_OF).exists()
    assert not cases.filter(opened_on__lt=AS_OF - dt.timedelta(days=18 * 31)).exists()
    eliminated = cases.filter(status=mc.Status.ELIMINATED)
    assert 0.15 * cases.count() < eliminated.count() < 0.5 * cases.count()
    assert set(eliminated.values_list("elimination_kind", flat=True)) == set(mc.EliminationKind.values)
    assert not eliminated.filter(period_end__lt=dt.date(2000, 1, 1)).exists()
    for case in eliminated:
        assert (case.period_end - case.period_start).days >= 183 and not case.is_open
    assert not CaseRisk.objects.exclude(case__in=cases).exists()
    assert all(1 <= c.risks.count() <= mc.MAX_RISK_TYPES for c in cases)
    entered = cases.filter(period_start__isnull=False)
    assert Plan.objects.count() == entered.count()
    assert Measure.objects.filter(case__in=entered).values("case").distinct().count() > 0.8 * entered.count()
    leads = Lead.objects.all()
    assert 1.3 * cases.count() < leads.count() < 1.7 * cases.count()
    assert leads.filter(status=mc.LeadStatus.CONVERTED).count() == cases.count()
    # every channel but 集中排查, whose leads come from a round's visits (the synthetic province holds no round)
    assert set(leads.values_list("channel", flat=True)) == set(mc.Channel.values) - {mc.Channel.ROUND}
    department = leads.filter(channel=mc.Channel.DEPARTMENT)
    assert not department.filter(rule="").exists() and not department.filter(department="").exists()
    for obj in [*cases[:30], *Measure.objects.all()[:30], *leads[:30], *Plan.objects.all()[:10]]:
        obj.full_clean(validate_unique=False, validate_constraints=False)


def test_a_second_load_is_refused_and_replace_loads_again(province, guizhou):
    load_province(province, as_of=AS_OF)
    before = (*_counts(), Case.objects.count(), Lead.objects.count())
    with pytest.raises(LoadError, match=r"已有 .* 户模拟数据.*--replace"):
        load_province(province, as_of=AS_OF)
    assert (*_counts(), Case.objects.count(), Lead.objects.count()) == before
    summary = load_province(province, as_of=AS_OF, replace=True)
    assert summary.replaced == before[0]
    assert (*_counts(), Case.objects.count(), Lead.objects.count()) == before


def test_regions_must_be_loaded_first(province, db):
    with pytest.raises(LoadError, match="shoudi regions load --province 52"):
        load_province(province, as_of=AS_OF)
    assert _counts() == (0, 0, 0)


def test_a_person_of_an_unknown_household_names_file_row_and_field(province, guizhou, tmp_path):
    broken = tmp_path / "broken"
    shutil.copytree(province, broken)
    path = sorted((broken / "persons").glob("*.parquet"))[-1]
    table = pq.read_table(path)
    numbers = table["household_number"].to_pylist()
    numbers[1] = "52999999999999999"
    pq.write_table(table.set_column(0, "household_number", pa.array(numbers, pa.string())), path)
    with pytest.raises(LoadError, match=rf"persons/{path.stem}\.parquet 第 2 行 household_number.*52999999999999999"):
        load_province(broken, as_of=AS_OF)
    assert _counts() == (0, 0, 0)


def test_the_command_loads_and_refuses_a_second_time(province, guizhou):
    out = StringIO()
    call_command("synth", "load-province", "--from", str(province), "--monitoring-share", "0", stdout=out)
    assert f"{PERSONS:,} 人" in out.getvalue()
    with pytest.raises(CommandError, match="--replace"):
        call_command("synth", "load-province", "--from", str(province), stdout=StringIO())
    with pytest.raises(CommandError, match="households"):
        call_command("synth", "load-province", "--from", str(province / "persons"), stdout=StringIO())


def test_an_id_number_already_in_the_registry_is_named_and_nothing_is_written(province, guizhou):
    existing = household_with_members(VILLAGE_A, size=1)  # a real (16-digit) household, kept by --replace
    taken = _read(province, "persons")["id_number"][5].as_py()
    Person.objects.filter(household=existing).update(id_number=taken)
    with pytest.raises(LoadError, match="已有 1 户数据"):
        load_province(province, as_of=AS_OF)
    with pytest.raises(LoadError, match=rf"身份证号.*{taken}|身份证号.*重复"):
        load_province(province, as_of=AS_OF, replace=True)
    assert _counts() == (1, 1, 0)
