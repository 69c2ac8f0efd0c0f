"""Repair workflow: the case fields for materials, the correction date, the four-eyes users
and the notice period; the steps (timeline) and the materials of a repair case.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 22:06:59.099106

"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "0004"
down_revision: Union[str, Sequence[str], None] = "0003"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "repair_attachments",
        sa.Column(
            "repair_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column(
            "attachment_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("added_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["attachment_id"],
            ["attachments.id"],
            name=op.f("fk_repair_attachments_attachment_id_attachments"),
        ),
        sa.ForeignKeyConstraint(
            ["repair_id"],
            ["repair_applications.id"],
            name=op.f("fk_repair_attachments_repair_id_repair_applications"),
        ),
        sa.PrimaryKeyConstraint("repair_id", "attachment_id", name=op.f("pk_repair_attachments")),
    )
    op.create_table(
        "repair_steps",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "repair_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("step", sa.String(length=64), nullable=False),
        sa.Column("event", sa.String(length=64), nullable=False),
        sa.Column("from_state", sa.String(length=32), nullable=False),
        sa.Column("to_state", sa.String(length=32), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=True),
        sa.Column(
            "actor_user_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
        ),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column(
            "details",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.ForeignKeyConstraint(
            ["actor_user_id"], ["users.id"], name=op.f("fk_repair_steps_actor_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["repair_id"],
            ["repair_applications.id"],
            name=op.f("fk_repair_steps_repair_id_repair_applications"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_repair_steps")),
    )
    with op.batch_alter_table("repair_steps", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_repair_steps_repair_id"), ["repair_id"], unique=False)

    with op.batch_alter_table("repair_applications", schema=None) as batch_op:
        batch_op.add_column(sa.Column("applicant_phone", sa.String(length=40), nullable=True))
        batch_op.add_column(sa.Column("corrected_on", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "materials",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                server_default=sa.text("'[]'"),
                nullable=False,
            )
        )
        batch_op.add_column(sa.Column("due_step", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("due_start", sa.Date(), nullable=True))
        batch_op.add_column(
            sa.Column(
                "provider_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
            )
        )
        batch_op.add_column(
            sa.Column(
                "prereviewed_by_user_id",
                sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                nullable=True,
            )
        )
        batch_op.add_column(
            sa.Column(
                "decided_by_user_id",
                sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
                nullable=True,
            )
        )
        batch_op.add_column(sa.Column("publicity_started_on", sa.Date(), nullable=True))
        batch_op.add_column(sa.Column("closed_on", sa.Date(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_repair_applications_provider_id"), ["provider_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_repair_applications_prereviewed_by_user_id_users"),
            "users",
            ["prereviewed_by_user_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_repair_applications_provider_id_provider_units"),
            "provider_units",
            ["provider_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_repair_applications_decided_by_user_id_users"),
            "users",
            ["decided_by_user_id"],
            ["id"],
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("repair_applications", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_repair_applications_decided_by_user_id_users"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_repair_applications_provider_id_provider_units"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_repair_applications_prereviewed_by_user_id_users"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_repair_applications_provider_id"))
        batch_op.drop_column("closed_on")
        batch_op.drop_column("publicity_started_on")
        batch_op.drop_column("decided_by_user_id")
        batch_op.drop_column("prereviewed_by_user_id")
        batch_op.drop_column("provider_id")
        batch_op.drop_column("due_start")
        batch_op.drop_column("due_step")
        batch_op.drop_column("materials")
        batch_op.drop_column("corrected_on")
        batch_op.drop_column("applicant_phone")

    with op.batch_alter_table("repair_steps", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_repair_steps_repair_id"))

    op.drop_table("repair_steps")
    op.drop_table("repair_attachments")
