"""Uploads checked before anything parses them: a spreadsheet that is a zip bomb is refused in seconds.

An XLSX (and ODS, DOCX…) is a zip archive. A 4.4 MB file can hold 1.16 GB of sheet XML; the parser then needs
gigabytes of memory for minutes. ``check_upload`` reads only the archive's central directory (a few kilobytes)
and refuses, in Chinese, an archive whose parts together declare more than ``SHOUDI_UPLOAD_MAX_UNCOMPRESSED_MB``
once decompressed, that compresses implausibly well, has too many parts, is encrypted or malformed. With
``deep=True`` (the job, just before parsing) it also decompresses every part through a bounded stream, so a part
that holds more than its declared size is caught too (zipfile stops at the declared size and checks the CRC).
(A CSV is not expanded: the importers bound its size, ``SHOUDI_IMPORT_MAX_BYTES``, and stop counting its rows
past ``SHOUDI_IMPORT_MAX_ROWS``.) Called by every page form's file field (``core.forms.Form``), by the API's uploads
(``core.guard``), and by the importers' readers before they open a file."""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from django.conf import settings
from django.core.exceptions import ValidationError

ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP = b"PK\x05\x06"
DEFAULT_MAX_UNCOMPRESSED_MB = 300
MAX_ENTRIES = 10_000
MAX_RATIO = 100  # uncompressed : compressed, refused only past RATIO_FLOOR_MB (small files may compress well)
RATIO_FLOOR_MB = 50
CHUNK = 1024 * 1024
MB = 1024 * 1024


class UploadRefused(ValidationError):
    """The file is refused as a whole before it is parsed; ``message`` is Chinese and names the file."""


def max_uncompressed_mb() -> int:
    return int(getattr(settings, "SHOUDI_UPLOAD_MAX_UNCOMPRESSED_MB", DEFAULT_MAX_UNCOMPRESSED_MB))


@contextmanager
def _opened(source: Any) -> Iterator[IO[bytes]]:
    """A binary file object at 0 for a path or an uploaded file; an uploaded file is left at 0 afterwards."""
    if isinstance(source, str | Path):
        with open(source, "rb") as fh:
            yield fh
        return
    source.seek(0)
    try:
        yield source
    finally:
        source.seek(0)


def _name_of(source: Any, name: str) -> str:
    return name or Path(str(getattr(source, "name", "") or source)).name


def bomb_message(name: str, total: int) -> str:
    return (
        f"文件“{name}”解压后超过 {max_uncompressed_mb()} MB（约 {total / MB:,.0f} MB），可能不是正常的表格文件；"
        "请分成多个文件上传"
    )


def check_upload(source: Any, *, name: str = "", deep: bool = False, error: type[Exception] = UploadRefused) -> None:
    """Refuse ``source`` (a path or an uploaded file) with ``error(message)`` when it cannot be opened safely.
    Files that are not zip archives (CSV, images, PDF, old .xls) pass: they are not expanded."""
    name = _name_of(source, name)
    with _opened(source) as fh:
        head = fh.read(4)
        fh.seek(0)
        problem = _zip_problem(fh, name, deep=deep) if head.startswith((ZIP_MAGIC, EMPTY_ZIP)) else None
    if problem:
        raise error(problem)


def _zip_problem(fh: IO[bytes], name: str, *, deep: bool) -> str | None:
    try:
        with zipfile.ZipFile(fh) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ENTRIES:
                return f"文件“{name}”包含 {len(entries):,} 个部件，超过 {MAX_ENTRIES:,} 个，不是正常的表格文件"
            if any(entry.flag_bits & 0x1 for entry in entries):
                return f"文件“{name}”设有密码（已加密），请取消密码后再上传"
            total = sum(entry.file_size for entry in entries)
            packed = sum(entry.compress_size for entry in entries)
            if total > max_uncompressed_mb() * MB:
                return bomb_message(name, total)
            if total > RATIO_FLOOR_MB * MB and total > MAX_RATIO * max(packed, 1):
                return (
                    f"文件“{name}”的压缩比异常（{total // max(packed, 1):,} 倍），可能不是正常的表格文件；"
                    "请用 Excel 重新保存后上传"
                )
            if deep:
                return _deep_problem(archive, entries, name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, ValueError, OSError):
        return f"文件“{name}”已损坏或不是有效的电子表格（压缩包无法读取），请用 Excel 重新保存后上传"
    return None


def _deep_problem(archive: zipfile.ZipFile, entries: list[zipfile.ZipInfo], name: str) -> str | None:
    """Decompress each part through a bounded stream: zipfile reads at most the declared size and checks the
    CRC at the end, so a part holding more (or other) bytes than its directory says raises BadZipFile."""
    for entry in entries:
        with archive.open(entry) as part:
            read = 0
            while chunk := part.read(CHUNK):
                read += len(chunk)
                if read > entry.file_size:  # pragma: no cover - zipfile stops at the declared size itself
                    return bomb_message(name, read)
    return None


def upload_validator(upload: Any) -> None:
    """A form field validator: the page shows the refusal next to the file field at once."""
    if hasattr(upload, "read"):
        check_upload(upload)
