"""claim_code_use: a redeemed "Punkte sichern" code never works again

Revision ID: c1a1m5c0de01
Revises: a7c3e9f1b2d4
Create Date: 2026-11-30 19:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c1a1m5c0de01'
down_revision = 'a7c3e9f1b2d4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('claim_code_use',
    sa.Column('nonce', sa.String(length=32), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('used_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['partner_id'], ['partner.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('nonce')
    )


def downgrade():
    op.drop_table('claim_code_use')
