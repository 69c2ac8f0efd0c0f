"""Record lifecycle (issue 10): provider notices (corrections, revocations), good-information
withdrawal requests, credit alerts (Xiamen art. 28) and record links to responsible persons
(Nantong art. 29).

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-26 01:32:45.751115

"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "0006"
down_revision: Union[str, Sequence[str], None] = "0005"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "provider_notices",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "record_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "provider_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("reference", sa.String(length=100), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("changed_on", sa.Date(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("report_due", sa.Date(), nullable=True),
        sa.Column("apply_due", sa.Date(), nullable=True),
        sa.Column("applied_on", sa.Date(), nullable=True),
        sa.Column(
            "changes",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("version_no", sa.Integer(), nullable=True),
        sa.Column(
            "created_by_user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["users.id"],
            name=op.f("fk_provider_notices_created_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["provider_id"],
            ["provider_units.id"],
            name=op.f("fk_provider_notices_provider_id_provider_units"),
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["credit_records.id"],
            name=op.f("fk_provider_notices_record_id_credit_records"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_provider_notices")),
    )
    with op.batch_alter_table("provider_notices", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_provider_notices_provider_id"), ["provider_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_provider_notices_record_id"), ["record_id"], unique=False
        )

    op.create_table(
        "record_links",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "record_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "person_subject_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=False,
        ),
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("basis", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "created_by_user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["users.id"],
            name=op.f("fk_record_links_created_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["person_subject_id"],
            ["subjects.id"],
            name=op.f("fk_record_links_person_subject_id_subjects"),
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["credit_records.id"],
            name=op.f("fk_record_links_record_id_credit_records"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_record_links")),
        sa.UniqueConstraint(
            "record_id",
            "person_subject_id",
            name=op.f("uq_record_links_record_id_person_subject_id"),
        ),
    )
    with op.batch_alter_table("record_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_record_links_person_subject_id"), ["person_subject_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_record_links_record_id"), ["record_id"], unique=False)

    op.create_table(
        "credit_alerts",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("kind", sa.String(length=48), nullable=False),
        sa.Column(
            "subject_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("raised_on", sa.Date(), nullable=False),
        sa.Column("basis", sa.String(length=200), nullable=False),
        sa.Column(
            "details",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("handled_on", sa.Date(), nullable=True),
        sa.Column(
            "handled_by_user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "letter_document_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("row_version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["handled_by_user_id"],
            ["users.id"],
            name=op.f("fk_credit_alerts_handled_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["letter_document_id"],
            ["issued_documents.id"],
            name=op.f("fk_credit_alerts_letter_document_id_issued_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_credit_alerts_subject_id_subjects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_credit_alerts")),
        sa.UniqueConstraint(
            "kind",
            "subject_id",
            "raised_on",
            name=op.f("uq_credit_alerts_kind_subject_id_raised_on"),
        ),
    )
    with op.batch_alter_table("credit_alerts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_credit_alerts_kind"), ["kind"], unique=False)
        batch_op.create_index(batch_op.f("ix_credit_alerts_state"), ["state"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_credit_alerts_subject_id"), ["subject_id"], unique=False
        )

    op.create_table(
        "withdrawal_requests",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("case_no", sa.String(length=32), nullable=False),
        sa.Column(
            "subject_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "record_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
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
                name="id_doc_type",
                native_enum=False,
                create_constraint=True,
                length=32,
            ),
            nullable=False,
        ),
        sa.Column("applicant_doc_number", sa.String(length=40), nullable=False),
        sa.Column("agent_name", sa.String(length=100), nullable=True),
        sa.Column("agent_doc_number", sa.String(length=40), nullable=True),
        sa.Column("applicant_phone", sa.String(length=40), nullable=True),
        sa.Column("statement", sa.Text(), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("state", sa.String(length=32), nullable=False),
        sa.Column("effect", sa.String(length=16), nullable=False),
        sa.Column("acted_by", sa.String(length=16), nullable=False),
        sa.Column(
            "assignee_user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("next_step", sa.String(length=64), nullable=True),
        sa.Column("next_due_on", sa.Date(), nullable=True),
        sa.Column("due_step", sa.String(length=64), nullable=True),
        sa.Column("due_start", sa.Date(), nullable=True),
        sa.Column("provider_notified_on", sa.Date(), nullable=True),
        sa.Column("completed_on", sa.Date(), nullable=True),
        sa.Column("refusal_reason", sa.Text(), nullable=True),
        sa.Column(
            "letter_document_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
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
            name=op.f("fk_withdrawal_requests_assignee_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["users.id"],
            name=op.f("fk_withdrawal_requests_created_by_user_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["letter_document_id"],
            ["issued_documents.id"],
            name=op.f("fk_withdrawal_requests_letter_document_id_issued_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["record_id"],
            ["credit_records.id"],
            name=op.f("fk_withdrawal_requests_record_id_credit_records"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_withdrawal_requests_subject_id_subjects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_withdrawal_requests")),
        sa.UniqueConstraint("case_no", name=op.f("uq_withdrawal_requests_case_no")),
    )
    with op.batch_alter_table("withdrawal_requests", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_withdrawal_requests_assignee_user_id"),
            ["assignee_user_id"],
            unique=False,
        )
        batch_op.create_index(
            batch_op.f("ix_withdrawal_requests_next_due_on"), ["next_due_on"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_withdrawal_requests_record_id"), ["record_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_withdrawal_requests_state"), ["state"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_withdrawal_requests_subject_id"), ["subject_id"], unique=False
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("withdrawal_requests", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_withdrawal_requests_subject_id"))
        batch_op.drop_index(batch_op.f("ix_withdrawal_requests_state"))
        batch_op.drop_index(batch_op.f("ix_withdrawal_requests_record_id"))
        batch_op.drop_index(batch_op.f("ix_withdrawal_requests_next_due_on"))
        batch_op.drop_index(batch_op.f("ix_withdrawal_requests_assignee_user_id"))

    op.drop_table("withdrawal_requests")
    with op.batch_alter_table("credit_alerts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_credit_alerts_subject_id"))
        batch_op.drop_index(batch_op.f("ix_credit_alerts_state"))
        batch_op.drop_index(batch_op.f("ix_credit_alerts_kind"))

    op.drop_table("credit_alerts")
    with op.batch_alter_table("record_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_record_links_record_id"))
        batch_op.drop_index(batch_op.f("ix_record_links_person_subject_id"))

    op.drop_table("record_links")
    with op.batch_alter_table("provider_notices", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_provider_notices_record_id"))
        batch_op.drop_index(batch_op.f("ix_provider_notices_provider_id"))

    op.drop_table("provider_notices")
