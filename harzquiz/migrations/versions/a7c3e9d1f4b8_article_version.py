"""desk: article version (optimistic locking, like riddles)

Revision ID: a7c3e9d1f4b8
Revises: b17d3a9e0c42
Create Date: 2026-11-30 19:45:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a7c3e9d1f4b8'
down_revision = 'b17d3a9e0c42'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))


def downgrade():
    with op.batch_alter_table('article', schema=None) as batch_op:
        batch_op.drop_column('version')
