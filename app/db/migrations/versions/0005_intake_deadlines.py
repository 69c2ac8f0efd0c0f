"""Intake deadlines: a received batch's due date and step (Zhangdian art. 19) and the rows a
provider sent late (Zhangdian art. 11).

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-26 01:20:00

"""

from typing import Sequence, Union

from alembic import op
import sqlalchemy as sa

# revision identifiers, used by Alembic.
revision: str = "0005"
down_revision: Union[str, Sequence[str], None] = "0004"
branch_labels: Union[str, Sequence[str], None] = None
depends_on: Union[str, Sequence[str], None] = None


def upgrade() -> None:
    """Upgrade schema."""
    with op.batch_alter_table("intake_batches", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("rows_late", sa.Integer(), server_default=sa.text("0"), nullable=False)
        )
        batch_op.add_column(sa.Column("due_step", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("next_due_on", sa.Date(), nullable=True))


def downgrade() -> None:
    """Downgrade schema."""
    with op.batch_alter_table("intake_batches", schema=None) as batch_op:
        batch_op.drop_column("next_due_on")
        batch_op.drop_column("due_step")
        batch_op.drop_column("rows_late")
