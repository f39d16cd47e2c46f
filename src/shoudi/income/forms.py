"""The page form of one household-year (收入核算表), reused inside the 集中排查 visit form.

``SheetForm(household=…, year=…, data=None, initial_from=sheet, prefix=None)``: per member a wage block (where
they worked, months, pay; a public-welfare post's pay), then every other item as an annual amount with an
optional 按月填写 of 12 amounts (blank months count as 0; the annual amount may be left blank and is then their
sum). ``lines()`` gives the ``LineInput`` list for ``services.sheet_save``; ``expected_version()`` the version the
person saw. Department figures (source 部门数据) are not put into the fields: they are listed beside their
item (``department_notes``) and kept unless the person types that item.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.functional import cached_property

from shoudi.core.forms import Form
from shoudi.income import hooks
from shoudi.income.inputs import MAX_AMOUNT, MONTHS, LineInput, amount_problem
from shoudi.income.models import IncomeLine, IncomeSheet, Source
from shoudi.income.selectors import Summary, summary_for
from shoudi.registry import codes as rcodes
from shoudi.registry.models import Household, Person

PLACE_ITEM = {
    rcodes.WorkPlace.IN_COUNTY: "local_work",
    rcodes.WorkPlace.IN_PROVINCE: "migrant_work",
    rcodes.WorkPlace.OUT_PROVINCE: "migrant_work",
    rcodes.WorkPlace.PARTNER_CITY: "migrant_work",
}
PLACE_CHOICES = [("", "未务工"), *[(p.value, f"{p.label}务工") for p in rcodes.WorkPlace if p.value]]
RELATIONSHIP_ORDER = {value: n for n, value in enumerate(rcodes.Relationship.values)}
# Sections of item fields after the wage blocks: (legend, flow of the live totals, items).
SECTIONS: list[tuple[str, str, dict[str, str]]] = [
    ("工资性收入（未分到成员的）", "income", rcodes.INCOME_ITEMS[rcodes.IncomeKind.WAGE]),
    ("生产经营性收入", "income", rcodes.INCOME_ITEMS[rcodes.IncomeKind.BUSINESS]),
    ("财产性收入", "income", rcodes.INCOME_ITEMS[rcodes.IncomeKind.PROPERTY]),
    ("转移性收入", "income", rcodes.INCOME_ITEMS[rcodes.IncomeKind.TRANSFER]),
    ("生产经营性支出", "cost", rcodes.COST_ITEMS),
    ("刚性支出", "rigid", rcodes.RIGID_ITEMS),
    ("保险理赔", "payout", rcodes.PAYOUT_ITEMS),
]
ITEM_FLOW = {item: flow for _, flow, items in SECTIONS for item in items}


def _money_field(label: str, *, total: str = "", kind: str = "", month_of: str = "") -> forms.DecimalField:
    attrs = {"inputmode": "decimal", "autocomplete": "off", "class": "money"}
    if total:
        attrs["data-sum"], attrs["data-kind"] = total, kind
    if month_of:
        attrs["data-month-of"] = month_of
    return forms.DecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        max_value=MAX_AMOUNT,
        max_digits=10,
        decimal_places=2,
        widget=forms.TextInput(attrs=attrs),
    )


def summary_kind(item: str) -> str:
    """The row of the totals table an item adds to (selectors.KIND_LABELS)."""
    flow, kind = rcodes.ITEM_KIND[item]
    return "rigid" if flow == rcodes.Flow.RIGID else kind


def ordered_members(household: Household) -> list[Person]:
    people = list(household.members.all())
    return sorted(people, key=lambda p: (RELATIONSHIP_ORDER.get(p.relationship, 99), p.birth_date, str(p.pk)))


@dataclass
class MemberBlock:
    person: Person
    place: forms.BoundField
    months: forms.BoundField
    amount: forms.BoundField
    post: forms.BoundField
    suggested: str = ""  # the wage offered from the labour database (来自就业台账), not typed by anyone


@dataclass
class ItemRow:
    item: str
    flow: str
    amount: forms.BoundField
    months: list[forms.BoundField]
    notes: list[IncomeLine]

    @property
    def monthly_open(self) -> bool:
        return any(str(b.value() or "").strip() for b in self.months) or any(b.errors for b in self.months)


class SheetForm(Form):
    version = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(
        self,
        *,
        household: Household,
        year: int,
        data: Any = None,
        initial_from: IncomeSheet | None = None,
        prefix: str | None = None,
    ) -> None:
        self.household, self.year, self.sheet = household, year, initial_from
        self.members = ordered_members(household)
        self.suggested: dict[Any, str] = {}
        lines = list(initial_from.lines.all()) if initial_from is not None else []
        super().__init__(data=data, prefix=prefix, initial=self._initial(lines, initial_from))
        self.department_notes: dict[str, list[IncomeLine]] = defaultdict(list)
        for line in lines:
            if line.source == Source.FEED:
                self.department_notes[line.item].append(line)
        for person in self.members:
            key = self.member_key(person)
            self.fields[f"{key}_place"] = forms.ChoiceField(label="务工地点", choices=PLACE_CHOICES, required=False)
            self.fields[f"{key}_months"] = forms.IntegerField(
                label="务工月数",
                required=False,
                min_value=0,
                max_value=MONTHS,
                widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "class": "months"}),
            )
            self.fields[f"{key}_amount"] = _money_field("务工收入（元）", total="income", kind="wage")
            self.fields[f"{key}_post"] = _money_field("公益性岗位收入（元）", total="income", kind="wage")
        for _, flow, items in SECTIONS:
            for item, label in items.items():
                field = self.fields[item] = _money_field(f"{label}（元）", total=flow, kind=summary_kind(item))
                field.widget.attrs["data-item"] = item
                notes = self.department_notes.get(item)
                if notes:
                    field.widget.attrs["data-dept"] = f"{sum((n.amount for n in notes), Decimal(0)):.2f}"
                for m in range(1, MONTHS + 1):
                    self.fields[f"{item}_m{m}"] = _money_field(f"{m}月", month_of=item)

    @staticmethod
    def member_key(person: Person) -> str:
        return f"p{person.pk.hex}"

    def _initial(self, lines: list[IncomeLine], sheet: IncomeSheet | None) -> dict[str, Any]:
        initial: dict[str, Any] = {"version": sheet.version if sheet is not None else 0}
        members = {p.pk for p in self.members}
        amounts: dict[str, Decimal] = defaultdict(Decimal)
        monthly: dict[str, list[Decimal]] = {}
        for line in lines:
            if line.source == Source.FEED:
                continue
            wage = line.item in PLACE_ITEM.values()
            if line.member_id in members and (wage or line.item == "welfare_post"):
                key = f"p{line.member_id.hex}" if line.member_id else ""
                if line.item == "welfare_post":
                    amounts[f"{key}_post"] += line.amount
                    continue
                amounts[f"{key}_amount"] += line.amount
                place = line.work_place or ("in_county" if line.item == "local_work" else "out_province")
                initial[f"{key}_place"] = place
                initial[f"{key}_months"] = max(initial.get(f"{key}_months") or 0, line.work_months or 0) or None
                continue
            amounts[line.item] += line.amount
            if line.monthly:
                totals = monthly.setdefault(line.item, [Decimal(0)] * MONTHS)
                for n, value in enumerate(line.monthly[:MONTHS]):
                    totals[n] += Decimal(str(value))
        initial.update(amounts)
        self._suggest(initial, lines)
        for item, values in monthly.items():
            if sum(values, Decimal(0)) == amounts[item]:
                initial.update({f"{item}_m{n + 1}": v for n, v in enumerate(values)})
        return initial

    def _suggest(self, initial: dict[str, Any], lines: list[IncomeLine]) -> None:
        """Wages the labour database knows (``hooks.wage_suggestions``) for members without a typed wage line:
        offered in the empty fields and marked, never over what a person typed."""
        typed = {line.member_id for line in lines if line.source != Source.FEED and line.item in PLACE_ITEM.values()}
        members = {p.pk for p in self.members}
        for member_id, row in hooks.wage_suggestions(self.household, self.year).items():
            if member_id not in members or member_id in typed:
                continue
            key = f"p{member_id.hex}"
            initial[f"{key}_place"] = row["place"]
            initial[f"{key}_months"] = row["months"] or None
            initial[f"{key}_amount"] = row["amount"]
            self.suggested[member_id] = row["note"]

    # ---- what the template shows ----
    @cached_property
    def summary(self) -> Summary:
        """The stored figures (this year's and last year's) the live totals start from."""
        return summary_for(self.household, self.year, self.sheet)

    def member_blocks(self) -> list[MemberBlock]:
        blocks = []
        for person in self.members:
            key = self.member_key(person)
            place, months, amount, post = (self[f"{key}_{n}"] for n in ("place", "months", "amount", "post"))
            blocks.append(MemberBlock(person, place, months, amount, post, self.suggested.get(person.pk, "")))
        return blocks

    def item_sections(self) -> list[tuple[str, list[ItemRow]]]:
        out = []
        for legend, flow, items in SECTIONS:
            rows = [
                ItemRow(
                    item=item,
                    flow=flow,
                    amount=self[item],
                    months=[self[f"{item}_m{m}"] for m in range(1, MONTHS + 1)],
                    notes=self.department_notes.get(item, []),
                )
                for item in items
            ]
            out.append((legend, rows))
        return out

    # ---- checks and the service's input ----
    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for person in self.members:
            key = self.member_key(person)
            amount, place = data.get(f"{key}_amount"), data.get(f"{key}_place")
            months = data.get(f"{key}_months")
            if amount is not None and not place:
                self.add_error(f"{key}_place", "填写了务工收入，请选择务工地点")
            elif place and amount is None and not self.has_error(f"{key}_amount"):
                self.add_error(f"{key}_amount", "选择了务工地点，请填写务工收入（没有收入填 0）")
            if months is not None and not place and amount is None:
                self.add_error(f"{key}_place", "填写了务工月数，请选择务工地点")
        for item in ITEM_FLOW:
            self._clean_monthly(item, data)
        return data

    def _clean_monthly(self, item: str, data: dict[str, Any]) -> None:
        names = [f"{item}_m{m}" for m in range(1, MONTHS + 1)]
        if any(self.has_error(n) for n in names):
            return
        values = [data.get(n) for n in names]
        if all(v is None for v in values):
            return
        total = sum((v or Decimal(0) for v in values), Decimal(0))
        amount = data.get(item)
        if amount is None and not self.has_error(item):
            problem = amount_problem(total)
            if problem:
                self.add_error(item, f"12个月合计{problem}")
                return
            data[item] = total
        elif amount is not None and amount != total:
            self.add_error(item, f"12个月合计 {total:.2f} 元，与全年金额 {amount:.2f} 元不一致")

    def expected_version(self) -> int | None:
        value = self.cleaned_data.get("version")
        return int(value) if value is not None else None

    def lines(self) -> list[LineInput]:
        data = self.cleaned_data
        out: list[LineInput] = []
        for person in self.members:
            key = self.member_key(person)
            place, amount, months = data.get(f"{key}_place"), data.get(f"{key}_amount"), data.get(f"{key}_months")
            if place and amount is not None:
                out.append(LineInput(PLACE_ITEM[place], amount, person.pk, place, months))
            post = data.get(f"{key}_post")
            if post is not None:
                out.append(LineInput("welfare_post", post, person.pk))
        for item in ITEM_FLOW:
            amount = data.get(item)
            if amount is None:
                continue
            values = [data.get(f"{item}_m{m}") for m in range(1, MONTHS + 1)]
            monthly = tuple(v or Decimal(0) for v in values) if any(v is not None for v in values) else None
            out.append(LineInput(item, amount, monthly=monthly))
        return out
