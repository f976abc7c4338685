"""accounts in the application: language, last sign-in, invitation

Revision ID: 8dfa969a4e7a
Revises: b3c1e2f4a5d6
Create Date: 2026-12-08 01:00:36.421945

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '8dfa969a4e7a'
down_revision = 'b3c1e2f4a5d6'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('language', sa.String(length=5), server_default='nl', nullable=False))
        batch_op.add_column(sa.Column('last_login_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('invited_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('password_set_at', sa.DateTime(), nullable=True))

    # Accounts made before this (on the command line) chose their own password.
    op.execute('UPDATE "user" SET password_set_at = created_at WHERE password_set_at IS NULL')


def downgrade():
    with op.batch_alter_table('user', schema=None) as batch_op:
        batch_op.drop_column('password_set_at')
        batch_op.drop_column('invited_at')
        batch_op.drop_column('last_login_at')
        batch_op.drop_column('language')
