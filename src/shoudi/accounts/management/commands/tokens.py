"""``shoudi tokens issue|revoke|list``: API bearer tokens for other systems."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from shoudi.accounts.models import ApiToken, User


class Command(BaseCommand):
    help = "接口令牌：issue 签发（只显示一次），revoke 按前缀吊销，list 列出"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        issue = sub.add_parser("issue", help="为用户签发令牌，原始令牌只显示这一次")
        issue.add_argument("--user", required=True, help="用户名")
        issue.add_argument("--name", required=True, help="用途，如“县医保局数据对接”")
        revoke = sub.add_parser("revoke", help="按前缀吊销令牌（前缀见 list）")
        revoke.add_argument("prefix")
        listing = sub.add_parser("list", help="列出令牌（不显示令牌本身）")
        listing.add_argument("--user", default="", help="只列出该用户的令牌")

    def handle(self, *args: Any, action: str, **options: Any) -> None:
        if action == "issue":
            self._issue(options["user"], options["name"])
        elif action == "revoke":
            self._revoke(options["prefix"])
        else:
            self._list(options["user"])

    def _issue(self, username: str, name: str) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在")
        if not user.is_active:
            raise CommandError(f"用户“{username}”已停用，不能签发令牌")
        if not name.strip():
            raise CommandError("请用 --name 说明令牌用途")
        token, raw = ApiToken.issue(user=user, name=name.strip())
        self.stdout.write(raw)
        self.stderr.write(
            f"已为 {user.display_name} 签发令牌“{token.name}”（前缀 {token.prefix}）。"
            "令牌只显示这一次，请立即妥善保存；请求时使用请求头 Authorization: Bearer <令牌>。"
        )

    def _revoke(self, prefix: str) -> None:
        matches = list(ApiToken.objects.filter(prefix__startswith=prefix.strip(), revoked=False)[:2])
        if not prefix.strip() or not matches:
            raise CommandError(f"没有前缀为“{prefix}”的有效令牌")
        if len(matches) > 1:
            raise CommandError(f"前缀“{prefix}”对应多个令牌，请先用 list 查看后输入完整前缀")
        token = matches[0]
        token.revoked = True
        token.save(update_fields=["revoked"])
        self.stdout.write(self.style.SUCCESS(f"已吊销令牌“{token.name}”（{token.user.username}，前缀 {token.prefix}）"))

    def _list(self, username: str) -> None:
        qs = ApiToken.objects.select_related("user").order_by("created_at")
        if username:
            qs = qs.filter(user__username=username)
        for token in qs:
            used = (
                timezone.localtime(token.last_used_at).strftime("%Y-%m-%d %H:%M") if token.last_used_at else "从未使用"
            )
            state = "已吊销" if token.revoked else "有效"
            self.stdout.write(f"{token.prefix}\t{token.user.username}\t{token.name}\t{state}\t最后使用 {used}")
