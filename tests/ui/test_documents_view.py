"""Story: a clerk checks that a report is genuine (number, scanned QR, file) and reprints one;
the preview prints through a QPrinter and saves the sealed bytes unchanged."""

from __future__ import annotations

import dataclasses
import re
from datetime import UTC, datetime
from io import BytesIO
from pathlib import Path

import pytest
from gui_helpers import type_into
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtPrintSupport import QPrinter
from sqlalchemy import select

from app.db.models import DocumentReprint, IssuedDocument
from app.domain.enums import Role
from app.services import documents
from app.services.database import Database
from app.services.settings import SettingKey, save_settings
from reports import samples
from reports.dto import IssueInfo
from ui.documents.documents_view import (
    ALTERED,
    GENUINE,
    UNVERIFIABLE,
    DocumentsView,
    ReprintPanel,
    VerifyPanel,
)
from ui.documents.pdf_preview import PdfPreviewDialog, open_pdf_preview

NOW = datetime(2026, 11, 24, 2, 31, 5, tzinfo=UTC)


def _text(pdf: bytes) -> str:
    return re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages))


@pytest.fixture
def issued(db: Database, staff) -> documents.IssuedDocumentResult:
    save_settings(
        db,
        {
            SettingKey.JURISDICTION_PROFILE: "weihai",
            SettingKey.CENTER_NAME: "威海市公共信用信息中心",
        },
        actor=staff[Role.ADMIN],
    )
    data = samples.person_report()
    return documents.issue_document(
        db,
        doc_type=data.doc_type,
        payload_dto=dataclasses.replace(data, issue=IssueInfo(center_name="")),
        actor=staff[Role.CLERK],
        now=NOW,
    )


def _qr_text(db: Database, number: str) -> str:
    with db.uow() as uow:
        row = uow.session.scalar(select(IssuedDocument).where(IssuedDocument.number == number))
        assert row is not None
        return documents._expected_qr(row)


_views: list[DocumentsView] = []  # the view owns the panel: keep it alive for the test


@pytest.fixture(autouse=True)
def _forget_views():
    yield
    _views.clear()


def _verify_panel(make_ctx, staff, role: Role = Role.CLERK) -> VerifyPanel:
    view = DocumentsView(make_ctx(staff[role]))
    view.show()
    _views.append(view)
    assert view.verify_panel is not None
    return view.verify_panel


def test_a_genuine_report_is_shown_genuine_by_number_by_qr_and_by_file(
    make_ctx, staff, issued, db, tmp_path: Path
) -> None:
    panel = _verify_panel(make_ctx, staff)

    # A typed number, submitted with Enter (what a scanner does)
    type_into(panel.code, issued.number)
    panel.code.returnPressed.emit()
    assert panel.verdict is not None and panel.verdict.kind == GENUINE
    assert panel.verdict_label.text() == "真实有效"
    assert "#1e7b34" in panel.verdict_label.styleSheet()
    details = panel.details_label.text()
    assert issued.number in details and "公共信用信息报告" in details
    assert issued.key_id in details
    assert panel.code.selectedText() == issued.number  # the next scan replaces it

    # The scanned QR text
    type_into(panel.code, _qr_text(db, issued.number))
    panel.code.returnPressed.emit()
    assert panel.verdict.kind == GENUINE
    assert "二维码与存档一致" in panel.details_label.text()

    # The PDF file
    path = tmp_path / issued.file_name
    path.write_bytes(issued.pdf_bytes)
    panel.verify_path(path)
    assert panel.verdict.kind == GENUINE and panel.verdict_label.text() == "真实有效"
    assert "电子封印" in panel.details_label.text()
    assert f"PDF 文件 {issued.file_name}" in panel.details_label.text()
    assert panel.code.text() == ""  # the verdict is about the file, not the last number

    # A file path pasted into the field is checked as that file
    type_into(panel.code, str(path))
    panel.code.returnPressed.emit()
    assert panel.verdict.kind == GENUINE and "PDF 文件" in panel.details_label.text()


def test_a_file_with_one_byte_changed_is_shown_altered(
    make_ctx, staff, issued, tmp_path: Path
) -> None:
    panel = _verify_panel(make_ctx, staff)
    data = bytearray(issued.pdf_bytes)
    data[len(data) // 2] ^= 0x01
    path = tmp_path / "changed.pdf"
    path.write_bytes(bytes(data))

    panel.verify_path(path)

    assert panel.verdict is not None and panel.verdict.kind == ALTERED
    assert panel.verdict_label.text() == "已被篡改"
    assert "#b3261e" in panel.verdict_label.styleSheet()
    assert "电子封印" in panel.details_label.text() and "✘" in panel.details_label.text()
    assert "核验未通过" in panel.summary_label.text()


def test_bad_input_gets_a_clear_chinese_verdict(make_ctx, staff, issued, tmp_path: Path) -> None:
    panel = _verify_panel(make_ctx, staff)

    type_into(panel.code, "3710002026999999")
    panel.code.returnPressed.emit()
    assert panel.verdict is not None and panel.verdict.kind == UNVERIFIABLE
    assert panel.verdict_label.text() == "无法核验"
    assert "数据库中没有此编号" in panel.summary_label.text()

    type_into(panel.code, "CDR1|garbled|qr")
    panel.code.returnPressed.emit()
    assert panel.verdict.kind == UNVERIFIABLE
    assert panel.summary_label.text()

    not_pdf = tmp_path / "photo.pdf"
    not_pdf.write_bytes(b"\x89PNG\r\n\x1a\nnot a pdf")
    panel.verify_path(not_pdf)
    assert panel.verdict.kind == UNVERIFIABLE
    assert "不是 PDF 文件" in panel.summary_label.text()

    other = tmp_path / "other.pdf"
    other.write_bytes(b"%PDF-1.4\n%%EOF\n")
    panel.verify_path(other)
    assert panel.verdict.kind == UNVERIFIABLE


def test_a_reprint_is_logged_and_opens_the_preview_marked_reprint(
    make_ctx, staff, issued, db, qtbot
) -> None:
    view = DocumentsView(make_ctx(staff[Role.CLERK]))
    view.show()
    panel = view.reprint_panel
    assert isinstance(panel, ReprintPanel)
    type_into(panel.number, issued.number)
    panel.number.returnPressed.emit()
    assert panel.reprint_button.isEnabled()
    assert issued.number in panel.details_label.text()

    panel.number.returnPressed.emit()  # Enter again on the same number: the question
    dialog = panel.dialog
    assert dialog is not None and dialog.isVisible()
    dialog.copies.setValue(3)
    dialog.ok_button.click()

    with db.uow() as uow:
        rows = uow.session.scalars(select(DocumentReprint)).all()
        assert [r.copies for r in rows] == [3]
    preview = panel.preview
    assert isinstance(preview, PdfPreviewDialog) and preview.isVisible()
    assert preview.file_name.endswith("-补打.pdf")
    text = _text(preview.pdf_bytes)
    assert "补打" in text and issued.number in text
    assert preview.page_count == len(PdfReader(BytesIO(preview.pdf_bytes)).pages)
    assert "补打已记录" in panel.status.text()
    assert "已补打 1 次" in panel.details_label.text()


def test_an_unknown_number_cannot_be_reprinted(make_ctx, staff, issued) -> None:
    view = DocumentsView(make_ctx(staff[Role.CLERK]))
    panel = view.reprint_panel
    assert panel is not None
    type_into(panel.number, "3710002026999999")
    panel.number.returnPressed.emit()
    assert not panel.reprint_button.isEnabled()
    assert "数据库中没有此编号" in panel.status.text()


def test_print_to_a_pdf_printer_prints_every_page(issued, tmp_path: Path) -> None:
    preview = open_pdf_preview(None, issued.pdf_bytes, issued.file_name)
    assert preview.page_count >= 1
    assert f"共 {preview.page_count} 页" in preview.page_label.text()
    out = tmp_path / "printed.pdf"
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(out))
    printer.setResolution(150)

    assert preview.print_to(printer) == preview.page_count
    assert len(PdfReader(out).pages) == preview.page_count


def test_the_print_button_opens_the_system_dialog_and_save_keeps_the_sealed_bytes(
    issued, tmp_path: Path
) -> None:
    preview = open_pdf_preview(None, issued.pdf_bytes, issued.file_name)
    assert preview.default_save_path().name == issued.file_name
    preview.print_button.click()
    assert preview.print_dialog is not None and preview.print_dialog.isVisible()
    preview.print_dialog.reject()

    target = tmp_path / "saved"
    assert preview.save_to(target)
    assert (tmp_path / "saved.pdf").read_bytes() == issued.pdf_bytes
    assert "已保存" in preview.status.text()

    zoom = preview.view.zoomFactor()
    preview.zoom_in()
    preview.zoom_in()
    assert preview.view.zoomFactor() != zoom
    preview.fit_width()
    preview.close_button.click()
    assert not preview.isVisible()


def test_the_preview_closes_with_escape(issued, qtbot) -> None:
    preview = open_pdf_preview(None, issued.pdf_bytes, issued.file_name)
    qtbot.keyClick(preview, Qt.Key.Key_Escape)
    assert not preview.isVisible()


@pytest.mark.parametrize(
    ("role", "tabs"),
    [
        (Role.CLERK, ["核验报告", "补打"]),
        (Role.SUPERVISOR, ["核验报告", "补打"]),
        (Role.AUDITOR, ["核验报告"]),
        (Role.ADMIN, []),
    ],
)
def test_each_role_sees_only_the_tabs_it_may_use(make_ctx, staff, role, tabs) -> None:
    view = DocumentsView(make_ctx(staff[role]))
    assert view.tab_titles() == tabs
    assert (view.reprint_panel is not None) == ("补打" in tabs)
