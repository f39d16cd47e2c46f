"""/api/v1/employment/: the projects part."""

from ninja import Router

router = Router()
