"""Story: an administrator loads next year's State Council holiday schedule in 系统管理."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from gui_helpers import last_box
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QFileDialog, QMessageBox

from app.domain.enums import Role
from app.services import calendar
from ui.admin.admin_view import AdminView
from ui.admin.calendar_panel import CalendarPanel

SCHEDULE_2027 = "2027-01-01,休,元旦\n2027-02-05~2027-02-11,休,春节\n2027-02-13,班,春节调休上班\n"


def _years_shown(panel: CalendarPanel) -> list[str]:
    return [panel.table.item(r, 0).text() for r in range(panel.table.rowCount())]


def test_given_no_2027_when_the_admin_imports_the_file_then_the_year_is_listed(
    make_ctx, staff, tmp_path: Path, db
) -> None:
    panel = CalendarPanel(make_ctx(staff[Role.ADMIN]))
    panel.show()
    assert _years_shown(panel)[0] == "2026"  # newest first
    assert panel.warning.isVisible() is False or "2027" in panel.warning.text()

    schedule = tmp_path / "2027年节假日安排.csv"
    schedule.write_text(SCHEDULE_2027, encoding="gbk")
    panel.import_file(schedule)

    assert _years_shown(panel)[0] == "2027"
    assert "已导入 2027 年节假日安排" in panel.status.text()
    assert calendar.add_working_days(db, date(2026, 12, 31), 1) == date(2027, 1, 4)


def test_replacing_a_year_asks_first_and_a_faulty_file_changes_nothing(
    make_ctx, staff, tmp_path: Path, db
) -> None:
    panel = CalendarPanel(make_ctx(staff[Role.ADMIN]))
    first = tmp_path / "a.csv"
    first.write_text(SCHEDULE_2027, encoding="utf-8")
    panel.import_file(first)

    # When the same year is imported again, the administrator is asked before replacing
    second = tmp_path / "b.csv"
    second.write_text("2027-01-01,休,元旦\n", encoding="utf-8")
    panel.import_file(second)
    box = panel.dialog
    assert box is not None and "替换 2027 年的全部日期" in box.text()
    # Cancel (the default for a destructive question) keeps the spring festival holiday
    cancel = _button(box, "取消")
    assert box.defaultButton() is cancel
    cancel.click()
    assert calendar.is_working_day(db, date(2027, 2, 8)) is False
    # Confirming replaces the whole year: 2/8 is now an ordinary Monday
    panel.import_file(second)
    _button(panel.dialog, "替换").click()
    assert calendar.is_working_day(db, date(2027, 2, 8)) is True
    assert "已替换 2027 年节假日安排" in panel.status.text()

    # A faulty file: a clear message naming the line, and the calendar is unchanged
    bad = tmp_path / "bad.csv"
    bad.write_text("2028-01-01,休,元旦\n2028-02-30,休,春节\n", encoding="utf-8")
    panel.import_file(bad)
    box = last_box()
    assert box is not None and "第2行" in box.text() + box.informativeText()
    assert "2028" not in _years_shown(panel)


def _button(box: QMessageBox, text: str) -> QAbstractButton:
    return next(b for b in box.buttons() if b.text() == text)


def test_only_administrators_see_the_calendar_tab(make_ctx, staff) -> None:
    admin_view = AdminView(make_ctx(staff[Role.ADMIN]))
    tabs = [admin_view.tabs.tabText(i) for i in range(admin_view.tabs.count())]
    assert "工作日历" in tabs


def test_ctrl_i_opens_the_import_only_while_the_calendar_tab_shows(
    make_ctx, staff, tmp_path: Path, qtbot, monkeypatch, db
) -> None:
    schedule = tmp_path / "2027.csv"
    schedule.write_text(SCHEDULE_2027, encoding="utf-8")
    asked: list[str] = []

    def fake_dialog(*_args: object, **_kw: object) -> tuple[str, str]:
        asked.append("asked")
        return str(schedule), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", fake_dialog)
    view = AdminView(make_ctx(staff[Role.ADMIN]))
    view.show()
    qtbot.waitExposed(view)
    view.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is view)

    # On the users tab Ctrl+I does nothing
    qtbot.keyClick(view.tabs.tabBar(), Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert asked == []

    # With the calendar tab showing (focus on the tab bar), Ctrl+I imports
    view.tabs.setCurrentWidget(view.calendar)
    view.tabs.tabBar().setFocus()
    qtbot.keyClick(view.tabs.tabBar(), Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    assert asked == ["asked"]
    assert calendar.is_working_day(db, date(2027, 2, 13)) is True
