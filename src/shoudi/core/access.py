"""The one access layer: area scope by region-code range, role capabilities, and the 404 that answers both
"not found" and "not allowed".

Every page, API call, command and export reads through selectors built on these helpers, and every service
checks its actor with ``require``; nobody can probe what exists outside their area or role.

- ``Capability``: every capability a role may hold. Code names them as members (``Capability.VIEW_CASES``),
  never as strings, so a misspelt one fails when the module is imported (and in mypy); ``user.can`` refuses a
  string that is not a capability.
- ``require(user, capability, area_code)``: the role holds the capability and, when given, the area lies in the
  user's area — or ``NotVisible`` (a 404).
- ``get_visible_or_404(queryset, id)``: one object of an already-scoped queryset, or ``NotVisible``; a malformed
  id is "not found" too. Each app's ``access_<thing>_by_id(user, id)`` is built on it.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, Q, QuerySet
from django.http import Http404

CODE_LENGTH = 12
LEVEL_LENGTHS = (2, 4, 6, 9, 12)  # province, city, county, township, village
VILLAGE, TOWNSHIP, COUNTY, CITY, PROVINCE = 12, 9, 6, 4, 2
NOT_FOUND = "未找到"

M = TypeVar("M", bound=Model)


class Capability(StrEnum):
    """What a role may do (accounts.roles maps roles to these). The value is the stable code."""

    # registry
    VIEW_HOUSEHOLDS = "view_households"
    EDIT_HOUSEHOLDS = "edit_households"
    REVEAL_ID = "reveal_id"
    REVEAL_PHONE = "reveal_phone"  # a household's full phone, one look at a time and logged (to call them)
    IMPORT_HOUSEHOLDS = "import_households"
    EXPORT_HOUSEHOLDS = "export_households"
    # regions, policy, accounts
    EDIT_REGIONS = "edit_regions"
    EDIT_POLICY = "edit_policy"
    MANAGE_USERS = "manage_users"
    # monitoring
    VIEW_CASES = "view_cases"
    RECORD_LEADS = "record_leads"
    ACCEPT_APPLICATIONS = "accept_applications"
    HOME_CHECK = "home_check"
    DATA_CHECK = "data_check"
    VILLAGE_REVIEW = "village_review"
    REVIEW_CASES = "review_cases"
    DECIDE_CASES = "decide_cases"
    ENTER_CASES = "enter_cases"
    FAST_TRACK = "fast_track"
    RUN_CHECKS = "run_checks"
    # assistance
    PLAN_ASSISTANCE = "plan_assistance"
    RECORD_VISITS = "record_visits"
    # projects
    VIEW_PROJECTS = "view_projects"
    PROPOSE_PROJECTS = "propose_projects"
    REVIEW_PROJECTS = "review_projects"
    DECIDE_PROJECTS = "decide_projects"
    MANAGE_PROJECTS = "manage_projects"
    # assets
    VIEW_ASSETS = "view_assets"
    MANAGE_ASSETS = "manage_assets"
    CARE_ASSETS = "care_assets"
    PROPOSE_INCOME_PLANS = "propose_income_plans"
    APPROVE_INCOME_PLANS = "approve_income_plans"
    FILE_INCOME_PLANS = "file_income_plans"
    PROPOSE_DISPOSALS = "propose_disposals"
    REVIEW_DISPOSALS = "review_disposals"
    APPROVE_DISPOSALS = "approve_disposals"
    PROPOSE_WRITEOFFS = "propose_writeoffs"
    APPROVE_WRITEOFFS = "approve_writeoffs"
    VIEW_WRITEOFF_LEDGER = "view_writeoff_ledger"
    IMPORT_ASSETS = "import_assets"
    EXPORT_ASSETS = "export_assets"
    # feeds and screening
    VIEW_FEEDS = "view_feeds"
    UPLOAD_FEEDS = "upload_feeds"
    MAP_FEEDS = "map_feeds"
    RUN_SCREENING = "run_screening"
    VIEW_SCREENING = "view_screening"
    CONFIRM_MATCHES = "confirm_matches"
    # income (收入核算)
    RECORD_INCOME = "record_income"
    IMPORT_INCOME = "import_income"  # 收入核算表 from and to Excel (income.io)
    # pairing and rounds (结对帮扶、集中排查)
    ASSIGN_HELPERS = "assign_helpers"
    MANAGE_ROUNDS = "manage_rounds"
    ROUND_VISITS = "round_visits"
    # complaints (投诉举报, 12317 and public reports)
    HANDLE_COMPLAINTS = "handle_complaints"
    # 常态化帮扶 (the low-income register, lowincome); 民政's own acts are also checked for the clerk's department
    VIEW_LOW_INCOME = "view_low_income"
    REFER_LOW_INCOME = "refer_low_income"  # run the classification, refer a household to 民政
    DECIDE_LOW_INCOME = "decide_low_income"  # 民政: record layers, decide referrals and follow-up outcomes
    FOLLOW_UP_LOW_INCOME = "follow_up_low_income"  # record a verification visit (跟踪核查)
    DELIVER_ENTITLEMENTS = "deliver_entitlements"  # a department clerk settles its 待落实 items
    # 就业帮扶 (employment); a department clerk's acts are also checked for the 人社 department
    VIEW_EMPLOYMENT = "view_employment"  # the labour force, jobs, posts, workshops and 以工代赈 of the area
    RECORD_WORK = "record_work"  # a person's skills, wishes, work, unemployment and training
    MANAGE_JOBS = "manage_jobs"  # employers, openings, matching and recommendations, workshops
    MANAGE_POSTS = "manage_posts"  # 公益性岗位: create, hire, exit
    RECORD_POST_PAY = "record_post_pay"  # monthly attendance and pay of 公益性岗位
    RECORD_RELIEF_WORK = "record_relief_work"  # 以工代赈 labourers, days and pay
    # 东西部协作、定点帮扶、驻村、万企兴万村 (cooperation)
    VIEW_COOPERATION = "view_cooperation"  # pairings, their targets and what flowed through them
    MANAGE_COOPERATION = "manage_cooperation"  # record pairings, targets, funds, transfers, exchanges, meetings
    # 消费帮扶 and 农副产品滞销监测预警 (markets); a department clerk's acts are also checked for 农业农村
    VIEW_MARKETS = "view_markets"
    MANAGE_CONSUMPTION = "manage_consumption"  # products, suppliers, buyers, purchases and their imports
    RECORD_PRODUCE = "record_produce"  # key products' price/output/stock/sales series, warnings and responses
    # 乡村振兴重点帮扶县 (keycounties)
    VIEW_KEY_COUNTIES = "view_key_counties"
    DESIGNATE_KEY_COUNTIES = "designate_key_counties"  # put a county on (or take it off) the key-county list
    RECORD_KEY_COUNTIES = "record_key_counties"  # support measures and the entered indicators of a key county
    # 积分制 / 家庭文明档案 (governance): the village council's own ledger, never a condition of assistance
    VIEW_GOVERNANCE = "view_governance"  # red records and rankings; yellow/black only for the village council
    MANAGE_GOVERNANCE = "manage_governance"  # rules voted by the 村民代表大会, entries, quarterly reviews, 积分超市
    # 离线外业 (fieldwork): the phone app that works without a network
    USE_FIELD_APP = "use_field_app"  # sync "my households", record offline, upload the queue
    MANAGE_FIELD_DEVICES = "manage_field_devices"  # see the devices and their syncs in the area; revoke a device
    # 一户一码 (hhcodes): a household's revocable code at the door and its A4 cards
    MANAGE_HOUSEHOLD_CODES = "manage_household_codes"  # issue, revoke and print the codes of the area
    # reports
    VIEW_REPORTS = "view_reports"
    EDIT_APPRAISAL = "edit_appraisal"  # 考核方案 (not 农户评估, the assessment of a household)


class NotVisible(Http404):
    """The object does not exist, or the actor may not see or change it: both look the same (404)."""

    def __init__(self, message: str = NOT_FOUND) -> None:
        super().__init__(message)


def covering_codes(code: str) -> list[str]:
    """The code and the code of every area above it, widest first: ``520628`` → ``52, 5206, 520628``."""
    return [code[:n] for n in LEVEL_LENGTHS if n <= len(code)]


def code_range(prefix: str) -> tuple[str, str]:
    """All region codes under ``prefix`` (itself included) lie in ``[lo, hi]`` as strings.

    Codes are digit strings and every child extends its parent's code, so a range on an indexed
    column replaces ``LIKE 'prefix%'`` and uses the B-tree on SQLite and PostgreSQL alike.
    """
    if not prefix.isdigit() or len(prefix) > CODE_LENGTH:
        raise ValueError(f"无效的区划代码: {prefix!r}")
    return prefix, prefix.ljust(CODE_LENGTH, "9")


def in_area(field: str, prefix: str) -> Q:
    """Rows whose region code ``field`` lies in ``prefix``'s area; a malformed code (typed into a filter) matches
    nothing instead of failing the page."""
    try:
        lo, hi = code_range(prefix)
    except ValueError:
        return Q(pk__in=[])
    return Q(**{f"{field}__gte": lo, f"{field}__lte": hi})


def user_area_q(user: Any, field: str) -> Q:
    """Filter for rows whose region code ``field`` lies in the user's area; nothing for no area."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "area_id", None):
        return Q(pk__in=[])
    return in_area(field, user.area_id)


def code_in_user_area(user: Any, code: str | None) -> bool:
    if not code or not getattr(user, "area_id", None):
        return False
    lo, hi = code_range(user.area_id)
    return lo <= code <= hi


def can(user: Any, capability: Capability) -> bool:
    """The user is signed in, active, and their role holds ``capability``."""
    return bool(getattr(user, "is_authenticated", False) and user.can(capability))


def require(user: Any, capability: Capability, area_code: str | None = None) -> None:
    """``NotVisible`` (404) unless the user's role holds ``capability`` and, when ``area_code`` is given, the
    area lies within the user's own."""
    if not can(user, capability):
        raise NotVisible()
    if area_code is not None and not code_in_user_area(user, area_code):
        raise NotVisible()


def require_level(user: Any, length: int, what: str) -> None:
    """The step belongs to one level (village 12, township 9, county 6…): a user of another level may not take
    it even when their area covers the object. A form-level error, not a 404: the user may see the object."""
    if len(getattr(user, "area_id", "") or "") != length:
        level = {VILLAGE: "村级", TOWNSHIP: "乡镇", COUNTY: "县级", CITY: "市级", PROVINCE: "省级"}.get(length, "")
        raise ValidationError(f"“{what}”由{level}办理，当前账号不能办理", code="wrong_level")


def get_visible_or_404(queryset: QuerySet[M, M], pk: Any) -> M:
    """The object ``pk`` of an already-scoped ``queryset``, or ``NotVisible``: absent, outside the area and a
    malformed id all answer the same."""
    try:
        key = queryset.model._meta.pk.to_python(pk)
    except (ValidationError, TypeError, ValueError, AttributeError):
        raise NotVisible() from None
    if key is None:
        raise NotVisible()
    found = queryset.filter(pk=key).first()
    if found is None:
        raise NotVisible()
    return found
