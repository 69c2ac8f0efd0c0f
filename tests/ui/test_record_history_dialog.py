"""Stories: staff read a credit record's version history, and a supervisor records a provider's
correction notice through its dialog (issue 10).

Real services on the ``db`` fixture (SQLite, and PostgreSQL when configured), a synchronous
task runner, the query world (Weihai; today 2026-11-25 by the ``clock``)."""

from __future__ import annotations

from datetime import date

import pytest
from gui_helpers import type_into
from PySide6.QtCore import QDate

from app.domain.enums import Role
from app.services.provider_notices import NoticeInput, NoticeKind, record_provider_notice
from tests.integration.query_world import build_world
from ui.records.history_dialog import RecordHistoryDialog
from ui.records.notice_dialog import ProviderNoticeDialog

RECORD = "c_dishonest_public"  # 市场监管行政处罚信息 of 市场监督管理局 (SCJGJ)
TODAY = date(2026, 11, 25)


@pytest.fixture
def world(db, staff):
    return build_world(db, "weihai")


def open_history(make_ctx, actor, record_id: int) -> RecordHistoryDialog:
    dialog = RecordHistoryDialog(make_ctx(actor), record_id)
    dialog.show()
    return dialog


def correct_once(world, supervisor) -> None:
    record_provider_notice(
        world.db,
        NoticeInput(
            record_id=world.records[RECORD],
            kind=NoticeKind.CORRECTION,
            provider_code="SCJGJ",
            reference="市监函〔2026〕80号",
            reason="决定书文号录入错误",
            changed_on=date(2026, 11, 20),
            received_on=date(2026, 11, 23),
            changes={"document_number": "市监罚〔2026〕12号"},
        ),
        actor=supervisor,
        today=TODAY,
        expected_version=1,
    )


def changes_shown(dialog: RecordHistoryDialog) -> list[tuple[str, str, str]]:
    table = dialog.changes
    return [
        tuple(table.item(i, j).text() for j in range(3))  # type: ignore[misc]
        for i in range(table.rowCount())
    ]


def test_clerk_opens_history_and_selects_a_version(qtbot, make_ctx, world, staff) -> None:
    """Given a record corrected once by its provider, when a clerk opens its history, then
    both versions are listed with the latest selected and its change (旧值 → 新值) shown;
    selecting version 1 shows what it held; the clerk has no notice button."""
    correct_once(world, staff[Role.SUPERVISOR])
    dialog = open_history(make_ctx, staff[Role.CLERK], world.records[RECORD])
    qtbot.addWidget(dialog)

    assert "济南某某科技有限公司" in dialog.header.text()
    assert dialog.versions.rowCount() == 2
    assert dialog.versions.row_at(1).change_kind_label == "提供单位更正"
    assert dialog.selected_version().version_no == 2
    assert changes_shown(dialog) == [("决定文书号", "文书〔2026〕4号", "市监罚〔2026〕12号")]
    assert dialog.notices.rowCount() == 1
    assert dialog.notices.row_at(0).reference == "市监函〔2026〕80号"
    assert dialog.notice_button is None

    dialog.versions_table.selectRow(0)

    assert dialog.selected_version().version_no == 1
    assert ("决定文书号", "", "文书〔2026〕4号") in changes_shown(dialog)
    assert "第 1 版的内容" in dialog.changes_label.text()


def test_supervisor_records_a_correction_and_the_history_refreshes(
    qtbot, make_ctx, world, staff
) -> None:
    """Given a supervisor in the history, when they record the provider's correction through
    the notice dialog (new severity 严重, dates before today), then the dialog closes, the
    versions table shows version 2 selected with the change, and the notice is listed."""
    dialog = open_history(make_ctx, staff[Role.SUPERVISOR], world.records[RECORD])
    qtbot.addWidget(dialog)
    assert dialog.notice_button is not None and dialog.notice_button.isEnabled()

    dialog.notice_button.click()
    notice: ProviderNoticeDialog = dialog.notice_dialog
    assert notice.isVisible()
    assert notice.provider.text() == "SCJGJ"
    type_into(notice.reference, "市监函〔2026〕88号")
    notice.reason.setPlainText("原行政处罚决定经复议变更")
    notice.changed_on.setDate(QDate(2026, 11, 16))
    notice.received_on.setDate(QDate(2026, 11, 18))
    notice.set_new_value("severity", "严重")
    notice.ok_button.click()

    assert not notice.isVisible()
    assert notice.result_row is not None and notice.result_row.version_no == 2
    assert dialog.versions.rowCount() == 2
    assert dialog.selected_version().version_no == 2
    assert changes_shown(dialog) == [("失信程度", "一般", "严重")]
    assert dialog.notices.rowCount() == 1
    assert dialog.notices.row_at(0).report_due == date(2026, 11, 19)
    assert "报送期限" in [c.header for c in dialog.notices.columns]
    # the provider reported on 18 November, within 3 working days of 16 November
    assert dialog.status.text().startswith("已登记更正通知")


def test_notice_dialog_shows_the_services_refusals_next_to_the_fields(
    qtbot, make_ctx, world, staff
) -> None:
    """Given the notice dialog, when the supervisor submits without a reference number, with a
    notice of another provider, or with nothing changed, then each refusal appears next to its
    field and nothing is recorded."""
    ctx = make_ctx(staff[Role.SUPERVISOR])
    notice = ProviderNoticeDialog(ctx, world.records[RECORD])
    qtbot.addWidget(notice)
    notice.show()
    assert notice.kind_buttons[NoticeKind.CORRECTION].isChecked()
    assert notice.changed_on.maximumDate() == QDate(2026, 11, 25)

    notice.ok_button.click()
    assert "来文文号" in notice.field_error("reference")
    assert notice.field_error("reason")
    assert notice.isVisible()

    type_into(notice.reference, "税函〔2026〕1号")
    notice.reason.setPlainText("信息有误")
    type_into(notice.provider, "SWJ")
    notice.set_new_value("content.result", "警告")
    notice.ok_button.click()
    assert "市场监督管理局" in notice.field_error("provider")

    type_into(notice.provider, "SCJGJ")
    notice.set_new_value("content.result", f"{RECORD}-result")
    notice.ok_button.click()
    assert "完全相同" in notice.field_error("changes")

    notice.set_new_value("decision_date", "2026-02-30")
    notice.ok_button.click()
    assert "2026-02-30" in notice.field_error("changes")
    assert notice.result_row is None


def test_supervisor_revokes_and_the_button_is_then_disabled(qtbot, make_ctx, world, staff) -> None:
    """Given a supervisor in the history, when they record a revocation, then the status reads
    已撤销 and the notice button is disabled (a revoked record takes no more notices)."""
    dialog = open_history(make_ctx, staff[Role.SUPERVISOR], world.records[RECORD])
    qtbot.addWidget(dialog)
    dialog.notice_button.click()
    notice: ProviderNoticeDialog = dialog.notice_dialog
    notice.kind_buttons[NoticeKind.REVOCATION].setChecked(True)
    assert notice.table.isHidden() and not notice.revocation_note.isHidden()
    type_into(notice.reference, "市监函〔2026〕90号")
    notice.reason.setPlainText("原行政处罚决定已被撤销")
    notice.ok_button.click()

    assert "已撤销" in dialog.header.text()
    assert dialog.versions.row_at(1).change_kind_label == "提供单位撤销"
    assert not dialog.notice_button.isEnabled()
