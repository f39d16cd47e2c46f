"""``shoudi assess --input FILE|- [--output FILE|-]``: the assessment of households, JSON in and out (CLI.md)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from shoudi.policy.contract import ContractError, read_document, run


class Command(BaseCommand):
    help = "按政策参数测算农户（是否在监测范围内、排除情形、监测对象类型），JSON 输入输出，见 src/shoudi/policy/CLI.md"
    elimination = False

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, help="输入文件，- 表示标准输入（UTF-8 JSON）")
        parser.add_argument("--output", default="-", help="输出文件，- 表示标准输出（默认）")

    def handle(self, *args: Any, input: str, output: str, **options: Any) -> None:
        try:
            raw = sys.stdin.buffer.read() if input == "-" else Path(input).read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取输入文件 {input}：{exc.strerror}") from None
        try:
            result = run(read_document(raw), elimination=self.elimination)
        except ContractError as exc:
            raise CommandError(str(exc)) from None
        text = json.dumps(result, ensure_ascii=False, indent=2) + "\n"
        if output == "-":
            self._write_stdout(text)
            return
        try:
            Path(output).write_text(text, encoding="utf-8")
        except OSError as exc:
            raise CommandError(f"无法写入输出文件 {output}：{exc.strerror}") from None

    def _write_stdout(self, text: str) -> None:
        """UTF-8 whatever the terminal's locale says (the contract), through Django's wrapper otherwise."""
        out = getattr(self.stdout, "_out", None)
        buffer = getattr(sys.stdout, "buffer", None)
        if out is sys.stdout and buffer is not None:
            sys.stdout.flush()
            buffer.write(text.encode("utf-8"))
            buffer.flush()
        else:
            self.stdout.write(text, ending="")
