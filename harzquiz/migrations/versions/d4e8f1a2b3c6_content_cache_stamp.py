"""content cache stamp: editors' saves drop the shared pages at once

Revision ID: d4e8f1a2b3c6
Revises: 892965a63145
Create Date: 2026-11-25 16:20:00

"""
import secrets

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4e8f1a2b3c6'
down_revision = '892965a63145'
branch_labels = None
depends_on = None

cache_version = sa.table('cache_version', sa.column('name', sa.String), sa.column('token', sa.String))


def upgrade():
    # A second stamp beside 'points': moved by every riddle or article save (no schema change).
    op.bulk_insert(cache_version, [{'name': 'content', 'token': secrets.token_hex(12)}])


def downgrade():
    op.execute(cache_version.delete().where(cache_version.c.name == 'content'))
