"""``make lint``: no Python module of the project over 400 lines, migrations aside (ARCHITECTURE.md: a module
that passes ~400 lines is asking to be split). Prints the offenders and exits 1."""

from __future__ import annotations

import sys
from pathlib import Path

LIMIT = 400
ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    over = []
    for folder in ("src", "tests", "benchmarks", "scripts"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            lines = path.read_text(encoding="utf-8").count("\n")
            if lines > LIMIT:
                over.append((lines, path.relative_to(ROOT)))
    for lines, path in sorted(over, reverse=True):
        print(f"{path}: {lines} 行（上限 {LIMIT}）")
    if over:
        print(f"{len(over)} 个模块超过 {LIMIT} 行，请拆分")
        return 1
    print(f"没有超过 {LIMIT} 行的模块（迁移文件除外）")
    return 0


if __name__ == "__main__":
    sys.exit(main())
