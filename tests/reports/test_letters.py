"""Every letter renders from the one template layer, with its number, QR and facts."""

from __future__ import annotations

import pytest
from doc_helpers import Signer, pages_text, squash

from app.domain.enums import DocumentType
from reports import samples
from reports import template as tp
from reports.letters import STANDARD_COMMITMENTS, build_letter, layout
from reports.verify import verify_pdf

LETTERS = {k: v for k, v in samples.letters().items() if k != "commitment_blank"}


@pytest.mark.parametrize("name", sorted(LETTERS))
def test_each_letter_renders_signed_and_verifies(name: str, signer: Signer) -> None:
    data = LETTERS[name]
    pdf = signer.issue(data)
    text = pages_text(pdf)
    assert len(text) == 1, f"{name} should fit on one page"
    page = squash(text[0])
    assert squash(data.doc_type.label) in page
    assert data.issue.number in page
    assert data.case_no in page
    assert "第1页共1页" in page
    assert "扫码核验" in page
    assert squash(data.subject.name) in page
    for record in data.records:
        assert squash(record.document_number) in page
    result = verify_pdf(pdf, signer.keys)
    assert result.ok, result.summary
    assert result.doc_type == DocumentType(name).value


def test_letters_share_one_layout_function_each() -> None:
    titles = {layout(d).title for d in samples.letters().values()}
    assert len(titles) == len(samples.letters())


def test_receipt_has_grounds_deadline_and_sign_off_lines() -> None:
    data = LETTERS["objection_receipt"]
    page = squash(pages_text(build_letter(data))[0])
    for ground in data.grounds:
        assert squash(ground) in page
    assert "2026年11月27日前" in page
    assert "申请人签收：" in page and "签收日期：" in page
    assert "370102********123X" in page


def test_forward_slip_is_addressed_to_the_provider() -> None:
    data = LETTERS["objection_forward"]
    page = squash(pages_text(build_letter(data))[0])
    assert page.index("威海市市场监督管理局：") < page.index("本中心于")
    assert squash(data.statement) in page
    assert "2026年12月15日前" in page


def test_refusal_lists_the_reasons() -> None:
    data = LETTERS["repair_refusal"]
    page = squash(pages_text(build_letter(data))[0])
    assert "不予修复的理由" in page
    for reason in data.reasons:
        assert squash(reason) in page


def test_blank_commitment_form_is_unnumbered_and_unsigned() -> None:
    data = samples.letters()["commitment_blank"]
    pdf = build_letter(data)
    page = squash(pages_text(pdf)[0])
    assert "信用承诺书（信用修复）" in page
    assert tp.NO_NUMBER not in page and "编号" not in page
    for item in STANDARD_COMMITMENTS:
        assert squash(item) in page
    assert "承诺主体（盖章）：" in page
    assert b"creditdesk-content.json" not in pdf


def test_reprinted_letter_is_marked() -> None:
    data = Signer().signed(LETTERS["repair_decision"])
    page = squash(pages_text(build_letter(data, reprint=True))[0])
    assert "补打件" in page
