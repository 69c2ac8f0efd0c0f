"""Story: a supervisor takes in the market regulator's (SCJGJ) file of penalties under the Weihai
rules — 预检 first, then 入库 — sees what was rejected and why, and sends the 退回清单 back.

The files are built with the service's own writer (``write_table``), the world with the
window-query test world; the task runner is synchronous, the services and database real.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from gui_helpers import last_box
from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QMessageBox
from sqlalchemy import func, select

from app.db.models import CreditRecord, IntakeBatch, IntakeLogEntry, Subject
from app.domain.enums import Role
from app.rules.intake_rules import LABELS
from app.services import intake
from app.services.intake import REASON_LABEL
from app.services.intake_files import RowReader, write_table
from tests.integration.intake_world import BAD_CODE, HEADER, line
from tests.integration.query_world import TODAY, build_world
from ui import errors as ui_errors
from ui.intake.intake_view import IntakeView
from ui.models.paged_table_model import ROW_ROLE

BAD_CHECKSUM = BAD_CODE


def provider_file(folder: Path, name: str, rows: list[list[str]]) -> Path:
    fmt = "csv" if name.endswith(".csv") else "xlsx"
    path = folder / name
    path.write_bytes(write_table(HEADER, rows, fmt=fmt, title="市场监督管理局行政处罚信息报送表"))
    return path


def three_rows() -> list[list[str]]:
    """Two conforming rows of one new company, one whose code fails its check digit."""
    return [line(), line(doc="市监罚〔2026〕102号"), line(code=BAD_CHECKSUM)]


def table_counts(db) -> tuple[int, ...]:
    with db.uow() as uow:
        s = uow.session
        return tuple(
            int(s.scalar(select(func.count()).select_from(model)) or 0)
            for model in (CreditRecord, Subject, IntakeBatch, IntakeLogEntry)
        )


def count(view: IntakeView, key: str) -> str:
    return view.count_labels[key].text()


def rejected_cells(view: IntakeView) -> list[dict[str, str]]:
    model = view.rejected_model
    return [
        {c.key: model.index(r, i).data() for i, c in enumerate(model.columns)}
        for r in range(model.rowCount())
    ]


def screenshot(view: IntakeView, name: str) -> None:
    """For the README: ``CREDITDESK_SCREENSHOTS=docs/screenshots`` under Xvfb (xcb)."""
    if shots := os.environ.get("CREDITDESK_SCREENSHOTS"):
        view.grab().save(str(Path(shots) / name))


def confirm(view: IntakeView) -> QMessageBox:
    box = view.confirm_box
    assert box is not None and box.isVisible()
    yes = next(b for b in box.buttons() if b.text() == "入库")
    yes.click()
    return box


@pytest.fixture
def world(db, staff):
    return build_world(db, "weihai")


@pytest.fixture
def view(make_ctx, staff, world, qtbot) -> IntakeView:
    widget = IntakeView(make_ctx(staff[Role.SUPERVISOR]))
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    return widget


def test_a_supervisor_previews_commits_and_exports_the_return_file(
    view, db, qtbot, tmp_path, monkeypatch
) -> None:
    # Given the regulator's file: two good rows, one with a wrong check digit
    path = provider_file(tmp_path, "市场监管处罚2026-47.xlsx", three_rows())
    before = table_counts(db)

    # When she picks SCJGJ and the file
    view.select_provider("SCJGJ")
    view.set_file(path)
    # Then 入库 waits for a dry run
    assert view.dry_run_button.isEnabled() and not view.commit_button.isEnabled()

    # When she presses F5 (预检)
    qtbot.keyClick(view, Qt.Key.Key_F5)
    # Then she sees the counts, and the rejected row with its line and reason
    assert [count(view, k) for k in ("total", "new", "updated", "rejected", "subjects")] == [
        "3",
        "2",
        "0",
        "1",
        "1",
    ]
    assert "预检结果" in view.result_title.text() and "市场监督管理局" in view.result_title.text()
    [row] = rejected_cells(view)
    assert row["line"] == "5"  # title, header, two good rows, then this one
    assert row["subject_code"] == BAD_CHECKSUM and row["subject_name"] == "济南新公司有限公司"
    assert "校验码" in row["reason"]
    assert "预检完成" in view.status.text()
    assert table_counts(db) == before  # a dry run writes nothing
    assert view.commit_button.isEnabled()
    screenshot(view, "intake.png")

    # When she presses Ctrl+Enter, reads the counts in the confirmation and confirms
    qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert "新增 2 条" in view.confirm_box.informativeText()
    assert "退回 1 行" in view.confirm_box.informativeText()
    confirm(view)

    # Then the batch is in, with its number and place in the intake log
    summary = view.summary
    assert summary is not None and summary.committed and summary.batch_id is not None
    assert f"批次号 {summary.batch_id}" in view.result_title.text()
    assert f"归集日志第 {summary.log_seq} 条" in view.status.text()
    records, subjects, batches, log = table_counts(db)
    assert (records, subjects, batches, log) == (before[0] + 2, before[1] + 1, 1, 1)
    assert not view.commit_button.isEnabled()  # the dry run is used up
    # and the recent batches list it
    [batch] = [view.batch_model.index(0, 0).data(ROW_ROLE)]
    assert view.batch_model.rowCount() == 1
    assert (batch.id, batch.file_name, batch.rows_new, batch.rows_rejected) == (
        summary.batch_id,
        path.name,
        2,
        1,
    )
    assert batch.provider == "市场监督管理局"
    assert batch.state_label == "已退回"  # rows went back to the provider: open work

    # When she exports the return file (the save dialog answers with a .csv path)
    target = tmp_path / "退回" / "市场监管退回清单"
    target.parent.mkdir()
    monkeypatch.setattr(
        QFileDialog,
        "getSaveFileName",
        lambda *_a, **_k: (str(target), "CSV 文件 (*.csv)"),
    )
    assert view.export_button.isEnabled()
    assert view.focusWidget() is view.export_button  # offered first after the commit
    qtbot.keyClick(view.export_button, Qt.Key.Key_Return)
    # Then it holds the rejected row in the provider's columns plus the 退回原因 column
    written = target.with_name(target.name + ".csv")
    assert "已导出退回清单" in view.status.text() and str(written) in view.status.text()
    with RowReader(written, file_name=written.name, expected_labels=HEADER) as reader:
        assert REASON_LABEL in reader.header
        rows = list(reader)
    assert len(rows) == 1
    assert rows[0].values[LABELS["subject_code"]] == BAD_CHECKSUM
    assert "校验码" in rows[0].values[REASON_LABEL]


def test_commit_needs_a_dry_run_of_this_very_file_and_provider(view, db, qtbot, tmp_path) -> None:
    first = provider_file(tmp_path, "第一批.xlsx", three_rows())
    second = provider_file(tmp_path, "第二批.csv", [line(doc="市监罚〔2026〕201号")])
    view.select_provider("SCJGJ")
    view.set_file(first)

    # Before a dry run: 入库 is disabled and Ctrl+Enter only says why
    assert not view.commit_button.isEnabled()
    qtbot.keyClick(view, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert view.confirm_box is None and "请先预检" in view.status.text()

    # Enter in the provider box runs the dry run too
    qtbot.keyClick(view.provider_combo.lineEdit(), Qt.Key.Key_Return)
    assert view.summary is not None and view.commit_button.isEnabled()

    # Another file: the results go, 入库 waits for its own dry run
    view.set_file(second)
    assert not view.commit_button.isEnabled() and view.summary is None
    view.dry_run()
    assert view.commit_button.isEnabled() and count(view, "new") == "1"

    # Another provider: the dry run no longer applies (and says so); back again, it does
    view.select_provider("SWJ")
    assert not view.commit_button.isEnabled()
    assert "已过期" in view.result_note.text()
    view.select_provider("SCJGJ")
    assert view.commit_button.isEnabled()

    # The file changed on disk after the dry run: no commit of what was not checked
    with second.open("ab") as f:
        f.write(",".join(line(doc="市监罚〔2026〕202号")).encode() + b"\r\n")
    view.request_commit()
    assert view.confirm_box is None
    assert "已更改" in view.status.text() and not view.commit_button.isEnabled()
    assert table_counts(db)[2] == 0


def test_cancelling_a_commit_rolls_the_whole_batch_back(view, db, qtbot, tmp_path) -> None:
    rows = [line(doc=f"市监罚〔2026〕{i}号") for i in range(1, 2101)] + [line(code=BAD_CHECKSUM)]
    path = provider_file(tmp_path, "大批次.csv", rows)
    view.select_provider("SCJGJ")
    view.set_file(path)
    seen: list[str] = []
    view.progress.progressed.connect(lambda *_: seen.append(view.progress.label.text()))
    view.dry_run()
    assert count(view, "total") == "2,101"
    assert any("已读取 2,000 行" in text for text in seen)  # rows only: no estimate yet

    # When she presses 取消 while the commit reports its progress
    def cancel_during_commit(*_: object) -> None:
        if view.running == "commit":
            view.progress.cancel_button.click()

    view.progress.progressed.connect(cancel_during_commit)
    before = table_counts(db)
    seen.clear()
    view.request_commit()
    confirm(view)

    # Then the progress had an estimate from the dry run's row count, nothing was written,
    # and the screen says it was rolled back
    assert any("约完成 95%" in text for text in seen)
    assert table_counts(db) == before
    assert "已取消入库" in view.status.text() and "回滚" in view.status.text()
    assert view.running is None and view.progress.isHidden()
    assert view.summary is not None and not view.summary.committed
    assert view.commit_button.isEnabled()  # the dry run still holds: she may try again
    assert not [b for b in ui_errors.open_boxes if b.isVisible() and b is not view.confirm_box]


def test_a_corrupt_file_is_named_in_the_error(view, qtbot, tmp_path) -> None:
    path = tmp_path / "损坏的报送文件.xlsx"
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 64 + b"not really a workbook")
    view.select_provider("SCJGJ")
    view.set_file(path)
    view.dry_run()
    box = last_box()
    assert box.isVisible() and "损坏的报送文件.xlsx" in box.text()
    assert "预检未完成" in view.status.text() and "损坏的报送文件.xlsx" in view.status.text()
    assert view.summary is None and not view.commit_button.isEnabled()
    assert view.running is None and view.progress.isHidden()


def test_an_unknown_provider_is_refused_by_name(view, tmp_path) -> None:
    view.select_provider("XXJ")
    view.set_file(provider_file(tmp_path, "x.xlsx", three_rows()))
    view.dry_run()
    assert "没有代码为“XXJ”" in last_box().text()
    assert not view.commit_button.isEnabled()


def test_a_file_dropped_on_the_screen_is_taken_and_other_files_are_not(view, tmp_path) -> None:
    good = provider_file(tmp_path, "拖入.csv", three_rows())
    other = tmp_path / "说明.pdf"
    other.write_bytes(b"%PDF-1.7\n")

    def mime(path: Path) -> QMimeData:
        data = QMimeData()
        data.setUrls([QUrl.fromLocalFile(str(path))])
        return data

    refused = mime(other)
    enter = QDragEnterEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        refused,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    view.dragEnterEvent(enter)
    assert not enter.isAccepted()

    accepted = mime(good)
    enter = QDragEnterEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        accepted,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    view.dragEnterEvent(enter)
    assert enter.isAccepted()
    drop = QDropEvent(
        QPointF(10, 10),
        Qt.DropAction.CopyAction,
        accepted,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier.NoModifier,
    )
    view.dropEvent(drop)
    assert view.path == good and view.file_edit.text() == str(good)


def test_the_template_of_an_item_is_saved_where_she_says(view, tmp_path, monkeypatch) -> None:
    view.select_provider("SCJGJ")
    view.select_item("CF001")
    target = tmp_path / "模板.xlsx"
    monkeypatch.setattr(
        QFileDialog, "getSaveFileName", lambda *_a, **_k: (str(target), "Excel 工作簿 (*.xlsx)")
    )
    view.template_button.click()
    assert "已保存报送模板" in view.status.text()
    with RowReader(target, file_name=target.name, expected_labels=HEADER) as reader:
        assert set(HEADER) <= set(reader.header)


def test_a_clerk_cannot_import(make_ctx, staff, world, qtbot) -> None:
    view = IntakeView(make_ctx(staff[Role.CLERK]))
    qtbot.addWidget(view)
    view.select_provider("SCJGJ")
    assert not view.dry_run_button.isEnabled() and not view.commit_button.isEnabled()
    assert "权限" in view.placeholder.text()
    view.dry_run()
    assert "权限" in view.status.text()


def test_a_returned_batch_opened_from_the_dashboard_is_settled_with_a_note(
    view, db, staff, qtbot
) -> None:
    # Given a committed batch whose rejected row went back to the provider (open work)
    summary = intake.commit(
        db,
        write_table(HEADER, three_rows(), fmt="csv"),
        file_name="第46周.csv",
        provider_code="SCJGJ",
        actor=staff[Role.SUPERVISOR],
        today=TODAY,
    )
    # When the dashboard opens "归集批次 N" on this screen
    view.open_case(f"归集批次 {summary.batch_id}")
    # Then 最近批次 shows it selected, and its return can be settled
    assert view.tabs.currentIndex() == 1
    batch = view.selected_batch()
    assert batch is not None and batch.id == summary.batch_id and batch.state == "returned"
    assert view.resolve_button.isEnabled()
    view.resolve_button.click()
    dialog = view.resolve_dialog
    assert dialog is not None and dialog.isVisible()

    # A note is required
    dialog.save_button.click()
    assert dialog.isVisible() and "请说明" in dialog.status.text()
    dialog.note.setPlainText("报送单位已于 11 月 28 日重新报送更正后的数据")
    qtbot.keyClick(dialog.note, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)

    assert not dialog.isVisible()
    assert f"已登记归集批次 {summary.batch_id}" in view.status.text()
    batch = view.selected_batch()
    assert batch is not None and batch.state == "committed" and batch.state_label == "已入库"
    assert not view.resolve_button.isEnabled()


def _late_file(folder: Path) -> Path:
    rows = [
        line(doc="市监罚〔2026〕401号"),
        line(doc="市监罚〔2026〕402号"),
        line(code=BAD_CHECKSUM),
    ]
    rows[1][HEADER.index(LABELS["decision_date"])] = "2026-11-20"  # in time: 3 working days
    return provider_file(folder, "市场监管处罚2026-48.xlsx", rows)


def test_under_zhangdian_she_registers_a_file_and_later_sees_its_deadlines(
    make_ctx, staff, db, qtbot, tmp_path
) -> None:
    # Given an installation under the Zhangdian measures (7 WD to report, 3 WD to load)
    build_world(db, "zhangdian")
    view = IntakeView(make_ctx(staff[Role.SUPERVISOR]))
    qtbot.addWidget(view)
    view.resize(1280, 800)
    view.show()
    path = _late_file(tmp_path)
    view.select_provider("SCJGJ")
    view.set_file(path)

    # When she dates the receipt to yesterday and registers it for later
    view.received_edit.setDate(TODAY.replace(day=24))
    assert view.register_button.isEnabled()
    qtbot.mouseClick(view.register_button, Qt.MouseButton.LeftButton)
    # Then the batch waits with its deadline, three working days on
    assert "已登记收件" in view.status.text() and "2026-11-27" in view.status.text()
    with db.uow() as uow:
        batch = uow.session.scalar(select(IntakeBatch))
        assert batch is not None and (batch.state, str(batch.next_due_on)) == (
            "received",
            "2026-11-27",
        )

    # When she previews the same file
    qtbot.keyClick(view, Qt.Key.Key_F5)
    # Then she reads the deadline and the rows the regulator sent late (decided 1 September)
    note = view.deadline_note.text()
    assert view.deadline_note.isVisible()
    assert "收件日期 2026-11-24；入库期限 2026-11-27" in note and "第十九条" in note
    assert "其中 1 行逾期报送：信息形成之日起7个工作日内报送" in note and "第十一条" in note
    screenshot(view, "intake-deadlines.png")

    # And the receipt becomes the batch when she loads it
    qtbot.mouseClick(view.commit_button, Qt.MouseButton.LeftButton)
    confirm(view)
    assert view.summary is not None and view.summary.batch_id == batch.id
    [line_] = [view.batch_model.index(0, 0).data(ROW_ROLE)]
    assert (line_.rows_late, line_.state_label) == (1, "已退回")


def test_a_receipt_date_cannot_lie_in_the_future(view) -> None:
    assert view.received_edit.maximumDate().toPython() == TODAY
    assert view.received_edit.date().toPython() == TODAY
