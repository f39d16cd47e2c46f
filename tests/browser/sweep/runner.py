"""Driving one form in Chromium the way a person does, and the way a hostile client does.

For each field kind the form has, an invalid submission: every field filled with its valid value, then one
field corrupted (the browser's own checks switched off, as an old browser or a crafted request would be):
the answer is no 5xx, a Chinese message next to that field, the other inputs as they were typed, and the
database unchanged. Then the valid submission: no 5xx, a success message, the expected change.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connection
from playwright.sync_api import Locator, Page

from .spec import KINDS, FormSpec, Upload

SPECIAL = ("checkbox", "radio", "file", "select-multiple", "password")
CJK = re.compile(r"[\u4e00-\u9fff]")
BAD = {"number": "十二点五", "date": "2026-13-45", "choice": "__not_a_choice__"}

# The form's own description of its fields, read in the page.
FIELDS_JS = """form => Array.from(form.elements)
  .filter(e => e.name && !['hidden', 'submit', 'button', 'reset'].includes(e.type) && e.name !== 'csrfmiddlewaretoken')
  .map(e => ({name: e.name, tag: e.tagName.toLowerCase(), type: (e.type || '').toLowerCase(),
              required: e.required || e.hasAttribute('required'), maxlength: e.maxLength > 0 ? e.maxLength : null,
              multiple: !!e.multiple, value: e.value}))"""


FILL_JS = """(form, values) => { const missing = [];
  for (const [name, value] of Object.entries(values)) {
    const els = form.querySelectorAll(`[name="${name}"]`);
    if (!els.length) { missing.push(name); continue; }
    const e = els[0];
    if (e.type === 'checkbox' || e.type === 'radio' || e.type === 'file') continue;
    e.value = value;
    e.dispatchEvent(new Event('input', {bubbles: true}));
    e.dispatchEvent(new Event('change', {bubbles: true}));
  }
  return missing; }"""
# name → type of the fields Playwright fills itself: checkboxes, radios, files, multiple selects
SPECIAL_JS = """form => Object.fromEntries(Array.from(form.elements)
  .filter(e => e.name && (['checkbox', 'radio', 'file'].includes(e.type) || (e.tagName === 'SELECT' && e.multiple)))
  .map(e => [e.name, e.type]))"""


@dataclass
class Field:
    name: str
    tag: str
    type: str
    required: bool
    maxlength: int | None
    multiple: bool

    @property
    def kind(self) -> str:
        if self.tag == "select":
            return "select-multiple" if self.multiple else "select"
        return self.tag if self.tag == "textarea" else self.type


SKIPPED_TABLES = ("sessions.Session", "axes.AccessLog", "axes.AccessAttempt", "core.RateCount")


def fingerprint() -> tuple[Any, ...]:
    """The database as a user could tell it changed: the rows of every table and the latest change of every
    table that records one (an update touches ``updated_at``; every service write adds an audit entry) — in one
    statement, since it is taken before and after every submission."""
    parts: list[str] = []
    for model in apps.get_models():
        if model._meta.label in SKIPPED_TABLES:
            continue
        table = connection.ops.quote_name(model._meta.db_table)
        parts.append(f"(SELECT COUNT(*) FROM {table})")  # noqa: S608 — table names from the model registry
        if any(f.name == "updated_at" for f in model._meta.concrete_fields):
            parts.append(f"(SELECT MAX(updated_at) FROM {table})")  # noqa: S608 — as above
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        return tuple(cursor.fetchone())


class Driver:
    """One spec on one Playwright page, signed in as the spec's persona."""

    def __init__(self, page: Page, base: str, spec: FormSpec, world: Any, ctx: Any) -> None:
        self.page, self.base, self.spec, self.world, self.ctx = page, base, spec, world, ctx
        self.errors: list[str] = []
        page.on("response", self._watch)

    def stop(self) -> None:
        """Stop watching the page (it goes on to the next spec)."""
        self.page.remove_listener("response", self._watch)

    def _watch(self, response: Any) -> None:
        if response.status >= 500:
            self.errors.append(f"{response.status} {response.request.method} {response.url}")

    # ---- the page and its form --------------------------------------------------------------------------

    def open(self) -> Locator:
        self.page.goto(self.base + self.spec.page(self.world, self.ctx))
        self.assert_no_5xx("opening the page")
        return self.current_form()

    def current_form(self) -> Locator:
        form = self.page.locator(f'form[data-form="{self.spec.form}"]').first
        assert form.count() == 1, f"{self.spec.name}: no <form data-form={self.spec.form!r}> on {self.page.url}"
        # open the <details> the form sits in, switch the browser's own checks off: the server must answer
        form.evaluate(
            "f => { let e = f; while (e) { if (e.tagName === 'DETAILS') e.open = true; e = e.parentElement; }"
            " f.noValidate = true; }"
        )
        return form

    def fields(self, form: Locator) -> list[Field]:
        raw = form.evaluate(FIELDS_JS)
        seen: dict[str, Field] = {}
        for item in raw:
            if item["name"] not in seen:
                seen[item["name"]] = Field(
                    item["name"], item["tag"], item["type"], item["required"], item["maxlength"], item["multiple"]
                )
        return list(seen.values())

    def fill(self, form: Locator, values: dict[str, Any]) -> None:
        """Type every value: text, numbers, dates, lists and text areas in one pass in the page (as typing
        would, with input and change events); checkboxes, radios and files through Playwright."""
        special = form.evaluate(SPECIAL_JS)
        plain = {k: v for k, v in values.items() if isinstance(v, str) and k not in special}
        missing = form.evaluate(FILL_JS, plain)
        assert not missing, f"{self.spec.name}: the form has no field {missing}"
        for name, value in values.items():
            if name in plain:
                continue
            target = form.locator(f'[name="{name}"]')
            assert target.count() >= 1, f"{self.spec.name}: the form has no field {name!r}"
            first = target.first
            kind = first.evaluate("e => (e.type || '').toLowerCase()")
            if kind == "checkbox" and isinstance(value, bool):
                first.set_checked(value)
            elif kind in ("checkbox", "radio"):
                wanted = value if isinstance(value, list) else [str(value)]
                target.evaluate_all(
                    "(es, wanted) => es.forEach(e => { e.checked = wanted.includes(e.value);"
                    " e.dispatchEvent(new Event('change', {bubbles: true})); })",
                    wanted,
                )
            elif kind == "file":
                files = value if isinstance(value, list) else [value]
                first.set_input_files(
                    [
                        {"name": f.name, "mimeType": f.mime, "buffer": f.content} if isinstance(f, Upload) else str(f)
                        for f in files
                        if isinstance(f, Upload | Path)
                    ]
                )
            elif first.evaluate("e => e.tagName") == "SELECT":
                first.select_option(value if isinstance(value, list) else str(value))

    def submit(self, form: Locator) -> None:
        with self.page.expect_navigation(wait_until="load") if self.spec.expect_redirect else _nothing():
            form.locator(self.spec.submit).first.click()
        if not self.spec.expect_redirect:  # htmx swapped part of the page: wait for its answer
            self.page.wait_for_load_state("networkidle")

    def assert_no_5xx(self, when: str) -> None:
        assert not self.errors, f"{self.spec.name}: server error {when}: {self.errors}"

    # ---- the invalid submissions ------------------------------------------------------------------------

    def cases(self, fields: list[Field]) -> list[tuple[str, Field]]:
        by_name = {f.name: f for f in fields}
        chosen: list[tuple[str, Field]] = []
        for kind in KINDS:
            if kind in self.spec.skip:
                continue
            if kind in self.spec.invalid:
                pinned = by_name.get(self.spec.invalid[kind])
                assert pinned is not None, f"{self.spec.name}: invalid[{kind!r}] names no field of the form"
                chosen.append((kind, pinned))
                continue
            candidate = next((f for f in fields if _fits(kind, f)), None)
            if candidate is not None:
                chosen.append((kind, candidate))
        return chosen

    def corrupt(self, form: Locator, kind: str, field: Field) -> None:
        target = form.locator(f'[name="{field.name}"]').first
        if kind in ("number", "date"):
            target.evaluate("(e, v) => { e.type = 'text'; e.value = v; }", BAD[kind])
        elif kind == "too_long":
            target.evaluate(
                "(e, n) => { e.removeAttribute('maxlength'); e.value = '长'.repeat(n); }", (field.maxlength or 0) + 5
            )
        elif kind == "choice":
            target.evaluate("(e, v) => { const o = new Option(v, v); e.add(o); e.value = v; }", BAD["choice"])
        elif field.kind in ("checkbox", "radio"):
            form.locator(f'[name="{field.name}"]').evaluate_all("es => es.forEach(e => { e.checked = false; })")
        elif field.kind == "file":
            target.set_input_files([])
        elif field.kind in ("select", "select-multiple"):
            target.evaluate("e => { for (const o of e.options) o.selected = false; e.value = ''; }")
        else:
            target.fill("")

    def invalid_submissions(self, cases: list[tuple[str, Field]]) -> None:
        """One after the other on the page as the server answered the last one (the form is shown again with
        the input kept), every field refilled before the next corruption."""
        if not cases:
            return
        form = self.current_form()  # the page the test opened to read the form's fields
        before = fingerprint()
        # what the page offered before anyone typed: restored before each case, so the field corrupted last
        # time (and kept by the server, as it should) does not spoil the next one
        self.initial = {f["name"]: f["value"] for f in form.evaluate(FIELDS_JS) if f["type"] not in SPECIAL}
        for kind, field in cases:
            self.invalid_submission(kind, field, before)

    corrected = False  # an invalid submission left the form on the page

    def invalid_submission(self, kind: str, field: Field, before: tuple[Any, ...]) -> None:
        where = f"{kind} in {field.name!r}"
        form = self.current_form()
        self.fill(form, {**getattr(self, "initial", {}), **self.spec.valid})
        self.corrupt(form, kind, field)
        typed = self.typed_values(form, exclude=field.name)
        with self.page.expect_navigation(wait_until="load"):
            form.locator(self.spec.submit).first.click()
        self.assert_no_5xx(f"after {where}")
        again = self.page.locator(f'form[data-form="{self.spec.form}"]').first
        assert again.count() == 1, f"{self.spec.name}: after {where} the form is gone ({self.page.url})"
        message = again.locator(f'[data-field="{field.name}"]')
        assert message.count() >= 1, f"{self.spec.name}: after {where} no message next to the field; " + (
            f"the page says: {self.said(again)}"
        )
        text = message.first.inner_text()
        assert CJK.search(text), f"{self.spec.name}: after {where} the message is not Chinese: {text!r}"
        kept = self.typed_values(again, exclude=field.name)
        lost = {k: (v, kept.get(k)) for k, v in typed.items() if kept.get(k) != v}
        assert not lost, f"{self.spec.name}: after {where} the input was lost: {lost}"
        assert fingerprint() == before, f"{self.spec.name}: after {where} the database changed"
        self.corrected = True

    def said(self, form: Locator) -> str:
        """The messages on the page (for a failure's explanation)."""
        return form.evaluate(
            """f => Array.from(document.querySelectorAll('[data-field], .form-errors, .message'))
                 .map(e => (e.dataset.field ? e.dataset.field + ': ' : '') + e.innerText.trim()).join(' | ')"""
        )

    def typed_values(self, form: Locator, exclude: str) -> dict[str, Any]:
        """What the person typed or chose, field by field (not files or passwords, which browsers never keep)."""
        values = form.evaluate(
            """(f, skip) => { const out = {};
                for (const e of f.elements) {
                  if (!e.name || e.name === skip || e.name === 'csrfmiddlewaretoken') continue;
                  if (['file', 'password', 'submit', 'button', 'hidden'].includes(e.type)) continue;
                  if (e.type === 'checkbox' || e.type === 'radio') { if (e.checked) (out[e.name] = out[e.name] || []).push(e.value); continue; }
                  if (e.tagName === 'SELECT' && e.multiple) { out[e.name] = Array.from(e.selectedOptions).map(o => o.value); continue; }
                  out[e.name] = e.value; }
                return out; }""",
            exclude,
        )
        return {k: v for k, v in values.items() if k in self.spec.valid}

    # ---- the valid submission -----------------------------------------------------------------------------

    def valid_submission(self) -> None:
        """On the page as the last invalid submission left it (the form shown again, input kept) when there
        was one, as a person correcting their input would; else on a freshly opened page."""
        form = self.current_form() if self.corrected else self.open()
        self.fill(form, {**getattr(self, "initial", {}), **self.spec.valid})
        self.submit(form)
        self.assert_no_5xx("after the valid submission")
        if self.spec.method == "post" and self.spec.success is not None:
            success = self.page.locator(".message.success")
            assert success.count() >= 1, f"{self.spec.name}: no success message after a valid submission"
            if self.spec.success:
                assert self.spec.success in success.first.inner_text(), (
                    f"{self.spec.name}: success message {success.first.inner_text()!r} lacks {self.spec.success!r}"
                )
        if self.spec.changed is not None:
            assert self.spec.changed(self.world, self.ctx), f"{self.spec.name}: the expected change is not there"
        if self.spec.after_valid is not None:
            self.spec.after_valid(self.page, self.world, self.ctx)

    def hostile_get(self, kind: str, field: Field) -> None:
        """A search or filter form: a corrupted value must not break the page."""
        form = self.open()
        self.fill(form, self.spec.valid)
        self.corrupt(form, kind, field)
        self.submit(form)
        self.assert_no_5xx(f"after {kind} in {field.name!r}")


def _fits(kind: str, field: Field) -> bool:
    if kind == "number":
        return field.type == "number"
    if kind == "date":
        return field.type == "date"
    if kind == "too_long":
        return field.maxlength is not None and field.kind in ("text", "textarea", "search", "tel", "email")
    if kind == "choice":
        return field.kind == "select"
    return field.required


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *exc: Any) -> None:
        return None
