"""The demo county's jobs ledgers (``shoudi employment demo``), built through the services as the county officer
and the township reviewer of the demo would: employers (a 苗绣 enterprise, a 龙头企业, a 合作社, an east–west
partner employer in 苏州), openings with skills, a 就业帮扶车间 with a subsidy, four 公益性岗位 in the demo
village with holders and last month's pay sheet, and the batch recommendations of the county. Nothing new on a
re-run (the first employer is the marker)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Exists, OuterRef
from django.utils import timezone

from shoudi.accounts.models import User
from shoudi.accounts.roles import Role
from shoudi.core.access import in_area
from shoudi.employment import codes, jobs, matching_pool, post_candidates, post_pay, posts, workshops
from shoudi.employment.jobs_recommendations import batch_recommend
from shoudi.employment.models import Employer, LabourProfile, WelfarePost, Work
from shoudi.regions.models import Region

MARKER = "松桃苗绣文化产业有限公司"
EMPLOYERS = [
    (MARKER, codes.EmployerKind.ENTERPRISE, ""),
    ("梵净山抹茶产业发展有限公司", codes.EmployerKind.LEADING, ""),
    ("生态养殖农民专业合作社", codes.EmployerKind.COOPERATIVE, ""),
    ("苏州工业园区精密电子有限公司", codes.EmployerKind.PARTNER, "江苏省苏州市"),
]
# (employer index, title, skills, place, pay range, headcount)
OPENINGS = [
    (0, "苗绣绣娘", "苗绣、刺绣、缝纫", codes.WorkPlace.IN_COUNTY, (2600, 3800), 20),
    (0, "缝纫工", "缝纫", codes.WorkPlace.IN_COUNTY, (2800, 3500), 10),
    (1, "采茶工（季节性）", "采茶", codes.WorkPlace.IN_COUNTY, (2400, 3000), 40),
    (1, "制茶技工", "制茶、采茶", codes.WorkPlace.IN_COUNTY, (3500, 5000), 5),
    (2, "养殖员", "养殖、饲养", codes.WorkPlace.IN_COUNTY, (2800, 3600), 6),
    (3, "电子装配普工", "普工、电子装配", codes.WorkPlace.PARTNER_CITY, (5000, 6500), 50),
    (3, "叉车司机", "叉车、驾驶", codes.WorkPlace.PARTNER_CITY, (6000, 7500), 5),
]
# Skills and wishes of the demo labour force (a share of the unemployed working-age members), so that the batch
# recommendations have something to match: (skills, wished kind, wished place).
PROFILES = [
    ("苗绣、刺绣", "绣娘", codes.WorkPlace.IN_COUNTY),
    ("缝纫", "缝纫工", codes.WorkPlace.IN_COUNTY),
    ("采茶", "采茶", codes.WorkPlace.IN_COUNTY),
    ("养殖", "养殖", codes.WorkPlace.IN_COUNTY),
    ("普工、电子装配", "普工", codes.WorkPlace.PARTNER_CITY),
    ("驾驶、叉车", "司机", codes.WorkPlace.PARTNER_CITY),
    ("电焊", "电焊工", codes.WorkPlace.OUT_PROVINCE),
]
PROFILE_SHARE = 3  # one unemployed member in three gets a profile
POSTS = [
    (codes.PostKind.CLEANING, "村庄保洁员", "村内公共区域和主干道无人保洁", Decimal("500")),
    (codes.PostKind.ROAD, "通组路护路员", "通组公路日常养护无人负责", Decimal("500")),
    (codes.PostKind.WATER, "饮水工程管水员", "集中供水工程需专人巡查管护", Decimal("600")),
    (codes.PostKind.FOREST, "生态护林员", "集体林地防火巡护", Decimal("800")),
]


def _user(role: str, area: str) -> User:
    user = User.objects.filter(role=role, area_id=area, is_active=True).order_by("username").first()
    if user is None:
        raise ValueError(f"演示县缺少{Role(role).label}账号：请先运行 shoudi demo")
    return user


def _demo_village(county: str) -> str:
    contact = User.objects.filter(role=Role.VILLAGE_CONTACT, area__code__startswith=county, is_active=True).first()
    if contact is None or contact.area_id is None:
        raise ValueError("演示县缺少监测联系人账号：请先运行 shoudi demo")
    return str(contact.area_id)


def build_demo(county: str) -> str:
    if Employer.objects.filter(in_area("area_id", county), name=MARKER).exists():
        return "就业帮扶演示数据已存在，未重复生成"
    officer = _user(Role.COUNTY_OFFICER, county)
    village = _demo_village(county)
    township = _user(Role.TOWNSHIP_REVIEWER, village[:9])
    today = timezone.localdate()
    employers = [
        jobs.employer_create(
            by=officer,
            entry=jobs.EmployerInput(name=name, kind=kind, area_code=county, partner_city=city, contact="人事部"),
        )
        for name, kind, city in EMPLOYERS
    ]
    for index, title, skills, place, (low, high), headcount in OPENINGS:
        jobs.opening_create(
            by=officer,
            employer=employers[index],
            entry=jobs.OpeningInput(
                title=title,
                place=place,
                opens_on=today - dt.timedelta(days=10),
                skills=skills,
                workplace_code=village[:9] if place == codes.WorkPlace.IN_COUNTY else "",
                place_detail="" if place == codes.WorkPlace.IN_COUNTY else "江苏省苏州市工业园区",
                pay_min=Decimal(low),
                pay_max=Decimal(high),
                headcount=headcount,
                closes_on=today + dt.timedelta(days=60),
            ),
        )
    shop = workshops.workshop_create(
        by=officer,
        entry=workshops.WorkshopInput(
            name=f"{Region.objects.get(code=village).name.removesuffix('村民委员会')}苗绣就业帮扶车间",
            village=village,
            industry="苗绣加工",
            jobs=30,
            recognised_on=dt.date(today.year, 1, 15),
        ),
        new_employer=workshops.NewEmployer(name="松桃绣娘手工艺品加工厂"),
    )
    workshops.subsidy_add(
        by=officer,
        workshop=shop,
        kind=codes.SubsidyKind.CONSTRUCTION,
        amount=Decimal("50000"),
        received_on=dt.date(today.year, 3, 1),
        document_no="松人社发〔2026〕12号",
    )
    profiles = _profiles(county, today)
    hired = _posts(township, village, today)
    batch = batch_recommend(by=officer, county=county, write=True)
    return (
        f"就业帮扶演示数据：用工主体 {len(employers) + 1} 家，岗位 {len(OPENINGS)} 个，就业帮扶车间 1 个，"
        f"劳动力技能和意愿 {profiles} 人，公益性岗位 {len(POSTS)} 个（在岗 {hired} 人），批量推荐 {batch.written} 条"
    )


def _posts(township: User, village: str, today: dt.date) -> int:
    created_on = dt.date(today.year, 1, 1)
    made = [
        posts.post_create(
            by=township,
            area_code=village,
            entry=posts.PostInput(
                kind=kind,
                title=title,
                need=need,
                monthly_subsidy=subsidy,
                funding=codes.PostFunding.LINKAGE,
                created_on=created_on,
            ),
        )
        for kind, title, need, subsidy in POSTS
    ]
    hired = 0
    start = max(created_on, (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1))
    for post in made[:3]:
        candidates = post_candidates.candidates(village, start, relocated_first=False, limit=1)
        if not candidates:
            break
        posts.post_hire(
            by=township, post=WelfarePost.objects.get(pk=post.pk), person=candidates[0].person, started_on=start
        )
        hired += 1
    if hired and start < today.replace(day=1):
        rows = [
            post_pay.PayRowInput(
                holding_id=row["holding"].pk,
                days_required=row["days_required"],
                days_worked=row["days_required"],
                amount_paid=row["amount_due"],
                paid_on=today.replace(day=1),
            )
            for row in post_pay.sheet(village, start)
        ]
        post_pay.pay_sheet_save(by=township, area_code=village, month=start, rows=rows)
    return hired


def _profiles(county: str, today: dt.date) -> int:
    """Skills and wishes for every third unemployed working-age member without a profile (bulk: demo data)."""
    pool = (
        post_candidates.eligible(county, today)
        .exclude(Exists(Work.objects.filter(person_id=OuterRef("pk"), ended_on__isnull=True)))
        .exclude(Exists(LabourProfile.objects.filter(person_id=OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", "household__village_id")
    )
    made = [
        LabourProfile(
            person_id=pk,
            village_id=village,
            skills=PROFILES[n % len(PROFILES)][0],
            wish_kind=PROFILES[n % len(PROFILES)][1],
            wish_place=PROFILES[n % len(PROFILES)][2],
        )
        for n, (pk, village) in enumerate(pool)
        if n % PROFILE_SHARE == 0
    ]
    LabourProfile.objects.bulk_create(made, batch_size=2000)
    matching_pool.bump(county=county)  # a bulk write sends no signal
    return len(made)
