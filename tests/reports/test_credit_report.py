"""The credit report's PDF: sections, masking, marks, page numbers, wrapping, determinism."""

from __future__ import annotations

import dataclasses
import re

import pytest
from doc_helpers import Signer, pages_text, squash
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth

from app.domain.enums import Audience, ReportSection
from reports import samples
from reports import styles as st
from reports.credit_report import OBJECTION_MARK, SECTION_TITLES, build_credit_report
from reports.dto import DETAIL_SECTIONS, RecordRow, ReportSectionData


@pytest.fixture(scope="module")
def person_pdf() -> bytes:
    return Signer().issue(samples.person_report())


@pytest.fixture(scope="module")
def person_text(person_pdf: bytes) -> list[str]:
    return pages_text(person_pdf)


def test_every_section_is_there_in_the_national_order(person_text: list[str]) -> None:
    text = squash("".join(person_text))
    headings = (
        ["报告说明", "基础信息", "公共信用信息概要"]
        + [SECTION_TITLES[s] for s in DETAIL_SECTIONS]
        + ["法律依据"]
    )
    positions = []
    for heading in headings:
        match = re.search(r"[一二三四五六七八九十]+、" + re.escape(squash(heading)), text)
        assert match, f"section {heading} missing"
        positions.append(match.start())
    assert positions == sorted(positions)


def test_detail_rows_print_item_provider_number_dates(person_text: list[str]) -> None:
    text = squash("".join(person_text))
    report = samples.person_report()
    for section in report.sections:
        for row in section.rows:
            assert squash(row.document_number) in text
            assert squash(row.provider) in text
            assert row.decision_date.isoformat() in text
            if row.disclosure_end:
                assert row.disclosure_end.isoformat() in text
    # the penalty section names its end date 公示截止日, the others 披露截止日
    assert "公示截止日" in text and "披露截止日" in text


def test_an_empty_section_says_wu() -> None:
    data = samples.company_report(3)  # rows only in the first three sections
    text = squash("".join(pages_text(build_credit_report(data))))
    for section in DETAIL_SECTIONS[3:]:
        title = squash(SECTION_TITLES[section])
        assert re.search(re.escape(title) + "无", text), f"{title} should say 无"


def test_summary_counts_follow_the_sections(person_text: list[str]) -> None:
    report = samples.person_report()
    penalty = next(c for c in report.summary if c.section == ReportSection.PENALTY)
    assert (penalty.records, penalty.under_objection) == (2, 1)
    text = squash("".join(person_text))
    summary = text[text.index("公共信用信息概要") : text.index("四、")]
    assert "行政处罚信息21" in summary
    assert f"合计{report.record_count}1" in summary


def test_id_number_printed_as_given_masked_for_third_parties() -> None:
    authorised = squash("".join(pages_text(build_credit_report(samples.person_report()))))
    assert "370102********123X" in authorised
    assert "37010219900307123X" not in authorised
    own = samples.person_report(audience=Audience.SELF)
    text = squash("".join(pages_text(build_credit_report(own))))
    assert "37010219900307123X" in text


def test_objection_mark_on_the_pending_record_only(person_text: list[str]) -> None:
    text = "".join(person_text)
    assert text.count(f"【{OBJECTION_MARK}】") == 1
    pending = squash(text)
    mark_at = pending.index(f"【{OBJECTION_MARK}】")
    row = samples.person_report().rows_of(ReportSection.PENALTY)[0]
    assert pending.index(squash(row.document_number)) > mark_at


def test_page_x_of_y_and_number_on_every_page(person_text: list[str]) -> None:
    total = len(person_text)
    assert total == 3
    for index, text in enumerate(person_text, start=1):
        assert f"第 {index} 页 共 {total} 页" in text
        assert "报告编号：3710002026000123" in text


def test_watermark_carries_the_purpose(person_text: list[str]) -> None:
    for text in person_text:
        assert "仅供招标投标资格审查使用" in text


def test_query_records_only_on_a_natural_persons_own_report() -> None:
    own = squash(
        "".join(pages_text(build_credit_report(samples.person_report(audience=Audience.SELF))))
    )
    assert "查询记录" in own and "威海某某商业银行股份有限公司第1支行" in own
    third = squash("".join(pages_text(build_credit_report(samples.person_report()))))
    assert "查询记录" not in third


def test_cover_block(person_text: list[str]) -> None:
    first = squash(person_text[0])
    for expected in (
        "威海市公共信用信息中心",
        "公共信用信息报告",
        "（授权查询版）",
        "王小明",
        "3710002026000123",
        "2026-11-2410:31",  # issue time in China time
        "C001",
        "招标投标资格审查",
        "授权查询",
        "扫码核验真伪",
    ):
        assert expected in first, expected


def test_legal_basis_of_the_profile(person_text: list[str]) -> None:
    text = squash("".join(person_text))
    assert "本报告依据《威海市公共信用信息管理办法》（威政发〔2022〕8号）出具" in text
    for basis in samples.LEGAL_BASIS:
        assert squash(basis) in text


def test_long_name_and_address_wrap_inside_their_cells(person_text: list[str]) -> None:
    """A long name never runs past its cell: it is broken over lines that each fit."""
    long_name = samples.LONG_COMPANY
    lines = person_text[0].splitlines()
    assert not any(long_name in line for line in lines), "the name should wrap"
    assert long_name in squash(person_text[0])
    pieces = [line.strip() for line in lines if line.strip() and line.strip() in long_name]
    assert len(pieces) >= 2
    value_width = st.CONTENT_WIDTH - 40 * mm - 30 * mm  # the cover's value column
    for piece in pieces:
        assert stringWidth(piece, st.FONT, st.VALUE.fontSize) <= value_width
    address_lines = [line for line in "".join(person_text).splitlines() if "1701" in line]
    assert address_lines and samples.LONG_ADDRESS not in "\n".join(address_lines)


def test_long_cell_in_a_records_table_wraps() -> None:
    long_provider = "威海市环翠区人民政府办公室关于跨境电子商务综合试验区建设领导小组办公室"
    row = RecordRow(
        "行政许可信息", long_provider, "威环许〔2026〕1号", None, None, "很长的许可内容" * 8
    )
    data = dataclasses.replace(
        samples.company_report(0),
        sections=(ReportSectionData(ReportSection.LICENSING, (row,)),),
    )
    text = "".join(pages_text(build_credit_report(data)))
    assert long_provider not in text.splitlines()
    assert long_provider in squash(text)
    column = 29 * mm - 6  # the provider column less its padding
    for line in text.splitlines():
        if line.strip() and line.strip() in long_provider:
            assert stringWidth(line.strip(), st.FONT, st.CELL.fontSize) <= column + 0.01


def test_the_same_data_gives_the_same_bytes() -> None:
    data = samples.person_report()
    assert build_credit_report(data) == build_credit_report(data)


def test_a_reprint_is_marked_on_every_page(signer: Signer) -> None:
    text = pages_text(signer.issue(samples.person_report(), reprint=True))
    for page in text:
        assert "补打" in page
    assert "本件为补打件" in squash(text[0])


def test_a_thousand_records_paginate_with_repeated_headers() -> None:
    data = samples.company_report(1000)
    text = pages_text(build_credit_report(data))
    assert len(text) > 20
    assert all(f"共 {len(text)} 页" in page for page in text)
    assert squash("".join(text)).count("信息提供单位") >= len(text) - 2  # header on each page
