"""``shoudi demo``: the demo county and one account per role, passwords printed once."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Count

from shoudi.accounts.models import User
from shoudi.accounts.roles import Department, Role, role_title
from shoudi.accounts.services import generate_password, user_create, user_set_password
from shoudi.core.access import in_area
from shoudi.regions.models import Region
from shoudi.registry.models import Household

# Households the demo village gets whatever DEMO_HOUSEHOLDS is (500 over 522 villages would leave it one or two):
# enough for ``shoudi monitoring demo`` (14 cases and 3 leads) and a list worth looking at.
DEMO_VILLAGE_HOUSEHOLDS = 30


class Command(BaseCommand):
    help = "生成演示县（模拟数据）并为每个角色创建演示账号，密码仅显示一次"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--county", default="520628", help="县级代码，默认松桃苗族自治县 520628")
        parser.add_argument("--households", type=int, default=20000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--reset-passwords", action="store_true", help="为已存在的演示账号重新生成密码")

    def handle(self, *args: Any, county: str, households: int, seed: int, reset_passwords: bool, **opts: Any) -> None:
        region = Region.objects.filter(code=county, level=3).first()
        if region is None:
            raise CommandError(f"县级代码 {county} 不存在，请先执行 shoudi regions load")
        existing = Household.objects.filter(in_area("village_id", county)).count()
        if existing == 0 and households > 0:
            from shoudi.synth.writer import write_county

            self.stdout.write(f"正在生成演示县 {region.name}：{households:,} 户 …")
            summary = write_county(county, households, seed, focus_households=DEMO_VILLAGE_HOUSEHOLDS)
            self.stdout.write(self.style.SUCCESS(str(summary)))
        else:
            self.stdout.write(f"{region.name} 已有 {existing:,} 户，跳过生成")
        self._policy(region)
        self._accounts(region, reset_passwords)

    # Guizhou's documented values stop at 2021 (seed 001). So that the demo county can assess households
    # today, it carries them forward as county values marked as demo data — never as a real standard.
    DEMO_CARRIED = {
        "monitoring_line": ("6320", "贵州省2021年防止返贫监测范围 6,320 元（seed 001）"),
        "rural_disposable_income": ("12856", "贵州省2021年农村居民人均可支配收入 12,856 元"),
        # 常态化帮扶 (lowincome): the 低保 standard sets the 低保边缘 limit; no official value is built in
        "dibao_standard_monthly": ("450", "示例农村低保标准 450 元/人·月（非官方数值）"),
    }

    def _policy(self, county: Region) -> None:
        from django.utils import timezone

        from shoudi.policy.document import ParameterEntry
        from shoudi.policy.params import resolve_many
        from shoudi.policy.services import parameter_load

        today = timezone.localdate()
        found = resolve_many(self.DEMO_CARRIED, county.code, today)
        entries: list[ParameterEntry] = [
            {
                "key": key,
                "region": county.code,
                "valid_from": "2022-01-01",
                "value": value,
                "source": f"演示数据：沿用{origin}",
                "note": "仅供演示，不是正式标准；正式使用前请按省级年度通知在“政策参数”页面设定当年数值",
            }
            for key, (value, origin) in self.DEMO_CARRIED.items()
            if found[key] is None
        ]
        if entries:
            parameter_load(by=None, data={"parameters": entries}, reason="shoudi demo：演示县参数")
            names = "、".join(e["key"] for e in entries)
            self.stdout.write(
                self.style.WARNING(f"{county.name}未设定当年 {names}，已按演示数据沿用 2021 年贵州省数值")
            )

    def _accounts(self, county: Region, reset: bool) -> None:
        # The village contact gets the busiest real village (村民委员会), not a town community or a
        # relocation site, which hold more households but are not what a village contact looks after.
        village = (
            Household.objects.filter(in_area("village_id", county.code), village__name__endswith="村民委员会")
            .values("village_id")
            .annotate(n=Count("id"))
            .order_by("-n", "village_id")
            .first()
        )
        villages = Region.objects.filter(in_area("code", county.code), level=5).order_by("code")
        village_code = (
            village["village_id"]
            if village
            else villages.filter(name__endswith="村民委员会").values_list("code", flat=True).first()
            or villages.values_list("code", flat=True).first()
        )
        if not village_code:
            raise CommandError("该县没有村级区划")
        v = Region.objects.get(code=village_code)
        t = Region.objects.get(code=village_code[:9])
        city = county.code[:4]
        plan = [
            ("demo_village", Role.VILLAGE_CONTACT, v.code, f"监测联系人（{v.name}）", ""),
            ("demo_committee", Role.VILLAGE_COMMITTEE, v.code, f"村两委（{v.name}）", ""),
            ("demo_helper", Role.HELPER_CADRE, v.code, f"帮扶责任人（{v.name}）", ""),
            ("demo_township", Role.TOWNSHIP_REVIEWER, t.code, f"乡镇审核员（{t.name}）", ""),
            ("demo_county", Role.COUNTY_OFFICER, county.code, f"县乡村振兴局（{county.name}）", ""),
            ("demo_admin", Role.ADMIN, county.code, f"系统管理员（{county.name}）", ""),
            ("demo_leader", Role.LEADER, city, "市领导", ""),
            ("demo_yibao", Role.DEPT_CLERK, county.code, "县医保局数据员", Department.MEDICAL_INSURANCE),
        ]
        plan += [
            (f"demo_dept_{d.value}", Role.DEPT_CLERK, county.code, f"县{d.label}数据员", d.value)
            for d in Department
            if d != Department.MEDICAL_INSURANCE  # demo_yibao is the 医保 clerk
        ]
        rows = []
        for username, role, area, full_name, dept in plan:
            user = User.objects.filter(username=username).first()
            password = "（首次创建时已显示）"  # noqa: S105 - a notice, not a password
            if user is None:
                password = generate_password()
                user_create(
                    username=username,
                    role=role,
                    area_code=area,
                    password=password,
                    full_name=full_name,
                    department=dept,
                )
            elif reset:
                password = generate_password()
                user_set_password(user=user, password=password)
            rows.append((username, role_title(role, area), full_name, password))
        self.stdout.write("\n演示账号（请妥善保存密码；--reset-passwords 重新生成）：")
        for username, title, full_name, password in rows:
            self.stdout.write(f"  {username:<28} {password:<18} {title} · {full_name}")
