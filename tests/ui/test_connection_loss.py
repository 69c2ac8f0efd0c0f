"""Story: the PostgreSQL server stops mid-session. A banner appears, nothing crashes, the forms
keep what was typed, and the failed save succeeds once the server is back.

Runs against a private throw-away PostgreSQL cluster started and stopped by the test (so the
shared server is never touched); skipped when the PostgreSQL binaries are not installed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_helpers import type_into

from app.domain.enums import Role
from app.domain.permissions import Actor
from app.services import settings as settings_service
from app.services.auth import actor_of
from app.services.connection import ConnectionConfig, keyring_status
from app.services.database import Database
from app.services.maintenance import upgrade_schema
from app.services.users import add_user, find_user
from ui.connection_monitor import ConnectionMonitor
from ui.context import AppContext
from ui.events import AppEvents
from ui.main_window import MainWindow

PG_BIN = Path(os.environ.get("CREDITDESK_PG_BIN", "/usr/lib/postgresql/15/bin"))
PASSWORD = "Guanliyuan#2026"


def _as_postgres(*args: str) -> list[str]:
    if os.geteuid() != 0:
        return list(args)  # already an unprivileged user: run directly
    runuser = shutil.which("runuser")
    return (
        [runuser, "-u", "postgres", "--", *args]
        if runuser
        else ["su", "postgres", "-c", " ".join(args)]
    )


class PrivateCluster:
    def __init__(self, directory: Path, port: int) -> None:
        self.directory, self.port = directory, port

    def _ctl(self, *args: str) -> None:
        subprocess.run(
            _as_postgres(str(PG_BIN / "pg_ctl"), "-D", str(self.directory / "data"), *args),
            check=True,
            capture_output=True,
            timeout=60,
        )

    def start(self) -> None:
        options = f"-c listen_addresses=127.0.0.1 -p {self.port} -k {self.directory}"
        self._ctl("-o", options, "-l", str(self.directory / "server.log"), "-w", "start")

    def stop(self) -> None:
        self._ctl("-m", "fast", "-w", "stop")

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/creditdesk"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def cluster() -> Iterator[PrivateCluster]:
    if not (PG_BIN / "initdb").exists() or not (PG_BIN / "pg_ctl").exists():
        pytest.skip(f"PostgreSQL server binaries not found in {PG_BIN}")
    if os.geteuid() == 0 and not (shutil.which("runuser") or shutil.which("su")):
        pytest.skip("cannot switch to the postgres user")
    directory = Path(tempfile.mkdtemp(prefix="creditdesk-pg-"))
    directory.chmod(0o777)
    if os.geteuid() == 0:
        shutil.chown(directory, "postgres")
    server = PrivateCluster(directory, _free_port())
    try:
        subprocess.run(
            _as_postgres(
                str(PG_BIN / "initdb"),
                "-D",
                str(directory / "data"),
                "--auth=trust",
                "-U",
                "postgres",
                "-E",
                "UTF8",
                "--locale=C",
            ),
            check=True,
            capture_output=True,
            timeout=120,
        )
        server.start()
        admin = Database(server.url.rsplit("/", 1)[0] + "/postgres")
        with admin.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            conn.exec_driver_sql("CREATE DATABASE creditdesk")
        admin.dispose()
        yield server
    finally:
        with contextlib.suppress(Exception):
            server.stop()
        shutil.rmtree(directory, ignore_errors=True)


@pytest.fixture
def window(qapp, cluster, runner, qsettings) -> Iterator[MainWindow]:
    db = Database(cluster.url)
    upgrade_schema(db, actor=Actor.operator())
    with db.uow() as uow:
        user = add_user(
            uow.session,
            username=f"admin{int(time.time() * 1000) % 100000}",
            display_name="张管理",
            staff_no=f"A{time.time_ns() % 10**9}",
            role=Role.ADMIN,
            password=PASSWORD,
            must_change_password=False,
        )
        actor = actor_of(user)
        uow.commit()
    ctx = AppContext(
        db=db,
        runner=runner,
        events=AppEvents(),
        monitor=ConnectionMonitor(runner, db.ping, target=db.target),
        qsettings=qsettings,
        connection=ConnectionConfig.from_url(cluster.url),
        keyring=keyring_status(),
        actor=actor,
    )
    main = MainWindow(ctx)
    main.show()
    main.show_screen("admin")
    yield main
    if not _running(cluster):
        cluster.start()
    db.dispose()


def _running(cluster: PrivateCluster) -> bool:
    try:
        socket.create_connection(("127.0.0.1", cluster.port), timeout=1).close()
        return True
    except OSError:
        return False


def test_given_the_server_stops_then_a_banner_shows_the_form_keeps_its_contents_and_the_save_can_be_retried(  # noqa: E501
    window: MainWindow, cluster: PrivateCluster
) -> None:
    ctx = window.ctx
    form = window.views["admin"].settings_form
    assert form.loaded is not None
    assert window.banner.isHidden()

    cluster.stop()
    type_into(form.center_name, "威海市公共信用信息中心（环翠分中心）")
    form.idle_minutes.setValue(7)
    form.save_button.click()

    # no crash: the save failed gently and the form kept everything typed
    assert (
        form.status.text()
        == "保存失败：数据库连接中断，填写的内容已保留。连接恢复后请再次点击保存。"
    )
    assert form.save_button.text() == "重试保存"
    assert form.center_name.text() == "威海市公共信用信息中心（环翠分中心）"
    assert form.idle_minutes.value() == 7
    # the banner and the status bar say the connection is down, with automatic retries
    assert window.banner.isVisible()
    assert window.banner.message.text().startswith(
        "数据库连接中断：无法连接数据库 PostgreSQL 127.0.0.1:"
    )
    assert window.connection_label.text() == "连接：中断"
    assert not ctx.monitor.online and ctx.monitor.next_retry_in_ms > 0

    ctx.monitor.retry_now()  # still down: the next try moves further out
    assert not ctx.monitor.online
    assert "秒后自动重试" in window.banner.message.text()

    cluster.start()
    ctx.monitor.retry_now()
    assert ctx.monitor.online
    assert window.banner.message.text().startswith("数据库连接已恢复")
    assert window.connection_label.text() == "连接：正常"

    form.save_button.click()  # the retry
    assert form.status.text() == "设置已保存。"
    saved = settings_service.load_settings(ctx.db, actor=ctx.require_actor())
    assert saved.center_name == "威海市公共信用信息中心（环翠分中心）"
    assert saved.idle_lock_minutes == 7


def test_a_new_user_form_survives_the_outage_and_saves_afterwards(
    window: MainWindow, cluster: PrivateCluster
) -> None:
    ctx = window.ctx
    panel = window.views["admin"].users
    panel.open_new_user()
    dialog = panel.dialog
    type_into(dialog.username, "liu.chuang")
    type_into(dialog.display_name, "刘窗口")
    type_into(dialog.staff_no, "C778")
    type_into(dialog.passwords.first, "Xinyonghu#2026")
    type_into(dialog.passwords.second, "Xinyonghu#2026")

    cluster.stop()
    dialog.save()
    assert dialog.isVisible()
    assert dialog.status.text().startswith("保存失败：数据库连接中断")
    assert dialog.display_name.text() == "刘窗口"
    assert window.banner.isVisible()

    cluster.start()
    ctx.monitor.retry_now()
    dialog.save()
    assert not dialog.isVisible() and dialog.result() == dialog.DialogCode.Accepted
    assert find_user(ctx.db, "liu.chuang", actor=ctx.require_actor()).display_name == "刘窗口"
