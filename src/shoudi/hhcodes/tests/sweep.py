"""A real 一户一码 of village A for the area sweep (src/shoudi/core/tests/test_area_sweep.py), on a household of
its own (not the sweep's household A, whose number and members' names must not show on pages without an object
— the public page /c/<token>/ is one of them: it opens for anyone holding the code, by design).

PARAMS lines (core/tests/area_sweep_params.py):
    from shoudi.hhcodes.tests import sweep as hhcodes_sweep
    ("*", "hhcode_id"): Param(lambda o: hhcodes_sweep.code().pk),
    ("hhcodes_public", "token"): Param(lambda o: hhcodes_sweep.code().token, obj=False),
    ("*", "code_report_id"): Param(lambda o: hhcodes_sweep.report().pk),
"""

from __future__ import annotations

from shoudi.hhcodes import reports, services
from shoudi.hhcodes.models import CodeReport, HouseholdCode
from shoudi.registry.models import Household
from shoudi.testing.factories import VILLAGE_A, household_with_members

NUMBER = f"{VILLAGE_A}9931"


def household() -> Household:
    return Household.objects.filter(number=NUMBER).first() or household_with_members(VILLAGE_A, size=2, number=NUMBER)


def code() -> HouseholdCode:
    return services.code_issue(by=None, household=household())


def report() -> CodeReport:
    """A scan report (with a phone) on that code, and its lead."""
    current = code()
    return CodeReport.objects.filter(code=current).first() or reports.report_submit(
        code=current, trouble="illness", text="区域巡检的扫码申报", phone="13900009931"
    )
