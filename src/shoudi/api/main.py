"""The one NinjaAPI: routes under /api/v1/, OpenAPI at /api/openapi.json, docs at /api/docs."""

from __future__ import annotations

import json
import unicodedata
from typing import Any

from django.http import HttpRequest
from django.utils.datastructures import MultiValueDict
from ninja import NinjaAPI
from ninja.errors import ValidationError, ValidationErrorContext
from ninja.parser import Parser

from shoudi.accounts.api_auth import API_AUTH
from shoudi.api import errors
from shoudi.api.docs import LocalSwagger, docs_login_required
from shoudi.api.households import router as households_router
from shoudi.api.persons import router as persons_router
from shoudi.api.regions import router as regions_router

DESCRIPTION = """守底（防止返贫动态监测和帮扶系统）的数据接口。

- 认证：浏览器会话（写操作需 CSRF 令牌），或请求头 `Authorization: Bearer sd_...`（用 `shoudi tokens issue` 签发）。
- 范围：每个用户只能看到和修改自己负责区域内的数据；区域外与不存在一律返回 404。
- 隐私：身份证号和电话一律脱敏输出；有权限的角色可调用 reveal 接口查看完整号码，并记入操作日志。
- 错误：`{"detail": 说明, "field": 字段, "errors": {字段: [说明]}}`。
"""


def _short(value: Any) -> Any:
    if isinstance(value, bool | int | float):
        return value
    if isinstance(value, str):
        return value if len(value) <= 40 else value[:40] + "…"
    return None


def _valid_text(value: Any, path: tuple[Any, ...] = ()) -> None:
    """Raise ValueError at a string that is not text a database can store: a lone UTF-16 surrogate
    (``"\\ud800"``) is legal JSON and a legal Python ``str``, but PostgreSQL refuses it with a DataError. (A NUL
    character is refused by ``core.api.InputSchema``, naming the field by its title.)"""
    if isinstance(value, str):
        value.encode("utf-8")  # UnicodeEncodeError (a ValueError) on a lone surrogate; a pair is one code point
    elif isinstance(value, dict):
        for key, item in value.items():
            _valid_text(key, path)
            _valid_text(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _valid_text(item, (*path, index))


# The query (and form) parameters of the API that carry a region code. A code typed on a phone's Chinese keyboard
# (「５２０６２８」) is the code 520628: normalised here, once for every operation, instead of matching nothing
# (the operations' patterns use \d, which any script's digits pass) and answering 200 with an empty list.
AREA_PARAMS = frozenset(
    {"area", "area_code", "county", "township", "village", "village_code", "parent", "within", "code", "region"}
)


def ascii_code(value: str) -> str:
    """``value`` with full-width and other compatibility forms folded (NFKC) and every decimal digit of any script
    written as its ASCII digit: 「５２０６２８」 → 520628. Anything else is left for the operation to refuse."""
    text = unicodedata.normalize("NFKC", value)
    return "".join(str(unicodedata.decimal(ch)) if not ch.isascii() and ch.isdecimal() else ch for ch in text)


class ShoudiParser(Parser):
    """ninja's JSON parser that also refuses text no database can store: a lone surrogate is answered 400 with
    the Chinese message of an unreadable body (``errors.BAD_BODY``), never a 500 at the save; and reads the
    region codes of a query string or form in ASCII digits (``AREA_PARAMS``, ``ascii_code``)."""

    def parse_body(self, request: HttpRequest) -> Any:
        data = json.loads(request.body)
        _valid_text(data)
        return data

    def parse_querydict(self, data: MultiValueDict[str, Any], list_fields: list[str], request: HttpRequest) -> Any:
        result = super().parse_querydict(data, list_fields, request)
        for key in AREA_PARAMS.intersection(result):
            value = result[key]
            if isinstance(value, str):
                result[key] = ascii_code(value)
            elif isinstance(value, list):
                result[key] = [ascii_code(v) if isinstance(v, str) else v for v in value]
        return result


class ShoudiAPI(NinjaAPI):
    def validation_error_from_error_contexts(self, error_contexts: list[ValidationErrorContext]) -> ValidationError:
        """Like ninja's, but keeps a short form of the rejected value so the message can quote it."""
        result: list[dict[str, Any]] = []
        for context in error_contexts:
            model = context.model
            for error in context.pydantic_validation_error.errors(include_url=False):
                loc = (
                    model.__ninja_param_source__,
                    *model.__ninja_flatten_map_reverse__.get(error["loc"], error["loc"]),
                )
                ctx = {k: v if isinstance(v, str | int | float) else str(v) for k, v in error.get("ctx", {}).items()}
                result.append(
                    {
                        "type": error["type"],
                        "loc": loc,
                        "msg": error["msg"],
                        "ctx": ctx,
                        "shoudi_input": _short(error.get("input")),
                        "shoudi_null": "input" in error and error["input"] is None,
                    }
                )
        return ValidationError(result)


api = ShoudiAPI(
    title="守底 API",
    version="v1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=API_AUTH,
    docs=LocalSwagger(),
    docs_decorator=docs_login_required,
    parser=ShoudiParser(),
)
errors.register(api)
api.add_router("/v1/regions/", regions_router, tags=["区划"])
api.add_router("/v1/households/", households_router, tags=["农户"])
api.add_router("/v1/persons/", persons_router, tags=["家庭成员"])
api.add_router("/v1/monitoring/", "shoudi.monitoring.api.router", tags=["动态监测"])
api.add_router("/v1/assistance/", "shoudi.assistance.api.router", tags=["帮扶"])
api.add_router("/v1/projects/", "shoudi.projects.api.router", tags=["项目库"])
api.add_router("/v1/assets/", "shoudi.assets.api.router", tags=["项目资产"])
api.add_router("/v1/feeds/", "shoudi.feeds.api.router", tags=["部门数据"])
api.add_router("/v1/screening/", "shoudi.screening.api.router", tags=["筛查预警"])
api.add_router("/v1/reports/", "shoudi.reports.api.router", tags=["报表与考核"])
api.add_router("/v1/income/", "shoudi.income.api.router", tags=["收入核算"])
api.add_router("/v1/pairing/", "shoudi.pairing.api.router", tags=["结对帮扶"])
api.add_router("/v1/rounds/", "shoudi.rounds.api.router", tags=["集中排查"])
api.add_router("/v1/complaints/", "shoudi.complaints.api.router", tags=["投诉举报"])
api.add_router("/v1/low-income/", "shoudi.lowincome.api.router", tags=["常态化帮扶"])
api.add_router("/v1/employment/", "shoudi.employment.api.router", tags=["就业帮扶"])
api.add_router("/v1/cooperation/", "shoudi.cooperation.api.router", tags=["东西部协作和定点帮扶"])
api.add_router("/v1/markets/", "shoudi.markets.api.router", tags=["消费帮扶和农产品产销"])
api.add_router("/v1/governance/", "shoudi.governance.api.router", tags=["积分制和家庭文明档案"])
api.add_router("/v1/key-counties/", "shoudi.keycounties.api.router", tags=["乡村振兴重点帮扶县"])
api.add_router("/v1/field/", "shoudi.fieldwork.api.router", tags=["离线外业"])
api.add_router("/v1/household-codes/", "shoudi.hhcodes.api.router", tags=["一户一码"])
