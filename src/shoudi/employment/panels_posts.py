"""What the posts part adds to other apps: the workbench counts (待聘岗位; 上月补贴未发放, orange) and the asset
page's panel "管护公益性岗位" (the posts maintaining the asset, with their holder) through ``assets.extensions``."""

from __future__ import annotations

from typing import Any

from shoudi.assets.extensions import AssetPanel, add_asset_panel
from shoudi.employment import selectors_posts as selectors
from shoudi.employment.access import MANAGE_POSTS, RECORD_POST_PAY, VIEW, may
from shoudi.employment.workbench import Task, add_task

VACANT = Task("employment_posts_vacant", "待聘岗位", selectors.vacant_count, "employment:posts_vacant", MANAGE_POSTS)
UNPAID = Task(
    "employment_posts_unpaid",
    "上月补贴未发放",
    selectors.unpaid_count,
    "employment:post_pay_due",
    RECORD_POST_PAY,
    order=101,
    warn=True,
)


def asset_panel(user: Any, asset: Any) -> dict[str, Any] | None:
    """Shown to those who view the jobs ledgers of the asset's area, when a post maintains it."""
    if not may(user, VIEW):
        return None
    rows = selectors.asset_posts(user, asset)
    return {"rows": rows} if rows else None


def register() -> None:
    """Called once from EmploymentConfig.ready."""
    add_task(VACANT)
    add_task(UNPAID)
    add_asset_panel(AssetPanel("employment_posts", "employment/_post_asset_panel.html", asset_panel, order=50))
