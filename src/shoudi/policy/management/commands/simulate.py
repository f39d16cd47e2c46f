"""``shoudi simulate --region CODE --as-of DATE --set monitoring_line=6600``: current vs proposed counts."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shoudi.policy.simulation import PARTS, Counts, SimulationError, SimulationReport, simulate


def report_json(report: SimulationReport) -> dict[str, Any]:
    def counts(c: Counts) -> dict[str, Any]:
        return {
            name: {"households": getattr(c, name).households, "people": getattr(c, name).people} for name, _ in PARTS
        }

    return {
        "region": report.region_code,
        "region_name": report.region_name,
        "as_of": report.as_of.isoformat(),
        "proposed": {r.key: r.formula or r.value for r in report.proposals},
        "current_lines": {k: v.as_json() for k, v in report.current_lines.items()},
        "proposed_lines": {k: v.as_json() for k, v in report.proposed_lines.items()},
        "households": report.total.households,
        "errors": report.errors,
        "total": {"current": counts(report.total.current), "proposed": counts(report.total.proposed)},
        "townships": [
            {
                "code": r.code,
                "name": r.name,
                "households": r.households,
                "current": counts(r.current),
                "proposed": counts(r.proposed),
            }
            for r in report.rows
        ],
        "seconds": round(report.seconds, 3),
    }


class Command(BaseCommand):
    help = "政策模拟：按现行参数和拟调整参数，测算某区域落入监测范围的户数和人数（按类型、乡镇）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--region", required=True, help="区划代码（省、市、县、乡、村）")
        parser.add_argument("--as-of", required=True, help="测算日期 YYYY-MM-DD")
        parser.add_argument(
            "--set", action="append", default=[], metavar="KEY=VALUE", help="拟调整的参数，可重复；值可为数字或公式"
        )
        parser.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args: Any, region: str, as_of: str, set: list[str], json: bool, **options: Any) -> None:
        try:
            day = dt.date.fromisoformat(as_of)
        except ValueError:
            raise CommandError(f"--as-of“{as_of}”不是有效日期（应为 YYYY-MM-DD）") from None
        proposals = {}
        for item in set:
            key, sep, value = item.partition("=")
            if not sep or not key.strip() or not value.strip():
                raise CommandError(f"--set“{item}”应写成 KEY=VALUE，如 monitoring_line=6600")
            proposals[key.strip()] = value.strip()
        try:
            report = simulate(region_code=region.strip(), as_of=day, proposals=proposals)
        except SimulationError as exc:
            raise CommandError(str(exc)) from None
        if json:
            self.stdout.write(_dumps(report_json(report)))
            return
        self._print(report)

    def _print(self, report: SimulationReport) -> None:
        w = self.stdout.write
        w(
            f"{report.region_name}（{report.region_code}），测算日期 {report.as_of.isoformat()}，共 {report.total.households:,} 户"
        )
        for county, line in report.current_lines.items():
            w(f"  现行 {county}：{line.describe()}")
            w(f"  拟调 {county}：{report.proposed_lines[county].describe()}")
        if report.errors:
            w(self.style.WARNING(f"  {report.errors} 户数据不全（无实际共同生活成员），未计入"))
        header = "乡镇".ljust(12) + "".join(f"{label:>16}" for _, label in PARTS)
        w("\n类型按“如经核实存在风险”计（潜在类型）；每格为 现行→拟调 户数（人数）")
        w(header)
        for row in [*report.rows, report.total]:
            cells = []
            for name, _ in PARTS:
                a, b = getattr(row.current, name), getattr(row.proposed, name)
                cells.append(f"{a.households}→{b.households}({a.people}→{b.people})".rjust(20))
            title = "合计" if row is report.total else row.name
            w(title.ljust(12) + "".join(cells))
        w(f"\n用时 {report.seconds:.2f} 秒")


def _dumps(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2)
