"""The world every form is tried in: the real region tree of 松桃县, one account of every role (never a
superuser), the policy parameters and the risk→measure rules. Each spec's ``setup`` adds the objects its form
needs, in the state it needs them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from shoudi.accounts.roles import Department, Role
from shoudi.testing.factories import (
    CITY,
    COUNTY,
    TOWNSHIP_A,
    VILLAGE_A,
    VILLAGE_B,
    build_region_tree,
    make_persona,
    make_user,
)

# username → (role, area, extra) of the accounts beyond the shared personas
EXTRA = {
    "committee_a": (Role.VILLAGE_COMMITTEE, VILLAGE_A, {"full_name": "村两委（当造村）"}),
    "helper_a": (Role.HELPER_CADRE, TOWNSHIP_A, {"full_name": "帮扶干部（盘石镇）"}),
    "civil_clerk": (Role.DEPT_CLERK, COUNTY, {"full_name": "县民政局数据员", "department": Department.CIVIL_AFFAIRS}),
    "admin": (Role.ADMIN, COUNTY, {"full_name": "县级系统管理员"}),
}
PERSONAS = ("village_a", "village_b", "township", "county", "clerk", "leader")


@dataclass
class World:
    base: str
    users: dict[str, Any] = field(default_factory=dict)
    county: str = COUNTY
    city: str = CITY
    township: str = TOWNSHIP_A
    village: str = VILLAGE_A
    other_village: str = VILLAGE_B

    def user(self, name: str) -> Any:
        return self.users[name]


def build(base: str) -> World:
    from shoudi.testing.assistance import load_rules
    from shoudi.testing.policy import setup_policy  # one insert (builders.setup_policy: ~120 queries)

    build_region_tree()
    world = World(base=base)
    for name in PERSONAS:
        world.users[name] = make_persona(name)
    for name, (role, area, extra) in EXTRA.items():
        world.users[name] = make_user(name, role, area, **dict(extra))
    setup_policy()
    load_rules()
    return world
