"""/api/v1/low-income/: the register and referrals, follow-ups, entitlements and counts."""

from ninja import Router

from shoudi.lowincome.api_entitlements import router as entitlements_router
from shoudi.lowincome.api_followup import router as followup_router
from shoudi.lowincome.api_register import router as register_router

router = Router()
router.add_router("", register_router)
router.add_router("", followup_router)
router.add_router("", entitlements_router)
