"""Roles (DOMAIN.md §1) and what each may do. One place to read; views and services ask ``user.can(...)``."""

from __future__ import annotations

from django.db import models


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

# Capabilities by role. Leaders read aggregates only; department clerks see their own feeds, not the
# household registry ("everyone sees only their own area and, for departments, their own purpose").
_VIEW = {"view_households"}
_EDIT = {"view_households", "edit_households", "reveal_id"}
CAPABILITIES: dict[str, frozenset[str]] = {
    Role.VILLAGE_CONTACT: frozenset(
        _EDIT
        | {
            "view_cases",
            "record_leads",
            "home_check",
            "village_review",
            "enter_cases",
            "plan_assistance",
            "record_visits",
            "fast_track",
        }
    ),
    Role.VILLAGE_COMMITTEE: frozenset(
        _VIEW
        | {"view_cases", "record_leads", "village_review", "plan_assistance", "fast_track"}
        | {"view_projects", "propose_projects"}
        | {"view_assets", "care_assets", "propose_income_plans", "propose_disposals", "propose_writeoffs"}
    ),
    Role.TOWNSHIP_REVIEWER: frozenset(
        _EDIT
        | {
            "view_cases",
            "export_households",
            "view_reports",
            "record_leads",
            "accept_applications",
            "review_cases",
            "plan_assistance",
            "record_visits",
            "run_checks",
        }
        | {"view_projects", "propose_projects", "review_projects"}
        | {"view_assets", "care_assets", "approve_income_plans", "review_disposals", "propose_writeoffs"}
        | {"export_assets", "view_screening"}
    ),
    Role.COUNTY_OFFICER: frozenset(
        _EDIT
        | {
            "view_cases",
            "edit_regions",
            "import_households",
            "export_households",
            "view_reports",
            "edit_policy",
            "record_leads",
            "data_check",
            "decide_cases",
            "run_checks",
        }
        | {"view_projects", "propose_projects", "decide_projects", "manage_projects"}
        | {"view_assets", "manage_assets", "care_assets", "file_income_plans", "propose_disposals"}
        | {"approve_disposals", "propose_writeoffs", "approve_writeoffs", "import_assets", "export_assets"}
        | {"view_feeds", "map_feeds", "run_screening", "view_screening", "confirm_matches", "edit_assessment"}
    ),
    # A clerk uploads and maps their own department's feeds and confirms fuzzy matches of those feeds only.
    Role.DEPT_CLERK: frozenset({"upload_feeds", "map_feeds", "confirm_matches", "view_writeoff_ledger"}),
    Role.HELPER_CADRE: frozenset(_VIEW | {"view_cases", "record_visits"}),
    Role.LEADER: frozenset({"view_reports", "view_projects", "view_assets"}),
    Role.ADMIN: frozenset({"edit_regions", "manage_users", "view_reports", "edit_policy", "edit_assessment"}),
}
