"""Several municipalities: recommendations indexed by council and last change

- ix_recommendations_council_updated (council_id, updated_at): a municipality's home page walks
  each council's most recently changed recommendations backwards and stops after a few, instead
  of sorting every recommendation of the municipality.

Revision ID: 0010_municipalities
Revises: 0008_guards
Create Date: 2026-11-25

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = "0010_municipalities"
down_revision = "0008_guards"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("recommendations", schema=None) as batch_op:
        batch_op.create_index("ix_recommendations_council_updated",
                              ["council_id", "updated_at"], unique=False)


def downgrade():
    with op.batch_alter_table("recommendations", schema=None) as batch_op:
        batch_op.drop_index("ix_recommendations_council_updated")
