"""The job database: the employers' and openings' filters, registering and editing an employer, publishing and
editing an opening, closing it, the import, recommending from an opening's candidates and from a person's
openings, recording an outcome, and the batch recommendation. The county officer (who manages jobs) fills them;
the township reviewer filters. Each setup writes what the form needs straight with the ORM."""

from __future__ import annotations

import io
from types import SimpleNamespace
from typing import Any

import openpyxl
from django.utils import timezone

from shoudi.employment.models import Employer, Opening, Recommendation
from shoudi.employment.tests import sweep_jobs
from shoudi.testing.factories import COUNTY, TOWNSHIP_A, VILLAGE_A

from .spec import Upload, form

TODAY = timezone.localdate().isoformat()
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx() -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["用工主体", "类型", "岗位名称", "技能要求", "工作地点类别", "工作地（乡镇）", "月薪下限", "发布日期"])
    sheet.append(["松桃县导入检查服装厂", "企业", "导入检查缝纫工", "缝纫", "县内", "盘石镇", "2800", TODAY])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _opening(w: Any) -> Opening:
    job = sweep_jobs.opening()
    Opening.objects.filter(pk=job.pk).update(opens_on=timezone.localdate())
    return Opening.objects.get(pk=job.pk)


def _worker(w: Any) -> Any:
    return sweep_jobs.worker(VILLAGE_A, 32, name="苗绣检查人", profile={"skills": "苗绣", "wish_kind": "绣娘"})


def _for_create(w: Any) -> Employer:
    found = sweep_jobs.employer()
    CREATE.valid["employer"] = str(found.pk)
    return found


def _for_recommend(w: Any) -> Any:
    ctx = SimpleNamespace(opening=_opening(w), person=_worker(w))
    RECOMMEND.valid["persons"] = [str(ctx.person.pk)]
    return ctx


def _for_person(w: Any) -> Any:
    ctx = SimpleNamespace(opening=_opening(w), person=_worker(w))
    PERSON.valid["opening"] = str(ctx.opening.pk)
    return ctx


def _recommended(w: Any) -> Recommendation:
    return sweep_jobs.recommendation(_worker(w))


OPENING = {
    "title": "苗绣绣娘",
    "skills": "苗绣、刺绣",
    "place": "in_county",
    "workplace": TOWNSHIP_A,
    "place_detail": "当造村帮扶车间",
    "pay_min": "2200",
    "pay_max": "3000",
    "headcount": "5",
    "age_max": "55",
    "opens_on": TODAY,
    "closes_on": "",
}

form(
    name="employment.employer_filter",
    form="employment.employer_filter",
    url_name="employment:employer_list",
    persona="township",
    method="get",
    setup=lambda w: sweep_jobs.employer(),
    page=lambda w, ctx: "/employment/employers/",
    valid={"q": "苗绣"},
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=employer-row]"),
)
form(
    name="employment.employer_create",
    form="employment.employer",
    url_name="employment:employer_create",
    persona="county",
    page=lambda w, ctx: "/employment/employers/new/",
    valid={
        "name": "松桃县检查用工合作社",
        "kind": "cooperative",
        "area": COUNTY,
        "credit_code": "",
        "address": "",
        "partner_city": "",
        "contact": "张三",
        "phone": "13800000000",
        "active": True,
    },
    changed=lambda w, ctx: Employer.objects.filter(name="松桃县检查用工合作社").exists(),
    success="已登记用工主体",
)
form(
    name="employment.employer_edit",
    form="employment.employer",
    url_name="employment:employer_edit",
    persona="county",
    setup=lambda w: sweep_jobs.employer(),
    page=lambda w, ctx: f"/employment/employers/{ctx.pk}/",
    valid={"name": sweep_jobs.NAME, "kind": "cooperative", "area": VILLAGE_A, "address": "当造村三组", "active": True},
    changed=lambda w, ctx: Employer.objects.get(pk=ctx.pk).address == "当造村三组",
    success="已保存用工主体",
)
form(
    name="employment.job_filter",
    form="employment.job_filter",
    url_name="employment:opening_list",
    persona="township",
    method="get",
    setup=_opening,
    page=lambda w, ctx: "/employment/openings/",
    valid={"status": "open", "place": "in_county", "township": "", "q": "绣"},
    after_valid=lambda page, w, ctx: page.wait_for_selector("[data-testid=opening-row]"),
)
CREATE = form(
    name="employment.job_create",
    form="employment.job",
    url_name="employment:opening_create",
    persona="county",
    setup=_for_create,
    page=lambda w, ctx: "/employment/openings/new/",
    valid={"employer": "", **OPENING},
    changed=lambda w, ctx: Opening.objects.filter(title="苗绣绣娘").exists(),
    success="已发布岗位",
)
form(
    name="employment.job_edit",
    form="employment.job",
    url_name="employment:opening_edit",
    persona="county",
    setup=_opening,
    page=lambda w, ctx: f"/employment/openings/{ctx.pk}/edit/",
    valid={**OPENING, "title": "绣娘（熟练）"},
    changed=lambda w, ctx: Opening.objects.get(pk=ctx.pk).title == "绣娘（熟练）",
    success="已保存岗位",
)
form(
    name="employment.job_status",
    form="employment.job_status",
    url_name="employment:opening_status",
    persona="county",
    setup=_opening,
    page=lambda w, ctx: f"/employment/openings/{ctx.pk}/",
    valid={"status": "closed"},
    changed=lambda w, ctx: Opening.objects.get(pk=ctx.pk).status == "closed",
    success="已关闭岗位",
    skip={"number": "版本号是隐藏项", "required": "状态是下拉选择，总有值"},
)
form(
    name="employment.job_import",
    form="employment.job_import",
    url_name="employment:opening_import",
    persona="county",
    page=lambda w, ctx: "/employment/openings/import/",
    valid={"file": Upload("岗位需求.xlsx", _xlsx(), XLSX)},
    changed=lambda w, ctx: Opening.objects.filter(title="导入检查缝纫工").exists(),
    success="已导入 1 个岗位",
)
RECOMMEND = form(
    name="employment.job_recommend",
    form="employment.job_recommend",
    url_name="employment:opening_detail",
    persona="county",
    setup=_for_recommend,
    page=lambda w, ctx: f"/employment/openings/{ctx.opening.pk}/",
    valid={"persons": []},
    changed=lambda w, ctx: Recommendation.objects.filter(opening=ctx.opening, person=ctx.person).exists(),
    success="已推荐 1 人",
)
PERSON = form(
    name="employment.match_recommend_person",
    form="employment.match_recommend_person",
    url_name="employment:person_openings",
    persona="county",
    setup=_for_person,
    page=lambda w, ctx: f"/employment/persons/{ctx.person.pk}/openings/",
    valid={"opening": ""},
    changed=lambda w, ctx: Recommendation.objects.filter(opening=ctx.opening, person=ctx.person).exists(),
    success="已推荐",
)
form(
    name="employment.match_outcome",
    form="employment.match_outcome",
    url_name="employment:recommendation_detail",
    persona="county",
    setup=_recommended,
    page=lambda w, ctx: f"/employment/recommendations/{ctx.pk}/",
    valid={"outcome": "contacted", "outcome_on": TODAY, "outcome_note": "已电话联系本人", "monthly_pay": ""},
    changed=lambda w, ctx: Recommendation.objects.get(pk=ctx.pk).outcome == "contacted",
    success="已记录：已联系",
)
form(
    name="employment.batch_recommend",
    form="employment.batch_recommend",
    url_name="employment:batch_recommend",
    persona="county",
    setup=_for_recommend,
    page=lambda w, ctx: "/employment/openings/",
    valid={"per_person": "3", "min_score": "0"},
    changed=lambda w, ctx: Recommendation.objects.filter(person=ctx.person).exists(),
    success="批量推荐完成",
)
