"""Service agencies, hash-chain heads, report signing keys, document payloads and reprints.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa
from sqlalchemy.dialects import postgresql

# revision identifiers, used by Alembic.
revision: str = "0002"
down_revision: Union[str, Sequence[str], None] = "0001"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    op.create_table(
        "chain_heads",
        sa.Column("chain", sa.String(length=64), nullable=False),
        sa.Column("last_seq", sa.Integer(), nullable=False),
        sa.Column("last_hash", sa.String(length=64), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("chain", name=op.f("pk_chain_heads")),
    )
    op.create_table(
        "service_agencies",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("uscc", sa.String(length=18), nullable=False),
        sa.Column("licence_number", sa.String(length=100), nullable=False),
        sa.Column("licence_valid_to", sa.Date(), nullable=True),
        sa.Column("confidentiality_signed_on", sa.Date(), nullable=False),
        sa.Column("confidentiality_valid_to", sa.Date(), nullable=False),
        sa.Column("contact_person", sa.String(length=50), nullable=True),
        sa.Column("contact_phone", sa.String(length=40), nullable=True),
        sa.Column("is_active", sa.Boolean(), nullable=False),
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
            name=op.f("fk_service_agencies_created_by_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_service_agencies")),
        sa.UniqueConstraint("uscc", name=op.f("uq_service_agencies_uscc")),
    )
    op.create_table(
        "signing_keys",
        sa.Column("key_id", sa.String(length=64), nullable=False),
        sa.Column("algorithm", sa.String(length=16), nullable=False),
        sa.Column("public_key", sa.String(length=200), nullable=False),
        sa.Column("workstation", sa.String(length=100), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "created_by_user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_user_id"],
            ["users.id"],
            name=op.f("fk_signing_keys_created_by_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("key_id", name=op.f("pk_signing_keys")),
    )
    op.create_table(
        "document_reprints",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column(
            "document_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False
        ),
        sa.Column("reprinted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "reprinted_by_user_id",
            sa.BigInteger().with_variant(sa.Integer(), "sqlite"),
            nullable=True,
        ),
        sa.Column("copies", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["document_id"],
            ["issued_documents.id"],
            name=op.f("fk_document_reprints_document_id_issued_documents"),
        ),
        sa.ForeignKeyConstraint(
            ["reprinted_by_user_id"],
            ["users.id"],
            name=op.f("fk_document_reprints_reprinted_by_user_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_document_reprints")),
    )
    with op.batch_alter_table("document_reprints", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_document_reprints_document_id"), ["document_id"], unique=False
        )

    with op.batch_alter_table("issued_documents", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "payload",
                sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
                nullable=True,
            )
        )

    with op.batch_alter_table("query_log_entries", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "agency_id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=True
            )
        )
        batch_op.add_column(sa.Column("batch_ref", sa.String(length=64), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_query_log_entries_agency_id_service_agencies"),
            "service_agencies",
            ["agency_id"],
            ["id"],
        )


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("query_log_entries", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_query_log_entries_agency_id_service_agencies"), type_="foreignkey"
        )
        batch_op.drop_column("batch_ref")
        batch_op.drop_column("agency_id")

    with op.batch_alter_table("issued_documents", schema=None) as batch_op:
        batch_op.drop_column("payload")

    with op.batch_alter_table("document_reprints", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_document_reprints_document_id"))

    op.drop_table("document_reprints")
    op.drop_table("signing_keys")
    op.drop_table("service_agencies")
    op.drop_table("chain_heads")
