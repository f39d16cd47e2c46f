"""XLSX exports of the 消费帮扶 tables (``core.exports``: streaming, one formula guard): the buyers of a year against
their reserved share, and the suppliers with their sales and the households they drive (counts only: no
household number, no person)."""

from __future__ import annotations

from typing import Any

from shoudi.core import exports
from shoudi.markets import selectors_consumption_figures as figures
from shoudi.monitoring.presenters import short_name

FLAG = figures.SHORT_FLAG


def buyers_xlsx(user: Any, year: int) -> bytes:
    rows = figures.buyer_totals(user, year)
    channel_columns = [exports.Column(f"{label}（元）", "money", key=code) for code, label in figures.CHANNELS]

    def build(book: exports.Workbook) -> None:
        columns = [
            exports.Column("采购方", "text", width=30),
            exports.Column("采购方类型", "text"),
            exports.Column("所在地", "text"),
            exports.Column("采购总额（元）", "money"),
            exports.Column("其中认定产品（元）", "money"),
            *channel_columns,
            exports.Column("年度食堂食材采购总额（元）", "money"),
            exports.Column("预留份额比例（%）", "percent"),
            exports.Column("预留份额金额（元）", "money"),
            exports.Column("完成率（%，按认定产品）", "percent"),
            exports.Column("是否达到预留份额", "text"),
        ]
        sheet = book.sheet(f"{year}年采购方", columns, title_rows=[f"消费帮扶采购方统计（{year}年）"], freeze_columns=1)
        for r in rows:
            share = None if r.share is None else r.share * 100
            state = "" if not (r.reserving and r.reserved) else (FLAG if r.flagged else "已达到")
            sheet.write(
                {
                    "采购方": r.buyer.name,
                    "采购方类型": r.buyer.get_kind_display(),
                    "所在地": r.buyer.location,
                    "采购总额（元）": r.total,
                    "其中认定产品（元）": r.recognised,
                    **{code: r.by_channel.get(code, figures.ZERO) for code, _ in figures.CHANNELS},
                    "年度食堂食材采购总额（元）": r.budget,
                    "预留份额比例（%）": share,
                    "预留份额金额（元）": r.reserved,
                    "完成率（%，按认定产品）": r.completion,
                    "是否达到预留份额": state,
                }
            )

    return exports.export_bytes(build)


def suppliers_xlsx(user: Any, year: int) -> bytes:
    rows = figures.supplier_totals(user, year)

    def build(book: exports.Workbook) -> None:
        columns = [
            exports.Column("供应商", "text", width=30),
            exports.Column("主体类型", "text"),
            exports.Column("所在村", "text"),
            exports.Column("销售额（元）", "money"),
            exports.Column("其中认定产品（元）", "money"),
            exports.Column("采购记录数", "int"),
            exports.Column("带动农户（户）", "int"),
            exports.Column("其中脱贫户", "int"),
            exports.Column("其中监测对象户", "int"),
            exports.Column("带动增收金额（元）", "money"),
        ]
        sheet = book.sheet(f"{year}年供应商", columns, title_rows=[f"消费帮扶供应商统计（{year}年）"], freeze_columns=1)
        for r in rows:
            sheet.write(
                {
                    "供应商": r.supplier.name,
                    "主体类型": r.supplier.get_kind_display(),
                    "所在村": short_name(r.supplier.village.name) if r.supplier.village else "",
                    "销售额（元）": r.amount,
                    "其中认定产品（元）": r.recognised,
                    "采购记录数": r.purchases,
                    "带动农户（户）": r.households,
                    "其中脱贫户": r.former_poor,
                    "其中监测对象户": r.monitored,
                    "带动增收金额（元）": r.driven_amount,
                }
            )

    return exports.export_bytes(build)
