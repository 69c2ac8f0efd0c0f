"""The schema comes only from Alembic migrations, on SQLite and PostgreSQL alike."""

from __future__ import annotations

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import inspect, select

from app.cli import main as cli
from app.db import migrate
from app.db.base import Base
from app.db.models import RoleRow
from app.services.database import Database

EXPECTED_TABLES = {
    "subjects",
    "subject_identities",
    "provider_units",
    "catalog_items",
    "credit_records",
    "credit_record_versions",
    "authorization_grants",
    "query_log_entries",
    "intake_batches",
    "intake_log_entries",
    "objections",
    "objection_records",
    "objection_steps",
    "repair_applications",
    "repair_records",
    "repair_decisions",
    "issued_documents",
    "attachments",
    "users",
    "roles",
    "audit_events",
    "calendar_days",
    "app_settings",
    "number_sequences",
    "service_agencies",
    "chain_heads",
    "signing_keys",
    "document_reprints",
}


def test_given_empty_database_when_upgraded_then_all_tables_and_roles_exist(
    empty_db_url: str,
) -> None:
    db = Database(empty_db_url)
    assert db.current_revision() is None

    db.upgrade()

    assert db.current_revision() == migrate.head_revision()
    assert set(inspect(db.engine).get_table_names()) >= EXPECTED_TABLES
    with db.uow() as uow:
        roles = {r.code.value: r.name for r in uow.session.scalars(select(RoleRow))}
    assert roles == {
        "clerk": "窗口受理员",
        "supervisor": "审核主管",
        "admin": "系统管理员",
        "auditor": "审计员",
    }
    db.dispose()


def test_given_migrated_database_when_downgraded_and_upgraded_again_then_schema_is_back(
    empty_db_url: str,
) -> None:
    db = Database(empty_db_url)
    db.upgrade()

    db.downgrade("base")
    assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
    assert db.current_revision() is None

    db.upgrade()
    assert set(inspect(db.engine).get_table_names()) >= EXPECTED_TABLES
    db.dispose()


def test_models_and_migrations_describe_the_same_schema(db: Database) -> None:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, Base.metadata)
    assert differences == []


def test_cli_db_upgrade_then_current_reports_head(empty_db_url: str, capsys) -> None:
    assert cli(["db", "upgrade", "--db", empty_db_url]) == 0
    assert "数据库已升级到版本" in capsys.readouterr().out

    assert cli(["db", "current", "--db", empty_db_url, "--json"]) == 0
    out = capsys.readouterr().out
    assert f'"current": "{migrate.head_revision()}"' in out
    assert '"up_to_date": true' in out
