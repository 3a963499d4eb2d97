"""leaderboard cache stamp and indexes for boards at 100k players

Revision ID: b7c1d2e3f4a5
Revises: 5b7a30741ca3
Create Date: 2026-11-25 15:00:00

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b7c1d2e3f4a5'
down_revision = '5b7a30741ca3'
branch_labels = None
depends_on = None


def upgrade():
    cache_version = op.create_table('cache_version',
    sa.Column('name', sa.String(length=40), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.PrimaryKeyConstraint('name')
    )
    # The stamp exists from the start: bumping it is then a plain UPDATE.
    op.bulk_insert(cache_version, [{'name': 'points', 'token': secrets.token_hex(12)}])
    with op.batch_alter_table('solve', schema=None) as batch_op:
        # All-time totals group by player: an index-only scan instead of a table sort.
        batch_op.create_index('ix_solve_player_points', ['player_id', 'points', 'solved_at'], unique=False)


def downgrade():
    with op.batch_alter_table('solve', schema=None) as batch_op:
        batch_op.drop_index('ix_solve_player_points')
    op.drop_table('cache_version')
