"""GUI tests: offscreen Qt, a synchronous task runner, real services on the ``db`` fixture."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QWidget

from app.domain.permissions import Actor
from app.services.connection import ConnectionConfig, keyring_status
from app.services.database import Database
from ui import errors as ui_errors
from ui.connection_monitor import ConnectionMonitor
from ui.context import AppContext
from ui.events import AppEvents
from ui.qsettings_store import open_settings
from ui.resources import install_translators, load_app_font
from ui.tasks import TaskRunner


@pytest.fixture(scope="session", autouse=True)
def _app_resources(qapp: QApplication) -> str:
    """Like the real app: the shipped CJK font and the translations."""
    install_translators(qapp)
    return load_app_font(qapp)


@pytest.fixture
def bug_dialog_expected() -> dict[str, bool]:
    """Request this in a test that provokes the 发生意外错误 dialog on purpose."""
    return {"expected": True}


@pytest.fixture(autouse=True)
def _close_windows(qapp: QApplication, request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    bugs = [
        b.detailedText() for b in ui_errors.open_boxes if b.objectName() == "unexpectedErrorBox"
    ]
    if "bug_dialog_expected" not in request.fixturenames:
        assert bugs == [], "an unexpected-error dialog was shown:\n" + "\n".join(bugs)
    for widget in QApplication.topLevelWidgets():
        widget.close()
        widget.deleteLater()
    ui_errors.open_boxes.clear()
    qapp.processEvents()


@pytest.fixture
def runner(qapp: QApplication) -> Iterator[TaskRunner]:
    task_runner = TaskRunner(synchronous=True)
    yield task_runner
    task_runner.deleteLater()


@pytest.fixture
def qsettings() -> QSettings:
    return open_settings()


class Clock:
    """Injected time: tests move it instead of sleeping."""

    def __init__(self, start: datetime) -> None:
        self.now = start
        self.monotonic = 1000.0

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        step = timedelta(**delta)
        self.now += step
        self.monotonic += step.total_seconds()


@pytest.fixture
def clock() -> Clock:
    return Clock(datetime(2026, 11, 25, 1, 0, tzinfo=UTC))


@pytest.fixture
def make_ctx(
    db: Database, runner: TaskRunner, qsettings: QSettings, clock: Clock
) -> Callable[..., AppContext]:
    def make(actor: Actor | None = None) -> AppContext:
        return AppContext(
            db=db,
            runner=runner,
            events=AppEvents(),
            monitor=ConnectionMonitor(runner, db.ping, target=db.target),
            qsettings=qsettings,
            connection=ConnectionConfig.from_url(db.url.render_as_string()),
            keyring=keyring_status(),
            actor=actor,
            clock=clock,
        )

    return make


def visible_boxes() -> list[QWidget]:
    return [b for b in ui_errors.open_boxes if b.isVisible()]
