"""The "two lists" (两清单, seed 003): per township, (a) employer demand — the open openings with their counts,
pay and place; (b) labour supply — the working-age persons able to work who are not at work, with their skills
and wishes, ID numbers masked. One workbook with two sheets (``core.exports``), and the same rows for the API.

Both lists are of the user's area (a township's reviewer: their township; the county: every township, or the one
chosen); the supply comes from the matching's labour pool (``matching_pool``), so "working-age", "able" and
"not at work" mean there what they mean for the matching."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import numpy as np
from django.db.models import Count, Q
from django.utils import timezone

from shoudi.core import exports
from shoudi.core.access import in_area
from shoudi.employment import codes
from shoudi.employment.access import VIEW, may
from shoudi.employment.matching_pool import NEED_FORMER_POOR, NEED_LOW_INCOME, NEED_MONITORED, pool_for
from shoudi.employment.models import LabourProfile, Opening
from shoudi.employment.selectors_jobs import openings_visible
from shoudi.monitoring.presenters import short_name
from shoudi.regions.models import Level, Region
from shoudi.registry import codes as rcodes
from shoudi.registry.idnumber import mask
from shoudi.registry.models import Person

NEED_LABEL = {NEED_MONITORED: "监测对象", NEED_LOW_INCOME: "农村低收入人口", NEED_FORMER_POOR: "脱贫人口"}
PLACE_LABEL = dict(codes.PLACE_CHOICES)
LABOR_LABEL = dict(rcodes.Labor.choices)
SEX_LABEL = dict(rcodes.Sex.choices)
DEMAND = [
    exports.Column("乡镇", width=12),
    exports.Column("用工主体", width=26),
    exports.Column("类型", width=14),
    exports.Column("岗位名称", width=16),
    exports.Column("技能要求", width=20),
    exports.Column("工作地点类别", width=12),
    exports.Column("工作地点", width=24),
    exports.Column("招聘人数", "int"),
    exports.Column("已上岗", "int"),
    exports.Column("月薪下限（元）", "money"),
    exports.Column("月薪上限（元）", "money"),
    exports.Column("年龄上限", "int"),
    exports.Column("发布日期", "date", 12),
    exports.Column("截止日期", "date", 12),
]
SUPPLY = [
    exports.Column("乡镇", width=12),
    exports.Column("村", width=14),
    exports.Column("姓名", width=10),
    exports.Column("性别", width=6),
    exports.Column("年龄", "int"),
    exports.Column("身份证号", "text", 20),
    exports.Column("劳动技能", width=12),
    exports.Column("技能特长", width=20),
    exports.Column("职业资格证书", width=18),
    exports.Column("求职意向", width=14),
    exports.Column("意向务工地点", width=12),
    exports.Column("期望月收入（元）", "money"),
    exports.Column("人员类别", width=14),
]


def _scope(user: Any, township: str) -> str:
    """The area the lists cover: the township chosen (within the user's area), else the user's area."""
    area = getattr(user, "area_id", "") or ""
    if area and township.isdigit() and len(township) == 9 and township.startswith(area):
        return township
    return area


def demand(user: Any, township: str = "", *, today: dt.date | None = None) -> list[dict[str, Any]]:
    today = today or timezone.localdate()
    area = _scope(user, township)
    qs = openings_visible(user).filter(status=codes.OpeningStatus.OPEN)
    qs = qs.filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))
    if len(area) >= 9:
        qs = qs.filter(in_area("area_id", area) | Q(workplace_id=area[:9]))
    hired = Count("recommendations", filter=Q(recommendations__outcome=codes.Outcome.HIRED))
    qs = qs.select_related("employer", "workplace", "area").annotate(hired=hired).order_by("workplace_id", "-opens_on")
    names = dict(Region.objects.filter(in_area("code", area[:6]), level=Level.TOWNSHIP).values_list("code", "name"))
    rows = []
    for o in qs:
        town = o.workplace_id or (o.area_id[:9] if len(o.area_id) >= 9 else "")
        rows.append(_demand_row(o, names.get(town, "县级")))
    return rows


def _demand_row(o: Opening, town: str) -> dict[str, Any]:
    return {
        "乡镇": town,
        "opening_id": o.pk,
        "用工主体": o.employer.name,
        "类型": o.employer.get_kind_display(),
        "岗位名称": o.title,
        "技能要求": o.skills,
        "工作地点类别": o.get_place_display(),
        "工作地点": o.place_detail or (o.workplace.name if o.workplace else ""),
        "招聘人数": o.headcount,
        "已上岗": getattr(o, "hired", 0),
        "月薪下限（元）": o.pay_min,
        "月薪上限（元）": o.pay_max,
        "年龄上限": o.age_max,
        "发布日期": o.opens_on,
        "截止日期": o.closes_on,
    }


def supply_indices(user: Any, township: str = "", *, today: dt.date | None = None) -> tuple[Any, np.ndarray]:
    """(the pool, the indices of its persons in the lists' area who are not at work and not unwilling)."""
    area = _scope(user, township)
    if not may(user, VIEW) or len(area) < 6:
        return None, np.zeros(0, dtype=np.int64)
    pool = pool_for(area[:6], today=today)
    keep = pool.area_mask(area) & ~pool.at_work & (pool.willing != -1)
    return pool, np.flatnonzero(keep)


def supply(user: Any, township: str = "", *, offset: int = 0, limit: int | None = None) -> tuple[int, list[dict]]:
    """(how many, the rows ``offset``…``offset+limit``) of the labour supply, by village then name."""
    pool, rows = supply_indices(user, township)
    if pool is None or not len(rows):
        return 0, []
    ids = [pool.person_id(int(i)) for i in rows]
    people = (
        Person.objects.filter(pk__in=ids)
        if len(ids) <= 5_000
        else Person.objects.filter(in_area("household__village_id", _scope(user, township)))
    )
    wanted = {pid: int(i) for pid, i in zip(ids, rows, strict=True)}
    fields = ("id", "name", "sex", "id_number", "labor", "household__village_id")
    found = sorted(
        (r for r in people.values_list(*fields).iterator(chunk_size=10_000) if r[0] in wanted),
        key=lambda r: (r[5], r[1], str(r[0])),
    )
    page = found[offset : None if limit is None else offset + limit]
    profiles = {
        p[0]: p[1:]
        for p in LabourProfile.objects.filter(person_id__in=[r[0] for r in page]).values_list(
            "person_id", "skills", "certificates", "wish_kind", "wish_place", "wish_pay"
        )
    }
    villages = {r.code: r for r in Region.objects.filter(code__in={r[5] for r in page}).select_related("parent")}
    out = []
    for pid, name, sex, id_number, labor, village in page:
        i = wanted[pid]
        skills, certificates, kind, place, pay = profiles.get(pid, ("", "", "", "", None))
        region = villages.get(village)
        out.append(
            {
                "person_id": pid,
                "乡镇": region.parent.name if region and region.parent else "",
                "村": short_name(region.name) if region else village,
                "姓名": name,
                "性别": SEX_LABEL.get(sex, ""),
                "年龄": int(pool.age[i]),
                "身份证号": mask(id_number),
                "劳动技能": LABOR_LABEL.get(labor, ""),
                "技能特长": skills,
                "职业资格证书": certificates,
                "求职意向": kind,
                "意向务工地点": PLACE_LABEL.get(place, ""),
                "期望月收入（元）": pay if isinstance(pay, Decimal) else None,
                "人员类别": NEED_LABEL.get(int(pool.need[i]), "其他"),
            }
        )
    return len(found), out


def workbook_bytes(user: Any, township: str = "") -> bytes:
    area = _scope(user, township)
    region = Region.objects.filter(code=area).first()
    title = f"{region.name if region else ''}就业帮扶“两清单”（{timezone.localdate().isoformat()}）"
    demand_rows = demand(user, township)
    _count, supply_rows = supply(user, township)

    def build(book: exports.Workbook) -> None:
        sheet = book.sheet("企业用工需求清单", DEMAND, title_rows=[title], freeze_columns=2)
        sheet.write_rows(demand_rows)
        sheet = book.sheet("劳动力供给清单", SUPPLY, title_rows=[title], notes=["身份证号已脱敏。"], freeze_columns=3)
        sheet.write_rows(supply_rows)

    return exports.export_bytes(build)
