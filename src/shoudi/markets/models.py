"""The markets ledgers: 消费帮扶 (``models_consumption``) and 农副产品滞销监测预警 (``models_produce``)."""

from shoudi.markets.models_consumption import Buyer, BuyerYear, Product, Purchase, Supplier, SupplierHousehold
from shoudi.markets.models_produce import (
    CheckRun,
    Commodity,
    Grower,
    Observation,
    ProduceWarning,
    WarningResponse,
)

__all__ = [
    "Buyer",
    "BuyerYear",
    "CheckRun",
    "Commodity",
    "Grower",
    "Observation",
    "ProduceWarning",
    "Product",
    "Purchase",
    "Supplier",
    "SupplierHousehold",
    "WarningResponse",
]
