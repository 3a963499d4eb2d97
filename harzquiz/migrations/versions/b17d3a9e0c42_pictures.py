"""riddle, hint, article, quiz_question .picture: a picture ("Bilderrätsel") as JSON

Revision ID: b17d3a9e0c42
Revises: a7c4e2f9b1d3
Create Date: 2026-11-30 20:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b17d3a9e0c42'
down_revision = 'a7c4e2f9b1d3'
branch_labels = None
depends_on = None

CARRIERS = ('riddle', 'hint', 'article', 'quiz_question')


def upgrade():
    for table in CARRIERS:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('picture', sa.JSON(), nullable=True))


def downgrade():
    for table in reversed(CARRIERS):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('picture')
