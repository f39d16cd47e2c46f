"""/api/v1/markets/: 消费帮扶 (products, suppliers, buyers, purchases) and 滞销预警 (series, warnings, responses)."""

from ninja import Router

from shoudi.markets.api_consumption import router as consumption_router
from shoudi.markets.api_produce import router as produce_router

router = Router()
router.add_router("", consumption_router)
router.add_router("", produce_router)
