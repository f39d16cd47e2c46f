"""What the area sweep (``test_area_sweep``) fills URL parameters with: a real object of village A per
parameter name. Add a line to ``PARAMS`` when the sweep asks for one."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from shoudi.assets.tests import sweep as ledger
from shoudi.complaints.tests import sweep as complaints_sweep
from shoudi.cooperation.tests import sweep as cooperation_sweep
from shoudi.employment.tests import sweep_jobs as employment_jobs_sweep
from shoudi.employment.tests import sweep_posts as employment_posts_sweep
from shoudi.employment.tests import sweep_projects as employment_projects_sweep
from shoudi.feeds.testing import sweep_batch as feeds_sweep_batch
from shoudi.fieldwork.tests import sweep as fieldwork_sweep
from shoudi.governance.tests import sweep as governance_sweep
from shoudi.hhcodes.tests import sweep as hhcodes_sweep
from shoudi.keycounties.tests import sweep as keycounties_sweep
from shoudi.lowincome.tests import sweep as lowincome_sweep
from shoudi.lowincome.tests import sweep_entitlements
from shoudi.markets.tests import sweep_consumption as markets_consumption_sweep
from shoudi.markets.tests import sweep_produce as markets_produce_sweep
from shoudi.monitoring.models_checks import ExclusionDecision
from shoudi.monitoring.tests import sweep as monitoring
from shoudi.reports.tests import sweep as reports_sweep
from shoudi.screening.tests import sweep as screening_sweep
from shoudi.testing.factories import VILLAGE_A


@dataclass(frozen=True)
class Param:
    """How to fill a URL parameter.

    ``real``: the value is an object of village A that its own people can open (checked by
    ``test_sweep_is_real``); ``False`` for ids of things the sweep does not create (the 404 then comes
    from "not found" — still what village B must get).
    ``obj``: ``False`` for parameters that pick no record (a file format…): such URLs get the content check
    of lists instead of the 404 check."""

    value: Callable[[SweepObjects], Any]
    real: bool = True
    obj: bool = True


@dataclass
class SweepObjects:
    household: Any
    person: Any


# (url namespace or "*", parameter name) → how to fill it. Add a line here when the sweep asks for one.
PARAMS: dict[tuple[str, str], Param] = {
    # 积分制: village A's rulebook, a rule, an entry, a quarterly review and a shop item (governance.tests.sweep); the
    # public board's token opens a public page by design: it gets the no-leak check, not the 404 check
    ("*", "rulebook_id"): Param(lambda o: governance_sweep.rulebook().pk),
    ("*", "rule_id"): Param(lambda o: governance_sweep.rule().pk),
    ("*", "gov_entry_id"): Param(lambda o: governance_sweep.entry().pk),
    ("*", "review_id"): Param(lambda o: governance_sweep.review().pk),
    ("*", "shop_item_id"): Param(lambda o: governance_sweep.item().pk),
    ("governance", "token"): Param(lambda o: governance_sweep.board().token, obj=False),
    # 离线外业: a phone of a village-A contact and a record it uploaded (shoudi.fieldwork.tests.sweep); the
    # device status/wiped calls need no login (the device proves itself by its secret): no-leak check only
    ("*", "device_id"): Param(lambda o: fieldwork_sweep.device().pk),
    ("*", "client_id"): Param(lambda o: fieldwork_sweep.record(o.household).client_id),
    ("api", "device"): Param(lambda o: fieldwork_sweep.device().pk, obj=False),
    # 一户一码: an active code of village A on a household of its own (shoudi.hhcodes.tests.sweep); the public page
    # /c/<token>/ opens for anyone holding the code, by design: it gets the no-leak check, not the 404 check
    ("*", "hhcode_id"): Param(lambda o: hhcodes_sweep.code().pk),
    ("hhcodes_public", "token"): Param(lambda o: hhcodes_sweep.code().token, obj=False),
    ("*", "code_report_id"): Param(lambda o: hhcodes_sweep.report().pk),
    # 重点帮扶县: the county's designation and a support measure (shoudi.keycounties.tests.sweep); the removal page
    # opens only for a province or city, and none of the sweep's insiders is one
    ("*", "key_county_id"): Param(lambda o: keycounties_sweep.sweep_key_county().pk),
    ("*", "support_measure_id"): Param(lambda o: keycounties_sweep.sweep_measure().pk),
    ("*", "designation_id"): Param(lambda o: keycounties_sweep.sweep_key_county().pk, real=False),
    # 消费帮扶: a supplier, product and buyer of the county and the supplier's link to household A
    ("*", "supplier_id"): Param(lambda o: markets_consumption_sweep.supplier().pk),
    ("*", "product_id"): Param(lambda o: markets_consumption_sweep.product().pk),
    ("*", "buyer_id"): Param(lambda o: markets_consumption_sweep.buyer().pk),
    ("*", "link_id"): Param(lambda o: markets_consumption_sweep.link(o.household).pk),
    ("*", "purchase_id"): Param(lambda o: markets_consumption_sweep.purchase().pk),
    ("*", "purchase_batch"): Param(lambda o: markets_consumption_sweep.batch()),
    # 滞销预警: a key product of the county, its warning and a grower in village A (shoudi.markets.tests.sweep_produce)
    ("*", "commodity_id"): Param(lambda o: markets_produce_sweep.commodity().pk),
    ("*", "warning_id"): Param(lambda o: markets_produce_sweep.warning().pk),
    ("*", "grower_id"): Param(lambda o: markets_produce_sweep.grower().pk),
    ("*", "coop_id"): Param(lambda o: cooperation_sweep.sweep_pairing().pk),  # a 驻村帮扶 pairing of village A
    ("*", "coop_member_id"): Param(lambda o: cooperation_sweep.sweep_member().pk),
    ("*", "coop_fund_id"): Param(lambda o: cooperation_sweep.sweep_fund().pk),
    ("*", "coop_link_id"): Param(lambda o: cooperation_sweep.sweep_link().pk),
    ("*", "coop_transfer_id"): Param(lambda o: cooperation_sweep.sweep_transfer(o.person).pk),
    ("*", "coop_exchange_id"): Param(lambda o: cooperation_sweep.sweep_exchange().pk),
    ("*", "coop_meeting_id"): Param(lambda o: cooperation_sweep.sweep_meeting().pk),
    ("*", "coop_buyer_id"): Param(lambda o: cooperation_sweep.sweep_buyer().pk),
    ("*", "household_id"): Param(lambda o: o.household.pk),
    ("*", "person_id"): Param(lambda o: o.person.pk),
    ("*", "code"): Param(lambda o: VILLAGE_A),  # a region code: village A itself
    ("registry", "pk"): Param(lambda o: o.household.pk),
    ("jobs", "job_id"): Param(lambda o: uuid.uuid4(), real=False),
    ("jobs", "pk"): Param(lambda o: uuid.uuid4(), real=False),
    ("registry_io", "fmt"): Param(lambda o: "csv", obj=False),  # the import template: csv or xlsx
    ("*", "action"): Param(lambda o: "submit", obj=False),  # a workflow action name
    ("monitoring", "action"): Param(lambda o: "el_home_check", obj=False),  # the next step of a monitored case
    ("monitoring", "name"): Param(lambda o: "eliminated_too_soon", obj=False),  # a data-quality check
    ("projects", "stage"): Param(lambda o: "submit", obj=False),  # a notice stage (workflow.NOTICE_STAGES)
    ("*", "year"): Param(lambda o: 2026, obj=False),  # 收入核算: the sheet's year (the household is the object)
    ("api", "stage"): Param(lambda o: "submit", obj=False),  # the same, in the project API
    # Project library and asset ledger: real records of village A (shoudi.assets.tests.sweep).
    ("*", "project_id"): Param(lambda o: ledger.project().pk),
    ("*", "asset_id"): Param(lambda o: ledger.asset().pk),
    ("*", "plan_id"): Param(lambda o: ledger.plan().pk),
    ("*", "disposal_id"): Param(lambda o: ledger.disposal().pk),
    ("*", "writeoff_id"): Param(lambda o: ledger.writeoff().pk),
    # the distribution-plan form: only a village committee opens it, and none of the sweep's insiders is one
    ("assets", "for_asset_id"): Param(lambda o: ledger.asset().pk, real=False),
    # Monitoring and assistance: real records of village A (shoudi.monitoring.tests.sweep).
    ("*", "case_id"): Param(lambda o: monitoring.case().pk),
    ("*", "lead_id"): Param(lambda o: monitoring.lead().pk),
    ("*", "measure_id"): Param(lambda o: monitoring.measure().pk),
    ("*", "visit_id"): Param(lambda o: monitoring.visit().pk),
    ("*", "attachment_id"): Param(lambda o: monitoring.attachment().pk),
    ("*", "notice_id"): Param(lambda o: monitoring.notice().pk),
    ("*", "objection_id"): Param(lambda o: monitoring.objection().pk),
    ("*", "application_id"): Param(lambda o: monitoring.application().pk),
    ("*", "announcement_id"): Param(lambda o: monitoring.announcement().pk),
    # a 不纳入情形认定 on the sweep's case (its withdrawal takes POST only)
    ("*", "decision_id"): Param(
        lambda o: (
            ExclusionDecision.objects.get_or_create(
                case=monitoring.case(),
                defaults={
                    "kind": "assembly",
                    "facts": ["区域检查"],
                    "decided_on": monitoring.DAY,
                    "note": "区域检查",
                    "attachment": monitoring.attachment(),
                },
            )[0].pk
        )
    ),
    # 投诉举报: a complaint about village A (shoudi.complaints.tests.sweep).
    ("*", "complaint_id"): Param(lambda o: complaints_sweep.complaint().pk),
    # Reports: a stored report of village A; the assessment scheme's year picks no record.
    ("*", "report_id"): Param(lambda o: reports_sweep.report().pk),
    ("reports", "year"): Param(lambda o: 2026, obj=False),
    # Department data: a real batch of village A's county (shoudi.feeds.testing.sweep_batch); a source id and
    # a template format pick no record.
    ("feeds", "batch_id"): Param(lambda o: feeds_sweep_batch(o.person).pk),
    ("api", "batch_id"): Param(lambda o: feeds_sweep_batch(o.person).pk),
    ("feeds", "source"): Param(lambda o: "medical_claims", obj=False),
    ("api", "source"): Param(lambda o: "medical_claims", obj=False),
    ("feeds", "fmt"): Param(lambda o: "xlsx", obj=False),
    # Screening: a run of village A; fuzzy-match candidates are not created by the sweep.
    ("*", "run_id"): Param(lambda o: screening_sweep.run().pk),
    ("*", "candidate_id"): Param(lambda o: screening_sweep.candidate(o.person).pk),
    ("*", "register_update_id"): Param(lambda o: screening_sweep.register_update(o.person).pk),
    # Records the sweep does not create (yet): any id must still be 404 for village B.
    **{("*", name): Param(lambda o: uuid.uuid4(), real=False) for name in ("document_id", "batch_id")},
    # 结对帮扶, 集中排查 (a round is shared by the villages it covers; its lists are 404-tested in rounds/tests)
    **{("*", n): Param(lambda o: uuid.uuid4(), real=False) for n in ("round_id", "pairing_id")},
    **{("*", n): Param(lambda o: 2_000_000_000, real=False) for n in ("entry_id", "cadre_id")},
    # 常态化帮扶: a referral to 民政 and a membership of village A (shoudi.lowincome.tests.sweep).
    ("*", "referral_id"): Param(lambda o: lowincome_sweep.referral(o.household).pk),
    ("*", "membership_id"): Param(lambda o: lowincome_sweep.membership(o.household).pk),
    ("*", "followup_id"): Param(lambda o: lowincome_sweep.followup(o.household).pk),
    # 就业帮扶: a workshop and a 以工代赈 project of village A (shoudi.employment.tests.sweep_*).
    ("*", "workshop_id"): Param(lambda o: employment_projects_sweep.sweep_workshop().pk),
    ("*", "relief_project_id"): Param(lambda o: employment_projects_sweep.sweep_relief_project().pk),
    ("*", "employer_id"): Param(lambda o: employment_jobs_sweep.employer().pk),
    ("*", "opening_id"): Param(lambda o: employment_jobs_sweep.opening().pk),
    ("*", "recommendation_id"): Param(lambda o: employment_jobs_sweep.recommendation(o.person).pk),
    ("*", "post_id"): Param(lambda o: employment_posts_sweep.post().pk),
    ("*", "holding_id"): Param(lambda o: employment_posts_sweep.holding().pk),
    ("*", "entitlement_id"): Param(lambda o: sweep_entitlements.entitlement(o.person).pk),
    # Accounts: only a system administrator opens a user's pages (none of the sweep's insiders is one).
    ("accounts", "user_id"): Param(lambda o: 1, real=False),
}
