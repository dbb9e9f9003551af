"""An officer works for one municipality

users.municipality_id: the municipality whose councils an officer reads and whose
recommendations they follow up. Empty (every existing account): every municipality of the
instance, as before — an instance with one municipality needs nothing more.

Revision ID: 0015_officer_municipality
Revises: 0014_recommendation_tallies
Create Date: 2026-11-26

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = "0015_officer_municipality"
down_revision = "0014_recommendation_tallies"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("municipality_id", sa.Integer(), nullable=True))
        batch_op.create_index("ix_users_municipality_id", ["municipality_id"], unique=False)
        batch_op.create_foreign_key("fk_users_municipality_id_municipalities", "municipalities",
                                    ["municipality_id"], ["id"])


def downgrade():
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_constraint("fk_users_municipality_id_municipalities", type_="foreignkey")
        batch_op.drop_index("ix_users_municipality_id")
        batch_op.drop_column("municipality_id")
