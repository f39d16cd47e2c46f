"""/api/v1/keycounties/: 乡村振兴重点帮扶县."""

from ninja import Router

router = Router()
