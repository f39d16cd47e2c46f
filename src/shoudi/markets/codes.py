"""The fixed lists of the markets ledgers (消费帮扶 and 农副产品滞销监测预警), with their Chinese labels."""

from __future__ import annotations

from django.db import models


class ProductCategory(models.TextChoices):
    GRAIN_OIL = "grain_oil", "粮油"
    VEGETABLE = "vegetable", "蔬菜"
    FRUIT = "fruit", "水果"
    TEA = "tea", "茶叶"
    LIVESTOCK = "livestock", "畜禽肉蛋"
    AQUATIC = "aquatic", "水产"
    FUNGI = "fungi", "食用菌"
    HERB = "herb", "中药材"
    PROCESSED = "processed", "加工食品"
    HANDICRAFT = "handicraft", "手工艺品"
    OTHER = "other", "其他"


class SupplierKind(models.TextChoices):
    ENTERPRISE = "enterprise", "企业"
    COOPERATIVE = "cooperative", "农民专业合作社"
    FAMILY_FARM = "family_farm", "家庭农场"
    WORKSHOP = "workshop", "就业帮扶车间"
    HOUSEHOLD = "household", "农户"
    OTHER = "other", "其他"


class SupplierLinkKind(models.TextChoices):
    """How a supplier drives a household's income (联农带农)."""

    BUYS_FROM = "buys_from", "收购农产品"
    EMPLOYS = "employs", "吸纳务工"
    CONTRACT = "contract", "订单/托管"
    DIVIDEND = "dividend", "入股分红"


class BuyerKind(models.TextChoices):
    BUDGET_UNIT = "budget_unit", "预算单位"
    UNION = "union", "工会"
    ENTERPRISE = "enterprise", "企业"
    PARTNER_CITY = "partner_city", "东西部协作城市"
    PAIRED_UNIT = "paired_unit", "定点帮扶单位"
    SOCIETY = "society", "社会团体/个人"
    OTHER = "other", "其他"


class Channel(models.TextChoices):
    """How the produce was bought or sold (seed 001 §消费协作: 单位采购、专柜、专馆、专区、电商平台)."""

    UNIT_PROCUREMENT = "unit_procurement", "单位采购"
    COUNTER = "counter", "专柜"
    HALL = "hall", "专馆"
    ZONE = "zone", "专区"
    ONLINE = "online", "电商平台"
    OTHER = "other", "其他"


class Frequency(models.TextChoices):
    WEEK = "week", "周"
    MONTH = "month", "月"


class WarningKind(models.TextChoices):
    PRICE_FALL = "price_fall", "价格下跌"
    STOCK_HIGH = "stock_high", "库存积压"


class WarningStatus(models.TextChoices):
    OPEN = "open", "待处置"
    RESPONDING = "responding", "处置中"
    CLOSED = "closed", "已解除"


class ResponseKind(models.TextChoices):
    """What was done about an unsold-produce warning (seed 001: 应急预案, 以购代捐, 产销对接)."""

    PURCHASE_DRIVE = "purchase_drive", "以购代捐"
    BUYER_CONTACT = "buyer_contact", "联系采购商"
    PROMOTION = "promotion", "宣传推介/直播带货"
    STORAGE = "storage", "收储/冷藏"
    PROCESSING = "processing", "加工转化"
    OTHER = "other", "其他"


class ObservationSource(models.TextChoices):
    ENTERED = "entered", "手工录入"
    IMPORTED = "imported", "Excel导入"
