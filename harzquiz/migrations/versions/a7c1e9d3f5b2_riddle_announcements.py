"""Riddle announcements: mail opt-in, announcements and their deliveries (flask notify)

Revision ID: a7c1e9d3f5b2
Revises: f1b2c3d4e5a6
Create Date: 2026-11-30 20:00:00

"""
from alembic import op
import sqlalchemy as sa




# revision identifiers, used by Alembic.
revision = 'a7c1e9d3f5b2'
down_revision = 'f1b2c3d4e5a6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'mail_subscription',
        sa.Column('player_id', sa.Integer(), nullable=False),
        sa.Column('opted_in', sa.Boolean(), nullable=False),
        sa.Column('language', sa.String(length=5), nullable=False),
        sa.Column('changed_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['player_id'], ['player.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('player_id'),
    )
    op.create_table(
        'announcement',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('riddle_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(['riddle_id'], ['riddle.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('riddle_id'),
    )
    op.create_table(
        'delivery',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('announcement_id', sa.Integer(), nullable=False),
        sa.Column('target', sa.String(length=80), nullable=False),
        sa.Column('player_id', sa.Integer(), nullable=True),
        sa.Column('status', sa.String(length=10), nullable=False),
        sa.Column('attempts', sa.Integer(), nullable=False),
        sa.Column('next_try_at', sa.DateTime(), nullable=False),
        sa.Column('claimed_by', sa.String(length=32), nullable=True),
        sa.Column('claimed_at', sa.DateTime(), nullable=True),
        sa.Column('sent_at', sa.DateTime(), nullable=True),
        sa.Column('last_error', sa.String(length=300), nullable=False),
        sa.CheckConstraint(
            "status in ('pending', 'sent', 'skipped', 'failed')", name='ck_delivery_status'
        ),
        sa.ForeignKeyConstraint(['announcement_id'], ['announcement.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['player_id'], ['player.id'], ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('announcement_id', 'target', name='uq_delivery_target'),
    )
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.create_index('ix_delivery_due', ['status', 'next_try_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_delivery_player_id'), ['player_id'], unique=False)


def downgrade():
    with op.batch_alter_table('delivery', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_delivery_player_id'))
        batch_op.drop_index('ix_delivery_due')
    op.drop_table('delivery')
    op.drop_table('announcement')
    op.drop_table('mail_subscription')
