"""partners and per-day embed counters

Revision ID: 5b7a30741ca3
Revises: c3d1e5a7f902
Create Date: 2026-11-25 14:48:33.917147

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '5b7a30741ca3'
down_revision = 'c3d1e5a7f902'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('partner',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=120), nullable=False),
    sa.Column('enabled', sa.Boolean(), nullable=False),
    sa.Column('origins', sa.JSON(), nullable=False),
    sa.Column('accent', sa.String(length=7), nullable=False),
    sa.Column('scheme', sa.String(length=5), nullable=False),
    sa.Column('embed_key', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("scheme in ('light', 'dark')", name='ck_partner_scheme'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('embed_key'),
    sa.UniqueConstraint('name')
    )
    op.create_table('embed_day',
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('views', sa.Integer(), nullable=False),
    sa.Column('guesses', sa.Integer(), nullable=False),
    sa.Column('solves', sa.Integer(), nullable=False),
    sa.Column('reveals', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('partner_id', 'day')
    )


def downgrade():
    op.drop_table('embed_day')
    op.drop_table('partner')
