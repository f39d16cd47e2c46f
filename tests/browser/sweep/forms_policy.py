"""The policy pages: a new parameter value with its source, the parameters of an area on a day (GET), and the
simulation of a new line (GET: it changes nothing)."""

from __future__ import annotations

from shoudi.core.models import AuditEntry
from shoudi.policy.models import Parameter
from shoudi.testing.factories import COUNTY

from .spec import form

form(
    name="policy.parameter_add",
    form="policy.parameter_add",
    url_name="policy:add",
    persona="county",
    page=lambda w, ctx: "/policy/add/",
    valid={
        "key": "monitoring_line",
        "region": COUNTY,
        "year": "2031",
        "value": "9100",
        "source": "松桃县2031年防止返贫监测范围的通知",
        "article": "第二条",
    },
    changed=lambda w, ctx: (
        Parameter.objects.filter(
            key="monitoring_line", region_code=COUNTY, value="9100", set_by=w.user("county")
        ).exists()
        and AuditEntry.objects.filter(object_type="parameter", action="create", area_code=COUNTY).exists()
    ),
    success="已保存",
)

form(
    name="policy.view",
    form="policy.view",
    url_name="policy:index",
    persona="county",
    method="get",
    page=lambda w, ctx: "/policy/",
    valid={"region": COUNTY, "date": "2025-06-01"},
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=value-monitoring_line]"),
)

form(
    name="policy.simulate",
    form="policy.simulate",
    url_name="policy:simulate",
    persona="county",
    method="get",
    page=lambda w, ctx: "/policy/simulate/",
    valid={"region": COUNTY, "as_of": "2025-06-15", "monitoring_line": "7000", "other": ""},
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=simulation]"),
)
