"""Initial schema: subjects, catalogue, records with history, cases, logs, calendar, users.

Revision ID: 0001
Revises:
Create Date: 2026-11-25

"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "0001"
down_revision: Union[str, Sequence[str], None] = None
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "number_sequences",
        sa.Column("scope", sa.String(length=32), nullable=False),
        sa.Column("period", sa.String(length=16), nullable=False),
        sa.Column("last_value", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("scope", "period", name=op.f("pk_number_sequences")),
    )
    op.create_table(
        "provider_units",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=True),
        sa.Column("contact_person", sa.String(length=50), nullable=True),
        sa.Column("contact_phone", sa.String(length=40), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider_units")),
        sa.UniqueConstraint("code", name=op.f("uq_provider_units_code")),
    )
    op.create_table(
        "roles",
        sa.Column(
            "code",
            sa.Enum(
                "clerk",
                "supervisor",
                "admin",
                "auditor",
                name="role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("name", sa.String(length=50), nullable=False),
        sa.Column("description", sa.String(length=300), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_roles")),
    )
    roles = sa.table(
        "roles",
        sa.column("code", sa.String),
        sa.column("name", sa.String),
        sa.column("description", sa.String),
    )
    op.bulk_insert(
        roles,
        [
            {
                "code": "clerk",
                "name": "窗口受理员",
                "description": "窗口查询、异议受理、信用修复受理、打印报告",
            },
            {
                "code": "supervisor",
                "name": "审核主管",
                "description": "审核信用修复与异议处理结果，监督办理时限",
            },
            {
                "code": "admin",
                "name": "系统管理员",
                "description": "管理用户、信息提供单位、目录、辖区规则与节假日日历",
            },
            {
                "code": "auditor",
                "name": "审计员",
                "description": "查阅防篡改的查询日志与审计日志",
            },
        ],
    )
    op.create_table(
        "subjects",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "kind",
            sa.Enum(
                "natural_person",
                "legal_person",
                "unincorporated",
                name="subject_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("code", sa.String(length=18), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("birth_date", sa.Date(), nullable=True),
        sa.Column("legal_representative", sa.String(length=100), nullable=True),
        sa.Column("address", sa.String(length=300), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subjects")),
        sa.UniqueConstraint("code", name=op.f("uq_subjects_code")),
    )
    with op.batch_alter_table("subjects", schema=None) as batch_op:
        batch_op.create_index("ix_subjects_name", ["name"], unique=False)

    op.create_table(
        "catalog_items",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "info_class",
            sa.Enum(
                "basic",
                "good",
                "dishonest",
                "other",
                name="info_class",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "disclosure",
            sa.Enum(
                "public",
                "authorized",
                "government",
                name="disclosure",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "report_section",
            sa.Enum(
                "licensing",
                "penalty",
                "judicial",
                "serious_dishonest_list",
                "key_attention_list",
                "abnormal_operation",
                "commitment",
                "honours",
                "basic",
                "other",
                name="report_section",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "provider_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("validity_rule", sa.String(length=32), nullable=False),
        sa.Column("legal_basis", sa.Text(), nullable=False),
        sa.Column(
            "fields",
            sa.JSON().with_variant(
                postgresql.JSONB(astext_type=sa.Text()), "postgresql"
            ),
            nullable=False,
        ),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["provider_units.id"],
            name=op.f("fk_catalog_items_provider_id_provider_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_catalog_items")),
        sa.UniqueConstraint("code", name=op.f("uq_catalog_items_code")),
    )
    with op.batch_alter_table("catalog_items", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_catalog_items_provider_id"), ["provider_id"], unique=False
        )

    op.create_table(
        "subject_identities",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "subject_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column(
            "doc_type",
            sa.Enum(
                "resident_id",
                "uscc",
                "passport",
                "residence_permit",
                "foreigner_permanent",
                name="id_doc_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("doc_number", sa.String(length=40), nullable=False),
        sa.Column("issuing_country", sa.String(length=3), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_subject_identities_subject_id_subjects"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_subject_identities")),
        sa.UniqueConstraint(
            "doc_type",
            "doc_number",
            name=op.f("uq_subject_identities_doc_type_doc_number"),
        ),
    )
    with op.batch_alter_table("subject_identities", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_subject_identities_subject_id"), ["subject_id"], unique=False
        )

    op.create_table(
        "users",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("username", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.String(length=100), nullable=False),
        sa.Column("staff_no", sa.String(length=32), nullable=False),
        sa.Column(
            "role",
            sa.Enum(
                "clerk",
                "supervisor",
                "admin",
                "auditor",
                name="user_role",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("must_change_password", sa.Boolean(), nullable=False),
        sa.Column("is_active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_login_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["role"], ["roles.code"], name=op.f("fk_users_role_roles")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("staff_no", name=op.f("uq_users_staff_no")),
        sa.UniqueConstraint("username", name=op.f("uq_users_username")),
    )
    op.create_table(
        "app_settings",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column(
            "value",
            sa.JSON().with_variant(
                postgresql.JSONB(astext_type=sa.Text()), "postgresql"
            ),
            nullable=False,
        ),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "updated_by_user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_user_id"],
            ["users.id"],
            name=op.f("fk_app_settings_updated_by_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_app_settings")),
    )
    op.create_table(
        "attachments",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("media_type", sa.String(length=100), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("display_name", sa.String(length=255), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "created_by_user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["users.id"],
            name=op.f("fk_attachments_created_by_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_attachments")),
    )
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_attachments_sha256"), ["sha256"], unique=False
        )

    op.create_table(
        "audit_events",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "actor_user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("action", sa.String(length=64), nullable=False),
        sa.Column("entity_type", sa.String(length=64), nullable=False),
        sa.Column("entity_id", sa.String(length=64), nullable=True),
        sa.Column(
            "details",
            sa.JSON().with_variant(
                postgresql.JSONB(astext_type=sa.Text()), "postgresql"
            ),
            nullable=False,
        ),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_user_id"],
            ["users.id"],
            name=op.f("fk_audit_events_actor_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
        sa.UniqueConstraint("seq", name=op.f("uq_audit_events_seq")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_audit_events_entity", ["entity_type", "entity_id"], unique=False
        )

    op.create_table(
        "calendar_days",
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("is_working_day", sa.Boolean(), nullable=False),
        sa.Column(
            "source",
            sa.Enum(
                "package",
                "import",
                "weekday_rule",
                name="calendar_source",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("note", sa.String(length=100), nullable=False),
        sa.Column("loaded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "loaded_by_user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["loaded_by_user_id"],
            ["users.id"],
            name=op.f("fk_calendar_days_loaded_by_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("day", name=op.f("pk_calendar_days")),
    )
    op.create_table(
        "credit_records",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "subject_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column(
            "catalog_item_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column(
            "provider_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("document_number", sa.String(length=100), nullable=False),
        sa.Column("decision_date", sa.Date(), nullable=False),
        sa.Column("act_ended_on", sa.Date(), nullable=True),
        sa.Column("determined_on", sa.Date(), nullable=True),
        sa.Column("formed_on", sa.Date(), nullable=False),
        sa.Column("listed_on", sa.Date(), nullable=True),
        sa.Column(
            "severity",
            sa.Enum(
                "general",
                "serious",
                name="severity",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "list_type",
            sa.Enum(
                "none",
                "red",
                "black",
                "key_attention",
                name="list_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "penalty_class",
            sa.Enum(
                "minor",
                "general",
                "serious",
                name="penalty_class",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column(
            "content",
            sa.JSON().with_variant(
                postgresql.JSONB(astext_type=sa.Text()), "postgresql"
            ),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "active",
                "revoked",
                "repaired",
                "withdrawn",
                "archived",
                "deleted",
                name="record_status",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("status_changed_on", sa.Date(), nullable=True),
        sa.Column("status_reason", sa.Text(), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["catalog_item_id"],
            ["catalog_items.id"],
            name=op.f("fk_credit_records_catalog_item_id_catalog_items"),
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["provider_units.id"],
            name=op.f("fk_credit_records_provider_id_provider_units"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_credit_records_subject_id_subjects"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_records")),
        sa.UniqueConstraint(
            "provider_id",
            "document_number",
            "subject_id",
            name=op.f("uq_credit_records_provider_id_document_number_subject_id"),
        ),
    )
    with op.batch_alter_table("credit_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_credit_records_catalog_item_id"),
            ["catalog_item_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_credit_records_provider_id"), ["provider_id"], unique=False
        )
        batch_op.create_index(
            "ix_credit_records_subject_id_status",
            ["subject_id", "status"],
            unique=False,
        )

    op.create_table(
        "intake_batches",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "provider_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=100), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=True),
        sa.Column("file_sha256", sa.String(length=64), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("rows_total", sa.Integer(), nullable=False),
        sa.Column("rows_new", sa.Integer(), nullable=False),
        sa.Column("rows_updated", sa.Integer(), nullable=False),
        sa.Column("rows_rejected", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "created_by_user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("committed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["users.id"],
            name=op.f("fk_intake_batches_created_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["provider_units.id"],
            name=op.f("fk_intake_batches_provider_id_provider_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake_batches")),
    )
    with op.batch_alter_table("intake_batches", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_intake_batches_provider_id"), ["provider_id"], unique=False
        )

    op.create_table(
        "objections",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("case_no", sa.String(length=32), nullable=False),
        sa.Column(
            "subject_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("applicant_name", sa.String(length=200), nullable=False),
        sa.Column(
            "applicant_doc_type",
            sa.Enum(
                "resident_id",
                "uscc",
                "passport",
                "residence_permit",
                "foreigner_permanent",
                name="objection_applicant_doc_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("applicant_doc_number", sa.String(length=40), nullable=False),
        sa.Column("agent_name", sa.String(length=100), nullable=True),
        sa.Column("agent_doc_number", sa.String(length=40), nullable=True),
        sa.Column(
            "grounds",
            sa.JSON().with_variant(
                postgresql.JSONB(astext_type=sa.Text()), "postgresql"
            ),
            nullable=False,
        ),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column(
            "assignee_user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("next_step", sa.String(length=64), nullable=True),
        sa.Column("next_due_on", sa.Date(), nullable=True),
        sa.Column("closed_on", sa.Date(), nullable=True),
        sa.Column(
            "created_by_user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignee_user_id"],
            ["users.id"],
            name=op.f("fk_objections_assignee_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["users.id"],
            name=op.f("fk_objections_created_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_objections_subject_id_subjects"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objections")),
        sa.UniqueConstraint("case_no", name=op.f("uq_objections_case_no")),
    )
    with op.batch_alter_table("objections", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_objections_assignee_user_id"),
            ["assignee_user_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_objections_next_due_on"), ["next_due_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_objections_state"), ["state"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_objections_subject_id"), ["subject_id"], unique=False
        )

    op.create_table(
        "repair_applications",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("case_no", sa.String(length=32), nullable=False),
        sa.Column(
            "subject_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("applicant_name", sa.String(length=200), nullable=False),
        sa.Column(
            "applicant_doc_type",
            sa.Enum(
                "resident_id",
                "uscc",
                "passport",
                "residence_permit",
                "foreigner_permanent",
                name="repair_applicant_doc_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("applicant_doc_number", sa.String(length=40), nullable=False),
        sa.Column("agent_name", sa.String(length=100), nullable=True),
        sa.Column("agent_doc_number", sa.String(length=40), nullable=True),
        sa.Column("lodged_with", sa.String(length=32), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column(
            "conditions",
            sa.JSON().with_variant(
                postgresql.JSONB(astext_type=sa.Text()), "postgresql"
            ),
            nullable=False,
        ),
        sa.Column(
            "missing_materials",
            sa.JSON().with_variant(
                postgresql.JSONB(astext_type=sa.Text()), "postgresql"
            ),
            nullable=False,
        ),
        sa.Column("next_step", sa.String(length=64), nullable=True),
        sa.Column("next_due_on", sa.Date(), nullable=True),
        sa.Column(
            "assignee_user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "created_by_user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("effective_on", sa.Date(), nullable=True),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assignee_user_id"],
            ["users.id"],
            name=op.f("fk_repair_applications_assignee_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["users.id"],
            name=op.f("fk_repair_applications_created_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_repair_applications_subject_id_subjects"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_repair_applications")),
        sa.UniqueConstraint("case_no", name=op.f("uq_repair_applications_case_no")),
    )
    with op.batch_alter_table("repair_applications", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_repair_applications_assignee_user_id"),
            ["assignee_user_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_repair_applications_next_due_on"),
            ["next_due_on"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_repair_applications_state"), ["state"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_repair_applications_subject_id"),
            ["subject_id"],
            unique=False,
        )

    op.create_table(
        "authorization_grants",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "grantor_subject_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("grantee_name", sa.String(length=200), nullable=False),
        sa.Column(
            "grantee_doc_type",
            sa.Enum(
                "resident_id",
                "uscc",
                "passport",
                "residence_permit",
                "foreigner_permanent",
                name="grantee_doc_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("grantee_doc_number", sa.String(length=40), nullable=False),
        sa.Column(
            "scope",
            sa.JSON().with_variant(
                postgresql.JSONB(astext_type=sa.Text()), "postgresql"
            ),
            nullable=False,
        ),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_to", sa.Date(), nullable=False),
        sa.Column(
            "method",
            sa.Enum(
                "written",
                "sms",
                name="grant_method",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "document_attachment_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_reason", sa.Text(), nullable=True),
        sa.Column(
            "created_by_user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "extra",
            sa.JSON().with_variant(
                postgresql.JSONB(astext_type=sa.Text()), "postgresql"
            ),
            nullable=False,
        ),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["users.id"],
            name=op.f("fk_authorization_grants_created_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["document_attachment_id"],
            ["attachments.id"],
            name=op.f("fk_authorization_grants_document_attachment_id_attachments"),
        ),
        sa.ForeignKeyConstraint(
            ["grantor_subject_id"],
            ["subjects.id"],
            name=op.f("fk_authorization_grants_grantor_subject_id_subjects"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_authorization_grants")),
    )
    with op.batch_alter_table("authorization_grants", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_authorization_grants_grantee_doc_number"),
            ["grantee_doc_number"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_authorization_grants_grantor_subject_id"),
            ["grantor_subject_id"],
            unique=False,
        )

    op.create_table(
        "credit_record_versions",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "record_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("version_no", sa.Integer(), nullable=False),
        sa.Column(
            "change_kind",
            sa.Enum(
                "intake",
                "intake_update",
                "provider_correction",
                "provider_revocation",
                "objection_correction",
                "objection_deletion",
                "repair",
                "repair_revoked",
                "withdrawal",
                "expiry_archive",
                "demo",
                name="change_kind",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("source_ref", sa.String(length=100), nullable=True),
        sa.Column(
            "changed_by_user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "snapshot",
            sa.JSON().with_variant(
                postgresql.JSONB(astext_type=sa.Text()), "postgresql"
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["changed_by_user_id"],
            ["users.id"],
            name=op.f("fk_credit_record_versions_changed_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["credit_records.id"],
            name=op.f("fk_credit_record_versions_record_id_credit_records"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_record_versions")),
        sa.UniqueConstraint(
            "record_id",
            "version_no",
            name=op.f("uq_credit_record_versions_record_id_version_no"),
        ),
    )
    op.create_table(
        "intake_log_entries",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "batch_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "provider_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("method", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=100), nullable=False),
        sa.Column("file_sha256", sa.String(length=64), nullable=True),
        sa.Column("rows_total", sa.Integer(), nullable=False),
        sa.Column("rows_loaded", sa.Integer(), nullable=False),
        sa.Column("rows_rejected", sa.Integer(), nullable=False),
        sa.Column(
            "actor_user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_user_id"],
            ["users.id"],
            name=op.f("fk_intake_log_entries_actor_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["batch_id"],
            ["intake_batches.id"],
            name=op.f("fk_intake_log_entries_batch_id_intake_batches"),
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["provider_units.id"],
            name=op.f("fk_intake_log_entries_provider_id_provider_units"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_intake_log_entries")),
        sa.UniqueConstraint("seq", name=op.f("uq_intake_log_entries_seq")),
    )
    op.create_table(
        "objection_records",
        sa.Column(
            "objection_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column(
            "record_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["objection_id"],
            ["objections.id"],
            name=op.f("fk_objection_records_objection_id_objections"),
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["credit_records.id"],
            name=op.f("fk_objection_records_record_id_credit_records"),
        ),
        sa.PrimaryKeyConstraint(
            "objection_id", "record_id", name=op.f("pk_objection_records")
        ),
    )
    with op.batch_alter_table("objection_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_objection_records_record_id"), ["record_id"], unique=False
        )

    op.create_table(
        "objection_steps",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "objection_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("step", sa.String(length=64), nullable=False),
        sa.Column("event", sa.String(length=64), nullable=False),
        sa.Column("from_state", sa.String(length=32), nullable=False),
        sa.Column("to_state", sa.String(length=32), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column(
            "actor_user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "details",
            sa.JSON().with_variant(
                postgresql.JSONB(astext_type=sa.Text()), "postgresql"
            ),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["actor_user_id"],
            ["users.id"],
            name=op.f("fk_objection_steps_actor_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["objection_id"],
            ["objections.id"],
            name=op.f("fk_objection_steps_objection_id_objections"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_objection_steps")),
    )
    with op.batch_alter_table("objection_steps", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_objection_steps_objection_id"),
            ["objection_id"],
            unique=False,
        )

    op.create_table(
        "repair_decisions",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "repair_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=True),
        sa.Column("document_number", sa.String(length=100), nullable=True),
        sa.Column("document_date", sa.Date(), nullable=True),
        sa.Column(
            "decided_by_user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["decided_by_user_id"],
            ["users.id"],
            name=op.f("fk_repair_decisions_decided_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["repair_id"],
            ["repair_applications.id"],
            name=op.f("fk_repair_decisions_repair_id_repair_applications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_repair_decisions")),
    )
    with op.batch_alter_table("repair_decisions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_repair_decisions_repair_id"), ["repair_id"], unique=False
        )

    op.create_table(
        "repair_records",
        sa.Column(
            "repair_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column(
            "record_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["credit_records.id"],
            name=op.f("fk_repair_records_record_id_credit_records"),
        ),
        sa.ForeignKeyConstraint(
            ["repair_id"],
            ["repair_applications.id"],
            name=op.f("fk_repair_records_repair_id_repair_applications"),
        ),
        sa.PrimaryKeyConstraint(
            "repair_id", "record_id", name=op.f("pk_repair_records")
        ),
    )
    with op.batch_alter_table("repair_records", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_repair_records_record_id"), ["record_id"], unique=False
        )

    op.create_table(
        "query_log_entries",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "clerk_user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "requester_doc_type",
            sa.Enum(
                "resident_id",
                "uscc",
                "passport",
                "residence_permit",
                "foreigner_permanent",
                name="requester_doc_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=True,
        ),
        sa.Column("requester_doc_number", sa.String(length=40), nullable=True),
        sa.Column("requester_name", sa.String(length=200), nullable=True),
        sa.Column("requester_org_code", sa.String(length=18), nullable=True),
        sa.Column(
            "subject_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "audience",
            sa.Enum(
                "public",
                "self",
                "authorized",
                "government",
                name="audience",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("purpose", sa.Text(), nullable=False),
        sa.Column(
            "method",
            sa.Enum(
                "window",
                "batch",
                "government",
                name="query_method",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "categories",
            sa.JSON().with_variant(
                postgresql.JSONB(astext_type=sa.Text()), "postgresql"
            ),
            nullable=False,
        ),
        sa.Column("record_count", sa.Integer(), nullable=False),
        sa.Column(
            "grant_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "outcome",
            sa.Enum(
                "shown",
                "refused",
                name="query_outcome",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("refusal_reason", sa.Text(), nullable=True),
        sa.Column("times_requester_queried_subject", sa.Integer(), nullable=False),
        sa.Column("prev_hash", sa.String(length=64), nullable=False),
        sa.Column("entry_hash", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(
            ["clerk_user_id"],
            ["users.id"],
            name=op.f("fk_query_log_entries_clerk_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["grant_id"],
            ["authorization_grants.id"],
            name=op.f("fk_query_log_entries_grant_id_authorization_grants"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_query_log_entries_subject_id_subjects"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_query_log_entries")),
        sa.UniqueConstraint("seq", name=op.f("uq_query_log_entries_seq")),
    )
    with op.batch_alter_table("query_log_entries", schema=None) as batch_op:
        batch_op.create_index(
            "ix_query_log_entries_requester",
            ["requester_doc_number", "subject_id"],
            unique=False,
        )
        batch_op.create_index(
            "ix_query_log_entries_subject_id_occurred_at",
            ["subject_id", "occurred_at"],
            unique=False,
        )

    op.create_table(
        "issued_documents",
        sa.Column(
            "id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("number", sa.String(length=40), nullable=False),
        sa.Column(
            "doc_type",
            sa.Enum(
                "credit_report",
                "objection_receipt",
                "objection_forward",
                "objection_result",
                "repair_decision",
                "repair_refusal",
                "commitment_blank",
                "withdrawal_notice",
                name="document_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column(
            "query_log_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "objection_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "repair_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column(
            "subject_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("content_sha256", sa.String(length=64), nullable=False),
        sa.Column("signature", sa.String(length=200), nullable=True),
        sa.Column("key_id", sa.String(length=64), nullable=True),
        sa.Column(
            "issued_by_user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reprint_count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["issued_by_user_id"],
            ["users.id"],
            name=op.f("fk_issued_documents_issued_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["objection_id"],
            ["objections.id"],
            name=op.f("fk_issued_documents_objection_id_objections"),
        ),
        sa.ForeignKeyConstraint(
            ["query_log_id"],
            ["query_log_entries.id"],
            name=op.f("fk_issued_documents_query_log_id_query_log_entries"),
        ),
        sa.ForeignKeyConstraint(
            ["repair_id"],
            ["repair_applications.id"],
            name=op.f("fk_issued_documents_repair_id_repair_applications"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["subjects.id"],
            name=op.f("fk_issued_documents_subject_id_subjects"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_issued_documents")),
        sa.UniqueConstraint("number", name=op.f("uq_issued_documents_number")),
    )
    with op.batch_alter_table("issued_documents", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_issued_documents_subject_id"), ["subject_id"], unique=False
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("issued_documents", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_issued_documents_subject_id"))

    op.drop_table("issued_documents")
    with op.batch_alter_table("query_log_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_query_log_entries_subject_id_occurred_at")
        batch_op.drop_index("ix_query_log_entries_requester")

    op.drop_table("query_log_entries")
    with op.batch_alter_table("repair_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_repair_records_record_id"))

    op.drop_table("repair_records")
    with op.batch_alter_table("repair_decisions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_repair_decisions_repair_id"))

    op.drop_table("repair_decisions")
    with op.batch_alter_table("objection_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_objection_steps_objection_id"))

    op.drop_table("objection_steps")
    with op.batch_alter_table("objection_records", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_objection_records_record_id"))

    op.drop_table("objection_records")
    op.drop_table("intake_log_entries")
    op.drop_table("credit_record_versions")
    with op.batch_alter_table("authorization_grants", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_authorization_grants_grantor_subject_id"))
        batch_op.drop_index(batch_op.f("ix_authorization_grants_grantee_doc_number"))

    op.drop_table("authorization_grants")
    with op.batch_alter_table("repair_applications", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_repair_applications_subject_id"))
        batch_op.drop_index(batch_op.f("ix_repair_applications_state"))
        batch_op.drop_index(batch_op.f("ix_repair_applications_next_due_on"))
        batch_op.drop_index(batch_op.f("ix_repair_applications_assignee_user_id"))

    op.drop_table("repair_applications")
    with op.batch_alter_table("objections", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_objections_subject_id"))
        batch_op.drop_index(batch_op.f("ix_objections_state"))
        batch_op.drop_index(batch_op.f("ix_objections_next_due_on"))
        batch_op.drop_index(batch_op.f("ix_objections_assignee_user_id"))

    op.drop_table("objections")
    with op.batch_alter_table("intake_batches", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_intake_batches_provider_id"))

    op.drop_table("intake_batches")
    with op.batch_alter_table("credit_records", schema=None) as batch_op:
        batch_op.drop_index("ix_credit_records_subject_id_status")
        batch_op.drop_index(batch_op.f("ix_credit_records_provider_id"))
        batch_op.drop_index(batch_op.f("ix_credit_records_catalog_item_id"))

    op.drop_table("credit_records")
    op.drop_table("calendar_days")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index("ix_audit_events_entity")

    op.drop_table("audit_events")
    with op.batch_alter_table("attachments", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_attachments_sha256"))

    op.drop_table("attachments")
    op.drop_table("app_settings")
    op.drop_table("users")
    with op.batch_alter_table("subject_identities", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_subject_identities_subject_id"))

    op.drop_table("subject_identities")
    with op.batch_alter_table("catalog_items", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_catalog_items_provider_id"))

    op.drop_table("catalog_items")
    with op.batch_alter_table("subjects", schema=None) as batch_op:
        batch_op.drop_index("ix_subjects_name")

    op.drop_table("subjects")
    op.drop_table("roles")
    op.drop_table("provider_units")
    op.drop_table("number_sequences")
