"""Story: a clerk opens the dashboard with seeded open cases and sees the right lights."""

from __future__ import annotations

from datetime import date

import pytest
from gui_helpers import type_into
from PySide6.QtWidgets import QToolButton

from app.domain.caseflow import CaseKind, DueLight
from app.domain.enums import Role
from app.services.dashboard import EVERYONE, WorkQueueFilter
from ui.dashboard.dashboard_view import DashboardView
from ui.main_window import MainWindow
from ui.models.paged_table_model import ROW_ROLE, USER_VALUE_ROLE

TODAY = date(2026, 11, 25)


@pytest.fixture
def seeded(staff, cases):
    clerk = staff[Role.CLERK].user_id
    cases.add("objection", "received", date(2026, 11, 24), assignee=clerk, applicant="李四")
    cases.add("objection", "forwarded", date(2026, 11, 25), next_step="objection.provider_reply")
    cases.add("repair", "accepted", date(2026, 11, 26), assignee=clerk)
    cases.add("repair", "registered", date(2026, 11, 30), applicant="威海鼎盛商贸有限公司")
    cases.add("objection", "closed", date(2026, 11, 1))
    cases.add("objection", "received", date(2026, 12, 1), assignee=staff[Role.SUPERVISOR].user_id)


def _column(view: DashboardView, key: str) -> int:
    return [c.key for c in view.model.columns].index(key)


def _rows(view: DashboardView) -> list[dict[str, object]]:
    model = view.model
    return [
        {c.key: model.index(r, i).data() for i, c in enumerate(model.columns)}
        | {"light_value": model.index(r, 0).data(USER_VALUE_ROLE)}
        for r in range(model.rowCount())
    ]


def test_given_open_cases_when_the_clerk_opens_the_dashboard_then_lights_are_right(
    make_ctx, staff, seeded
) -> None:
    view = DashboardView(make_ctx(staff[Role.CLERK]), today=lambda: TODAY)
    view.show()
    rows = _rows(view)

    assert [(r["case_no"], r["light"], r["days_left"]) for r in rows] == [
        ("YY202600001", "红灯", "逾期 1 个工作日"),
        ("YY202600002", "黄灯", "今日到期"),
        ("XF202600003", "黄灯", "剩 1 个工作日"),
        ("XF202600004", "绿灯", "剩 3 个工作日"),
    ]
    assert [r["light_value"] for r in rows] == [
        DueLight.RED,
        DueLight.YELLOW,
        DueLight.YELLOW,
        DueLight.GREEN,
    ]
    first = rows[0]
    assert (
        first["kind"],
        first["party"],
        first["state"],
        first["next_step"],
        first["assignee"],
    ) == ("异议", "李四", "已受理", "核查比对", "王窗口")
    assert rows[1]["next_step"] == "等待提供单位答复" and rows[1]["assignee"] == "未分配"

    assert view.total_label.text() == "待办 4 件"
    assert view.light_labels[DueLight.RED].text().endswith("红灯 1")
    assert view.light_labels[DueLight.YELLOW].text().endswith("黄灯 2")
    assert view.light_labels[DueLight.GREEN].text().endswith("绿灯 1")
    assert view.warning.isVisible() and "2027" in view.warning.text()
    assert view.footer.text() == "共 4 件。双击或按回车打开案件。"


def test_filters_by_type_state_and_assignee(make_ctx, staff, seeded) -> None:
    view = DashboardView(make_ctx(staff[Role.CLERK]), today=lambda: TODAY)
    view.kind_combo.setCurrentIndex(view.kind_combo.findData(CaseKind.REPAIR.value))
    assert [r["case_no"] for r in _rows(view)] == ["XF202600003", "XF202600004"]
    assert view.state_combo.isEnabled()
    view.state_combo.setCurrentIndex(view.state_combo.findText("已受理"))
    assert [r["case_no"] for r in _rows(view)] == ["XF202600003"]

    view.set_filter(WorkQueueFilter(assignee=EVERYONE))
    assert [r["case_no"] for r in _rows(view)][-1] == "YY202600006"
    supervisor_index = view.assignee_combo.findText("李主管")
    view.assignee_combo.setCurrentIndex(supervisor_index)
    assert [r["case_no"] for r in _rows(view)] == ["YY202600006"]


def test_a_count_button_filters_to_its_state(make_ctx, staff, seeded) -> None:
    view = DashboardView(make_ctx(staff[Role.CLERK]), today=lambda: TODAY)
    button = view.findChild(QToolButton, "count_objection_forwarded")
    assert button.text() == "已转办待答复 1"
    assert button.toolTip() == "只看“异议·已转办待答复”"
    button.click()
    assert view.current_filter().state == "forwarded"
    assert [r["case_no"] for r in _rows(view)] == ["YY202600002"]


def test_double_click_on_a_returned_batch_opens_the_intake_screen(make_ctx, staff, cases) -> None:
    # (cases open in their case views: test_objection_views.py, test_repair_views.py)
    cases.add("intake", "returned", assignee=staff[Role.ADMIN].user_id)
    window = MainWindow(make_ctx(staff[Role.ADMIN]))
    view = window.views["dashboard"]
    view._today = lambda: TODAY
    view.refresh()
    opened: list[tuple[str, int, str]] = []
    view.case_opened.connect(lambda *args: opened.append(args))
    view.table.doubleClicked.emit(view.model.index(0, 2))
    assert opened == [("intake", 1, "归集批次 1")]
    assert window.current_key() == "intake"


def test_a_scanned_case_number_opens_the_case(make_ctx, staff, seeded) -> None:
    view = DashboardView(make_ctx(staff[Role.CLERK]), today=lambda: TODAY)
    opened: list[tuple[str, int, str]] = []
    view.case_opened.connect(lambda *args: opened.append(args))
    type_into(view.case_no_edit, "xf2026 00004")
    view.case_no_edit.returnPressed.emit()
    assert opened == [("repair", 2, "XF202600004")]  # the second repair application
    assert view.case_no_edit.text() == "XF202600004"


def test_the_admin_sees_returned_batches_and_no_cases(make_ctx, staff, cases) -> None:
    cases.add("intake", "returned", assignee=staff[Role.ADMIN].user_id)
    cases.add("objection", "received", date(2026, 11, 24))
    view = DashboardView(make_ctx(staff[Role.ADMIN]), today=lambda: TODAY)
    rows = _rows(view)
    assert [(r["kind"], r["party"], r["next_step"], r["days_left"]) for r in rows] == [
        ("数据归集", "威海市市场监督管理局", "等待提供单位重新报送", "无期限")
    ]
    assert [view.kind_combo.itemText(i) for i in range(view.kind_combo.count())] == [
        "全部类型",
        "数据归集",
    ]


def test_column_widths_are_remembered(make_ctx, staff, seeded, qsettings) -> None:
    ctx = make_ctx(staff[Role.CLERK])
    view = DashboardView(ctx, today=lambda: TODAY)
    view.table.setColumnWidth(3, 321)
    view.save_state()
    again = DashboardView(ctx, today=lambda: TODAY)
    assert again.table.columnWidth(3) == 321
    assert again.model.index(0, 0).data(ROW_ROLE).case_no == "YY202600001"
