"""User management pages (系统管理员, inside its own area) and every user's password change."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from shoudi.accounts import selectors
from shoudi.accounts.forms import DeactivateForm, PasswordChangeForm, UserCreateForm, UserEditForm, UserFilterForm
from shoudi.accounts.models import User
from shoudi.accounts.services import password_change, staff_create, staff_reset_password, staff_set_active, staff_update
from shoudi.core.access import Capability, require
from shoudi.core.forms import Form, posted, submit
from shoudi.core.views import actor


def _status(request: HttpRequest) -> int:
    return 400 if request.method == "POST" else 200


def _options_url() -> str:
    return reverse("accounts:area_options")


@require_GET
@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, Capability.MANAGE_USERS)
    form = UserFilterForm(request.GET)
    filters = {k: str(v or "") for k, v in form.cleaned_data.items()} if form.is_valid() else {}
    page = Paginator(selectors.user_list(user, **filters), selectors.PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [(u, selectors.shown_phone(user, u.phone)) for u in page]
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "rows": rows, "query": query.urlencode()}
    return render(request, "accounts/user_list.html", context)


@require_GET
@login_required
def area_options(request: HttpRequest) -> HttpResponse:
    """The <option>s of the area datalist: regions of the admin's area matching what was typed (htmx)."""
    user = actor(request)
    typed = request.GET.get("area") or request.GET.get("q") or ""
    return render(request, "accounts/_area_options.html", {"options": selectors.region_options(user, typed)})


def _password_shown(request: HttpRequest, target: User, secret: str, title: str) -> HttpResponse:
    """The one page that shows a one-time password; it is not stored anywhere and not shown again."""
    response = render(request, "accounts/password_shown.html", {"target": target, "secret": secret, "title": title})
    response["Cache-Control"] = "no-store"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def user_create(request: HttpRequest) -> HttpResponse:
    user = actor(request)
    require(user, Capability.MANAGE_USERS)
    form = UserCreateForm(posted(request), options_url=_options_url())
    done = submit(
        request,
        form,
        lambda: staff_create(by=user, area_code=form.cleaned_data.pop("area"), **form.cleaned_data),
        success="已创建账号",
    )
    if done is not None:
        created, secret = done
        return _password_shown(request, created, secret or "", "账号已创建")
    context = {"form": form, "options": selectors.region_options(user, ""), "title": "新建账号"}
    return render(request, "accounts/user_form.html", context, status=_status(request))


@require_GET
@login_required
def user_detail(request: HttpRequest, user_id: Any) -> HttpResponse:
    user = actor(request)
    target = selectors.access_user_by_id(user, user_id)
    context = {
        "target": target,
        "phone": selectors.shown_phone(user, target.phone),
        "history": selectors.user_history(user, target)[:50],
        "deactivate_form": DeactivateForm(),
        "is_self": target.pk == user.pk,
    }
    return render(request, "accounts/user_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def user_edit(request: HttpRequest, user_id: Any) -> HttpResponse:
    user = actor(request)
    target = selectors.access_user_by_id(user, user_id)
    reveal = user.can(Capability.REVEAL_ID)
    initial = {k: getattr(target, k) for k in ("full_name", "role", "department")} | {"area": target.area_id}
    if reveal:
        initial["phone"] = target.phone
    hint = "" if reveal or not target.phone else selectors.mask_phone(target.phone)
    form = UserEditForm(posted(request), initial=initial, options_url=_options_url(), phone_hint=hint)

    def call() -> User:
        data = dict(form.cleaned_data)
        phone = data.pop("phone") or (None if hint else "")
        return staff_update(by=user, user=target, area_code=data.pop("area"), phone=phone, **data)

    if submit(request, form, call, success="已保存") is not None:
        return redirect("accounts:user_detail", target.pk)
    context = {"form": form, "target": target, "options": selectors.region_options(user, ""), "title": "修改账号"}
    return render(request, "accounts/user_form.html", context, status=_status(request))


@require_POST
@login_required
def user_deactivate(request: HttpRequest, user_id: Any) -> HttpResponse:
    user = actor(request)
    target = selectors.access_user_by_id(user, user_id)
    form = DeactivateForm(request.POST)
    call = lambda: staff_set_active(by=user, user=target, active=False, reason=form.cleaned_data["reason"])  # noqa: E731
    if submit(request, form, call, success="已停用该账号，该用户不能再登录") is not None:
        return redirect("accounts:user_detail", target.pk)
    context = {
        "target": target,
        "phone": selectors.shown_phone(user, target.phone),
        "history": selectors.user_history(user, target)[:50],
        "deactivate_form": form,
        "is_self": target.pk == user.pk,
    }
    return render(request, "accounts/user_detail.html", context, status=400)


@require_POST
@login_required
def user_reactivate(request: HttpRequest, user_id: Any) -> HttpResponse:
    user = actor(request)
    target = selectors.access_user_by_id(user, user_id)
    form = Form(request.POST)
    submit(request, form, lambda: staff_set_active(by=user, user=target, active=True), success="已启用该账号")
    return redirect("accounts:user_detail", target.pk)


@require_POST
@login_required
def user_reset_password(request: HttpRequest, user_id: Any) -> HttpResponse:
    user = actor(request)
    target = selectors.access_user_by_id(user, user_id)
    form = Form(request.POST)
    secret = submit(request, form, lambda: staff_reset_password(by=user, user=target), success="已重置密码")
    if secret is None:
        messages.error(request, "；".join(str(e) for e in form.non_field_errors()))
        return redirect("accounts:user_detail", target.pk)
    return _password_shown(request, target, secret, "密码已重置")


@require_http_methods(["GET", "POST"])
@login_required
def password_change_view(request: HttpRequest) -> HttpResponse:
    """Every signed-in user sets their own password; a user with a one-time password is sent here first."""
    user = actor(request)
    form = PasswordChangeForm(posted(request))
    done = submit(
        request,
        form,
        lambda: password_change(
            user=user,
            old_password=form.cleaned_data["old_password"],
            new_password=form.cleaned_data["new_password1"],
            new_password_again=form.cleaned_data["new_password2"],
        ),
        success="密码已修改",
    )
    if done is not None:
        update_session_auth_hash(request, done)  # stay signed in on this device; other sessions end
        return redirect("core:workbench")
    context = {"form": form, "forced": user.must_change_password}
    return render(request, "accounts/password_change.html", context, status=_status(request))
