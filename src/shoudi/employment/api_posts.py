"""/api/v1/employment/: the posts part."""

from ninja import Router

router = Router()
