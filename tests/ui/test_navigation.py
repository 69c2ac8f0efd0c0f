"""Role-dependent navigation: each role sees only its screens; shortcuts are fixed numbers."""

from __future__ import annotations

import pytest
from gui_helpers import last_box
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel

from app.domain.enums import Role
from ui.main_window import MainWindow
from ui.widgets.not_enabled_view import NotEnabledView

EXPECTED = {
    Role.CLERK: ["工作台", "窗口查询", "异议处理", "信用修复", "报告与文书", "名单与提示"],
    Role.SUPERVISOR: [
        "工作台",
        "窗口查询",
        "异议处理",
        "信用修复",
        "报告与文书",
        "数据归集",
        "名单与提示",
    ],
    Role.ADMIN: ["工作台", "数据归集", "系统管理"],
    Role.AUDITOR: ["报告与文书", "日志审计"],
}


def _titles(window: MainWindow) -> list[str]:
    return [window.nav.item(i).text() for i in range(window.nav.count())]


@pytest.mark.parametrize("role", list(Role))
def test_each_role_sees_exactly_its_screens(make_ctx, staff, role: Role) -> None:
    window = MainWindow(make_ctx(staff[role]))
    window.show()
    assert _titles(window) == EXPECTED[role]
    shortcuts = sorted(a.shortcut().toString() for a in window.screen_actions.values())
    numbers = {
        "工作台": 1,
        "窗口查询": 2,
        "异议处理": 3,
        "信用修复": 4,
        "报告与文书": 5,
        "数据归集": 6,
        "系统管理": 7,
        "日志审计": 8,
        "名单与提示": 9,
    }
    assert shortcuts == sorted(f"Ctrl+{numbers[t]}" for t in EXPECTED[role])


def test_hidden_screens_cannot_be_reached_by_shortcut(make_ctx, staff) -> None:
    window = MainWindow(make_ctx(staff[Role.CLERK]))
    assert not window.show_screen_number(7)  # 系统管理
    assert not window.show_screen("audit")
    assert window.current_key() == "dashboard"


def test_ctrl_numbers_switch_screens_and_not_enabled_pages_are_honest(make_ctx, staff) -> None:
    window = MainWindow(make_ctx(staff[Role.SUPERVISOR]))
    window.show()
    window.screen_actions[6].trigger()  # Ctrl+6
    assert window.current_key() == "intake"
    assert not isinstance(window.current_view(), NotEnabledView)
    auditor = MainWindow(make_ctx(staff[Role.AUDITOR]))
    auditor.show()
    assert auditor.show_screen("audit")
    view = auditor.current_view()
    assert isinstance(view, NotEnabledView)
    assert "尚未启用" in [label.text() for label in view.findChildren(QLabel)]
    assert window.screen_actions[1].shortcut() == QKeySequence("Ctrl+1")
    window.screen_actions[1].trigger()
    assert window.current_key() == "dashboard"


def test_the_last_screen_and_geometry_are_remembered(make_ctx, staff, qsettings) -> None:
    ctx = make_ctx(staff[Role.ADMIN])
    window = MainWindow(ctx)
    window.resize(1000, 666)
    window.show()
    window.show_screen("admin")
    window.close()
    again = MainWindow(ctx)
    assert again.current_key() == "admin"
    # (the offscreen screen is 800 px wide, so only the height survives unclamped)
    assert qsettings.value("geometry/main_window") is not None
    assert again.size().height() == 666


def test_auditors_land_on_the_audit_page(make_ctx, staff) -> None:
    window = MainWindow(make_ctx(staff[Role.AUDITOR]))
    assert window.current_key() == "audit"
    assert window.role_label.text() == "角色：审计员"


def test_f1_lists_the_shortcuts(make_ctx, staff) -> None:
    window = MainWindow(make_ctx(staff[Role.CLERK]))
    window.show_shortcuts()
    assert "Ctrl+1\t工作台" in last_box().text()
