"""The asset ledger: registering an asset, every form on an asset's page (确权, 移交, 管护, 运营, 岗位, 收益, 状态, 材料,
处置申请, 核销申请 and the county's write-off decision), the distribution plan and each of its steps, each step of
the three disposal routes, the import (upload, confirm) and export, and the two filters. Each is tried as the
role that uses it, on objects put in the right state through the services (``shoudi.testing.assets``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from shoudi.assets.models import Asset, Disposal, ImportBatch, IncomePlan, WriteOff
from shoudi.jobs.models import Job
from shoudi.testing.assets import asset_made, disposal_at, import_staged, income_of, ledger_xlsx, plan_at, writeoff_at

from .spec import Upload, form

TODAY = dt.date.today().isoformat()
MONTH_AGO = (dt.date.today() - dt.timedelta(days=30)).isoformat()
WEEK_ON = (dt.date.today() + dt.timedelta(days=7)).isoformat()
LAST_YEAR = dt.date.today().year - 1
PDF = Upload("鉴定意见.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")


def _asset(**kw: Any) -> Any:
    return lambda w: asset_made(w.village, **kw)


def _asset_page(w: Any, ctx: Any) -> str:
    return f"/assets/{getattr(ctx, 'asset_id', None) or ctx.pk}/"


def _fresh(ctx: Asset) -> Asset:
    return Asset.objects.get(pk=ctx.pk)


LEDGER = Upload("资产台账.xlsx", ledger_xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


# ---- registering an asset, the filters ---------------------------------------------------------------------

form(
    name="assets.asset_create",
    form="assets.asset_create",
    url_name="assets:create",
    persona="county",
    page=lambda w, ctx: "/assets/new/",
    valid={
        "name": "当造村村级光伏电站",
        "asset_class": "operating",
        "village_code": "520628101203",
        "ledger_level": "village",
        "value": "300000",
        "formed_on": "2019-06-30",
        "project_year": "2019",
        "fund_central": "300000",
    },
    changed=lambda w, ctx: Asset.objects.filter(name="当造村村级光伏电站", fundings__source="central").exists(),
    success="已登记资产",
)

form(
    name="assets.filter",
    form="assets.filter",
    url_name="assets:list",
    persona="county",
    method="get",
    setup=_asset(name="当造村光伏电站"),
    page=lambda w, ctx: "/assets/",
    valid={"asset_class": "operating", "q": "光伏"},
    after_valid=lambda page, w, ctx: page.wait_for_selector("text=当造村光伏电站"),
)

form(
    name="assets.writeoff_filter",
    form="assets.writeoff_filter",
    url_name="assets:writeoffs",
    persona="clerk",
    method="get",
    setup=lambda w: writeoff_at("approved"),
    page=lambda w, ctx: "/assets/writeoffs/",
    valid={"level": "village", "area": "520628101"},
)

# ---- an asset's page ----------------------------------------------------------------------------------------


def _on_asset(action: str, persona: str, valid: dict[str, Any], changed: Any, success: str, **extra: Any) -> None:
    """One form of an asset's page, posted to ``assets:act`` (by default on a confirmed operating asset)."""
    form(
        name=f"assets.{action}" + extra.pop("suffix", ""),
        form=f"assets.{action}",
        url_name="assets:act",
        persona=persona,
        setup=extra.pop("setup", _asset()),
        page=_asset_page,
        valid={f"{action}-{k}" if "-" not in k else k: v for k, v in valid.items()},
        changed=changed,
        success=success,
        **extra,
    )


_on_asset(
    "confirm",
    "county",
    {
        "owner_type": "collectives",
        "confirmed_on": TODAY,
        "supervision_holder": "盘石镇人民政府",
        "owners-0-village_code": "520628101203",
        "owners-0-share": "60",
        "owners-1-village_code": "520628101204",
        "owners-1-share": "40",
    },
    lambda w, ctx: _fresh(ctx).owners.count() == 2 and _fresh(ctx).owner_type == "collectives",
    "已确权",
    setup=_asset(owner=""),
)
_on_asset(
    "transfer",
    "county",
    {"transferred_on": TODAY, "title": "资产移交清单", "number": "YJ-2026-1"},
    lambda w, ctx: _fresh(ctx).transfer_system == "collective" and _fresh(ctx).documents.exists(),
    "已登记移交",
)
_on_asset(
    "care",
    "committee_a",
    {
        "maintenance_owner": "当造村村民委员会",
        "maintenance_person": "吴大山",
        "maintenance_funds": "1200",
        "maintenance_funds_source": "村集体经济收益",
    },
    lambda w, ctx: _fresh(ctx).maintenance_person == "吴大山",
    "已保存管护情况",
    setup=_asset(asset_class="public"),
)
_on_asset(
    "operation",
    "committee_a",
    {
        "operation_mode": "lease",
        "operator": "松桃县某农业合作社",
        "operation_start": "2024-01-01",
        "operation_end": "2028-12-31",
        "agreed_return": "12000",
    },
    lambda w, ctx: _fresh(ctx).operation_mode == "lease",
    "已保存运营情况",
)
_on_asset(
    "post",
    "committee_a",
    {"holder_name": "杨二妹", "category": "former_poor", "duty": "道路保洁", "started_on": TODAY},
    lambda w, ctx: _fresh(ctx).posts.filter(holder_name="杨二妹").exists(),
    "已登记管护岗位",
    setup=_asset(asset_class="public"),
)
_on_asset(
    "income",
    "committee_a",
    {"received_on": TODAY, "amount": "5000", "payer": "松桃县某农业合作社"},
    lambda w, ctx: _fresh(ctx).incomes.filter(amount=5000).exists(),
    "已登记收益",
)
_on_asset(
    "status",
    "committee_a",
    {"status": "idle", "reason": "承包方退租，暂无经营主体"},
    lambda w, ctx: _fresh(ctx).status == "idle",
    "已变更资产状态",
)
_on_asset(
    "document",
    "committee_a",
    {"kind": "agreement", "title": "光伏电站租赁协议", "number": "ZL-2026-01", "issued_on": MONTH_AGO, "file": PDF},
    lambda w, ctx: _fresh(ctx).documents.filter(title="光伏电站租赁协议").exclude(file="").exists(),
    "已登记材料",
)
_on_asset(
    "disposal",
    "committee_a",
    {
        "reason": "end_of_life",
        "way": "scrap",
        "decision_body": "representatives_assembly",
        "decided_on": TODAY,
        "attendees": "30",
        "votes_for": "25",
        "note": "设备老化，维修费用高于残值",
    },
    lambda w, ctx: Disposal.objects.filter(asset=ctx, route="standard", status="proposed").exists(),
    "已提交处置申请",
    setup=_asset(value="250000.00"),
    invalid={"number": "disposal-attendees"},
)
_on_asset(
    "disposal",
    "county",
    {"reason": "replaced", "way": "transfer", "note": "被新建水厂替代"},
    lambda w, ctx: Disposal.objects.filter(asset=ctx, route="state").exists(),
    "已提交处置申请",
    setup=_asset(value="5000.00", owner="state"),
    suffix=".state",
)
_on_asset(
    "writeoff",
    "committee_a",
    {
        "cause": "flood",
        "occurred_on": MONTH_AGO,
        "amount": "40000",
        "doc_kind": "technical_appraisal",
        "doc_title": "灾损鉴定意见",
        "doc_number": "JD-2026-7",
        "doc_issuer": "县水务局",
    },
    lambda w, ctx: WriteOff.objects.filter(asset=ctx, document__number="JD-2026-7").exists(),
    "已提交核销申请",
)

# ---- the distribution plan and its steps --------------------------------------------------------------------


def _earning(w: Any) -> Asset:
    asset = asset_made(w.village, name="当造村茶叶加工厂")
    income_of(asset, dt.date(LAST_YEAR, 6, 30), "20000.00")
    return asset


form(
    name="assets.plan",
    form="assets.plan",
    url_name="assets:plan_create",
    persona="committee_a",
    setup=_earning,
    page=lambda w, ctx: f"/assets/{ctx.pk}/plans/new/",
    valid={
        "year": str(LAST_YEAR),
        "no_labor_amount": "6000",
        "no_labor_beneficiaries": "12",
        "no_labor_description": "无劳动能力脱贫人口每人500元",
        "welfare_posts_amount": "9000",
        "decision_body": "representatives_assembly",
        "decided_on": TODAY,
        "attendees": "40",
        "votes_for": "36",
        "notice_from": TODAY,
        "notice_to": WEEK_ON,
    },
    invalid={"number": "no_labor_amount"},
    changed=lambda w, ctx: IncomePlan.objects.filter(asset=ctx, status="proposed", amount=15000).exists(),
    success="已提交乡镇审批",
)


def _step(kind: str, action: str, persona: str, setup: Any, status: str, **extra: Any) -> None:
    """One step form of a plan or a disposal, taken on an object its ``setup`` put at the step's status."""
    model, page = {
        "plan": (IncomePlan, lambda w, ctx: f"/assets/plans/{ctx.pk}/"),
        "disposal": (Disposal, lambda w, ctx: f"/assets/disposals/{ctx.pk}/"),
        "writeoff": (WriteOff, _asset_page),  # the county decides on the asset's page
    }[kind]
    valid = {f"{action}-on": TODAY, f"{action}-reason": "同意", **extra.pop("valid", {})}
    if action == "reject":
        valid[f"{action}-reason"] = "不符合规定"
        extra.setdefault("invalid", {"required": "reject-reason"})
    form(
        name=f"assets.{kind}_act.{action}" + extra.pop("suffix", ""),
        form=f"assets.{kind}_act.{action}",
        url_name=f"assets:{kind}_act",
        persona=persona,
        setup=setup,
        page=page,
        valid=valid,
        changed=lambda w, ctx: model.objects.get(pk=ctx.pk).status == status,
        success="已办理",
        **extra,
    )


_step("writeoff", "approve", "county", lambda w: writeoff_at("proposed"), "approved")
_step("writeoff", "reject", "county", lambda w: writeoff_at("proposed"), "rejected")
_step("plan", "approve", "township", lambda w: plan_at("proposed"), "approved")
_step("plan", "reject", "township", lambda w: plan_at("proposed"), "rejected")
_step("plan", "file", "county", lambda w: plan_at("approved"), "filed")
_step("plan", "reject", "county", lambda w: plan_at("approved"), "rejected", suffix=".county")

# ---- the disposal routes ------------------------------------------------------------------------------------


def notice(action: str) -> dict[str, Any]:
    return {f"{action}-notice_from": TODAY, f"{action}-notice_to": WEEK_ON}


APPROVAL = {
    "approve-title": "关于同意报废村级光伏电站的批复",
    "approve-number": "松乡振〔2026〕12号",
    "approve-file": PDF,
}
COMPLETE = {"complete-proceeds": "3000", "complete-proceeds_use": "industry"}

D, SIMPLE, STATE = disposal_at, {"route": "simplified"}, {"route": "state"}
_step("disposal", "review", "township", lambda w: D("proposed"), "reviewed")
_step("disposal", "reject", "township", lambda w: D("proposed"), "rejected")
_step("disposal", "approve", "county", lambda w: D("reviewed"), "approved", valid=APPROVAL)
_step("disposal", "publish", "county", lambda w: D("approved"), "published", valid=notice("publish"))
_step("disposal", "complete", "committee_a", lambda w: D("published"), "completed", valid=COMPLETE)
_step("disposal", "notice", "committee_a", lambda w: D("proposed", **SIMPLE), "notice", valid=notice("notice"))
_step("disposal", "no_objection", "committee_a", lambda w: D("notice", **SIMPLE), "published")
_step("disposal", "reject", "committee_a", lambda w: D("notice", **SIMPLE), "rejected", suffix=".objection")
_step("disposal", "approve", "county", lambda w: D("proposed", **STATE), "approved", valid=APPROVAL, suffix=".state")
_step("disposal", "complete", "county", lambda w: D("published", **STATE), "completed", suffix=".state")

# ---- import and export --------------------------------------------------------------------------------------

form(
    name="assets.import",
    form="assets.import",
    url_name="assets:import",
    persona="county",
    page=lambda w, ctx: "/assets/import/",
    valid={"file": LEDGER},
    changed=lambda w, ctx: ImportBatch.objects.filter(file_name="资产台账.xlsx", status="staged").exists(),
    success="正在逐行检查",
)


form(
    name="assets.import_confirm",
    form="assets.import_confirm",
    url_name="assets:import_batch",
    persona="county",
    setup=lambda w: import_staged(w.user("county")),
    page=lambda w, ctx: f"/assets/import/{ctx.pk}/",
    valid={},
    changed=lambda w, ctx: (
        ImportBatch.objects.get(pk=ctx.pk).status == "applied" and Asset.objects.filter(name="当造村冷库").exists()
    ),
    success="已确认导入",
)

form(
    name="assets.export",
    form="assets.export",
    url_name="assets:export",
    persona="county",
    setup=_asset(name="当造村光伏电站"),
    page=lambda w, ctx: "/assets/export/",
    valid={"level": "village", "area": "520628101"},
    changed=lambda w, ctx: (
        Job.objects.filter(kind=Job.Kind.EXPORT_ASSETS, status="done").exclude(result_file="").exists()
    ),
    success="已开始导出",
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=export-download]"),
)
