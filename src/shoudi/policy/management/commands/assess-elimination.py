"""``shoudi assess-elimination --input FILE|- [--output FILE|-]``: the risk-elimination check (CLI.md)."""

from __future__ import annotations

from shoudi.policy.management.commands.assess import Command as AssessCommand


class Command(AssessCommand):
    help = (
        "检查监测户是否符合风险消除条件（返回 eligible 或不符合的条件代码），JSON 输入输出，见 src/shoudi/policy/CLI.md"
    )
    elimination = True
