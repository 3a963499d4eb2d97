"""player.nickname_skeleton: names that only look alike ("Аnna", "Anna") count as taken

Revision ID: f1b2c3d4e5a6
Revises: e5a9c3b7d1f2
Create Date: 2026-11-30 18:00:00

"""
from alembic import op
import sqlalchemy as sa

from harzquiz.rules.nicknames import SKELETON_KEY_MAX, skeleton_key


# revision identifiers, used by Alembic.
revision = 'f1b2c3d4e5a6'
down_revision = 'e5a9c3b7d1f2'
branch_labels = None
depends_on = None

player = sa.table(
    'player',
    sa.column('id', sa.Integer),
    sa.column('nickname', sa.String),
    sa.column('nickname_skeleton', sa.String),
)


def upgrade():
    with op.batch_alter_table('player', schema=None) as batch_op:
        batch_op.add_column(
            sa.Column('nickname_skeleton', sa.String(length=SKELETON_KEY_MAX), nullable=True)
        )
    # The oldest player keeps a skeleton two existing names share; the later ones stay NULL
    # (still unique by their case-folded key), so no existing name has to change.
    connection = op.get_bind()
    seen = set()
    rows = connection.execute(sa.select(player.c.id, player.c.nickname).order_by(player.c.id))
    for player_id, nickname in rows.all():
        key = skeleton_key(nickname)[:SKELETON_KEY_MAX]
        if key in seen:
            continue
        seen.add(key)
        connection.execute(
            player.update().where(player.c.id == player_id).values(nickname_skeleton=key)
        )
    # A unique index rather than a constraint: SQLite adds it without rebuilding the table
    # (a rebuild would drop the player table's AUTOINCREMENT).
    op.create_index('uq_player_nickname_skeleton', 'player', ['nickname_skeleton'], unique=True)


def downgrade():
    op.drop_index('uq_player_nickname_skeleton', table_name='player')
    # SQLite rebuilds the table to drop a column: keep its AUTOINCREMENT.
    with op.batch_alter_table(
        'player', schema=None, table_kwargs={'sqlite_autoincrement': True}
    ) as batch_op:
        batch_op.drop_column('nickname_skeleton')
