"""Checking uploaded scans and photos: JPEG, PNG or PDF by content (not by name), and not too large."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError

MAX_UPLOAD_BYTES = 10 * 1024 * 1024  # a technical limit of the server, not a policy number
SIGNATURES = {
    "jpg": (b"\xff\xd8\xff", "image/jpeg"),
    "png": (b"\x89PNG\r\n\x1a\n", "image/png"),
    "pdf": (b"%PDF-", "application/pdf"),
}
SUFFIXES = {"jpg": "jpg", "jpeg": "jpg", "png": "png", "pdf": "pdf"}
KIND_LABELS = {"jpg": "JPG", "png": "PNG", "pdf": "PDF"}


def validate_upload(upload: Any, *, field: str = "file", kinds: tuple[str, ...] = ("jpg", "png", "pdf")) -> str:
    """The content type of ``upload``, or a ValidationError on ``field`` naming what is wrong."""
    allowed = "、".join(KIND_LABELS[k] for k in kinds)
    if upload is None:
        raise ValidationError({field: "请选择要上传的文件"})
    name = str(getattr(upload, "name", "") or "")
    size = int(getattr(upload, "size", 0) or 0)
    if size <= 0:
        raise ValidationError({field: f"文件“{name}”是空文件"})
    if size > MAX_UPLOAD_BYTES:
        raise ValidationError({field: f"文件“{name}”超过 {MAX_UPLOAD_BYTES // (1024 * 1024)} MB，请压缩后再上传"})
    suffix = SUFFIXES.get(name.rsplit(".", 1)[-1].lower() if "." in name else "")
    if suffix not in kinds:
        raise ValidationError({field: f"文件“{name}”的类型不支持，只能上传 {allowed} 文件"})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    magic, content_type = SIGNATURES[suffix]
    if not head.startswith(magic):
        raise ValidationError({field: f"文件“{name}”的内容不是 {KIND_LABELS[suffix]} 格式，请重新扫描或拍照"})
    return content_type
