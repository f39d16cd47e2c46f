"""``shoudi employment_match --county 520628 [--per-person 3] [--min-score 40] [--write] [--user NAME]``:
批量推荐 — every person of the county not at work is matched against the county's open openings and gets the best
``--per-person`` of them; without ``--write`` only the counts are printed (a dry run), with it the new pairs are
written as recommendations (pairs already recommended are skipped). Without ``--user`` the system runs it; with
it, the user's role and area are checked. Exits 1 with the reason on a bad county or user."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.http import Http404

from shoudi.accounts.models import User
from shoudi.core.errors import error_text
from shoudi.employment.jobs_recommendations import batch_recommend
from shoudi.regions.models import Level, Region


class Command(BaseCommand):
    help = "就业帮扶：批量推荐（为全县未就业劳动力匹配在招岗位）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--county", required=True, help="县（6位）区划代码")
        parser.add_argument("--per-person", dest="per_person", type=int, default=3, help="每人推荐岗位数（默认3）")
        parser.add_argument(
            "--per-opening", dest="per_opening", type=int, default=0, help="每个岗位最多推荐人数（0不限）"
        )
        parser.add_argument("--min-score", dest="min_score", type=float, default=40.0, help="最低匹配得分（默认40）")
        parser.add_argument("--write", action="store_true", help="写入推荐记录（缺省只统计）")
        parser.add_argument("--user", default="", help="以该用户的身份办理（缺省：系统）")

    def handle(self, *args: Any, **opts: Any) -> None:
        county = str(opts["county"])
        if not Region.objects.filter(code=county, level=Level.COUNTY).exists():
            raise CommandError(f"“{county}”不是县级区划代码")
        if not 1 <= opts["per_person"] <= 20:
            raise CommandError("每人推荐岗位数应在1–20之间")
        user = None
        if opts["user"]:
            user = User.objects.filter(username=opts["user"], is_active=True).first()
            if user is None:
                raise CommandError(f"用户“{opts['user']}”不存在或已停用")
        try:
            result = batch_recommend(
                by=user,
                county=county,
                per_person=opts["per_person"],
                per_opening=max(0, opts["per_opening"]),
                min_score=opts["min_score"],
                write=opts["write"],
            )
        except Http404:
            raise CommandError(f"用户“{opts['user']}”不能在{county}批量推荐") from None
        except ValidationError as exc:
            raise CommandError(error_text(exc)) from None
        self.stdout.write(
            f"劳动力 {result.persons:,} 人，其中未就业 {result.targets:,} 人；在招岗位 {result.openings:,} 个；"
            f"匹配 {result.pairs:,} 对，未推荐过的 {result.new:,} 对；写入 {result.written:,} 条；用时 {result.seconds:.1f} 秒"
            + ("" if opts["write"] else "（未写入：加 --write 写入推荐记录）")
        )
