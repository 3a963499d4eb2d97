"""accounts: email, password, role, login id on player

Revision ID: b642240c743f
Revises: 45544ca317c5
Create Date: 2026-11-25 14:40:17.375869

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b642240c743f'
down_revision = '45544ca317c5'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('player', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email', sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column('password_hash', sa.String(length=255), nullable=True))
        batch_op.add_column(sa.Column('role', sa.String(length=10), server_default='reader', nullable=False))
        batch_op.add_column(sa.Column('login_id', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint('uq_player_email', ['email'])
        batch_op.create_unique_constraint('uq_player_login_id', ['login_id'])
        batch_op.create_check_constraint('ck_player_role', "role in ('reader', 'editor', 'admin')")


def downgrade():
    with op.batch_alter_table('player', schema=None) as batch_op:
        batch_op.drop_constraint('ck_player_role', type_='check')
        batch_op.drop_constraint('uq_player_login_id', type_='unique')
        batch_op.drop_constraint('uq_player_email', type_='unique')
        batch_op.drop_column('login_id')
        batch_op.drop_column('role')
        batch_op.drop_column('password_hash')
        batch_op.drop_column('email')
