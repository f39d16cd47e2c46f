"""Roles (DOMAIN.md §1) and what each may do. One place to read; views and services ask ``user.can(...)``."""

from __future__ import annotations

from django.db import models

from shoudi.core.access import Capability as C


class Role(models.TextChoices):
    VILLAGE_CONTACT = "village_contact", "监测联系人/网格员"
    VILLAGE_COMMITTEE = "village_committee", "村两委/驻村工作队"
    TOWNSHIP_REVIEWER = "township_reviewer", "乡镇审核员"
    COUNTY_OFFICER = "county_officer", "县级乡村振兴部门"
    DEPT_CLERK = "dept_clerk", "部门数据员"
    HELPER_CADRE = "helper_cadre", "帮扶责任人"
    LEADER = "leader", "领导"
    ADMIN = "admin", "系统管理员"


class Department(models.TextChoices):
    MEDICAL_INSURANCE = "medical_insurance", "医保"
    CIVIL_AFFAIRS = "civil_affairs", "民政"
    EDUCATION = "education", "教育"
    HOUSING = "housing", "住建"
    DISABLED = "disabled", "残联"
    EMERGENCY = "emergency", "应急"
    PUBLIC_SECURITY = "public_security", "公安"
    HUMAN_RESOURCES = "human_resources", "人社"
    TRAFFIC = "traffic", "交管"
    MARKET = "market", "市场监管"
    REAL_ESTATE = "real_estate", "不动产"
    FINANCE = "finance", "财政"
    WATER = "water", "水利"
    HEALTH = "health", "卫健"
    AGRICULTURE = "agriculture", "农业农村"


# The area level each role works at (code length of its scope). Leaders and admins may sit at any level
# from county up; helper cadres anywhere.
ROLE_AREA_LENGTHS: dict[str, tuple[int, ...]] = {
    Role.VILLAGE_CONTACT: (12,),
    Role.VILLAGE_COMMITTEE: (12,),
    Role.TOWNSHIP_REVIEWER: (9,),
    Role.COUNTY_OFFICER: (4, 6),  # 市 or 县 乡村振兴局 (approval_level "city" needs the former)
    Role.DEPT_CLERK: (6,),
    Role.HELPER_CADRE: (6, 9, 12),
    Role.LEADER: (2, 4, 6),
    Role.ADMIN: (2, 4, 6),
}

# The system administrator's title by its level (the length of its area code).
ADMIN_TITLES: dict[int, str] = {2: "省级系统管理员", 4: "市级系统管理员", 6: "县级系统管理员"}
# Names the commands and the bulk import accept besides the role codes: an admin at one level.
ADMIN_ALIASES: dict[str, int] = {"province_admin": 2, "city_admin": 4, "county_admin": 6}


def role_title(role: str, area_code: str | None) -> str:
    """How a role is shown: an admin by its level (县级系统管理员), any other role by its name."""
    if role == Role.ADMIN:
        return ADMIN_TITLES.get(len(area_code or ""), Role.ADMIN.label)
    return str(Role(role).label) if role in Role.values else ""


# Capabilities by role. Leaders read aggregates only; department clerks see their own feeds, not the
# household registry ("everyone sees only their own area and, for departments, their own purpose").
_VIEW = {C.VIEW_HOUSEHOLDS}
_EDIT = {C.VIEW_HOUSEHOLDS, C.EDIT_HOUSEHOLDS, C.REVEAL_ID, C.REVEAL_PHONE}
CAPABILITIES: dict[str, frozenset[C]] = {
    Role.VILLAGE_CONTACT: frozenset(
        _EDIT
        | {
            C.VIEW_CASES,
            C.RECORD_LEADS,
            C.HOME_CHECK,
            C.VILLAGE_REVIEW,
            C.ENTER_CASES,
            C.PLAN_ASSISTANCE,
            C.RECORD_VISITS,
            C.FAST_TRACK,
            C.RECORD_INCOME,
        }
        | {C.ROUND_VISITS, C.VIEW_LOW_INCOME, C.FOLLOW_UP_LOW_INCOME}
        | {C.VIEW_EMPLOYMENT, C.RECORD_WORK}
        | {C.VIEW_GOVERNANCE}
        | {C.USE_FIELD_APP, C.MANAGE_HOUSEHOLD_CODES}
    ),
    Role.VILLAGE_COMMITTEE: frozenset(
        _VIEW
        | {C.VIEW_CASES, C.RECORD_LEADS, C.VILLAGE_REVIEW, C.PLAN_ASSISTANCE, C.FAST_TRACK, C.RECORD_INCOME}
        | {C.VIEW_PROJECTS, C.PROPOSE_PROJECTS}
        | {C.VIEW_ASSETS, C.CARE_ASSETS, C.PROPOSE_INCOME_PLANS, C.PROPOSE_DISPOSALS, C.PROPOSE_WRITEOFFS}
        | {C.VIEW_LOW_INCOME}
        | {C.VIEW_EMPLOYMENT, C.RECORD_WORK, C.RECORD_POST_PAY}
        | {C.VIEW_COOPERATION, C.VIEW_GOVERNANCE, C.MANAGE_GOVERNANCE}
        | {C.USE_FIELD_APP}
    ),
    Role.TOWNSHIP_REVIEWER: frozenset(
        _EDIT
        | {
            C.VIEW_CASES,
            C.EXPORT_HOUSEHOLDS,
            C.VIEW_REPORTS,
            C.RECORD_LEADS,
            C.ACCEPT_APPLICATIONS,
            C.REVIEW_CASES,
            C.PLAN_ASSISTANCE,
            C.RECORD_VISITS,
            C.RUN_CHECKS,
            C.RECORD_INCOME,
        }
        | {C.ASSIGN_HELPERS, C.ROUND_VISITS, C.HANDLE_COMPLAINTS}
        | {C.VIEW_PROJECTS, C.PROPOSE_PROJECTS, C.REVIEW_PROJECTS}
        | {C.VIEW_ASSETS, C.CARE_ASSETS, C.APPROVE_INCOME_PLANS, C.REVIEW_DISPOSALS, C.PROPOSE_WRITEOFFS}
        | {C.EXPORT_ASSETS, C.VIEW_SCREENING}
        | {C.IMPORT_INCOME}
        | {C.VIEW_LOW_INCOME, C.REFER_LOW_INCOME, C.FOLLOW_UP_LOW_INCOME}
        | {C.VIEW_EMPLOYMENT, C.RECORD_WORK, C.MANAGE_POSTS, C.RECORD_POST_PAY, C.RECORD_RELIEF_WORK}
        | {C.VIEW_COOPERATION, C.VIEW_MARKETS, C.VIEW_GOVERNANCE}
        | {C.MANAGE_FIELD_DEVICES, C.MANAGE_HOUSEHOLD_CODES}
    ),
    Role.COUNTY_OFFICER: frozenset(
        _EDIT
        | {
            C.VIEW_CASES,
            C.EDIT_REGIONS,
            C.IMPORT_HOUSEHOLDS,
            C.EXPORT_HOUSEHOLDS,
            C.VIEW_REPORTS,
            C.EDIT_POLICY,
            C.RECORD_LEADS,
            C.DATA_CHECK,
            C.DECIDE_CASES,
            C.RUN_CHECKS,
            C.RECORD_INCOME,
        }
        | {C.ASSIGN_HELPERS, C.MANAGE_ROUNDS, C.HANDLE_COMPLAINTS}
        | {C.VIEW_PROJECTS, C.PROPOSE_PROJECTS, C.DECIDE_PROJECTS, C.MANAGE_PROJECTS}
        | {C.VIEW_ASSETS, C.MANAGE_ASSETS, C.CARE_ASSETS, C.FILE_INCOME_PLANS, C.PROPOSE_DISPOSALS}
        | {C.APPROVE_DISPOSALS, C.PROPOSE_WRITEOFFS, C.APPROVE_WRITEOFFS, C.IMPORT_ASSETS, C.EXPORT_ASSETS}
        | {C.VIEW_FEEDS, C.MAP_FEEDS, C.RUN_SCREENING, C.VIEW_SCREENING, C.CONFIRM_MATCHES, C.EDIT_APPRAISAL}
        | {C.IMPORT_INCOME}
        | {C.VIEW_LOW_INCOME, C.REFER_LOW_INCOME}
        | {C.VIEW_EMPLOYMENT, C.RECORD_WORK, C.MANAGE_JOBS, C.MANAGE_POSTS, C.RECORD_POST_PAY, C.RECORD_RELIEF_WORK}
        | {C.VIEW_COOPERATION, C.MANAGE_COOPERATION, C.VIEW_MARKETS, C.MANAGE_CONSUMPTION, C.RECORD_PRODUCE}
        | {C.VIEW_KEY_COUNTIES, C.DESIGNATE_KEY_COUNTIES, C.RECORD_KEY_COUNTIES, C.VIEW_GOVERNANCE}
        | {C.MANAGE_FIELD_DEVICES, C.MANAGE_HOUSEHOLD_CODES}
    ),
    # A clerk uploads and maps their own department's feeds and confirms fuzzy matches of those feeds only.
    # The low-income capabilities are further limited by the clerk's department (lowincome.access): the 民政
    # clerk keeps the register and decides; a 医保 or 教育 clerk settles its own 待落实 items. The employment
    # capabilities reach the 人社 clerk only (employment.access); the markets capabilities the 农业农村 clerk only
    # (markets.access).
    Role.DEPT_CLERK: frozenset(
        {C.UPLOAD_FEEDS, C.MAP_FEEDS, C.CONFIRM_MATCHES, C.VIEW_WRITEOFF_LEDGER}
        | {C.VIEW_LOW_INCOME, C.DECIDE_LOW_INCOME, C.FOLLOW_UP_LOW_INCOME, C.DELIVER_ENTITLEMENTS}
        | {C.VIEW_EMPLOYMENT, C.RECORD_WORK, C.MANAGE_JOBS, C.MANAGE_POSTS, C.RECORD_POST_PAY}
        | {C.VIEW_MARKETS, C.MANAGE_CONSUMPTION, C.RECORD_PRODUCE}
    ),
    # A 帮扶责任人 calls the households paired with them: their phone (a logged look), never a full ID number.
    Role.HELPER_CADRE: frozenset(
        _VIEW
        | {C.REVEAL_PHONE}
        | {C.VIEW_CASES, C.RECORD_VISITS, C.RECORD_INCOME, C.VIEW_LOW_INCOME, C.VIEW_EMPLOYMENT, C.RECORD_WORK}
        | {C.USE_FIELD_APP}
    ),
    Role.LEADER: frozenset(
        {C.VIEW_REPORTS, C.VIEW_PROJECTS, C.VIEW_ASSETS, C.VIEW_COOPERATION, C.VIEW_MARKETS, C.VIEW_KEY_COUNTIES}
    ),
    Role.ADMIN: frozenset(
        {C.EDIT_REGIONS, C.MANAGE_USERS, C.VIEW_REPORTS, C.EDIT_POLICY, C.EDIT_APPRAISAL}
        | {C.VIEW_KEY_COUNTIES, C.DESIGNATE_KEY_COUNTIES, C.MANAGE_FIELD_DEVICES}
    ),
}


def may_in_department(user: object, capability: C, department: str) -> bool:
    """The user's role holds ``capability`` and, for a department clerk, the clerk's department is ``department``:
    the gate of the ledgers one department keeps (就业帮扶 for 人社, the markets for 农业农村)."""
    from shoudi.core.access import can

    if not can(user, capability):
        return False
    if getattr(user, "role", "") != Role.DEPT_CLERK:
        return True
    return getattr(user, "department", "") == department
