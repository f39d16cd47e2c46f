"""Capabilities are members of one enum: every one is held by some role, and a misspelt one fails loudly."""

from __future__ import annotations

import pytest
from django.template import Context, Template

from shoudi.accounts.roles import CAPABILITIES
from shoudi.core.access import Capability
from shoudi.core.context_processors import _Capabilities


def test_every_capability_is_held_by_some_role():
    held = set().union(*CAPABILITIES.values())
    assert set(Capability) - held == set()


def test_a_role_holds_only_capabilities(village_a):
    assert all(isinstance(c, Capability) for caps in CAPABILITIES.values() for c in caps)
    assert village_a.can(Capability.VIEW_CASES)
    assert not village_a.can(Capability.DECIDE_CASES)


def test_a_misspelt_capability_raises_instead_of_answering_no(village_a):
    with pytest.raises(ValueError):
        village_a.can("view_case")  # type: ignore[arg-type]


def test_a_misspelt_capability_in_a_template_fails_the_page(village_a):
    ok = Template("{% if perms_can.view_cases %}yes{% endif %}").render(
        Context({"perms_can": _Capabilities(village_a)})
    )
    assert ok == "yes"
    with pytest.raises(ValueError):
        Template("{% if perms_can.view_case %}yes{% endif %}").render(Context({"perms_can": _Capabilities(village_a)}))
