"""报表与考核 API."""

from __future__ import annotations

from ninja import Router

router = Router()
