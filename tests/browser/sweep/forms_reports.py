"""The report pages: request a county's monthly report, save the county's appraisal scheme (考核方案, graded in
Tongren), and the period filters of the dashboard and the appraisal."""

from __future__ import annotations

from shoudi.reports.models import AppraisalScheme, Report

from .spec import form

form(
    name="reports.request",
    form="reports.request",
    url_name="reports:list",
    persona="county",
    page=lambda w, ctx: "/reports/list/",
    valid={"area": "520628", "kind": "monthly", "period": "2026-10"},
    changed=lambda w, ctx: Report.objects.filter(area_id="520628", period="2026-10", status="done").exists(),
    success="已生成报表",
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-table=overview]"),
)

form(
    name="reports.appraisal_scheme",
    form="reports.appraisal_scheme",
    url_name="reports:appraisal_scheme",
    persona="county",
    page=lambda w, ctx: "/reports/appraisal/scheme/2026/",
    # the page offers the default scheme's five lines and three blank ones: the first line changed, a sixth added;
    # 松桃 is in Tongren, so the scheme is graded 好/中/差 (the page starts graded, with the default thresholds)
    valid={
        "name": "2026年乡镇考核方案",
        "mode": "graded",
        "good_from": "90",
        "fair_from": "65",
        "items-0-weight": "40",
        "items-5-indicator": "monitored_households",
        "items-5-weight": "10",
        "items-5-direction": "lower",
    },
    changed=lambda w, ctx: AppraisalScheme.objects.filter(
        area_id="520628",
        year=2026,
        name="2026年乡镇考核方案",
        mode="graded",
        good_from=90,
        fair_from=65,
        items__indicator="monitored_households",
    ).exists(),
    success="考核方案已保存",
)

form(
    name="reports.dashboard_period",
    form="reports.dashboard_period",
    url_name="reports:dashboard",
    persona="county",
    method="get",
    page=lambda w, ctx: "/reports/dashboard/520628/",
    valid={"period": "2026-10"},
    after_valid=lambda page, w, ctx: page.wait_for_url("**/reports/dashboard/520628/?period=2026-10"),
)

form(
    name="reports.appraisal_year",
    form="reports.appraisal_year",
    url_name="reports:appraisal",
    persona="county",
    method="get",
    page=lambda w, ctx: "/reports/appraisal/520628/",
    valid={"year": "2025"},
    after_valid=lambda page, w, ctx: page.wait_for_selector("h1:has-text('2025年考核等次')"),
)
