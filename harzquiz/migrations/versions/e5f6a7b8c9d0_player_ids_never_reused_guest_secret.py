"""player: ids never reused on SQLite (AUTOINCREMENT), guest_secret for guest cookies

Revision ID: e5f6a7b8c9d0
Revises: 44ccd071482f
Create Date: 2026-11-30 12:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5f6a7b8c9d0'
down_revision = "44ccd071482f"
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == 'sqlite':
        # AUTOINCREMENT is part of the table definition: SQLite needs the table rebuilt
        # (env.py turns foreign keys off meanwhile, so dropping the old table cascades
        # into nothing). PostgreSQL sequences never hand an id out twice anyway.
        with op.batch_alter_table(
            'player', recreate='always', table_kwargs={'sqlite_autoincrement': True}
        ) as batch_op:
            batch_op.add_column(sa.Column('guest_secret', sa.String(length=64), nullable=True))
    else:
        op.add_column('player', sa.Column('guest_secret', sa.String(length=64), nullable=True))


def downgrade():
    if op.get_bind().dialect.name == 'sqlite':
        with op.batch_alter_table(
            'player', recreate='always', table_kwargs={'sqlite_autoincrement': False}
        ) as batch_op:
            batch_op.drop_column('guest_secret')
    else:
        op.drop_column('player', 'guest_secret')
