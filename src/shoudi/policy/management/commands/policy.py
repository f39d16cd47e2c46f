"""``shoudi policy load FILE.json | --builtin`` and ``shoudi policy show --region CODE --date DATE``."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from shoudi.accounts.models import User
from shoudi.policy import services
from shoudi.policy.keys import KEYS, key_label
from shoudi.policy.params import ParameterSet
from shoudi.policy.values import ParameterError, ParameterLoadError


class Command(BaseCommand):
    help = "政策参数：load 载入 JSON 文件（全部成功才写入），show 显示某区划某日适用的参数及其来源"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="载入参数文件（格式见 src/shoudi/policy/CLI.md）")
        load.add_argument("file", nargs="?", help="JSON 文件，- 表示标准输入")
        load.add_argument("--builtin", action="store_true", help="载入内置参数（policy/data/builtin.json）")
        load.add_argument("--user", help="以该用户身份设定（检查其权限和区域）；缺省为系统")
        show = sub.add_parser("show", help="显示适用的参数")
        show.add_argument("--region", required=True, help="区划代码（2–12位）")
        show.add_argument("--date", help="日期 YYYY-MM-DD，默认今天")
        show.add_argument("--key", action="append", default=[], help="只显示这些参数（可重复）")
        show.add_argument("--json", action="store_true", help="以 JSON 输出")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "load":
            self._load(options)
        else:
            self._show(options)

    def _load(self, options: dict[str, Any]) -> None:
        by = None
        if options.get("user"):
            by = User.objects.filter(username=options["user"], is_active=True).first()
            if by is None:
                raise CommandError(f"用户“{options['user']}”不存在或已停用")
        try:
            if options["builtin"]:
                result = services.parameter_load_builtin(by=by)
            else:
                if not options.get("file"):
                    raise CommandError("请给出参数文件，或使用 --builtin")
                result = services.parameter_load(by=by, data=self._read(options["file"]), reason="命令行载入")
        except ParameterLoadError as exc:
            lines = "\n".join(f"  {e}" for e in exc.errors)
            raise CommandError(f"未写入任何参数，共 {len(exc.errors)} 处错误：\n{lines}") from None
        self.stdout.write(self.style.SUCCESS(f"参数已载入：{result}"))

    def _read(self, name: str) -> Any:
        import sys

        try:
            raw = sys.stdin.buffer.read() if name == "-" else Path(name).read_bytes()
        except OSError as exc:
            raise CommandError(f"无法读取文件 {name}：{exc.strerror}") from None
        try:
            return json.loads(raw.decode("utf-8-sig"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise CommandError(f"{name} 不是有效的 UTF-8 JSON 文件：{exc}") from None

    def _show(self, options: dict[str, Any]) -> None:
        region = options["region"].strip()
        if not region.isdigit() or len(region) not in (2, 4, 6, 9, 12):
            raise CommandError(f"区划代码“{region}”无效")
        try:
            on = dt.date.fromisoformat(options["date"]) if options.get("date") else timezone.localdate()
        except ValueError:
            raise CommandError(f"日期“{options['date']}”无效（应为 YYYY-MM-DD）") from None
        pset = ParameterSet.load(region, within=False)
        keys = options["key"] or sorted(set(KEYS) | set(pset.table.keys()))
        rows = []
        for key in keys:
            try:
                found = pset.get(key, region, on)
            except ParameterError as exc:
                rows.append({"key": key, "error": str(exc)})
                continue
            rows.append({"key": key, "resolved": found})
        if options["json"]:
            doc = [
                r["resolved"].as_json()
                if r.get("resolved")
                else {"key": r["key"], "value": None, "error": r.get("error")}
                for r in rows
            ]
            self.stdout.write(
                json.dumps({"region": region, "date": on.isoformat(), "parameters": doc}, ensure_ascii=False, indent=2)
            )
            return
        self.stdout.write(f"区划 {region} 在 {on.isoformat()} 适用的政策参数：")
        for r in rows:
            if r.get("error"):
                self.stdout.write(self.style.ERROR(f"  {key_label(r['key'])}（{r['key']}）：{r['error']}"))
            elif r.get("resolved") is None:
                self.stdout.write(f"  {key_label(r['key'])}（{r['key']}）：未设定")
            else:
                self.stdout.write(f"  {r['key']}: {r['resolved'].describe()}")
