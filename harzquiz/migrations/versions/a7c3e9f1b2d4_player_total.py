"""player_total: per-player points per board period, so boards are index lookups

Revision ID: a7c3e9f1b2d4
Revises: a7c1e9d3f5b2
Create Date: 2026-11-30 20:00:00

The table is filled from the raw solves and quiz answers (services.totals.rebuild_all, the
same code as `flask rebuild-totals`).
"""
from alembic import op
import sqlalchemy as sa

from harzquiz.models.base import UTCDateTime


# revision identifiers, used by Alembic.
revision = 'a7c3e9f1b2d4'
down_revision = 'a7c1e9d3f5b2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'player_total',
        sa.Column('period', sa.String(length=12), nullable=False),
        sa.Column('player_id', sa.Integer(), nullable=False),
        sa.Column('points', sa.Integer(), nullable=False),
        sa.Column('events', sa.Integer(), nullable=False),
        sa.Column('reached_at', UTCDateTime(), nullable=False),
        sa.Column('listed', sa.Boolean(), server_default=sa.true(), nullable=False),
        sa.ForeignKeyConstraint(['player_id'], ['player.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('period', 'player_id'),
    )
    with op.batch_alter_table('player_total', schema=None) as batch_op:
        batch_op.create_index(
            'ix_player_total_board',
            ['period', 'listed', sa.text('points DESC'), 'reached_at', 'player_id'],
            unique=False,
        )
        batch_op.create_index('ix_player_total_player', ['player_id'], unique=False)
    from harzquiz.services.totals import rebuild_all

    # Everyone listed: the listing predicate may read columns later migrations add.
    rebuild_all(op.get_bind(), apply_listed=False)


def downgrade():
    with op.batch_alter_table('player_total', schema=None) as batch_op:
        batch_op.drop_index('ix_player_total_player')
        batch_op.drop_index('ix_player_total_board')
    op.drop_table('player_total')
