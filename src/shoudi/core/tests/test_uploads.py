"""``core.uploads.check_upload``: what it refuses before a parser opens the file, and what it lets through."""

from __future__ import annotations

import io
import struct
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from shoudi.core.uploads import MAX_ENTRIES, UploadRefused, check_upload


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _upload(data: bytes, name: str = "台账.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data)


def test_an_ordinary_archive_and_other_files_pass_and_stay_readable():
    upload = _upload(_zip({"xl/worksheets/sheet1.xml": b"<row/>" * 1000}))
    check_upload(upload, deep=True)
    assert upload.read(2) == b"PK"  # left at the start for whoever reads it next
    for data, name in [(b"\x89PNG\r\n\x1a\n", "照片.png"), ("身份证号\n".encode(), "名单.csv"), (b"%PDF-1.4", "a.pdf")]:
        check_upload(_upload(data, name))


def test_too_many_parts_are_refused():
    data = _zip({f"p{i}.xml": b"" for i in range(MAX_ENTRIES + 1)})
    with pytest.raises(UploadRefused, match="部件"):
        check_upload(_upload(data))


def test_an_encrypted_part_is_refused():
    data = bytearray(_zip({"xl/workbook.xml": b"<workbook/>"}))
    central = data.rfind(b"PK\x01\x02")
    flags = struct.unpack_from("<H", data, central + 8)[0]
    struct.pack_into("<H", data, central + 8, flags | 0x1)  # the "encrypted" bit of the central directory entry
    with pytest.raises(UploadRefused, match="密码"):
        check_upload(_upload(bytes(data)))


def test_a_malformed_archive_is_refused():
    with pytest.raises(UploadRefused, match="已损坏"):
        check_upload(_upload(b"PK\x03\x04" + b"\x00" * 200))


def test_a_part_holding_more_than_it_declares_is_refused_by_the_deep_check():
    data = bytearray(_zip({"xl/worksheets/sheet1.xml": b"<row/>" * 100_000}))
    central = data.rfind(b"PK\x01\x02")
    struct.pack_into("<I", data, central + 24, 1000)  # declared uncompressed size: 1,000 bytes (really 600,000)
    check_upload(_upload(bytes(data)))  # the directory alone looks harmless
    with pytest.raises(UploadRefused, match="已损坏"):
        check_upload(_upload(bytes(data)), deep=True)


def test_the_error_class_is_the_callers(settings):
    settings.SHOUDI_UPLOAD_MAX_UNCOMPRESSED_MB = 0
    with pytest.raises(KeyError, match="解压后超过 0 MB"):
        check_upload(_upload(_zip({"a.xml": b"x" * 2048})), error=KeyError)
