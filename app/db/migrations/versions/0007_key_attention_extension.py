"""Xiamen art. 28 without a silent change: the day a provider's decision to extend a
key-attention listing's period to two years took effect (``credit_records.period_extended_on``),
and the two letters issued when a three-sectors alert is handled (信用提示告知书 to the subject,
公示期调整提醒函 to each provider): two new ``document_type`` values in the CHECK constraint.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-26 09:00:00

"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "0007"
down_revision: Union[str, Sequence[str], None] = "0006"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None

_OLD_TYPES = (
    "credit_report",
    "objection_receipt",
    "objection_forward",
    "objection_result",
    "repair_decision",
    "repair_refusal",
    "commitment_blank",
    "withdrawal_notice",
)
_NEW_TYPES = (*_OLD_TYPES, "credit_alert_notice", "credit_alert_reminder")


def _type_check(types: tuple[str, ...]) -> str:
    return "doc_type IN (" + ", ".join(f"'{t}'" for t in types) + ")"


def _set_types(types: tuple[str, ...]) -> None:
    with op.batch_alter_table("issued_documents", schema=None) as batch_op:
        batch_op.drop_constraint(op.f("ck_issued_documents_document_type"), type_="check")
        batch_op.create_check_constraint("document_type", _type_check(types))


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("credit_records", schema=None) as batch_op:
        batch_op.add_column(sa.Column("period_extended_on", sa.Date(), nullable=True))
    _set_types(_NEW_TYPES)


def downgrade() -> None:
    """Downgrade schema. Refused by the CHECK constraint while alert letters exist: issued
    letters are signed records and are not deleted here."""
    _set_types(_OLD_TYPES)
    with op.batch_alter_table("credit_records", schema=None) as batch_op:
        batch_op.drop_column("period_extended_on")
