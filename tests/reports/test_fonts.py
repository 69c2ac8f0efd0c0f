"""Fonts: only the embedded CJK font, as a subset; characters it lacks are reported."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from io import BytesIO
from pathlib import Path

import pytest
from doc_helpers import Signer, pages_text, squash
from pypdf import PdfReader

from reports import samples
from reports import styles as st
from reports.credit_report import build_credit_report
from reports.documents import build_document, missing_characters
from reports.dto import SubjectInfo
from reports.verify import verify_pdf


def _fonts(pdf: bytes) -> dict[str, bool]:
    """Every font of every page (and form XObject): name → embedded."""
    fonts: dict[str, bool] = {}
    reader = PdfReader(BytesIO(pdf))
    for page in reader.pages:
        resources = page.get("/Resources") or {}
        for ref in (resources.get("/Font") or {}).values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            embedded = False
            if descriptor is not None:
                d = descriptor.get_object()
                embedded = any(k in d for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts[str(font.get("/BaseFont"))] = embedded
    return fonts


ALL_DOCUMENTS = {"report": samples.person_report(), **samples.letters()}


@pytest.mark.parametrize("name", sorted(ALL_DOCUMENTS))
def test_every_font_is_embedded(name: str) -> None:
    pdf = build_document(ALL_DOCUMENTS[name])
    fonts = _fonts(pdf)
    assert fonts, "no font found"
    assert all(fonts.values()), f"not embedded: {[f for f, e in fonts.items() if not e]}"
    assert all("WenQuanYi" in f and "+" in f for f in fonts), fonts  # subsets of our one font


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_pdffonts_agrees(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(Signer().issue(samples.person_report()))
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
    rows = out.stdout.splitlines()[2:]
    assert rows
    for row in rows:
        columns = row.split()
        emb, sub = columns[-5], columns[-4]
        assert (emb, sub) == ("yes", "yes"), row


def test_rare_characters_are_found_with_their_fields() -> None:
    data = samples.person_report()
    data = dataclasses.replace(
        data,
        subject=dataclasses.replace(data.subject, name="李䶮"),
        requester="吉𠮷商贸有限公司",
    )
    missing = missing_characters(data)
    assert [m.char for m in missing] == ["䶮", "𠮷"]
    assert missing[0].codepoint == "U+4DAE" and missing[1].codepoint == "U+20BB7"
    assert missing[0].fields == ("subject.name",)
    assert missing[1].fields == ("requester",)


def test_rare_characters_print_as_placeholder_with_a_note_never_dropped(signer: Signer) -> None:
    data = samples.person_report()
    data = dataclasses.replace(data, subject=dataclasses.replace(data.subject, name="李䶮"))
    pdf = signer.issue(data)
    text = squash("".join(pages_text(pdf)))
    assert "李〓" in text  # the position is kept and visible
    assert "缺字说明" in text and "U+4DAE" in text
    # the signed content keeps the real character, and the file still verifies
    result = verify_pdf(pdf, signer.keys)
    assert result.ok, result.summary
    assert result.payload is not None
    assert result.payload["data"]["subject"]["name"] == "李䶮"


def test_common_text_needs_no_placeholder() -> None:
    assert missing_characters(samples.company_report(50)) == ()
    text = "".join(pages_text(build_credit_report(samples.company_report(5))))
    assert st.PLACEHOLDER not in text


def test_font_comes_from_resources() -> None:
    path = Path(st.font_path())
    assert path.name == "wqy-microhei.ttc" and path.exists()
    assert (path.parent / "LICENSE-wqy-microhei.txt").exists()


def test_subject_info_kind_is_not_printed_as_a_value() -> None:
    # enum values are printed as labels: 自然人, not natural_person
    text = squash("".join(pages_text(build_credit_report(samples.person_report()))))
    assert "自然人" in text and "natural_person" not in text
    assert isinstance(samples.person_report().subject, SubjectInfo)
