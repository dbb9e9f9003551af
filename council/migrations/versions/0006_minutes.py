"""Minutes: chair and recorder titles, casting vote and version per item record, private guests

- minutes.chair_title / recorder_name / recorder_title: how the protocol names the chair and the
  recorder ("padomes priekšsēdētāja"); the recorder may be a municipal employee not on the roster.
- item_records.casting_vote: the chair's vote when only counts are recorded (decides a tie when
  the municipality gives the chair a casting vote); item_records.version: optimistic locking per
  agenda item, so two people recording different items do not collide.
- guests.is_private: a private person (resident) whose name the public protocol omits.

Existing rows get the defaults through server defaults.

Revision ID: 0006_minutes
Revises: 0005_elections
Create Date: 2026-11-25 17:49:35.971611

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0006_minutes'
down_revision = '0005_elections'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('guests', schema=None) as batch_op:
        batch_op.add_column(sa.Column('is_private', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))

    with op.batch_alter_table('item_records', schema=None) as batch_op:
        batch_op.add_column(sa.Column('casting_vote', sa.Enum('for', 'against', 'abstain', name='casting_vote', native_enum=False, create_constraint=True, length=24), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False,
                                      server_default='1'))

    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('chair_title', sa.String(length=200), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('recorder_name', sa.String(length=200), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('recorder_title', sa.String(length=200), nullable=False,
                                      server_default=''))


def downgrade():
    with op.batch_alter_table('minutes', schema=None) as batch_op:
        batch_op.drop_column('recorder_title')
        batch_op.drop_column('recorder_name')
        batch_op.drop_column('chair_title')

    with op.batch_alter_table('item_records', schema=None) as batch_op:
        batch_op.drop_column('version')
        # SQLite's batch mode copies the CHECK constraint unless it is dropped first.
        batch_op.drop_constraint(op.f('ck_item_records_casting_vote'), type_='check')
        batch_op.drop_column('casting_vote')

    with op.batch_alter_table('guests', schema=None) as batch_op:
        batch_op.drop_column('is_private')
