"""/api/v1/cooperation/: 东西部协作和定点帮扶."""

from ninja import Router

router = Router()
