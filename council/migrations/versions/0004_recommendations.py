"""Recommendations: addressee reference, registration date, original due date, event due date

Columns the recommendations feature needs beyond the foundation: the addressee list entry a
recommendation was sent to (kind and name stay as a snapshot), the municipality's registration
date, the due date as first computed (so an extension stays visible), the due date an event set
(sending, extension), and an index for the officers' "my work" view. All nullable: existing rows
stay valid; original_due_on is filled from due_on.

Revision ID: 0004_recommendations
Revises: 0007_search
Create Date: 2026-11-25 17:47:21.178142

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0004_recommendations'
down_revision = "0007_search"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('recommendation_events', schema=None) as batch_op:
        batch_op.add_column(sa.Column('due_on', sa.Date(), nullable=True))

    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('addressee_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('registered_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('original_due_on', sa.Date(), nullable=True))
        batch_op.create_index(batch_op.f('ix_recommendations_responsible_officer_id'), ['responsible_officer_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_recommendations_addressee_id_addressees'), 'addressees', ['addressee_id'], ['id'])

    op.execute("UPDATE recommendations SET original_due_on = due_on WHERE due_on IS NOT NULL")


def downgrade():
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_recommendations_addressee_id_addressees'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_recommendations_responsible_officer_id'))
        batch_op.drop_column('original_due_on')
        batch_op.drop_column('registered_on')
        batch_op.drop_column('addressee_id')

    with op.batch_alter_table('recommendation_events', schema=None) as batch_op:
        batch_op.drop_column('due_on')
