"""Checks the hostile-input tests share: an API refusal is JSON in the documented shape, in Chinese."""

from __future__ import annotations

import json
import re
from typing import Any

CJK = re.compile(r"[\u4e00-\u9fff]")


def assert_error_shape(answer: Any, what: str = "") -> dict[str, Any]:
    """``answer`` (a test client response) is ``{"detail": 中文, "field": ..., "errors": {...}}`` as JSON."""
    assert answer["Content-Type"].startswith("application/json"), f"{what}: {answer['Content-Type']}"
    body = json.loads(answer.content)
    assert isinstance(body, dict) and set(body) >= {"detail", "field", "errors"}, f"{what}: {body}"
    assert isinstance(body["detail"], str) and CJK.search(body["detail"]), f"{what}: {body}"
    assert isinstance(body["errors"], dict), f"{what}: {body}"
    return body


def assert_refused(answer: Any, what: str = "") -> dict[str, Any]:
    """A 4xx in the API's error shape."""
    assert 400 <= answer.status_code < 500, f"{what}: {answer.status_code} {answer.content[:200]!r}"
    return assert_error_shape(answer, what)


# --- a zip bomb that is a valid XLSX ------------------------------------------------------------------------

_CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
_WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="农户成员" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
_WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
_SHEET_HEAD = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    b'<row><c t="inlineStr"><is><t>\xe5\xa7\x93\xe5\x90\x8d</t></is></c>'  # 姓名
    b'<c t="inlineStr"><is><t>\xe8\xba\xab\xe4\xbb\xbd\xe8\xaf\x81\xe5\x8f\xb7</t></is></c></row>'  # 身份证号
)
_ROW = b'<row><c t="inlineStr"><is><t>x</t></is></c><c t="inlineStr"><is><t>520628199001011234</t></is></c></row>'


class _RepeatingDeflate:
    """A raw-deflate compressor that flushes fully after each write: every write of the same chunk then yields the
    same bytes, so 1 GB compresses in the time of one megabyte (zipfile still computes the CRC of every byte)."""

    def __init__(self) -> None:
        import zlib

        self._zlib = zlib
        self._real = zlib.compressobj(9, zlib.DEFLATED, -15)
        self._last: tuple[bytes, bytes] | None = None

    def compress(self, data: bytes) -> bytes:
        if self._last is not None and self._last[0] is data:
            return self._last[1]
        out = self._real.compress(data) + self._real.flush(self._zlib.Z_FULL_FLUSH)
        self._last = (data, out)
        return out

    def flush(self) -> bytes:
        return self._real.flush()


def xlsx_bomb(path: Any, *, sheet_mb: int = 1100) -> Any:
    """Write a valid XLSX whose sheet1.xml is ``sheet_mb`` MB of repeated rows (about 4 MB on disk for 1 GB),
    streamed: never more than a megabyte of it in memory. Returns ``path``."""
    import zipfile
    from unittest import mock

    chunk = _ROW * (1024 * 1024 // len(_ROW))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _CONTENT_TYPES)
        archive.writestr("_rels/.rels", _RELS)
        archive.writestr("xl/workbook.xml", _WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", _WORKBOOK_RELS)
        repeating = mock.patch.object(zipfile, "_get_compressor", lambda *a, **k: _RepeatingDeflate())
        with repeating, archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(_SHEET_HEAD)
            for _ in range(sheet_mb * 1024 * 1024 // len(chunk)):
                part.write(chunk)
            part.write(b"</sheetData></worksheet>")
    return path
