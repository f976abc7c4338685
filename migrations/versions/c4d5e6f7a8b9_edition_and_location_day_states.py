"""edition and location day states (draft, published, archived), preview link, archived workgroups

Existing editions and location days become published (the server default), so what was
public stays public; the organiser forms make drafts.

Revision ID: c4d5e6f7a8b9
Revises: 417127e7fa8c
Create Date: 2026-12-08 01:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4d5e6f7a8b9'
down_revision = '417127e7fa8c'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('edition', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state', sa.Enum('draft', 'published', 'archived', name='state', native_enum=False, length=20), server_default='published', nullable=False))
        batch_op.add_column(sa.Column('preview_token', sa.String(length=64), nullable=True))
        batch_op.create_unique_constraint(batch_op.f('uq_edition_preview_token'), ['preview_token'])

    with op.batch_alter_table('location_day', schema=None) as batch_op:
        batch_op.add_column(sa.Column('state', sa.Enum('draft', 'published', 'archived', name='state', native_enum=False, length=20), server_default='published', nullable=False))

    with op.batch_alter_table('workgroup', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archived_at', sa.DateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('workgroup', schema=None) as batch_op:
        batch_op.drop_column('archived_at')

    with op.batch_alter_table('location_day', schema=None) as batch_op:
        batch_op.drop_column('state')

    with op.batch_alter_table('edition', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_edition_preview_token'), type_='unique')
        batch_op.drop_column('preview_token')
        batch_op.drop_column('state')
