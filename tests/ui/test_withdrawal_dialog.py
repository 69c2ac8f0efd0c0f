"""Stories: a clerk takes in a good-information withdrawal at the window (issue 10).

Real services on the ``db`` fixture, a synchronous task runner, the company of the query world
under Weihai (its public 表彰奖励信息 LH002 may be withdrawn; its penalties may not). Today is
2026-11-25 (the ``clock``): Weihai's 5 working days end on 2 December."""

from __future__ import annotations

from gui_helpers import last_box, type_into
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from app.domain.caseflow import WithdrawalState
from app.domain.enums import IdDocType, Role
from app.services import withdrawals as wd
from tests.integration.objection_world import MANDATE, objection_world
from tests.integration.query_world import COMPANY
from ui.withdrawals.withdrawal_dialog import WithdrawalDialog


def _open(make_ctx, staff, qtbot) -> tuple[WithdrawalDialog, object]:
    dialog = WithdrawalDialog(make_ctx(staff[Role.CLERK]))
    qtbot.addWidget(dialog)
    dialog.show()
    type_into(dialog.code_edit, COMPANY)
    QTest.keyClick(dialog.code_edit, Qt.Key.Key_Return)
    return dialog, dialog.found


def test_a_clerk_registers_the_withdrawal_of_an_honour(
    db, staff, qtbot, make_ctx, tmp_path
) -> None:
    """Given the company's public honour under Weihai, when the clerk types the company's code
    and presses Enter, picks the honour, enters the agent with the mandate and registers,
    then the request is stored and the dialog shows its number, due date and article."""
    world = objection_world(db, "weihai", staff)
    dialog, found = _open(make_ctx, staff, qtbot)
    assert found is not None and found.subject_name == "济南某某科技有限公司"
    assert "第三十三条" in dialog.rule_label.text()
    dialog.select_record(world.records["c_good_public"])
    assert dialog.register_button.isEnabled()
    step = dialog.applicant
    assert step.doc_number.text() == COMPANY  # prefilled with the subject
    assert IdDocType(step.doc_type.currentData()) is IdDocType.USCC
    type_into(step.agent_name, "刘经办")
    type_into(step.agent_number, "11010519491231002X")
    mandate = tmp_path / "委托书.pdf"
    mandate.write_bytes(MANDATE.content)
    assert step.mandate.attach(mandate)
    step.document_seen.setChecked(True)
    dialog.statement.setPlainText("不再公开该表彰信息。")
    QTest.mouseClick(dialog.register_button, Qt.MouseButton.LeftButton)
    case = dialog.registered
    assert case is not None and case.state is WithdrawalState.RECEIVED
    text = dialog.result_label.text()
    assert case.case_no in text and "2026-12-02" in text and "第三十三条" in text
    assert not dialog.register_button.isEnabled()
    rows = wd.list_withdrawals(db, actor=staff[Role.CLERK])
    assert [r.case_no for r in rows] == [case.case_no]


def test_a_penalty_is_shown_with_its_refusal_and_cannot_be_registered(
    db, staff, qtbot, make_ctx
) -> None:
    """Given the company's public penalty, when the clerk picks it, then the row says why it
    cannot be withdrawn, naming the record, and the register button stays disabled."""
    world = objection_world(db, "weihai", staff)
    dialog, _found = _open(make_ctx, staff, qtbot)
    dialog.select_record(world.records["c_dishonest_public"])
    record = dialog.selected_record()
    assert record is not None and not record.withdrawable
    assert "不是良好信息" in dialog.pick_label.text()
    assert record.document_number in dialog.pick_label.text()
    assert not dialog.register_button.isEnabled()


def test_nantong_refuses_at_the_lookup(db, staff, qtbot, make_ctx) -> None:
    """Given Nantong (no withdrawal article), when the clerk looks the company up, then the
    refusal naming the regulation is shown and nothing can be registered."""
    objection_world(db, "nantong", staff)
    dialog, found = _open(make_ctx, staff, qtbot)
    assert found is None
    assert "南通市公共信用信息管理办法" in last_box().text()
    assert not dialog.register_button.isEnabled()
