"""Every API error is JSON of one shape, in Chinese, naming the field:

{"detail": "<说明>", "field": "<字段或 null>", "errors": {"<字段>": ["<说明>", ...]}}
"""

from __future__ import annotations

import logging
import uuid
from enum import Enum
from functools import partial
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, RequestDataTooBig
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from django.http import Http404, HttpRequest, HttpResponse
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as SchemaValidationError

from shoudi.core.errors import ConflictError
from shoudi.core.guard import TOO_LARGE, upload_limit_mb
from shoudi.employment.models import (
    LabourProfile,
    Opening,
    PostPay,
    ReliefWork,
    WelfarePost,
    Work,
    Workshop,
    WorkshopReview,
)
from shoudi.registry import codes
from shoudi.registry.models import Household, Person

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger("shoudi.errors")

NOT_FOUND = "未找到"
UNAUTHENTICATED = "未登录或令牌无效：请先登录，或在请求头中提供 Authorization: Bearer <接口令牌>"
BAD_BODY = "请求内容无法解析：请发送 UTF-8 编码的 JSON（Content-Type: application/json）"
DATABASE_REFUSED = "输入的数值超出允许范围，或含有无法保存的字符；请检查后重试"
CSRF_FAILED = "CSRF 校验失败：请刷新页面后重试；其他系统调用接口请使用接口令牌"

# Names the API uses that are not model fields, and model fields the API calls differently.
EXTRA_LABELS = {
    "village_code": "所在村代码",
    "members": "家庭成员",
    "version": "版本",
    "reason": "原因",
    "limit": "每页条数",
    "offset": "起始位置",
    "q": "查询内容",
    "township": "乡镇代码",
    "village": "村代码",
    "parent": "上级区划代码",
    "within": "范围区划代码",
    "code": "区划代码",
    "payload": "请求内容",
    "month": "月份",
    "item": "收支项目",
    "amount": "金额",
    "year": "年度",
    "on": "日期",
    "area": "区域代码",
    "area_code": "区域代码",
}
FIELD_ALIASES = {"village": "village_code"}  # services say "village"; API callers send "village_code"
ENUMS: dict[str, type[Enum]] = {
    "status": codes.HouseholdStatus,
    "housing_grade": codes.HousingGrade,
    "relationship": codes.Relationship,
    "sex": codes.Sex,
    "education": codes.Education,
    "school_stage": codes.SchoolStage,
    "health": codes.Health,
    "disability_category": codes.DisabilityCategory,
    "labor": codes.Labor,
    "work_place": codes.WorkPlace,
}


def _fields(*models: Any) -> dict[str, str]:
    labels: dict[str, str] = {}
    for model in models:  # a later model wins where two have the name
        for field in model._meta.get_fields():
            if getattr(field, "concrete", False):
                labels[field.name] = str(field.verbose_name)
    return labels


def _model_labels() -> dict[str, str]:
    # The jobs ledgers' fields name what the registry's do not (月岗位补贴, 发布日期…); household wins over
    # person where both have the name (phone: same label), and both over the ledgers.
    labels = _fields(WelfarePost, PostPay, ReliefWork, WorkshopReview, Workshop, Opening, Work, LabourProfile)
    labels.update(_fields(Person, Household))
    labels.update(EXTRA_LABELS)
    return labels


LABELS = _model_labels()


def _split(path: str) -> tuple[str, str]:
    """(row prefix, field label): ``members.1.id_number`` → ``("第2名成员 ", "身份证号")``."""
    parts = path.split(".")
    label = LABELS.get(parts[-1], parts[-1])
    if len(parts) >= 3 and parts[-3] == "members" and parts[-2].isdigit():
        return f"第{int(parts[-2]) + 1}名成员 ", label
    return "", label


def label_of(path: str) -> str:
    """``members.1.id_number`` → ``第2名成员 身份证号``; ``debt`` → ``负债（元）``."""
    row, label = _split(path)
    return row + label


def error_body(detail: str, field: str | None = None, errors: dict[str, list[str]] | None = None) -> dict[str, Any]:
    return {"detail": detail, "field": field, "errors": errors or {}}


def _json(api: NinjaAPI, request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
    return api.create_response(request, body, status=status)


# --- schema validation (pydantic) ----------------------------------------------------------------------


def _path_of(loc: list[Any] | tuple[Any, ...]) -> str:
    parts = list(loc)
    if parts and parts[0] in {"body", "query", "path", "header", "cookie", "form", "file"}:
        parts.pop(0)
    if parts and parts[0] in {"payload", "body"} and len(parts) > 1:  # the operation's name for its body
        parts.pop(0)
    return ".".join(str(p) for p in parts) or "payload"


def _choices(name: str) -> str:
    enum = ENUMS.get(name)
    if enum is None:
        return ""
    values = [f"{m.value or '（空）'}（{m.label}）" for m in enum]  # type: ignore[attr-defined]
    return "，可选值：" + "、".join(values)


def schema_message(error: dict[str, Any]) -> tuple[str, str]:
    """(field path, Chinese message) for one pydantic error as ninja reports it."""
    path = _path_of(error.get("loc", ()))
    label = label_of(path)
    kind = str(error.get("type", ""))
    ctx = error.get("ctx") or {}
    value = error.get("shoudi_input")
    shown = f"“{value}”" if value is not None else ""
    name = path.split(".")[-1]
    messages = {
        "missing": f"{label}不能为空",
        "extra_forbidden": f"不认识的字段“{name}”",
        "enum": f"{label}{shown}不在代码表中{_choices(name)}",
        "literal_error": f"{label}{shown}不在可选值中",
        "int_parsing": f"{label}{shown}应为整数",
        "int_type": f"{label}应为整数",
        "int_from_float": f"{label}{shown}应为整数",
        "decimal_parsing": f"{label}{shown}不是有效数字",
        "decimal_type": f"{label}应为数字",
        "float_parsing": f"{label}{shown}不是有效数字",
        "finite_number": f"{label}不能为无穷大或 NaN",
        "shoudi_nul": f"{_split(path)[0]}{ctx.get('label') or _split(path)[1]}含有不可见的空字符，请删除后重试",
        "shoudi_out_of_range": f"{label}{shown}超出允许范围，请检查数值和单位",
        "bool_parsing": f"{label}{shown}应为 true 或 false",
        "bool_type": f"{label}应为 true 或 false",
        "string_type": f"{label}应为文本",
        "string_too_long": f"{label}不能超过{ctx.get('max_length')}个字符",
        "string_too_short": f"{label}不能少于{ctx.get('min_length')}个字符",
        "string_pattern_mismatch": f"{label}{shown}格式不正确",
        "greater_than_equal": f"{label}不能小于{ctx.get('ge')}",
        "greater_than": f"{label}必须大于{ctx.get('gt')}",
        "less_than_equal": f"{label}不能大于{ctx.get('le')}",
        "less_than": f"{label}必须小于{ctx.get('lt')}",
        "list_type": f"{label}应为列表",
        "model_attributes_type": f"{label}应为 JSON 对象",
        "dict_type": f"{label}应为 JSON 对象",
        "json_invalid": "请求内容不是有效的 JSON",
        "uuid_parsing": f"{label}{shown}不是有效的编号",
        "date_parsing": f"{label}{shown}应为 YYYY-MM-DD 格式的日期",
        "date_from_datetime_parsing": f"{label}{shown}应为 YYYY-MM-DD 格式的日期",
    }
    if error.get("shoudi_null") and kind != "missing":
        return path, f"{label}不能为空"
    return path, messages.get(kind, f"{label}{shown}的值无效")


def handle_schema_error(request: HttpRequest, exc: SchemaValidationError, api: NinjaAPI) -> HttpResponse:
    errors: dict[str, list[str]] = {}
    for error in exc.errors:
        path, message = schema_message(error)
        errors.setdefault(path, []).append(message)
    field = next(iter(errors), None)
    detail = errors[field][0] if field else "请求内容无效"
    return _json(api, request, 422, error_body(detail, field, errors))


# --- service validation (Django) -----------------------------------------------------------------------


def _with_label(field: str | None, message: str) -> str:
    """The message naming its row and field once: ``第1名成员 姓名：此字段不能为空。``."""
    if not field:
        return message
    row, label = _split(field)
    if row and message.startswith(row):
        return message
    return row + (message if label in message else f"{label}：{message}")


def handle_django_validation(request: HttpRequest, exc: DjangoValidationError, api: NinjaAPI) -> HttpResponse:
    if getattr(exc, "code", None) == "forbidden":
        return handle_not_found(request, exc, api)  # a role without the capability sees nothing
    if hasattr(exc, "error_dict"):
        errors: dict[str, list[str]] = {}
        for key, messages in exc.message_dict.items():
            name = FIELD_ALIASES.get(key, key)
            errors.setdefault(name, []).extend(str(m) for m in messages)
        field = next((k for k in errors if k != NON_FIELD_ERRORS), None)
        first_key = field or next(iter(errors))
        detail = _with_label(field, errors[first_key][0])
        return _json(api, request, 422, error_body(detail, field, errors))
    messages = [str(m) for m in exc.messages]
    return _json(api, request, 422, error_body("；".join(messages) or "输入有误", None, {NON_FIELD_ERRORS: messages}))


def handle_conflict(request: HttpRequest, exc: ConflictError, api: NinjaAPI) -> HttpResponse:
    message = "；".join(str(m) for m in exc.messages) or "该记录已被他人修改，请刷新后重试"
    return _json(api, request, 409, error_body(message, "version", {"version": [message]}))


# --- 404, 401, other HTTP errors -----------------------------------------------------------------------


def handle_not_found(request: HttpRequest, exc: Exception, api: NinjaAPI) -> HttpResponse:
    return _json(api, request, 404, error_body(NOT_FOUND))


def handle_http_error(request: HttpRequest, exc: HttpError, api: NinjaAPI) -> HttpResponse:
    if isinstance(exc, AuthenticationError):
        return _json(api, request, 401, error_body(UNAUTHENTICATED))
    if exc.status_code == 403 and "CSRF" in str(exc):
        return _json(api, request, 403, error_body(CSRF_FAILED))
    if exc.status_code == 404:
        return handle_not_found(request, exc, api)
    if exc.status_code == 400:
        return _json(api, request, 400, error_body(BAD_BODY))
    return _json(api, request, exc.status_code, error_body(str(exc)))


def handle_too_large(request: HttpRequest, exc: RequestDataTooBig, api: NinjaAPI) -> HttpResponse:
    return _json(api, request, 413, error_body(TOO_LARGE.format(limit=upload_limit_mb())))


def handle_data_error(request: HttpRequest, exc: Exception, api: NinjaAPI) -> HttpResponse:
    """The database refused a value that got past validation (a number too large for its column, text it cannot
    store): 422 in Chinese, the database's own text only in the log (it may quote personal data)."""
    ref = uuid.uuid4().hex[:12]
    logger.warning(
        "API %s %s: database refused a value (%s, reference %s)",
        request.method,
        request.path,
        type(exc).__name__,
        ref,
        exc_info=exc,
    )
    return _json(api, request, 422, error_body(f"{DATABASE_REFUSED}（参考编号 {ref}）"))


def register(api: NinjaAPI) -> None:
    """Install the handlers on ``api`` (the most specific class of an exception wins)."""
    api.add_exception_handler(SchemaValidationError, partial(handle_schema_error, api=api))
    api.add_exception_handler(ConflictError, partial(handle_conflict, api=api))
    api.add_exception_handler(DjangoValidationError, partial(handle_django_validation, api=api))
    api.add_exception_handler(Http404, partial(handle_not_found, api=api))
    api.add_exception_handler(HttpError, partial(handle_http_error, api=api))
    api.add_exception_handler(RequestDataTooBig, partial(handle_too_large, api=api))
    api.add_exception_handler(DataError, partial(handle_data_error, api=api))
    api.add_exception_handler(OverflowError, partial(handle_data_error, api=api))  # SQLite: int past 64 bits
