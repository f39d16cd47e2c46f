"""Every environment variable Shoudi reads is in the README's table (issue 12, item 10): a county's IT staff
configure it from the README alone."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[4]
READS = re.compile(
    r"""(?:env_(?:str|bool|int|list)|os\.environ(?:\.get|\.setdefault)?|getenv)\(\s*["']([A-Z][A-Z0-9_]+)["']"""
)
SHELL = re.compile(r"\$\{?(SHOUDI_[A-Z0-9_]+|DEMO_[A-Z0-9_]+)")
NOT_OURS = {"DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"}


def read_variables() -> set[str]:
    found: set[str] = set()
    for folder in ("src", "scripts", "benchmarks"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix == ".py" and "tests" not in path.parts:
                found |= set(READS.findall(path.read_text(encoding="utf-8")))
            elif path.suffix == ".sh":
                found |= set(SHELL.findall(path.read_text(encoding="utf-8")))
    found |= set(SHELL.findall((ROOT / "Makefile").read_text(encoding="utf-8")))
    return found - NOT_OURS


def test_every_variable_the_code_reads_is_in_the_readme():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    variables = read_variables()
    assert "SHOUDI_DATABASE_URL" in variables and "SHOUDI_REDIS_URL" in variables  # the scan still works
    missing = sorted(v for v in variables if f"`{v}`" not in readme)
    assert not missing, f"environment variables read by the code but not in the README: {missing}"
