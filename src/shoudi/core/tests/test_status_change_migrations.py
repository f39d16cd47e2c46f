"""The three history tables took the one row shape of ``core.models.StatusChange`` by migrations that keep
every row: monitoring's frozen assessment becomes ``snapshot``; the projects' and the assets' ``opinion``
becomes ``reason``, the assets' ``action_label`` becomes ``label``, and each row gets its business date.

The suite itself runs without migrations, so this test migrates a fresh SQLite file in a child process: up to
the migrations before the change, writes rows as the old code did, then migrates to the end and reads them."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import datetime as dt, json
    import django
    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    BEFORE = [("monitoring", "0002_lead_rule"), ("projects", "0001_initial"), ("assets", "0002_initial")]
    call_command("migrate", "regions", "0001", verbosity=0)
    for app, name in BEFORE:
        call_command("migrate", app, name, verbosity=0)
    old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    Region = old.get_model("regions", "Region")
    for code, name, level, parent in (("52", "贵州省", 1, None), ("5206", "铜仁市", 2, "52"), ("520628", "松桃县", 3, "5206"),
                                      ("520628101", "盘石镇", 4, "520628"), ("520628101203", "当造村", 5, "520628101")):
        Region.objects.create(code=code, name=name, level=level, parent_id=parent)
    village = "520628101203"
    day = dt.date(2026, 1, 5)
    household = old.get_model("registry", "Household").objects.create(village_id=village, number=village + "0001")
    Case = old.get_model("monitoring", "Case")
    case = Case.objects.create(household_id=household.pk, village_id=village, status="id_data_check", status_on=day,
                               channel="cadre_visit", opened_on=day, deadline=day)
    frozen = {"per_capita_net_income": "4200.00"}
    old.get_model("monitoring", "CaseTransition").objects.create(
        case=case, action="id_home_check", label="入户核实", from_status="id_home_check", to_status="id_data_check",
        on=day, assessment=frozen)
    project = old.get_model("projects", "Project").objects.create(code="P1", name="水果基地", year=2026, level="village",
                                                                  area_id=village)
    old.get_model("projects", "ProjectStep").objects.create(project=project, action="submit", from_status="draft",
                                                             to_status="submitted", opinion="村民代表会议通过")
    asset = old.get_model("assets", "Asset").objects.create(code="A1", name="光伏电站", asset_class="operating",
                                                            value="300000.00", formed_on=day, village_id=village,
                                                            ledger_level="village")
    old.get_model("assets", "ApprovalStep").objects.create(asset=asset, action="propose", action_label="村民主决策",
                                                           from_status="", to_status="proposed", opinion="同意处置")

    call_command("migrate", verbosity=0)
    from shoudi.assets.models import ApprovalStep
    from shoudi.monitoring.models import CaseTransition
    from shoudi.projects.models import ProjectStep
    c, p, a = CaseTransition.objects.get(), ProjectStep.objects.get(), ApprovalStep.objects.get()
    print(json.dumps({
        "case": [c.snapshot, c.label, c.on.isoformat()],
        "project": [p.reason, p.label, bool(p.on)],
        "asset": [a.reason, a.label, bool(a.on)],
    }, ensure_ascii=False))
    """
)


def test_the_history_rows_keep_their_content_through_the_migrations(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "shoudi.settings",
        "SHOUDI_DEBUG": "1",
        "SHOUDI_DATA_DIR": str(tmp_path),
        "SHOUDI_DATABASE_URL": f"sqlite:///{tmp_path / 'shoudi.sqlite3'}",
    }
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = json.loads(done.stdout.strip().splitlines()[-1])
    assert rows["case"] == [{"per_capita_net_income": "4200.00"}, "入户核实", "2026-01-05"]
    assert rows["project"][0] == "村民代表会议通过" and rows["project"][1] and rows["project"][2]
    assert rows["asset"] == ["同意处置", "村民主决策", True]
