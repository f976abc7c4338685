"""optional English versions of Dutch content: programme items, workgroup descriptions,
organisation kinds, evaluation questions

Revision ID: b3c1e2f4a5d6
Revises: 896904c63f6c
Create Date: 2026-12-07 22:50:00.000000

"""

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = "b3c1e2f4a5d6"
down_revision = "896904c63f6c"
branch_labels = None
depends_on = None

COLUMNS = (
    ("programme_item", "title_en", sa.String(length=200)),
    ("programme_item", "description_en", sa.Text()),
    ("workgroup", "description_en", sa.Text()),
    ("organisation_kind", "name_en", sa.String(length=120)),
    ("evaluation_question", "text_en", sa.String(length=300)),
    ("evaluation_question", "help_en", sa.String(length=500)),
)


def upgrade():
    for table, column, type_ in COLUMNS:
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column(column, type_, nullable=True))


def downgrade():
    for table, column, _type in reversed(COLUMNS):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column(column)
