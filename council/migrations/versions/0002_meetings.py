"""Meetings: postponement reason, highlighted changes, status index

Adds what the meetings feature needs beyond the Foundation's Meeting table: the reason for a
postponement, and the last subscriber-visible change after the announcement (when, the previous
start time and place) so members see it highlighted. The (status, starts_at) index serves the
calendar feeds and the dashboard. Existing rows get an empty postponement reason.

Revision ID: 0002_meetings
Revises: 0004_recommendations
Create Date: 2026-11-25 17:47:09.605556

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002_meetings'
down_revision = '0004_recommendations'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.add_column(sa.Column('postpone_reason', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('changed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('previous_starts_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('previous_place', sa.String(length=300), nullable=True))
        batch_op.create_index('ix_meetings_status_starts', ['status', 'starts_at'], unique=False)


def downgrade():
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index('ix_meetings_status_starts')
        batch_op.drop_column('previous_place')
        batch_op.drop_column('previous_starts_at')
        batch_op.drop_column('changed_at')
        batch_op.drop_column('postpone_reason')
