"""/api/v1/employment/: the labour part."""

from ninja import Router

router = Router()
