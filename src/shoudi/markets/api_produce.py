"""/api/v1/markets/: produce."""

from ninja import Router

router = Router()
