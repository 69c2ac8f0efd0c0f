"""Scanned documents: type by magic bytes, size limit, hostile file names (no database)."""

from __future__ import annotations

import pytest

from app.domain.errors import ValidationFailed
from app.services.attachments import (
    MAX_ATTACHMENT_BYTES,
    Upload,
    check_upload,
    clean_display_name,
    detect_media_type,
)

PDF = b"%PDF-1.4\n%%EOF"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF"


@pytest.mark.parametrize(
    ("content", "media_type"),
    [(PDF, "application/pdf"), (PNG, "image/png"), (JPEG, "image/jpeg")],
)
def test_given_a_scan_then_its_type_comes_from_its_bytes(content, media_type) -> None:
    assert detect_media_type(content) == media_type
    # the name does not matter: a PNG called .pdf is a PNG
    assert check_upload(Upload(content, "授权书.pdf"))[0] == media_type


@pytest.mark.parametrize(
    "content",
    [b"MZ\x90\x00 executable", b"PK\x03\x04 a zip or docx", b"GIF89a", b"<html>", b" %PDF-"],
    ids=["exe", "zip", "gif", "html", "pdf-not-at-start"],
)
def test_given_another_file_type_then_it_is_refused_naming_the_allowed_ones(content) -> None:
    with pytest.raises(ValidationFailed) as caught:
        check_upload(Upload(content, "授权书.pdf"))
    assert (
        caught.value.text
        == "文件“授权书.pdf”不是 PDF、JPEG、PNG 文件（按文件内容判断，与扩展名无关）。"
    )
    assert caught.value.field_errors == {"file": [caught.value.text]}


def test_given_an_empty_or_oversized_file_then_it_is_refused() -> None:
    with pytest.raises(ValidationFailed, match="空文件"):
        check_upload(Upload(b"", "a.pdf"))
    big = PDF + b"\x00" * MAX_ATTACHMENT_BYTES
    with pytest.raises(ValidationFailed, match="超过 10 MB 的上限"):
        check_upload(Upload(big, "a.pdf"))
    assert check_upload(Upload(PDF + b"\x00" * (MAX_ATTACHMENT_BYTES - len(PDF)), "a.pdf"))


@pytest.mark.parametrize(
    ("name", "fragment"),
    [
        ("../../etc/passwd", "不能含路径"),
        ("..\\..\\windows\\system32\\a.pdf", "不能含路径"),
        ("/tmp/授权书.pdf", "不能含路径"),
        ("C:授权书.pdf", "不能含路径"),
        ("..", "不能含路径"),
        ("授权书\x00.pdf", "U+0000"),
        ("授权书\n.pdf", "U+000A"),
        ("授权\u202e书fdp.exe", "U+202E"),
        ("", "不能为空"),
        ("   ", "不能为空"),
        ("长" * 121 + ".pdf", "最多 120 个"),
    ],
    ids=[
        "traversal",
        "windows-traversal",
        "absolute",
        "drive",
        "dotdot",
        "nul",
        "newline",
        "rtl-override",
        "empty",
        "blank",
        "too-long",
    ],
)
def test_given_a_hostile_name_then_it_is_refused_with_a_clear_message(name, fragment) -> None:
    with pytest.raises(ValidationFailed) as caught:
        clean_display_name(name)
    assert fragment in caught.value.text


def test_given_an_ordinary_name_then_it_is_kept_for_display() -> None:
    assert clean_display_name("  授权书（张三）2026.pdf ") == "授权书（张三）2026.pdf"
