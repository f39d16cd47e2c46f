"""/api/v1/markets/: consumption."""

from ninja import Router

router = Router()
