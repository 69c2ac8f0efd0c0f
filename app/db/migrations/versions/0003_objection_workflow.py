"""Objection workflow: case fields for the step plan, evidence files, the provider's submission,
and the query-log method for records read while handling a case.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25

"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "0003"
down_revision: Union[str, Sequence[str], None] = "0002"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_OLD_METHODS = ("window", "batch", "government")
_NEW_METHODS = (*_OLD_METHODS, "case")


def _method_check(methods: tuple[str, ...]) -> str:
    return "method IN (" + ", ".join(f"'{m}'" for m in methods) + ")"


def _set_methods(methods: tuple[str, ...]) -> None:
    with op.batch_alter_table("query_log_entries", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_query_log_entries_query_method"), type_="check")
        batch_op.create_check_constraint("query_method", _method_check(methods))


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "objection_attachments",
        sa.Column(
            "objection_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "attachment_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["attachment_id"],
            ["attachments.id"],
            name=op.f("fk_objection_attachments_attachment_id_attachments"),
        ),
        sa.ForeignKeyConstraint(
            ["objection_id"],
            ["objections.id"],
            name=op.f("fk_objection_attachments_objection_id_objections"),
        ),
        sa.PrimaryKeyConstraint(
            "objection_id", "attachment_id", name=op.f("pk_objection_attachments")
        ),
    )
    with op.batch_alter_table("credit_records", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "source_submission",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=True,
            )
        )

    with op.batch_alter_table("objections", schema=None) as batch_op:
        batch_op.add_column(sa.Column("applicant_phone", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("due_step", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("due_start", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "provider_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
            )
        )
        batch_op.add_column(
            sa.Column("assisted", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.add_column(sa.Column("check_result", sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column("forwarded_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("forward_method", sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column("provider_replied_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("outcome", sa.String(length=32), nullable=True))
        batch_op.add_column(
            sa.Column("disputed", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
        batch_op.create_index(batch_op.f("ix_objections_provider_id"), ["provider_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_objections_provider_id_provider_units"),
            "provider_units",
            ["provider_id"],
            ["id"],
        )
    _set_methods(_NEW_METHODS)


def downgrade() -> None:
    """Downgrade schema."""
    # Entries logged with method "case" cannot be deleted (the log is hash-chained): a
    # downgrade past 0003 is refused by the constraint while such entries exist.
    _set_methods(_OLD_METHODS)
    with op.batch_alter_table("objections", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_objections_provider_id_provider_units"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_objections_provider_id"))
        for column in (
            "disputed",
            "outcome",
            "provider_replied_on",
            "forward_method",
            "forwarded_on",
            "check_result",
            "assisted",
            "provider_id",
            "due_start",
            "due_step",
            "applicant_phone",
        ):
            batch_op.drop_column(column)

    with op.batch_alter_table("credit_records", schema=None) as batch_op:
        batch_op.drop_column("source_submission")

    op.drop_table("objection_attachments")
