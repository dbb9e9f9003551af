"""One municipality's dashboard reads its own councils' open recommendations

- ix_recommendations_council_status (council_id, status, due_on, responsible_officer_id): an
  officer of one municipality counts and lists its councils' overdue, due-soon and answered
  recommendations on this index alone, instead of walking the whole country's open ones by
  status and deadline (national scale, SQLite: the dashboard's four statements 0.6 ms →
  0.2 ms).

Revision ID: 0016_council_status_index
Revises: 0015_officer_municipality
Create Date: 2026-11-26

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = "0016_council_status_index"
down_revision = "0015_officer_municipality"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("recommendations", schema=None) as batch_op:
        batch_op.create_index("ix_recommendations_council_status",
                              ["council_id", "status", "due_on", "responsible_officer_id"],
                              unique=False)


def downgrade():
    with op.batch_alter_table("recommendations", schema=None) as batch_op:
        batch_op.drop_index("ix_recommendations_council_status")
