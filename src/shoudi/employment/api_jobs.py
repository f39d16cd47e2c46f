"""/api/v1/employment/: the jobs part."""

from ninja import Router

router = Router()
