import datetime as dt
import io

import pytest
from django.urls import reverse

from shoudi.assets.models import Asset, Disposal, ImportBatch
from shoudi.assets.tests.builders import make_asset
from shoudi.core.models import AuditEntry
from shoudi.jobs.models import Job
from shoudi.testing.assets import disposal_at, plan_at, writeoff_at
from shoudi.testing.factories import VILLAGE_A, VILLAGE_B

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def ledger(committee_a, township, county):
    """One object of each kind of page: a plan, a disposal, a write-off and a document."""
    plan = plan_at("draft")
    asset = plan.asset
    disposal = disposal_at("proposed")
    writeoff = writeoff_at("proposed", asset=asset)
    return {"asset": asset, "plan": plan, "disposal": disposal, "writeoff": writeoff, "document": writeoff.document}


def _urls(ledger):
    a = ledger["asset"]
    return [
        reverse("assets:detail", args=[a.pk]),
        reverse("assets:plan_create", args=[a.pk]),
        reverse("assets:plan", args=[ledger["plan"].pk]),
        reverse("assets:disposal", args=[ledger["disposal"].pk]),
    ]


@pytest.mark.parametrize("persona", ["committee_a", "township", "county"])
def test_pages_render_for_each_actor(client, request, ledger, persona):
    user = request.getfixturevalue(persona)
    login(client, user)
    for url in [
        reverse("assets:list"),
        reverse("assets:warnings"),
        reverse("assets:notices"),
        reverse("assets:writeoffs"),
        reverse("core:workbench"),
        *_urls(ledger),
    ]:
        if url.endswith("/plans/new/") and persona != "committee_a":
            continue
        response = client.get(url)
        assert response.status_code == 200, url
    assert "项目资产" in client.get(reverse("core:workbench")).content.decode()


def test_other_village_gets_404_everywhere(client, committee_b, ledger):
    login(client, committee_b)
    for url in _urls(ledger):
        assert client.get(url).status_code == 404, url
    assert client.get(reverse("assets:document", args=[ledger["document"].pk])).status_code == 404
    response = client.post(
        reverse("assets:act", args=[ledger["asset"].pk, "income"]),
        {"income-amount": "1", "income-received_on": "2024-01-01"},
    )
    assert response.status_code == 404
    assert client.post(reverse("assets:plan_act", args=[ledger["plan"].pk, "approve"])).status_code == 404
    assert client.post(reverse("assets:writeoff_act", args=[ledger["writeoff"].pk, "approve"])).status_code == 404
    assert ledger["asset"].name not in client.get(reverse("assets:list")).content.decode()


def test_village_contact_and_clerk_see_no_ledger(client, village_a, clerk):
    login(client, village_a)
    assert client.get(reverse("assets:list")).status_code == 404
    assert client.get(reverse("projects:list")).status_code == 404
    client.logout()
    login(client, clerk)
    assert client.get(reverse("assets:list")).status_code == 404
    assert client.get(reverse("assets:writeoffs")).status_code == 200


def test_refused_action_shows_the_reason_next_to_the_field(client, committee_a):
    asset = make_asset(VILLAGE_A)
    login(client, committee_a)
    response = client.post(
        reverse("assets:act", args=[asset.pk, "writeoff"]),
        {"writeoff-cause": "flood", "writeoff-occurred_on": "2024-07-01", "writeoff-note": "山洪冲毁"},
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "专业技术鉴定意见或法定资质中介机构出具的专项报告" in text
    assert "山洪冲毁" in text  # the input is kept
    assert not asset.writeoffs.exists()


def test_a_bad_number_is_a_field_error_not_a_500(client, committee_a):
    asset = make_asset(VILLAGE_A, value="250000.00")
    login(client, committee_a)
    response = client.post(
        reverse("assets:act", args=[asset.pk, "disposal"]),
        {
            "disposal-reason": "end_of_life",
            "disposal-way": "scrap",
            "disposal-decision_body": "villagers_assembly",
            "disposal-decided_on": "2025-01-01",
            "disposal-attendees": "三十",
            "disposal-votes_for": "20",
            "disposal-note": "年久失修",
        },
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert 'data-field="disposal-attendees"' in text and "请填写数字" in text
    assert "年久失修" in text
    assert not Disposal.objects.exists()


def test_disposal_steps_take_the_posted_dates(client, committee_a, township, county):
    """The route that answered 500 in the browser: the approval with its document, the notice dates."""
    disposal = disposal_at("reviewed")
    login(client, county)
    url = reverse("assets:disposal_act", args=[disposal.pk, "approve"])
    refused = client.post(url, {"approve-title": "", "approve-on": dt.date.today().isoformat()})
    assert refused.status_code == 400 and 'data-field="approve-title"' in refused.content.decode()
    client.post(url, {"approve-title": "关于同意报废的批复", "approve-number": "松乡振〔2026〕3号", "approve-on": ""})
    assert Disposal.objects.get(pk=disposal.pk).status == "reviewed"  # the date is required
    today = dt.date.today().isoformat()
    done = client.post(url, {"approve-title": "关于同意报废的批复", "approve-on": today}, follow=True)
    assert "已办理" in done.content.decode()
    client.post(
        reverse("assets:disposal_act", args=[disposal.pk, "publish"]),
        {"publish-notice_from": today, "publish-notice_to": today, "publish-on": today},
    )
    assert Disposal.objects.get(pk=disposal.pk).status == "published"


def test_county_confirms_collective_shares_on_the_page(client, county):
    asset = make_asset(VILLAGE_A, owner="")
    login(client, county)
    management = {"owners-TOTAL_FORMS": "4", "owners-INITIAL_FORMS": "0"}
    data = {
        **management,
        "confirm-owner_type": "collectives",
        "confirm-confirmed_on": "2024-01-01",
        "owners-0-village_code": VILLAGE_A,
        "owners-0-share": "55",
        "owners-1-village_code": VILLAGE_B,
        "owners-1-share": "44",
    }
    refused = client.post(reverse("assets:act", args=[asset.pk, "confirm"]), data)
    assert refused.status_code == 400 and "当前为99.00%" in refused.content.decode()
    response = client.post(
        reverse("assets:act", args=[asset.pk, "confirm"]), {**data, "owners-1-share": "45"}, follow=True
    )
    assert "已确权" in response.content.decode()
    assert Asset.objects.get(pk=asset.pk).owners.count() == 2


def _xlsx(rows, header):
    import xlsxwriter

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["松桃县扶贫项目资产台账"])
    sheet.write_row(1, 0, header)
    for n, row in enumerate(rows, start=2):
        for col, value in enumerate(row):
            if isinstance(value, str):
                sheet.write_string(n, col, value)  # as a clerk's sheet holds text, even "=..."
            else:
                sheet.write_number(n, col, value)
    book.close()
    buffer.seek(0)
    buffer.name = "台账.xlsx"
    return buffer


HEADER = [
    "资产编号",
    "资产名称",
    "资产类别",
    "所在村代码",
    "资产原值（元）",
    "形成日期",
    "所有权类型",
    "所有权人",
    "中央衔接资金（元）",
]


def test_import_reports_every_bad_row_and_writes_nothing(client, county):
    login(client, county)
    rows = [
        ["", "村级光伏电站", "经营性资产", VILLAGE_A, "300000", "2019-06-30", "村集体经济组织", "", "300000"],
        ["", "通组路", "公益性", VILLAGE_A, "-5", "2019/6/30", "", "", ""],
        ["", "茶园", "经营性资产", "520628101299", "1000", "2019-13-01", "", "", ""],
        [
            "",
            "联村冷库",
            "经营性资产",
            VILLAGE_A,
            "100000",
            "2020-01-01",
            "多个村集体按份共有",
            f"{VILLAGE_A}:60;{VILLAGE_B}:30",
            "",
        ],
    ]
    response = client.post(reverse("assets:import"), {"file": _xlsx(rows, HEADER)}, follow=True)
    text = response.content.decode()
    assert "第4行 资产类别：资产类别“公益性”不在可选范围内" in text
    assert "第4行 资产原值（元）：资产原值不能为负数" in text
    assert "第5行 所在村代码：村代码“520628101299”不存在" in text
    assert "第6行 所有权人" in text and "当前90.00" in text
    batch = ImportBatch.objects.get()
    assert batch.status == "invalid" and batch.job.kind == Job.Kind.IMPORT_ASSETS
    assert not Asset.objects.exists()
    assert client.post(reverse("assets:import_batch", args=[batch.pk])).status_code == 400


def test_import_applies_all_rows_after_checking(client, county):
    login(client, county)
    rows = [
        ["", "村级光伏电站", "经营性资产", VILLAGE_A, "300000", "2019-06-30", "村集体经济组织", "", "300000"],
        ["ZC-OLD-2", '=HYPERLINK("x")', "公益性资产", VILLAGE_B, 12000.5, "2018-05-01", "", "", ""],
    ]
    response = client.post(reverse("assets:import"), {"file": _xlsx(rows, HEADER)}, follow=True)
    batch = ImportBatch.objects.get()
    assert batch.status == "staged", batch.errors
    assert f'href="/jobs/{batch.job.pk}/"' in response.content.decode()
    assert not Asset.objects.exists()
    client.post(reverse("assets:import_batch", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == "applied" and batch.job.stage == "apply" and batch.job.status == "done"
    assert Asset.objects.count() == 2
    solar = Asset.objects.get(name="村级光伏电站")
    assert solar.owner_type == "collective" and solar.fundings.get().source == "central"
    assert AuditEntry.objects.filter(action="import").count() == 1
    # exported ledgers, as a job: one sheet per class and the write-off ledger; formulas neutralised
    client.post(reverse("assets:export"), {"level": "", "area": county.area_id})
    job = Job.objects.get(kind=Job.Kind.EXPORT_ASSETS)
    assert job.status == "done", job.error
    page = client.get(reverse("assets:export")).content.decode()
    assert reverse("jobs:download", args=[job.pk]) in page and reverse("jobs:detail", args=[job.pk]) in page
    response = client.get(reverse("jobs:download", args=[job.pk]))
    from python_calamine import CalamineWorkbook

    book = CalamineWorkbook.from_filelike(io.BytesIO(b"".join(response.streaming_content)))
    assert book.sheet_names == ["经营性资产台账", "公益性资产台账", "到户类资产台账", "核销登记台账"]
    public = book.get_sheet_by_name("公益性资产台账").to_python()
    assert public[2][:3] == ["序号", "资产编号", "资产名称"]
    assert public[3][2] == '\'=HYPERLINK("x")'
    assert public[4][0] == "合计" and public[4][9] == 12000.5
    assert AuditEntry.objects.filter(action="export").exists()


def test_filters_refuse_bad_values_without_breaking(client, county, clerk):
    login(client, county)
    response = client.get(reverse("assets:list"), {"asset_class": "__x__", "q": "光伏"})
    assert response.status_code == 400 and 'data-field="asset_class"' in response.content.decode()
    client.logout()
    login(client, clerk)
    assert client.get(reverse("assets:writeoffs"), {"level": "__x__"}).status_code == 400


def test_a_step_from_a_stale_page_says_so(client, committee_a, township):
    plan = plan_at("proposed")
    login(client, township)
    url = reverse("assets:plan_act", args=[plan.pk, "approve"])
    client.post(url, {"approve-on": dt.date.today().isoformat()})
    again = client.post(url, {"approve-on": dt.date.today().isoformat()}, follow=True)
    assert "不能再办理此环节" in again.content.decode()
    assert client.post(reverse("assets:plan_act", args=[plan.pk, "vote"]), {}).status_code == 404
    client.logout()
    login(client, committee_a)  # not the committee's step, in any status
    assert client.post(url, {}).status_code == 404
