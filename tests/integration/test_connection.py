"""Connection settings: URL building, keyring storage, and the connection test."""

from __future__ import annotations

import keyring
import keyring.backends.fail
import pytest

from app.domain.errors import CreditDeskError, DatabaseUnavailable, ValidationFailed
from app.services import connection
from app.services.connection import ConnectionConfig

PG = ConnectionConfig(
    kind="postgresql", host="db.example", port=5433, database="credit", user="desk"
)


def test_a_postgresql_config_builds_a_url_without_password() -> None:
    url = PG.url()
    assert url.startswith("postgresql+psycopg://desk@db.example:5433/credit?")
    assert "connect_timeout=5" in url
    assert PG.keyring_account == "postgresql://desk@db.example:5433/credit"
    assert ConnectionConfig.from_url(url) == PG


def test_missing_fields_are_named() -> None:
    with pytest.raises(ValidationFailed) as err:
        ConnectionConfig(kind="postgresql", port="x").cleaned()  # type: ignore[arg-type]
    assert set(err.value.field_errors) == {"host", "database", "user", "port"}
    assert err.value.field_errors["port"] == ["端口应为 1–65535 之间的整数，实际为“x”。"]


def test_password_goes_to_the_keyring_under_the_app_service(memory_keyring) -> None:
    connection.store_password(PG, "s3cret")
    assert memory_keyring.passwords == {
        ("CreditDesk", "postgresql://desk@db.example:5433/credit"): "s3cret"
    }
    assert connection.load_password(PG) == "s3cret"
    connection.forget_password(PG)
    assert connection.load_password(PG) is None


def test_without_an_os_keyring_nothing_is_stored_and_the_user_is_told() -> None:
    keyring.set_keyring(keyring.backends.fail.Keyring())
    status = connection.keyring_status()
    assert not status.available and status.backend == "keyring.backends.fail.Keyring"
    with pytest.raises(CreditDeskError) as err:
        connection.store_password(PG, "s3cret")
    assert err.value.msg_id == "keyring.unavailable"
    assert "每次启动时需要输入数据库密码" in err.value.resolution
    assert connection.load_password(PG) is None


def test_testing_a_reachable_database_reports_server_and_schema(db) -> None:
    config = ConnectionConfig.from_url(db.url.render_as_string(hide_password=False))
    result = connection.test_connection(config)
    if config.is_postgresql:  # the test schema sits on a search_path the config does not keep
        assert result.server_version.startswith("PostgreSQL ")
    else:
        assert result.schema_current
        assert result.server_version.startswith("SQLite 3.")


def test_testing_a_new_sqlite_path_does_not_create_it(tmp_path) -> None:
    path = tmp_path / "new" / "x.sqlite3"
    result = connection.test_connection(ConnectionConfig(kind="sqlite", sqlite_path=str(path)))
    assert not path.exists() and result.schema_revision is None
    assert "文件尚不存在" in result.server_version


def test_testing_an_unreachable_server_raises_database_unavailable() -> None:
    config = ConnectionConfig(kind="postgresql", host="127.0.0.1", port=9, database="x", user="y")
    with pytest.raises(DatabaseUnavailable) as err:
        connection.test_connection(config, "pw")
    assert "无法连接数据库 PostgreSQL 127.0.0.1:9/x" in err.value.text
