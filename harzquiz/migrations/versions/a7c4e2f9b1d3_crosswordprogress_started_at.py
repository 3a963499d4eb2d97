"""crossword_progress.started_at: when the reader stored their first letter (the share text's time)

Revision ID: a7c4e2f9b1d3
Revises: c1a1m5c0de01
Create Date: 2026-11-30 19:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c4e2f9b1d3'
down_revision = 'c1a1m5c0de01'
branch_labels = None
depends_on = None


def upgrade():
    # sa.DateTime as in every migration; the model's UTCDateTime stores it as UTC.
    with op.batch_alter_table('crossword_progress', schema=None) as batch_op:
        batch_op.add_column(sa.Column('started_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('crossword_progress', schema=None) as batch_op:
        batch_op.drop_column('started_at')
