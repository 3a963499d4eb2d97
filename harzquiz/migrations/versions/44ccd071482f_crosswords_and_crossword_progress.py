"""crosswords and players' crossword progress (issue 17)

The grid is JSON in the crossword row (rules.crossword_grid.grid_to_data); a player's
letters, checks, reveals and solve are one crossword_progress row.

Revision ID: 44ccd071482f
Revises: d4e8f1a2b3c6
Create Date: 2026-11-30 17:26:55.301810

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '44ccd071482f'
down_revision = 'd4e8f1a2b3c6'
branch_labels = None
depends_on = None


def upgrade():
    # Times are sa.DateTime here as in every migration; the models' UTCDateTime stores it.
    op.create_table('crossword',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('title', sa.String(length=120), nullable=False),
    sa.Column('intro', sa.Text(), nullable=False),
    sa.Column('width', sa.Integer(), nullable=False),
    sa.Column('height', sa.Integer(), nullable=False),
    sa.Column('entries', sa.JSON(), nullable=False),
    sa.Column('marked', sa.JSON(), nullable=False),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('is_prize', sa.Boolean(), nullable=False),
    sa.Column('publish_at', sa.DateTime(), nullable=True),
    sa.Column('closes_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('height BETWEEN 1 AND 15', name='ck_crossword_height'),
    sa.CheckConstraint('points > 0', name='ck_crossword_points_positive'),
    sa.CheckConstraint('width BETWEEN 1 AND 15', name='ck_crossword_width'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('slug')
    )
    with op.batch_alter_table('crossword', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_crossword_closes_at'), ['closes_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_crossword_publish_at'), ['publish_at'], unique=False)

    op.create_table('crossword_progress',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('crossword_id', sa.Integer(), nullable=False),
    sa.Column('player_id', sa.Integer(), nullable=False),
    sa.Column('letters', sa.String(length=225), nullable=False),
    sa.Column('word_checks', sa.Integer(), nullable=False),
    sa.Column('grid_checks', sa.Integer(), nullable=False),
    sa.Column('reveals', sa.Integer(), nullable=False),
    sa.Column('solved_at', sa.DateTime(), nullable=True),
    sa.Column('points', sa.Integer(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('word_checks >= 0 AND grid_checks >= 0 AND reveals >= 0 AND points >= 0', name='ck_crosswordprogress_counts'),
    sa.ForeignKeyConstraint(['crossword_id'], ['crossword.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['player_id'], ['player.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('crossword_id', 'player_id', name='uq_crosswordprogress_player')
    )
    with op.batch_alter_table('crossword_progress', schema=None) as batch_op:
        batch_op.create_index('ix_crosswordprogress_player', ['player_id'], unique=False)
        batch_op.create_index('ix_crosswordprogress_solved_at', ['solved_at'], unique=False)



def downgrade():
    with op.batch_alter_table('crossword_progress', schema=None) as batch_op:
        batch_op.drop_index('ix_crosswordprogress_solved_at')
        batch_op.drop_index('ix_crosswordprogress_player')

    op.drop_table('crossword_progress')
    with op.batch_alter_table('crossword', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_crossword_publish_at'))
        batch_op.drop_index(batch_op.f('ix_crossword_closes_at'))

    op.drop_table('crossword')
