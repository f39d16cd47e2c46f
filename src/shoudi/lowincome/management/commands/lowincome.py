"""``shoudi lowincome adopt --area 520628 [--on DATE]``: take the registry's 低保 / 特困 flags into the register
(once, when a county starts using it; ``lowincome.adopt``).

``shoudi lowincome classify --area 520628 --as-of 2026-06-30 [--user NAME]``: classify every household of a
county or township into the layers of the low-income population and send what follows (referrals to 民政,
monitoring leads), as the page 分层分类测算 does. Without ``--user`` the system runs it (any area); with it, the
user's role and area are checked. Prints the counts; exits 1 with the reason on a bad area, date or user."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404
from django.utils import timezone

from shoudi.accounts.models import User
from shoudi.core.errors import error_text
from shoudi.lowincome.adopt import adopt_registry_flags
from shoudi.lowincome.classify import AreaSummary, classify_area
from shoudi.policy.layers import BASIC_LIVING, LAYER_LABELS, Layer
from shoudi.regions.models import Region


class Command(BaseCommand):
    help = "农村低收入人口常态化帮扶：分层分类测算（转介民政、生成风险线索）"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        run = sub.add_parser("classify", help="测算一个县或乡镇每户符合的类别，转介民政、生成风险线索")
        run.add_argument("--area", required=True, help="县（6位）或乡镇（9位）区划代码")
        run.add_argument("--as-of", dest="as_of", default="", help="测算日期 YYYY-MM-DD（默认今天）")
        run.add_argument("--user", default="", help="以该用户的身份和区域测算（缺省：系统）")
        adopt = sub.add_parser(
            "adopt", help="把基础数据库中已标记低保、特困的户转入低收入人口台账（启用台账时运行一次）"
        )
        adopt.add_argument("--area", required=True, help="县（6位）或更大区域的区划代码")
        adopt.add_argument("--on", default="", help="转入日期 YYYY-MM-DD（默认今天）")

    def handle(self, *args: Any, action: str, **opts: Any) -> None:
        if action == "classify":
            self._classify(area=opts["area"], as_of=opts["as_of"], username=opts["user"])
        elif action == "adopt":
            self._adopt(area=opts["area"], on=opts["on"])

    def _adopt(self, *, area: str, on: str) -> None:
        if not Region.objects.filter(code=area).exists():
            raise CommandError(f"区划代码“{area}”不存在")
        try:
            counts = adopt_registry_flags(area, on=self._date(on))
        except ValidationError as exc:
            raise CommandError(error_text(exc)) from None
        made = "，".join(f"{LAYER_LABELS[layer]} {n} 户" for layer, n in counts.items())
        self.stdout.write(f"已转入低收入人口台账：{made}")

    def _classify(self, *, area: str, as_of: str, username: str) -> None:
        day = self._date(as_of)
        user = self._user(username)
        try:
            summary = classify_area(by=user, area=area, as_of=day)
        except Http404:
            raise CommandError(f"用户“{username}”无权对区域“{area}”进行分层分类测算") from None
        except ValidationError as exc:
            raise CommandError(error_text(exc)) from None
        self._print(summary)

    def _date(self, text: str) -> dt.date:
        if not text:
            return timezone.localdate()
        try:
            return dt.date.fromisoformat(text.strip())
        except ValueError:
            raise CommandError(f"测算日期“{text}”无效，应为 YYYY-MM-DD，如 2026-06-30") from None

    def _user(self, username: str) -> User | None:
        if not username:
            return None
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在或已停用")
        return user

    def _print(self, s: AreaSummary) -> None:
        out = self.stdout.write
        out(f"分层分类测算：{s.area_name}（{s.area}），测算日期 {s.as_of.isoformat()}")
        out(
            f"共 {s.households} 户，测算 {s.assessed} 户"
            + (f"，{s.error_count} 户数据有误未测算" if s.error_count else "")
        )
        for code, label in LAYER_LABELS.items():
            if code == Layer.FORMER_POOR:  # a registry status: nothing to qualify for
                out(f"  {label}：{s.holds[code]} 户")
                continue
            basic = code in BASIC_LIVING  # 民政 decides 低保 and 特困: Shoudi names candidates
            which, short = ("候选", "候选") if basic else ("符合条件", "符合")
            out(
                f"  {label}：{which} {s.qualifies[code]} 户，已纳入 {s.holds[code]} 户，{short}而未纳入 {s.candidates[code]} 户"
            )
        out(f"新转介民政 {s.referrals_created} 件（已转介、未重复 {s.referrals_skipped} 件）")
        out(f"新增风险线索 {s.leads_created} 条（已有线索或监测对象 {s.leads_skipped} 户）")
        for line in s.errors:
            out(f"  数据有误：{line}")
        self.stdout.write(self.style.SUCCESS(f"完成，用时 {s.seconds:.1f} 秒"))
