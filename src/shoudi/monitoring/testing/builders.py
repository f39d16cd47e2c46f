"""Builders for monitoring tests, the browser test and the benchmark: parameters, uploads, and cases driven
through the real services to any status (so tests start from states the procedures can really reach)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from shoudi.monitoring import codes, extensions, policy_bridge, services, transitions
from shoudi.monitoring import notices as notice_services
from shoudi.monitoring.models import Case
from shoudi.registry.models import FinanceRecord, Household

JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01" + b"\x00" * 200
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"
LINE = Decimal("6320")


def setup_policy(line: Decimal = LINE) -> None:
    """Built-in parameters plus a monitoring line for Guizhou that covers today (test data)."""
    policy_bridge.load_builtin_params()
    policy_bridge.store_param("monitoring_line", "52", line, valid_from=dt.date(2022, 1, 1), source="测试数据")


def reload_reference_data() -> None:
    """The reference data the migrations load, again after a test flushed the tables: every installed app whose
    config has ``load_reference_data`` (assistance: the risk → measure rules). Monitoring names no app above it."""
    for config in apps.get_app_configs():
        loader = getattr(config, "load_reference_data", None)
        if loader is not None:
            loader()


def load_rules() -> None:
    """The risk → measure rules (kept for callers that predate ``shoudi.testing.assistance.load_rules``)."""
    reload_reference_data()


def promise_scan(name: str = "promise.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, JPEG, content_type="image/jpeg")


def jpeg(name: str = "minutes.jpg") -> SimpleUploadedFile:
    """An uploaded JPEG of any name (minutes, evidence)."""
    return promise_scan(name)


def days_ago(n: int) -> dt.date:
    return timezone.localdate() - dt.timedelta(days=n)


def monthly_income(household: Household, *, per_month: Decimal, months: int = 24, item: str = "migrant_work") -> None:
    """``per_month`` of one income item in each of the last ``months`` whole months (bulk, test data)."""
    from shoudi.registry import codes as rcodes

    flow, kind = rcodes.ITEM_KIND[item]
    first = timezone.localdate().replace(day=1)
    rows = []
    for n in range(1, months + 1):
        index = first.year * 12 + first.month - 1 - n
        month = dt.date(index // 12, index % 12 + 1, 1)
        rows.append(FinanceRecord(household=household, month=month, flow=flow, kind=kind, item=item, amount=per_month))
    FinanceRecord.objects.bulk_create(rows, ignore_conflicts=True)


class Driver:
    """Walks a case through the procedures with the personas, one dated step after another."""

    def __init__(self, *, contact: Any, township: Any, county: Any, committee: Any = None) -> None:
        self.contact, self.township, self.county = contact, township, county
        self.committee = committee or contact

    def lead(self, household: Household, on: dt.date, risks: tuple[str, ...] = (codes.RiskType.ILLNESS,)) -> Case:
        lead = services.lead_create(
            by=self.contact,
            household=household,
            channel=codes.Channel.CADRE_VISIT,
            summary="走访发现家庭成员患病",
            reported_on=on,
        )
        return services.lead_convert(by=self.contact, lead=lead, risks=risks, findings="入户核实存在风险", on=on)

    def identify(self, case: Case, start: dt.date, *, upto: str = codes.Status.MONITORED) -> Case:
        """From 待入户核实 to ``upto`` (default: entered), one day per step from ``start``."""
        day = iter(start + dt.timedelta(days=n) for n in range(0, 60))
        plan = [
            (
                codes.Status.ID_HOME_CHECK,
                lambda c, d: transitions.case_home_check(
                    by=self.contact, case=c, findings="核实属实", promise=promise_scan(), on=d
                ),
            ),
            (
                codes.Status.ID_DATA_CHECK,
                lambda c, d: transitions.case_data_check(by=self.county, case=c, result="比对无异常", on=d),
            ),
            (codes.Status.ID_REVIEW, lambda c, d: self.review(c, d)),
            (codes.Status.ID_NOTICE, lambda c, d: self.notice(c, d)),
            (
                codes.Status.ID_TOWNSHIP,
                lambda c, d: transitions.case_township_review(by=self.township, case=c, opinion="同意", on=d),
            ),
            (
                codes.Status.ID_DECISION,
                lambda c, d: transitions.case_decide(
                    by=self.county, case=c, opinion="同意纳入", on=d, category=c.category or codes.Category.MARGINAL
                ),
            ),
            (codes.Status.ID_ENTRY, lambda c, d: transitions.case_enter(by=self.contact, case=c, on=d)),
        ]
        return self._walk(case, plan, day, upto)

    def review(self, case: Case, on: dt.date) -> Case:
        return transitions.case_village_review(
            by=self.committee, case=case, attendance=15, attendees="村两委、村民代表", passed=True, on=on
        )

    def notice(self, case: Case, on: dt.date) -> Case:
        """Post the notice on ``on`` and end it once the notice days have passed (the step takes that long)."""
        kind = codes.NOTICE_KIND_BY_STATUS[codes.Status(case.status)]
        notice = notice_services.notice_post(
            by=self.committee, village=case.village, kind=kind, posted_on=on, cases=[case]
        )
        return transitions.case_notice_end(by=self.committee, case=case, on=notice.ends_on + dt.timedelta(days=1))

    def follow_up(self, case: Case, on: dt.date) -> Case:
        """What elimination asks of the monitoring period besides income (issue 14): a 帮扶责任人 (the village
        contact, unless one is named) and ``elimination_min_visits`` visits from the inclusion to ``on``, spread
        over the period. Visits are assistance's records, above monitoring: written through the app registry as
        test data (like ``monthly_income``), never imported."""
        if case.helper_id is None:
            case = services.case_assign(by=self.township, case=case, helper=self.contact)
        first = case.period_start or on
        missing = policy_bridge.int_param("elimination_min_visits", case.village_id, on)
        missing -= extensions.visit_count(case, first, on)
        visit = apps.get_model("assistance", "Visit")
        span = max((on - first).days, 0)
        visit.objects.bulk_create(
            visit(
                case=case,
                visited_on=first + dt.timedelta(days=span * (n + 1) // (missing + 1)),
                visitor=self.contact,
                visitor_name=self.contact.display_name,
                findings="入户走访，家庭收入稳定",
            )
            for n in range(max(missing, 0))
        )
        return case

    def eliminate(
        self,
        case: Case,
        start: dt.date,
        *,
        kind: str = codes.EliminationKind.ASSISTED,
        upto: str = codes.Status.ELIMINATED,
    ) -> Case:
        if case.status == codes.Status.MONITORED:
            case = self.follow_up(case, start)
        day = iter(start + dt.timedelta(days=n) for n in range(0, 60))
        plan = [
            (
                codes.Status.MONITORED,
                lambda c, d: transitions.elimination_start(
                    by=self.contact,
                    case=c,
                    kind=kind,
                    findings="收入稳定，风险已消除",
                    second_checker=self.committee.username,
                    on=d,
                ),
            ),
            (codes.Status.EL_REVIEW, lambda c, d: self.review(c, d)),
            (codes.Status.EL_NOTICE, lambda c, d: self.notice(c, d)),
            (
                codes.Status.EL_TOWNSHIP,
                lambda c, d: transitions.case_township_review(by=self.township, case=c, opinion="同意", on=d),
            ),
            (
                codes.Status.EL_DECISION,
                lambda c, d: transitions.case_decide(by=self.county, case=c, opinion="同意消除", on=d),
            ),
            (codes.Status.EL_ENTRY, lambda c, d: transitions.case_enter(by=self.contact, case=c, on=d)),
        ]
        return self._walk(case, plan, day, upto)

    def roll_back(self, case: Case, start: dt.date, *, upto: str = codes.Status.MONITORED) -> Case:
        """From 风险已消除 back through the rollback steps to ``upto`` (default: monitored again)."""
        day = iter(start + dt.timedelta(days=n) for n in range(0, 60))
        plan = [
            (
                codes.Status.ELIMINATED,
                lambda c, d: transitions.rollback_start(by=self.contact, case=c, reason="消除后再次大额医疗支出", on=d),
            ),
            (codes.Status.RB_REVIEW, lambda c, d: self.review(c, d)),
            (codes.Status.RB_NOTICE, lambda c, d: self.notice(c, d)),
            (
                codes.Status.RB_TOWNSHIP,
                lambda c, d: transitions.case_township_review(by=self.township, case=c, opinion="同意回退", on=d),
            ),
            (
                codes.Status.RB_DECISION,
                lambda c, d: transitions.case_decide(by=self.county, case=c, opinion="同意回退", on=d),
            ),
        ]
        return self._walk(case, plan, day, upto)

    def _walk(self, case: Case, plan: list[Any], days: Any, upto: str) -> Case:
        for status, act in plan:
            if case.status == upto:
                break
            if case.status != status:
                continue
            case = act(case, max(next(days), case.status_on))
        return case
