"""Story: after a query, the clerk prints the credit report for the applicant (issue 8).

The report is issued for the logged query — numbered, signed and recorded — and opens in the
in-app preview from which it is printed or saved."""

from __future__ import annotations

import io

import pytest
from gui_helpers import type_into
from pypdf import PdfReader

from app.domain.enums import Audience, Role
from app.services import settings
from app.services.documents import verify_file
from tests.integration.query_world import COMPANY, OTHER, build_world
from ui.window_query.window_query_view import RESULT, WindowQueryView


@pytest.fixture
def view(make_ctx, staff, db) -> WindowQueryView:
    build_world(db, "weihai")
    settings.set_setting(
        db, settings.SettingKey.CENTER_NAME, "威海市公共信用信息中心", actor=staff[Role.ADMIN]
    )
    widget = WindowQueryView(make_ctx(staff[Role.CLERK]))
    widget.resize(1200, 760)
    widget.show()
    return widget


def _public_query(view: WindowQueryView) -> None:
    page = view.requester_page
    type_into(page.doc_number, OTHER)
    type_into(page.name, "王五")
    page.document_seen.setChecked(True)
    view.next_button.click()
    type_into(view.subject_page.search, COMPANY)
    view.subject_page.search.returnPressed.emit()
    view.subject_page.set_audience(Audience.PUBLIC)
    view.next_button.click()
    assert view.step == RESULT


def test_printing_issues_the_report_for_this_query_and_opens_the_preview(
    view, db, staff
) -> None:
    _public_query(view)
    button = view.result_view.print_button
    assert button.isEnabled()

    button.click()

    dialog = view.report_dialog
    assert dialog is not None and dialog.isVisible()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(dialog.pdf_bytes)).pages)
    assert "公共信用信息报告" in text and COMPANY in text
    assert "已出具公共信用信息报告" in view.status.text()
    verdict, record = verify_file(db, dialog.pdf_bytes, actor=staff[Role.CLERK])
    assert verdict.ok and record is not None


def test_ctrl_p_does_nothing_before_a_result_is_shown(view) -> None:
    view.print_report()
    assert getattr(view, "report_dialog", None) is None
