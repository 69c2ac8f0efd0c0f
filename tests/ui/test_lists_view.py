"""名单与信用提示 screen (issue 10): thin GUI checks over the real services (the rules are proven
in tests/integration/test_lists.py and test_expiry.py)."""

from __future__ import annotations

from datetime import date
from typing import Any

from app.domain.enums import ListType, Role
from app.domain.permissions import Actor
from app.services import settings
from app.services.lists import check_alerts
from tests.integration.lifecycle_world import add_record
from tests.integration.objection_world import CENTER
from tests.integration.query_world import TODAY, build_world
from ui.lists.expiry_timer import ExpiryScheduler
from ui.lists.lists_view import ListsView


def _xiamen_with_alert(db: Any) -> Any:
    world = build_world(db, "xiamen")
    settings.set_setting(db, settings.SettingKey.CENTER_NAME, CENTER, actor=Actor.operator())
    for provider in ("STHJJ", "WJW", "YJGLJ"):
        add_record(db, world.company_id, "ZD001", provider=provider, listed_on=date(2026, 9, 1))
    add_record(db, world.company_id, "MD001", listed_on=date(2021, 11, 24))  # ended yesterday
    check_alerts(db, [world.company_id], today=TODAY)
    return world


def test_supervisor_sees_the_lists_and_handles_an_alert(db, staff, make_ctx, qtbot) -> None:
    """Given Xiamen and a company on three sectors' key-attention lists, when the supervisor
    opens 名单 the key-attention tab lists the three with their one-year end (no provider has
    extended it) and article; the black list is empty (its five years ended yesterday) until
    ended ones are included; the 信用提示 tab shows the open alert, and handling it empties
    the open list and shows the four letters issued, each of which opens in the preview."""
    _xiamen_with_alert(db)
    view = ListsView(make_ctx(staff[Role.SUPERVISOR]))
    qtbot.addWidget(view)
    view.resize(1400, 700)
    view.show()

    view.tabs.setCurrentIndex(2)
    key_tab = view.list_tabs[ListType.KEY_ATTENTION]
    assert key_tab.model.rowCount() == 3
    ends = {key_tab.model.index(r, 6).data() for r in range(3)}
    assert ends == {"2027-09-01"}
    assert key_tab.model.index(0, 7).data() == "第二十八条"

    view.tabs.setCurrentIndex(1)
    black_tab = view.list_tabs[ListType.BLACK]
    assert black_tab.model.rowCount() == 0
    black_tab.include_ended.setChecked(True)
    assert black_tab.model.rowCount() == 1
    assert "已届满" in black_tab.model.index(0, 6).data()

    view.tabs.setCurrentIndex(3)
    alerts = view.alerts
    assert alerts.model.rowCount() == 1
    assert alerts.handle_button.isVisible() and not alerts.handle_button.isEnabled()
    alerts.table.selectRow(0)
    assert alerts.handle_button.isEnabled()
    assert "第二十八条" in alerts.detail.text()
    assert not alerts.letters.isVisible()
    alerts.handle(alerts.selected(), "已告知主体并提醒三家提供单位")
    assert alerts.model.rowCount() == 0
    assert alerts.letters.count() == 4 and alerts.letters.isVisible()
    assert "信用提示告知书" in alerts.letters.item(0).text()
    assert "致 卫生健康委员会" in alerts.letters.item(1).text()
    assert alerts.open_letter_button.isEnabled()
    alerts.letters.setCurrentRow(2)
    alerts.open_letter()
    assert alerts.preview is not None and alerts.preview.file_name.startswith("公示期调整提醒函-TX")
    alerts.preview.close()


def test_clerk_sees_alerts_without_the_handle_button(db, staff, make_ctx, qtbot) -> None:
    """Given an open alert, a clerk sees it in 信用提示 but has no handle button."""
    _xiamen_with_alert(db)
    view = ListsView(make_ctx(staff[Role.CLERK]))
    qtbot.addWidget(view)
    view.show()
    view.tabs.setCurrentIndex(3)
    assert view.alerts.model.rowCount() == 1
    assert not view.alerts.handle_button.isVisible()


def test_expiry_scheduler_runs_once_a_day(db, staff, make_ctx, qtbot) -> None:
    """Given a supervisor signed in on 2026-11-25, the scheduler archives the black-list
    record whose period ended the day before at start, and does not run again that day; for
    a clerk it does nothing."""
    _xiamen_with_alert(db)
    scheduler = ExpiryScheduler(make_ctx(staff[Role.SUPERVISOR]))
    results: list[Any] = []
    scheduler.finished.connect(results.append)
    scheduler.start()
    assert [r.archived for r in results] == [1]
    assert scheduler.last_run == TODAY
    assert not scheduler.run_if_due()
    scheduler.stop()
    assert not ExpiryScheduler(make_ctx(staff[Role.CLERK])).run_if_due()
