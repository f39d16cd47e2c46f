"""Form widgets shared by the apps."""

from __future__ import annotations

from typing import Any

from django import forms


class DateInput(forms.DateInput):
    """``<input type="date">``. Browsers accept only ISO dates in its value; zh-hans would render 2026/01/02,
    which the browser drops, so an edit form would show an empty date and refuse to submit."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")
