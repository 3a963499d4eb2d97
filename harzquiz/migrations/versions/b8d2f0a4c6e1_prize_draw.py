"""The weekly prize draw: a riddle's prize with its committed seed, and the entries

Revision ID: b8d2f0a4c6e1
Revises: a7d3f9e1c5b8
Create Date: 2026-11-30 20:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b8d2f0a4c6e1'
down_revision = 'a7d3f9e1c5b8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'prize_draw',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('riddle_id', sa.Integer(), nullable=False),
        sa.Column('prize', sa.String(length=200), nullable=False),
        sa.Column('winner_count', sa.Integer(), nullable=False),
        sa.Column('entries_close_at', sa.DateTime(), nullable=False),
        sa.Column('conditions', sa.Text(), nullable=False),
        sa.Column('seed', sa.String(length=64), nullable=False),
        sa.Column('commitment', sa.String(length=64), nullable=False),
        sa.Column('drawn_at', sa.DateTime(), nullable=True),
        sa.Column('purged_at', sa.DateTime(), nullable=True),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint('winner_count between 1 and 100', name='ck_prize_winner_count'),
        sa.ForeignKeyConstraint(['riddle_id'], ['riddle.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('riddle_id'),
    )
    op.create_table(
        'prize_entry',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('draw_id', sa.Integer(), nullable=False),
        sa.Column('player_id', sa.Integer(), nullable=True),
        sa.Column('consent_text', sa.Text(), nullable=False),
        sa.Column('consented_at', sa.DateTime(), nullable=True),
        sa.Column('show_name', sa.Boolean(), nullable=False),
        sa.Column('won_place', sa.Integer(), nullable=True),
        sa.Column('disqualified', sa.String(length=300), nullable=False),
        sa.Column('notified_at', sa.DateTime(), nullable=True),
        sa.ForeignKeyConstraint(['draw_id'], ['prize_draw.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['player_id'], ['player.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('draw_id', 'player_id', name='uq_prize_entry_player'),
    )
    with op.batch_alter_table('prize_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_prize_entry_player_id'), ['player_id'], unique=False)


def downgrade():
    with op.batch_alter_table('prize_entry', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_prize_entry_player_id'))
    op.drop_table('prize_entry')
    op.drop_table('prize_draw')
