"""A workgroup offer's own minimum, and when the organiser decided whether it runs

Both empty for existing offers: the catalogue's minimum applies, and the advice page
starts their boxes as advised until the organiser confirms.

Revision ID: 417127e7fa8c
Revises: 8dfa969a4e7a
Create Date: 2026-12-08 01:01:49.958941

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '417127e7fa8c'
down_revision = '8dfa969a4e7a'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('workgroup_offer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('min_size', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('decided_at', sa.DateTime(), nullable=True))
        batch_op.create_check_constraint(op.f('ck_workgroup_offer_min_size_not_negative'), 'min_size >= 0')


def downgrade():
    with op.batch_alter_table('workgroup_offer', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_workgroup_offer_min_size_not_negative'), type_='check')
        batch_op.drop_column('decided_at')
        batch_op.drop_column('min_size')
