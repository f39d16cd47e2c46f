"""The household pages: create and edit a household, add, edit and remove members, reveal an ID number."""

from __future__ import annotations

from shoudi.registry.models import Household
from shoudi.testing.factories import next_id

from .spec import form

form(
    name="registry.household_create",
    form="registry.household",
    url_name="registry:create",
    persona="village_a",
    page=lambda w, ctx: "/households/new/",
    valid={
        "village": "520628101203",
        "status": "ordinary",
        "address": "盘石镇当造村三组",
        "land_mu": "3.5",
        "debt": "0",
        "head-id_number": next_id(),
        "head-name": "吴老三",
        "head-work_months": "6",
        "head-work_income": "12000",
    },
    changed=lambda w, ctx: Household.objects.filter(members__name="吴老三").exists(),
    success="已新增农户",
)
