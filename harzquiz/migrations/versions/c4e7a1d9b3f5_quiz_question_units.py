"""Number questions name the units a reader may type after the number ("1141 m")

Revision ID: c4e7a1d9b3f5
Revises: b8d2f0a4c6e1
Create Date: 2026-11-30 21:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e7a1d9b3f5'
down_revision = 'b8d2f0a4c6e1'
branch_labels = None
depends_on = None


def upgrade():
    # Existing questions name no units (a bare number only, as before).
    op.add_column('quiz_question', sa.Column('units', sa.JSON(), nullable=True))
    op.execute("UPDATE quiz_question SET units = '[]'")
    with op.batch_alter_table('quiz_question') as batch_op:
        batch_op.alter_column('units', existing_type=sa.JSON(), nullable=False)


def downgrade():
    with op.batch_alter_table('quiz_question') as batch_op:
        batch_op.drop_column('units')
