"""Pages of the job database (thin: forms in, services, selectors out): employers, the openings list (filters,
import, two lists, batch button), creating and editing an opening, closing or filling it. The opening's own page,
recommendations and the person's openings are in ``views_jobs_match``. Anyone who may not see the job database —
and any row outside the user's area — is a 404; the forms are for those who manage jobs (``MANAGE_JOBS``)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shoudi.core.access import NotVisible
from shoudi.core.exports import XLSX_TYPE
from shoudi.core.forms import apply_service_errors, posted, submit
from shoudi.core.views import actor
from shoudi.employment import forms_jobs as forms
from shoudi.employment import import_openings, jobs, two_lists
from shoudi.employment import jobs_recommendations as recs
from shoudi.employment import selectors_jobs as selectors
from shoudi.employment.access import MANAGE_JOBS, VIEW, may, require_may
from shoudi.employment.models import Opening
from shoudi.employment.selectors_labour import townships_for
from shoudi.registry.io.errors import ImportRefused

LIST_LIMIT = 300


def _townships(user: Any) -> list[tuple[str, str]]:
    return [(r.code, r.name) for r in townships_for(user)]


def _manager(request: HttpRequest) -> Any:
    user = actor(request)
    require_may(user, MANAGE_JOBS)
    return user


def _status(request: HttpRequest) -> int:
    return 400 if request.method == "POST" else 200


# ---- employers -------------------------------------------------------------------------------------------------


@login_required
@require_GET
def employer_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require_may(user, VIEW)
    text = request.GET.get("q", "").replace("\x00", "").strip()[:50]
    qs = selectors.employer_list(user, text=text)
    context = {"employers": list(qs[:LIST_LIMIT]), "total": qs.count(), "q": text, "can_manage": may(user, MANAGE_JOBS)}
    return render(request, "employment/employer_list.html", context)


def _employer_entry(data: dict[str, Any]) -> jobs.EmployerInput:
    return jobs.EmployerInput(
        name=data["name"],
        kind=data["kind"],
        area_code=data["area"],
        credit_code=data.get("credit_code", ""),
        address=data.get("address", ""),
        partner_city=data.get("partner_city", ""),
        contact=data.get("contact", ""),
        phone=data.get("phone", ""),
        active=bool(data.get("active")),
    )


@login_required
@require_http_methods(["GET", "POST"])
def employer_create(request: HttpRequest) -> HttpResponse:
    user = _manager(request)
    form = forms.EmployerForm(posted(request), areas=selectors.employer_areas(user), initial={"area": user.area_id})
    done = submit(
        request,
        form,
        lambda: jobs.employer_create(by=user, entry=_employer_entry(form.cleaned_data)),
        success=lambda e: f"已登记用工主体“{e.name}”",
    )
    if done is not None:
        return redirect("employment:employer_edit", employer_id=done.pk)
    return render(request, "employment/employer_form.html", {"form": form, "employer": None}, status=_status(request))


@login_required
@require_http_methods(["GET", "POST"])
def employer_edit(request: HttpRequest, employer_id: Any) -> HttpResponse:
    user = actor(request)
    employer = selectors.access_employer_by_id(user, employer_id)
    openings = list(selectors.opening_list(user, employer=employer.pk)[:LIST_LIMIT])
    context: dict[str, Any] = {"employer": employer, "openings": openings, "form": None}
    if not may(user, MANAGE_JOBS) or not employer.area_id.startswith(user.area_id):
        if request.method == "POST":
            raise NotVisible()
        return render(request, "employment/employer_form.html", context)
    initial = {f: getattr(employer, f) for f in ("name", "kind", "credit_code", "address", "partner_city")}
    initial |= {
        "contact": employer.contact,
        "phone": employer.phone,
        "active": employer.active,
        "area": employer.area_id,
    }
    form = forms.EmployerForm(posted(request), areas=selectors.employer_areas(user), initial=initial)
    done = submit(
        request,
        form,
        lambda: jobs.employer_update(by=user, employer=employer, entry=_employer_entry(form.cleaned_data)),
        success="已保存用工主体",
    )
    if done is not None:
        return redirect("employment:employer_edit", employer_id=employer.pk)
    return render(request, "employment/employer_form.html", context | {"form": form}, status=_status(request))


# ---- openings --------------------------------------------------------------------------------------------------


def list_context(request: HttpRequest, user: Any, batch_form: forms.BatchForm | None = None) -> dict[str, Any]:
    """The openings list as the page shows it (the batch view shows it again with its form's errors)."""
    townships = _townships(user)
    form = forms.OpeningFilterForm(request.GET or None, townships=townships)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    qs = selectors.opening_list(
        user,
        status=data.get("status", ""),
        place=data.get("place", ""),
        township=data.get("township", ""),
        text=data.get("q", ""),
    )
    if form.is_bound and form.errors:
        qs = qs.none()
    return {
        "form": form,
        "openings": list(qs[:LIST_LIMIT]),
        "total": qs.count(),
        "limit": LIST_LIMIT,
        "can_manage": may(user, MANAGE_JOBS),
        "townships": townships,
        "batch_form": batch_form or forms.BatchForm(),
    }


@login_required
@require_GET
def opening_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require_may(user, VIEW)
    return render(request, "employment/job_list.html", list_context(request, user))


def _opening_form(request: HttpRequest, user: Any, **kwargs: Any) -> forms.OpeningForm:
    employers = [(str(e.pk), e.name) for e in selectors.employers_visible(user).filter(active=True).order_by("name")]
    return forms.OpeningForm(posted(request), employers=employers, townships=_townships(user), **kwargs)


def _opening_entry(data: dict[str, Any]) -> jobs.OpeningInput:
    return jobs.OpeningInput(
        title=data["title"],
        place=data["place"],
        opens_on=data["opens_on"],
        skills=data.get("skills", ""),
        workplace_code=data.get("workplace", ""),
        place_detail=data.get("place_detail", ""),
        pay_min=data.get("pay_min"),
        pay_max=data.get("pay_max"),
        headcount=data["headcount"],
        age_max=data.get("age_max"),
        closes_on=data.get("closes_on"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def opening_create(request: HttpRequest) -> HttpResponse:
    user = _manager(request)
    form = _opening_form(request, user, initial={"employer": request.GET.get("employer", "")[:40]})

    def call() -> Opening:
        employer = selectors.employers_visible(user).filter(pk=form.cleaned_data["employer"]).first()
        if employer is None:
            raise ValidationError({"employer": "请选择用工主体"})
        return jobs.opening_create(by=user, employer=employer, entry=_opening_entry(form.cleaned_data))

    done = submit(request, form, call, success=lambda o: f"已发布岗位“{o.title}”")
    if done is not None:
        return redirect("employment:opening_detail", opening_id=done.pk)
    return render(request, "employment/job_form.html", {"form": form, "opening": None}, status=_status(request))


@login_required
@require_http_methods(["GET", "POST"])
def opening_edit(request: HttpRequest, opening_id: Any) -> HttpResponse:
    user = actor(request)
    opening = selectors.access_opening_by_id(user, opening_id)
    require_may(user, MANAGE_JOBS, opening.area_id)
    fields = ("title", "skills", "place", "place_detail", "pay_min", "pay_max", "headcount", "age_max")
    initial = {f: getattr(opening, f) for f in fields} | {
        "employer": str(opening.employer_id),
        "workplace": opening.workplace_id or "",
        "opens_on": opening.opens_on,
        "closes_on": opening.closes_on,
        "version": opening.version,
    }
    form = _opening_form(request, user, initial=initial)
    del form.fields["employer"]  # an opening stays with its employer

    def call() -> Opening:
        entry = _opening_entry(form.cleaned_data)
        version = form.cleaned_data.get("version")
        return jobs.opening_update(by=user, opening=opening, entry=entry, expected_version=version or opening.version)

    done = submit(request, form, call, success="已保存岗位")
    if done is not None:
        return redirect("employment:opening_detail", opening_id=opening.pk)
    context = {"form": form, "opening": opening}
    return render(request, "employment/job_form.html", context, status=_status(request))


# ---- import, template, two lists -------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def opening_import(request: HttpRequest) -> HttpResponse:
    user = _manager(request)
    form = forms.ImportForm(posted(request), request.FILES or None)
    errors: list[str] = []

    def call() -> import_openings.Imported:
        try:
            return import_openings.import_upload(by=user, upload=form.cleaned_data["file"])
        except import_openings.OpeningImportRefused as exc:
            errors.extend(str(e) for e in exc.errors[: import_openings.MAX_ERRORS])
            raise ValidationError({"file": f"有 {len(exc.errors)} 处错误，未导入任何岗位，请修改后重新上传"}) from None
        except ImportRefused as exc:
            raise ValidationError({"file": str(exc)}) from None

    done = submit(
        request,
        form,
        call,
        success=lambda r: f"已导入 {r.openings} 个岗位" + (f"，新登记 {r.employers} 个用工主体" if r.employers else ""),
    )
    if done is not None:
        return redirect("employment:opening_list")
    context = {"form": form, "errors": errors, "max_rows": import_openings.MAX_ROWS}
    return render(request, "employment/job_import.html", context, status=_status(request))


@login_required
@require_GET
def opening_import_template(request: HttpRequest) -> HttpResponse:
    _manager(request)
    response = HttpResponse(import_openings.template_bytes(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = content_disposition_header(True, "岗位需求导入模板.xlsx") or ""
    return response


@login_required
@require_GET
def two_lists_download(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require_may(user, VIEW)
    form = forms.TwoListsForm(request.GET or None, townships=_townships(user))
    if form.is_bound and not form.is_valid():
        apply_service_errors(ValidationError({"township": "请从列表中选择乡镇"}), form)
        messages.error(request, "请从列表中选择乡镇")
        return redirect("employment:opening_list")
    township = form.cleaned_data.get("township", "") if form.is_bound else ""
    content = two_lists.workbook_bytes(user, township)
    response = HttpResponse(content, content_type=XLSX_TYPE)
    name = f"就业帮扶两清单_{timezone.localdate().isoformat()}.xlsx"
    response["Content-Disposition"] = content_disposition_header(True, name) or ""
    return response


@login_required
@require_POST
def batch_recommend(request: HttpRequest) -> HttpResponse:
    """批量推荐 of the user's county: every person not at work gets the best open openings as recommendations."""
    user = actor(request)
    require_may(user, MANAGE_JOBS)
    form = forms.BatchForm(request.POST)
    county = (user.area_id or "")[:6]

    def call() -> recs.BatchResult:
        data = form.cleaned_data
        if len(county) != 6:
            raise ValidationError({"per_person": "批量推荐由县级办理"})
        return recs.batch_recommend(
            by=user, county=county, per_person=data["per_person"], min_score=float(data["min_score"]), write=True
        )

    done = submit(
        request,
        form,
        call,
        success=lambda r: f"批量推荐完成：{r.targets} 名未就业劳动力、{r.openings} 个在招岗位，新增推荐 {r.written} 条",
    )
    if done is not None:
        return redirect("employment:opening_list")
    return render(request, "employment/job_list.html", list_context(request, user, form), status=400)
