"""信息比对 as a step: the rows of ``monitoring.datacheck`` marked by the county, kept with the step's history row."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from shoudi.monitoring.datacheck import MarkInput, clean_marks, record_items, rows_for, summary_text
from shoudi.monitoring.models import Case
from shoudi.monitoring.stepping import action_for, take


def case_data_check(
    *,
    by: Any,
    case: Case,
    result: str = "",
    marks: Iterable[MarkInput] | None = None,
    on: dt.date | None = None,
    expected_version: int | None = None,
) -> Case:
    """信息比对: the county marks each of the household's department records 相符 / 不符 (sources without a record
    are 无记录); the marks are kept with the step, and a record proving an exclusion feeds the gate at 民主评议."""
    rows = rows_for(case.household)
    cleaned = clean_marks(rows, marks or ())
    text = summary_text(rows, cleaned)
    note = result.strip()
    return take(
        case,
        action_for(case, "_data_check"),
        by=by,
        on=on,
        reason=f"{text}。{note}" if note else text,
        payload={"result": note, "summary": text},
        expected_version=expected_version,
        on_row=lambda current, row: record_items(current, row, rows, cleaned),
    )
