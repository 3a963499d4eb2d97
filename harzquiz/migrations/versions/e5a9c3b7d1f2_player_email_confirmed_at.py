"""player.email_confirmed_at: double opt-in for account email addresses

Revision ID: e5a9c3b7d1f2
Revises: e5f6a7b8c9d0
Create Date: 2026-11-26 09:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5a9c3b7d1f2'
down_revision = "e5f6a7b8c9d0"
branch_labels = None
depends_on = None

player = sa.table(
    'player',
    sa.column('role', sa.String),
    sa.column('email', sa.String),
    sa.column('created_at', sa.DateTime),
    sa.column('email_confirmed_at', sa.DateTime),
)


def upgrade():
    with op.batch_alter_table('player', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_confirmed_at', sa.DateTime(), nullable=True))
    # Editors and admins were made by `flask create-user`, whose accounts count as confirmed;
    # readers who registered before confirm through the link their profile offers.
    op.execute(
        player.update()
        .where(player.c.role.in_(['editor', 'admin']), player.c.email.is_not(None))
        .values(email_confirmed_at=player.c.created_at)
    )


def downgrade():
    with op.batch_alter_table('player', schema=None) as batch_op:
        batch_op.drop_column('email_confirmed_at')
