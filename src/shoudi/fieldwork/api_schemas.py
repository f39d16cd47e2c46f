"""Request and response bodies of the offline app's API (``/api/v1/field/``)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from ninja import Field, Schema

from shoudi.core.api import InputSchema


class DeviceIn(InputSchema):
    label: str = Field("", title="设备名称", max_length=100)


class DeviceOut(Schema):
    device: uuid.UUID = Field(title="设备编号")
    secret: str = Field(title="设备密钥（只显示这一次）")
    wipe_days: int = Field(title="多少天未同步即清除本机数据")


class StatusOut(Schema):
    wipe: bool = Field(title="是否应清除本机数据")
    reason: str | None = Field(None, title="原因")


class WipedOut(Schema):
    ok: bool = Field(title="已记录")


class WipeOut(Schema):
    """403: the device may not sync; the app deletes its data."""

    detail: str = Field(title="错误说明")
    field: str | None = Field(None, title="出错的字段")
    errors: dict[str, list[str]] = Field(default_factory=dict, title="各字段的错误")
    wipe: bool = Field(True, title="应清除本机数据")


class SyncOut(Schema):
    server_time: str = Field(title="服务器时间")
    wipe_days: int = Field(title="多少天未同步即清除本机数据")
    year: int = Field(title="收入采集年度")
    user: dict[str, str] = Field(title="用户")
    forms_version: str = Field(title="表单版本")
    round: dict[str, Any] | None = Field(None, title="进行中的集中排查")
    households: list[dict[str, Any]] = Field(title="我的农户")


class ResultOut(Schema):
    client_id: str = Field(title="设备记录编号")
    status: str = Field(title="结果：applied 已入库 / conflict 冲突 / rejected 未通过 / discarded 已放弃")
    repeat: bool = Field(title="此前已上传过")
    message: str = Field(title="说明")
    errors: dict[str, list[str]] = Field(default_factory=dict, title="各字段的错误")
    household: dict[str, Any] | None = Field(None, title="该户在服务器上的当前信息")


class UploadOut(Schema):
    results: list[ResultOut]


class DiscardOut(Schema):
    status: str = Field(title="状态")


class FormsOut(Schema):
    version: str = Field(title="表单版本")
    visit: list[dict[str, Any]] = Field(title="帮扶回访")
    lead: list[dict[str, Any]] = Field(title="新发现风险")
    facts: dict[str, Any] = Field(title="核实农户信息")
    income: dict[str, Any] = Field(title="收入采集")
    hotline: str = Field(title="热线")


class DeviceRow(Schema):
    id: uuid.UUID
    label: str = Field(title="设备名称")
    user: str = Field(title="账号")
    user_name: str = Field(title="姓名")
    area: str = Field(title="账号所在区域代码")
    created_at: dt.datetime = Field(title="登记时间")
    last_pull_at: dt.datetime | None = Field(None, title="最近下载时间")
    last_push_at: dt.datetime | None = Field(None, title="最近上传时间")
    status: str = Field(title="状态")
    applied: int = Field(0, title="已入库记录")
    conflicts: int = Field(0, title="待处理冲突")
    rejected: int = Field(0, title="未通过校验")


class DevicePage(Schema):
    count: int
    items: list[DeviceRow]


class SyncRow(Schema):
    at: dt.datetime = Field(title="时间")
    kind: str = Field(title="类型")
    kind_label: str = Field(title="类型名称")
    households: int = Field(title="农户数")
    records: int = Field(title="记录数")
    applied: int = Field(title="已入库")
    conflicts: int = Field(title="冲突")
    rejected: int = Field(title="未通过校验")
    size: int = Field(title="数据量（字节）")
    note: str = Field(title="说明")


class SyncPage(Schema):
    count: int
    items: list[SyncRow]
