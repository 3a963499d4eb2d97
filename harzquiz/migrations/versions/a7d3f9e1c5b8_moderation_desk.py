"""moderation desk: reveal traces, flags, reports, moderation actions; hidden/banned players

Revision ID: a7d3f9e1c5b8
Revises: a7c3e9d1f4b8
Create Date: 2026-11-30 19:45:00

"""
from alembic import op
import sqlalchemy as sa

from harzquiz.models.base import UTCDateTime


# revision identifiers, used by Alembic.
revision = 'a7d3f9e1c5b8'
down_revision = 'a7c3e9d1f4b8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('player', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden_at', UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('banned_at', UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('rename_notice', sa.String(length=200), nullable=True))

    op.create_table(
        'reveal_trace',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('player_id', sa.Integer(), nullable=True),
        sa.Column('riddle_id', sa.Integer(), nullable=True),
        sa.Column('question_id', sa.Integer(), nullable=True),
        sa.Column('revealed_at', UTCDateTime(), nullable=False),
        sa.Column('address_hash', sa.String(length=64), nullable=True),
        sa.Column('device_id', sa.String(length=64), nullable=True),
        sa.ForeignKeyConstraint(['player_id'], ['player.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['question_id'], ['quiz_question.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['riddle_id'], ['riddle.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('reveal_trace', schema=None) as batch_op:
        batch_op.create_index('ix_reveal_trace_player_id', ['player_id'], unique=False)
        batch_op.create_index('ix_reveal_trace_revealed_at', ['revealed_at'], unique=False)
        batch_op.create_index(
            'ix_reveal_trace_question_time', ['question_id', 'revealed_at'], unique=False
        )
        batch_op.create_index(
            'ix_reveal_trace_riddle_time', ['riddle_id', 'revealed_at'], unique=False
        )

    op.create_table(
        'flag',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('player_id', sa.Integer(), nullable=False),
        sa.Column('trace_id', sa.Integer(), nullable=False),
        sa.Column('solve_id', sa.Integer(), nullable=True),
        sa.Column('answer_id', sa.Integer(), nullable=True),
        sa.Column('gap_seconds', sa.Integer(), nullable=False),
        sa.Column('address_match', sa.Boolean(), nullable=False),
        sa.Column('device_match', sa.Boolean(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('settled_at', UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['answer_id'], ['quiz_answer.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['player_id'], ['player.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['solve_id'], ['solve.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['trace_id'], ['reveal_trace.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('flag', schema=None) as batch_op:
        batch_op.create_index('ix_flag_created_at', ['created_at'], unique=False)
        batch_op.create_index('ix_flag_player_id', ['player_id'], unique=False)

    op.create_table(
        'report',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('player_id', sa.Integer(), nullable=False),
        sa.Column('reporter_id', sa.Integer(), nullable=True),
        sa.Column('reason', sa.String(length=500), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('settled_at', UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['player_id'], ['player.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['reporter_id'], ['player.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('report', schema=None) as batch_op:
        batch_op.create_index('ix_report_created_at', ['created_at'], unique=False)
        batch_op.create_index('ix_report_player_id', ['player_id'], unique=False)

    op.create_table(
        'moderation_action',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('player_id', sa.Integer(), nullable=False),
        sa.Column('actor_id', sa.Integer(), nullable=True),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('reason', sa.String(length=200), nullable=False),
        sa.Column('old_nickname', sa.String(length=24), nullable=True),
        sa.Column('solve_id', sa.Integer(), nullable=True),
        sa.Column('answer_id', sa.Integer(), nullable=True),
        sa.Column('points', sa.Integer(), nullable=True),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('undone_at', UTCDateTime(), nullable=True),
        sa.CheckConstraint(
            "kind in ('rename', 'hide', 'ban', 'withdraw')", name='ck_moderation_action_kind'
        ),
        sa.ForeignKeyConstraint(['actor_id'], ['player.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['answer_id'], ['quiz_answer.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['player_id'], ['player.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['solve_id'], ['solve.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
    )
    with op.batch_alter_table('moderation_action', schema=None) as batch_op:
        batch_op.create_index('ix_moderation_action_created_at', ['created_at'], unique=False)
        batch_op.create_index('ix_moderation_action_player_id', ['player_id'], unique=False)


def downgrade():
    op.drop_table('moderation_action')
    op.drop_table('report')
    op.drop_table('flag')
    op.drop_table('reveal_trace')
    with op.batch_alter_table('player', schema=None) as batch_op:
        batch_op.drop_column('rename_notice')
        batch_op.drop_column('banned_at')
        batch_op.drop_column('hidden_at')
