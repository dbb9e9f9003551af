"""Elections: votes per ballot, the draw by lot, candidate numbers, incompatible office,
withdrawal reason, declined reserve places, and optimistic locking of candidates.

Existing rows get the defaults the models use (server defaults only for the upgrade of
filled tables; the models set the same values on insert).

Revision ID: 0005_elections
Revises: 0002_meetings
Create Date: 2026-11-25 17:49:14.159617

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0005_elections'
down_revision = '0002_meetings'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.add_column(sa.Column('number', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('incompatible_office', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('eligibility_note', sa.String(length=300), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('withdrawn_reason', sa.String(length=300), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('reserve_declined_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), nullable=False, server_default='1'))
        batch_op.create_unique_constraint(batch_op.f('uq_candidates_election_id_number'), ['election_id', 'number'])

    with op.batch_alter_table('elections', schema=None) as batch_op:
        batch_op.add_column(sa.Column('votes_per_ballot', sa.Integer(), nullable=False,
                                      server_default='1'))
        batch_op.add_column(sa.Column('lots_drawn_by', sa.String(length=200), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('lots_drawn_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.create_check_constraint(batch_op.f('ck_elections_votes_per_ballot_range'),
                                         'votes_per_ballot BETWEEN 1 AND 99')


def downgrade():
    with op.batch_alter_table('elections', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('ck_elections_votes_per_ballot_range'), type_='check')
        batch_op.drop_column('lots_drawn_at')
        batch_op.drop_column('lots_drawn_by')
        batch_op.drop_column('votes_per_ballot')

    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('uq_candidates_election_id_number'), type_='unique')
        batch_op.drop_column('version')
        batch_op.drop_column('reserve_declined_at')
        batch_op.drop_column('withdrawn_reason')
        batch_op.drop_column('eligibility_note')
        batch_op.drop_column('incompatible_office')
        batch_op.drop_column('number')
