"""The task runner (real threads and synchronous), the busy overlay, and the paged model."""

from __future__ import annotations

import threading
import time

import pytest
from PySide6.QtCore import QThread
from PySide6.QtWidgets import QApplication, QWidget

from app.domain.errors import DatabaseUnavailable
from app.services.cancel import OperationCancelled
from app.services.queries import Page
from ui.models.columns import Column
from ui.models.paged_table_model import ROW_ROLE, PagedTableModel
from ui.tasks import TaskRunner
from ui.widgets.busy_overlay import BusyOverlay

MILLION = 1_000_000


@pytest.fixture
def threaded(qapp):
    """A runner with real worker threads, shut down (and drained) after the test."""
    task_runner = TaskRunner()
    yield task_runner
    task_runner.shutdown()
    qapp.processEvents()
    task_runner.deleteLater()
    qapp.processEvents()


def million_rows(after, limit):
    """A fake keyset source of a million rows; records what was asked."""
    start = 0 if after is None else after[0] + 1
    million_rows.calls.append(start)
    end = min(start + limit, MILLION)
    rows = tuple(range(start, end))
    return Page(rows, (end - 1,) if end < MILLION else None, MILLION if after is None else None)


def test_a_million_rows_open_with_one_page_and_load_on_demand(qapp, runner) -> None:
    million_rows.calls = []
    model = PagedTableModel(runner, [Column("n", "序号", str)], page_size=200)
    model.set_fetcher(million_rows)

    assert model.rowCount() == 200
    assert model.total_estimate == MILLION
    assert million_rows.calls == [0]
    assert model.canFetchMore()
    assert model.index(199, 0).data() == "199"
    assert model.index(5, 0).data(ROW_ROLE) == 5

    model.fetchMore()
    assert model.rowCount() == 400 and million_rows.calls == [0, 200]


def test_a_reset_drops_pages_of_the_old_query(qapp, threaded) -> None:
    runner = threaded
    release = threading.Event()

    def slow(after, limit):
        release.wait(5)
        return Page(("old",), None)

    model = PagedTableModel(runner, [Column("v", "值", str)])
    model.set_fetcher(slow)
    model.set_fetcher(lambda after, limit: Page(("new",), None))
    release.set()
    runner.wait()
    deadline = time.time() + 5
    while time.time() < deadline and model.rowCount() == 0:
        qapp.processEvents()
    for _ in range(20):
        qapp.processEvents()
    assert [model.index(i, 0).data() for i in range(model.rowCount())] == ["new"]


def test_results_come_back_on_the_gui_thread(qtbot, threaded) -> None:
    runner = threaded
    seen: dict[str, object] = {}

    def work(_token):
        seen["worker"] = QThread.currentThread()
        return 42

    def done(value):
        seen["value"] = value
        seen["gui"] = QThread.currentThread()

    runner.query(work, on_done=done)
    qtbot.waitUntil(lambda: "value" in seen, timeout=5000)
    assert seen["value"] == 42
    assert seen["gui"] is QApplication.instance().thread()
    assert seen["worker"] is not seen["gui"]


def test_writes_run_one_at_a_time_in_order(qtbot, threaded) -> None:
    runner = threaded
    order: list[int] = []
    active = {"n": 0, "max": 0}
    lock = threading.Lock()

    def write(i):
        def op(_token):
            with lock:
                active["n"] += 1
                active["max"] = max(active["max"], active["n"])
            time.sleep(0.02)
            with lock:
                active["n"] -= 1
            return i

        return op

    for i in range(5):
        runner.command(write(i), on_done=order.append)
    qtbot.waitUntil(lambda: len(order) == 5, timeout=5000)
    assert order == [0, 1, 2, 3, 4] and active["max"] == 1


def test_a_slow_task_shows_the_busy_overlay_and_can_be_cancelled(qtbot, threaded) -> None:
    runner = threaded
    host = QWidget()
    host.resize(400, 300)
    host.show()
    failures: list[BaseException] = []
    started = threading.Event()

    def slow(token):
        started.set()
        for _ in range(200):
            token.raise_if_cancelled()
            time.sleep(0.01)
        return "finished"

    task = runner.query(
        slow,
        on_done=lambda r: failures.append(AssertionError(r)),
        on_error=failures.append,
        busy_for=host,
        busy_text="正在查询…",
        cancellable=True,
    )
    qtbot.waitUntil(lambda: host.findChild(BusyOverlay) is not None, timeout=2000)
    overlay = host.findChild(BusyOverlay)
    assert overlay.label.text() == "正在查询…" and overlay.cancel_button.isVisible()
    overlay.cancel_button.click()
    qtbot.waitUntil(lambda: task.done, timeout=5000)
    assert failures == []  # a cancelled task is neither a result nor an error dialog
    qtbot.waitUntil(lambda: host.findChild(BusyOverlay) is None, timeout=2000)


def test_a_quick_task_shows_no_overlay(qtbot, threaded) -> None:
    runner = threaded
    host = QWidget()
    host.show()
    results: list[int] = []
    runner.query(lambda _t: 1, on_done=results.append, busy_for=host)
    qtbot.waitUntil(lambda: results == [1], timeout=2000)
    qtbot.wait(400)
    assert host.findChild(BusyOverlay) is None


def test_a_lost_connection_is_announced_without_a_dialog(qapp, runner) -> None:
    from gui_helpers import boxes

    seen: list[BaseException] = []
    runner.database_unavailable.connect(seen.append)
    runner.query(lambda _t: (_ for _ in ()).throw(DatabaseUnavailable(target="x", reason="down")))
    assert len(seen) == 1 and boxes() == []


def test_cancelled_tasks_are_silent(qapp, runner) -> None:
    from gui_helpers import boxes

    def cancelled(_t):
        raise OperationCancelled()

    runner.query(cancelled)
    assert boxes() == []


def test_unexpected_errors_get_the_bug_dialog_with_details(
    qapp, runner, bug_dialog_expected
) -> None:
    from gui_helpers import last_box

    def broken(_t):
        raise ZeroDivisionError("division by zero")

    runner.query(broken)
    box = last_box()
    assert box.windowTitle() == "发生意外错误"
    assert "ZeroDivisionError" in box.detailedText()
    assert "Traceback" in box.detailedText()


@pytest.mark.parametrize("exc_type", [KeyError, ValueError])
def test_the_excepthook_routes_uncaught_errors_to_the_dialog(
    qapp, exc_type, bug_dialog_expected
) -> None:
    import sys

    from gui_helpers import last_box

    from ui.errors import install_excepthook

    previous = sys.excepthook
    install_excepthook()
    try:
        try:
            raise exc_type("boom")
        except exc_type as exc:
            sys.excepthook(type(exc), exc, exc.__traceback__)
    finally:
        sys.excepthook = previous
    assert last_box().objectName() == "unexpectedErrorBox"
