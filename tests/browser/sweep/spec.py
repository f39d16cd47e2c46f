"""What the form sweep knows about each form: who uses it, what state it needs, valid values, and what a valid
submission changes. One ``FormSpec`` per form (per variant of a form shared by several actions), registered
with ``form(...)`` in ``sweep/forms_<app>.py``.

A spec names the template form it drives by ``form`` — the ``data-form`` attribute every ``<form>`` carries —
and the URL it posts to by ``url_name``; the sweep fails when a template form or a POST route has no spec.

    form(
        name="assets.disposal.approve",            # unique test id
        form="assets.disposal_act",                # data-form of the <form> on the page
        url_name="assets:disposal_act",            # the route it posts to
        persona="county",
        setup=lambda w: disposal_at(w, "reviewed"),  # objects in the state the form needs; returns a context
        page=lambda w, ctx: f"/assets/disposals/{ctx.pk}/",
        valid={"title": "松财资〔2026〕12号", "opinion": "同意"},
        changed=lambda w, ctx: Disposal.objects.get(pk=ctx.pk).status == "approved",
        success="已办理",
    )

The invalid submissions are derived from the form itself (one per field kind present: a non-number in a
number field, an impossible date, an empty required field, text over the length limit, a value not in a
list); ``invalid`` pins the field to use for a kind and ``skip`` exempts a kind with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

KINDS = ("number", "date", "required", "too_long", "choice")


@dataclass(frozen=True)
class Upload:
    """A file to attach to a file input."""

    name: str
    content: bytes
    mime: str = "application/octet-stream"


# field name → value: str (text, number, date, select), list[str] (multi-select, checkbox group), bool
# (a single checkbox), Upload or Path (a file input)
Values = dict[str, str | list[str] | bool | Upload | Path]


@dataclass
class FormSpec:
    name: str
    form: str
    url_name: str
    persona: str
    page: Callable[[Any, Any], str]
    valid: Values
    changed: Callable[[Any, Any], Any] | None = None
    setup: Callable[[Any], Any] | None = None
    success: str | None = ""  # text of the success message; "" any; None: none expected (login, logout)
    method: str = "post"
    phone: bool = False
    invalid: dict[str, str] = field(default_factory=dict)  # kind → field to corrupt
    skip: dict[str, str] = field(default_factory=dict)  # kind → why it does not apply
    after_valid: Callable[[Any, Any, Any], None] | None = None  # (page, world, ctx): extra checks
    submit: str = "button[type=submit]"
    expect_redirect: bool = True

    def __post_init__(self) -> None:
        unknown = (set(self.invalid) | set(self.skip)) - set(KINDS)
        if unknown:
            raise ValueError(f"{self.name}: unknown invalid kinds {sorted(unknown)}")
        if self.method == "post" and self.changed is None and self.after_valid is None:
            raise ValueError(f"{self.name}: a POST form needs `changed` (the database change a user would notice)")


SPECS: dict[str, FormSpec] = {}


def form(**kwargs: Any) -> FormSpec:
    spec = FormSpec(**kwargs)
    if spec.name in SPECS:
        raise ValueError(f"two sweep specs named {spec.name}")
    SPECS[spec.name] = spec
    return spec


# Routes that take POST but are not a page form, each with the reason (anything else needs a spec).
EXEMPT_ROUTES: dict[str, str] = {
    "accounts:logout": "退出登录：没有输入项（页眉的按钮）",
}
