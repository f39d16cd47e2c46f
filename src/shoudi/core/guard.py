"""The request guard: input no page or operation may see, and one error shape for everything under /api/.

- A NUL character in the path or the query string (``?q=%00``) is refused 400 in Chinese before any view runs:
  PostgreSQL cannot store or compare it (a search with it answered 500), and no real input carries it.
- A posted form (urlencoded or multipart, a page or the API) is read here, before the CSRF check and any view:
  over Django's limits — ``DATA_UPLOAD_MAX_MEMORY_SIZE`` of fields, ``DATA_UPLOAD_MAX_NUMBER_FIELDS`` fields,
  ``DATA_UPLOAD_MAX_NUMBER_FILES`` files — it is refused 413 in Chinese saying which limit (a page, or JSON under
  /api/), not Django's bare 400 (or, for a multipart body, a misleading "page expired" 403); a body that is
  not a readable form is a Chinese 400. Any other body over the size limit (JSON) is the 413 from the view.
- An uploaded archive under /api/ (an XLSX) is checked before the operation runs (``core.uploads``): a zip bomb
  is refused 422 naming the file field.
- Under /api/ every error is JSON in the API's shape ``{"detail": 中文, "field": ..., "errors": {...}}``: an
  unknown URL (404), a wrong method (405), a request body over the limits (413), and an unexpected exception
  (500, with a reference id that the log line carries too — never the exception's text).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import (
    BadRequest,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
    TooManyFilesSent,
)
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.template.loader import render_to_string

from shoudi.core.uploads import UploadRefused, check_upload

logger = logging.getLogger("shoudi.errors")

API_PREFIX = "/api/"
NUL = "\x00"
NUL_MESSAGE = "{where}含有空字符（\\0），这不是正常的输入；请删除后重试"
NOT_FOUND = "未找到"
NOT_ALLOWED = "该地址不支持 {method} 请求（可用：{allowed}）"
TOO_LARGE = "请求内容超过 {limit} MB，无法处理；上传文件请使用导入功能，或分成多次提交"
TOO_MANY_FIELDS = "一次提交的项目超过 {limit} 个，无法处理；请分成多次提交"
TOO_MANY_FILES = "一次上传的文件超过 {limit} 个，无法处理；请分成多次上传"
FORM_TYPES = ("multipart/form-data", "application/x-www-form-urlencoded")
INTERNAL = "系统内部错误，已记录日志（参考编号 {ref}）；请稍后重试，如反复出现请把参考编号告诉系统管理员"
BAD_REQUEST = "请求无效"
BAD_UPLOAD = "上传内容无法解析：请以 multipart/form-data 发送文件"
BAD_FORM = "提交的内容无法解析，请返回上一页重新提交"
FORBIDDEN = "没有权限"
GENERIC = {400: BAD_REQUEST, 403: FORBIDDEN, 404: NOT_FOUND}
PARAM_LABELS = {"q": "查询内容"}
# what Django itself answers 4xx (its response_for_exception); everything else under /api/ is a 500 here
DJANGO_4XX = (Http404, PermissionDenied, BadRequest, SuspiciousOperation, MultiPartParserError)


def error_json(status: int, detail: str, field: str | None = None) -> JsonResponse:
    errors = {field: [detail]} if field else {}
    return JsonResponse({"detail": detail, "field": field, "errors": errors}, status=status)


def upload_limit_mb() -> int:
    return int(settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0) // (1024 * 1024)


def nul_field(request: HttpRequest) -> tuple[str, str] | None:
    """(field, Chinese label) of the first place a NUL is in the request's path or query string."""
    if NUL in request.path:
        return "path", "网址"
    for key, values in request.GET.lists():
        if NUL in key or any(NUL in value for value in values):
            name = key.replace(NUL, "")
            return name, f"参数 {name}（{PARAM_LABELS.get(name, name)}）" if name else "查询参数"
    return None


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith(API_PREFIX)


def _is_json(response: HttpResponse) -> bool:
    return str(response.get("Content-Type", "")).startswith("application/json")


def _page(status: int, message: str) -> HttpResponse:
    """A standalone page (no session, no database): the request never reached a view."""
    html = render_to_string("400.html", {"message": message, "status": status})
    return HttpResponse(html, status=status)


def _answer(request: HttpRequest, status: int, message: str) -> HttpResponse:
    return error_json(status, message) if _is_api(request) else _page(status, message)


def form_refusal(request: HttpRequest) -> HttpResponse | None:
    """413 for a posted form over Django's limits (size of its fields, number of fields, number of files), 400
    for one that cannot be read; None once ``request.POST`` and ``request.FILES`` are read (the view's own)."""
    try:
        request.POST, request.FILES  # noqa: B018 - read here, so that the limits are met before any view
    except RequestDataTooBig:
        return _answer(request, 413, TOO_LARGE.format(limit=upload_limit_mb()))
    except TooManyFieldsSent:
        return _answer(request, 413, TOO_MANY_FIELDS.format(limit=settings.DATA_UPLOAD_MAX_NUMBER_FIELDS))
    except TooManyFilesSent:
        return _answer(request, 413, TOO_MANY_FILES.format(limit=settings.DATA_UPLOAD_MAX_NUMBER_FILES))
    except (MultiPartParserError, SuspiciousOperation):
        return _answer(request, 400, BAD_UPLOAD if _is_api(request) else BAD_FORM)
    return None


def upload_refusal(request: HttpRequest) -> HttpResponse | None:
    """422 for the first uploaded file ``check_upload`` refuses (a zip bomb), before any operation runs."""
    for field, upload in request.FILES.items():
        try:
            check_upload(upload)
        except UploadRefused as refused:
            return error_json(422, refused.messages[0], field)
    return None


class RequestGuardMiddleware:
    """See the module. Goes near the top of ``MIDDLEWARE`` (it needs no session, and its ``process_exception``
    then runs after the others', so the database-busy answer (503) keeps precedence)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        found = nul_field(request)
        if found is not None:
            field, where = found
            message = NUL_MESSAGE.format(where=where)
            if _is_api(request):
                return error_json(400, message, field)
            return _page(400, message)
        if request.method not in ("GET", "HEAD", "OPTIONS") and request.content_type in FORM_TYPES:
            refused = form_refusal(request) or (upload_refusal(request) if _is_api(request) else None)
            if refused is not None:
                return refused
        response = self.get_response(request)
        if _is_api(request) and response.status_code >= 400 and not _is_json(response):
            return self._as_json(request, response)
        return response

    def _as_json(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        status = response.status_code
        if status == 405:
            allowed = str(response.get("Allow", ""))
            answer = error_json(405, NOT_ALLOWED.format(method=request.method, allowed=allowed))
            answer["Allow"] = allowed
            return answer
        if status >= 500:
            ref = uuid.uuid4().hex[:12]
            logger.error("API %s %s answered %s (reference %s)", request.method, request.path, status, ref)
            return error_json(status, INTERNAL.format(ref=ref))
        return error_json(status, GENERIC.get(status, BAD_REQUEST))

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, RequestDataTooBig):
            return _answer(request, 413, TOO_LARGE.format(limit=upload_limit_mb()))
        if not _is_api(request) or isinstance(exception, DJANGO_4XX):
            return None  # pages: Django's 500.html, which logs; a 4xx: Django's answer, made JSON in __call__
        ref = uuid.uuid4().hex[:12]
        logger.error(
            "API %s %s raised %s (reference %s)",
            request.method,
            request.path,
            type(exception).__name__,
            ref,
            exc_info=exception,
        )
        return error_json(500, INTERNAL.format(ref=ref))
