"""``creditdesk-gui``: the desktop application."""

from __future__ import annotations

import logging
import multiprocessing
import sys
from collections.abc import Sequence
from logging.handlers import RotatingFileHandler

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication

from app import __version__
from app.config import log_dir
from ui.app_controller import AppController
from ui.errors import install_excepthook
from ui.qsettings_store import open_settings
from ui.resources import icon, install_translators, load_app_font
from ui.tasks import TaskRunner


def setup_logging() -> None:
    handler = RotatingFileHandler(
        log_dir() / "creditdesk-gui.log", maxBytes=2_000_000, backupCount=5, encoding="utf-8"
    )
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    root.setLevel(logging.INFO)
    root.addHandler(handler)
    root.addHandler(logging.StreamHandler())


def create_application(argv: Sequence[str]) -> QApplication:
    app = QApplication(list(argv))
    app.setApplicationName("CreditDesk")
    app.setOrganizationName("CreditDesk")
    app.setApplicationDisplayName(app.translate("Application", "信用服务窗口工作台"))
    app.setApplicationVersion(__version__)
    app.setQuitOnLastWindowClosed(False)  # the controller decides when the app ends
    install_translators(app)
    load_app_font(app)
    app.setWindowIcon(icon("app"))
    return app


def main(argv: Sequence[str] | None = None) -> int:
    multiprocessing.freeze_support()  # a frozen build's intake helper process starts here
    setup_logging()
    install_excepthook()
    app = create_application(argv if argv is not None else sys.argv)
    runner = TaskRunner(app)
    controller = AppController(open_settings(), runner, parent=app)
    controller.finished.connect(app.exit)
    QTimer.singleShot(0, controller.start)
    code = app.exec()
    runner.shutdown()
    return code


if __name__ == "__main__":
    raise SystemExit(main())
