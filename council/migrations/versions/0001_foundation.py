"""Foundation: the whole domain model.

All aggregates of DESIGN.md: municipalities with by-law settings, territorial units, councils,
people and dated memberships, users and roles, elections, meetings with agendas and attendance,
minutes with item records, votes, recusals and errata, recommendations with their timeline,
the audit log and login failures. Enums are strings with CHECK constraints (same on SQLite and
PostgreSQL); datetimes are timezone-aware and stored in UTC.

Revision ID: 0001_foundation
Revises: (none)
Create Date: 2026-11-25 17:32:39.312198

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0001_foundation'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():

    op.create_table('login_failures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('remote_addr', sa.String(length=64), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_login_failures'))
    )
    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_login_failures_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_failures_email'), ['email'], unique=False)
        batch_op.create_index(batch_op.f('ix_login_failures_remote_addr'), ['remote_addr'], unique=False)

    op.create_table('municipalities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('timezone', sa.String(length=64), nullable=False),
    sa.Column('address', sa.String(length=300), nullable=False),
    sa.Column('website', sa.String(length=300), nullable=False),
    sa.Column('default_seats', sa.Integer(), nullable=False),
    sa.Column('term_years', sa.Integer(), nullable=False),
    sa.Column('notice_days_regular', sa.Integer(), nullable=False),
    sa.Column('notice_days_extraordinary', sa.Integer(), nullable=False),
    sa.Column('quorum_rule', sa.Enum('more_than_half', 'at_least_half', 'two_thirds', name='quorum_rule', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('chair_casting_vote', sa.Boolean(), nullable=False),
    sa.Column('answer_working_days', sa.Integer(), nullable=False),
    sa.Column('answer_extension_months', sa.Integer(), nullable=False),
    sa.Column('numbering_reset', sa.Enum('yearly', 'never', name='numbering_reset', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('min_member_age', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('answer_working_days BETWEEN 1 AND 90', name=op.f('ck_municipalities_answer_working_days_range')),
    sa.CheckConstraint('default_seats BETWEEN 1 AND 99', name=op.f('ck_municipalities_default_seats_range')),
    sa.CheckConstraint('term_years BETWEEN 1 AND 10', name=op.f('ck_municipalities_term_years_range')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_municipalities')),
    sa.UniqueConstraint('slug', name=op.f('uq_municipalities_slug'))
    )
    op.create_table('addressees',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('dome', 'committee', 'executive', 'department', 'official', name='addressee_kind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_addressees_municipality_id_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_addressees'))
    )
    with op.batch_alter_table('addressees', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_addressees_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('councils',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('slug', sa.String(length=120), nullable=False),
    sa.Column('status', sa.Enum('forming', 'active', 'suspended', 'dissolved', name='council_status', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.Column('bylaw_number', sa.String(length=60), nullable=False),
    sa.Column('bylaw_date', sa.Date(), nullable=True),
    sa.Column('bylaw_url', sa.String(length=500), nullable=False),
    sa.Column('established_on', sa.Date(), nullable=True),
    sa.Column('term_start', sa.Date(), nullable=True),
    sa.Column('term_end', sa.Date(), nullable=True),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('contact_email', sa.String(length=254), nullable=False),
    sa.Column('place_locative', sa.String(length=120), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('seats BETWEEN 1 AND 99', name=op.f('ck_councils_seats_range')),
    sa.CheckConstraint('term_end IS NULL OR term_start IS NULL OR term_end > term_start', name=op.f('ck_councils_term_order')),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_councils_municipality_id_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_councils')),
    sa.UniqueConstraint('slug', name=op.f('uq_councils_slug'))
    )
    with op.batch_alter_table('councils', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_councils_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('territorial_units',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('town', 'parish', 'neighbourhood', name='unit_kind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('locative', sa.String(length=120), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_territorial_units_municipality_id_municipalities')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_territorial_units')),
    sa.UniqueConstraint('municipality_id', 'slug', name=op.f('uq_territorial_units_municipality_id_slug'))
    )
    with op.batch_alter_table('territorial_units', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_territorial_units_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('council_territories',
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_council_territories_council_id_councils'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['unit_id'], ['territorial_units.id'], name=op.f('fk_council_territories_unit_id_territorial_units')),
    sa.PrimaryKeyConstraint('council_id', 'unit_id', name=op.f('pk_council_territories'))
    )
    op.create_table('meetings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('regular', 'extraordinary', name='meeting_kind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('online_url', sa.String(length=500), nullable=False),
    sa.Column('status', sa.Enum('draft', 'announced', 'held', 'cancelled', name='meeting_status', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('cancel_reason', sa.Text(), nullable=False),
    sa.Column('postponed_from', sa.DateTime(timezone=True), nullable=True),
    sa.Column('change_note', sa.Text(), nullable=False),
    sa.Column('sequence', sa.Integer(), nullable=False),
    sa.Column('announced_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_meetings_ends_after_start')),
    sa.CheckConstraint('number >= 1', name=op.f('ck_meetings_number_positive')),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_meetings_council_id_councils')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_meetings')),
    sa.UniqueConstraint('council_id', 'year', 'number', name=op.f('uq_meetings_council_id_year_number'))
    )
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.create_index('ix_meetings_council_starts', ['council_id', 'starts_at'], unique=False)
        batch_op.create_index('ix_meetings_starts_at', ['starts_at'], unique=False)

    op.create_table('persons',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('municipality_id', sa.Integer(), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('territory_id', sa.Integer(), nullable=True),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=40), nullable=False),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('citizenship', sa.Enum('lv', 'eu', 'other', name='citizenship', native_enum=False, create_constraint=True, length=24), nullable=True),
    sa.Column('publish_consent', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['municipality_id'], ['municipalities.id'], name=op.f('fk_persons_municipality_id_municipalities')),
    sa.ForeignKeyConstraint(['territory_id'], ['territorial_units.id'], name=op.f('fk_persons_territory_id_territorial_units')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_persons'))
    )
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_persons_full_name'), ['full_name'], unique=False)
        batch_op.create_index(batch_op.f('ix_persons_municipality_id'), ['municipality_id'], unique=False)

    op.create_table('agenda_items',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('presenter', sa.String(length=200), nullable=False),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('expected_minutes', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.CheckConstraint('expected_minutes IS NULL OR expected_minutes BETWEEN 1 AND 600', name=op.f('ck_agenda_items_expected_minutes_range')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_agenda_items_meeting_id_meetings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_agenda_items'))
    )
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_agenda_items_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('attendances',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('present', 'remote', 'absent', 'excused', name='attendance_status', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.Column('voting', sa.Boolean(), nullable=False),
    sa.Column('arrived_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('left_at', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_attendances_meeting_id_meetings')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_attendances_person_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attendances')),
    sa.UniqueConstraint('meeting_id', 'person_id', name=op.f('uq_attendances_meeting_id_person_id'))
    )
    with op.batch_alter_table('attendances', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendances_meeting_id'), ['meeting_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_attendances_person_id'), ['person_id'], unique=False)

    op.create_table('guests',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('capacity', sa.String(length=300), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_guests_meeting_id_meetings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_guests'))
    )
    with op.batch_alter_table('guests', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_guests_meeting_id'), ['meeting_id'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=False),
    sa.Column('display_name', sa.String(length=200), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=True),
    sa.Column('role', sa.Enum('none', 'officer', 'admin', name='global_role', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('is_active', sa.Boolean(), nullable=False),
    sa.Column('locale', sa.String(length=5), nullable=False),
    sa.Column('feed_token_hash', sa.String(length=64), nullable=True),
    sa.Column('feed_token_created_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('last_login_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('email = lower(email)', name=op.f('ck_users_email_lower')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_users_person_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email')),
    sa.UniqueConstraint('feed_token_hash', name=op.f('uq_users_feed_token_hash')),
    sa.UniqueConstraint('person_id', name=op.f('uq_users_person_id'))
    )
    op.create_table('audit_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(length=80), nullable=False),
    sa.Column('object_type', sa.String(length=40), nullable=False),
    sa.Column('object_id', sa.Integer(), nullable=True),
    sa.Column('summary', sa.String(length=500), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_entries_actor_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entries'))
    )
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entries_action'), ['action'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entries_at'), ['at'], unique=False)
        batch_op.create_index('ix_audit_entries_object', ['object_type', 'object_id'], unique=False)

    op.create_table('council_roles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('role', sa.Enum('secretary', 'member_access', name='council_role', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_council_roles_council_id_councils')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_council_roles_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_council_roles')),
    sa.UniqueConstraint('user_id', 'council_id', 'role', name=op.f('uq_council_roles_user_id_council_id_role'))
    )
    with op.batch_alter_table('council_roles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_council_roles_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_council_roles_user_id'), ['user_id'], unique=False)

    op.create_table('elections',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('founding', 'by_election', name='election_kind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('status', sa.Enum('planned', 'nominations_open', 'nominations_closed', 'voting', 'counted', 'certified', 'cancelled', name='election_status', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('seats', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=True),
    sa.Column('voting_ends_on', sa.Date(), nullable=True),
    sa.Column('place', sa.String(length=300), nullable=False),
    sa.Column('method', sa.Enum('resident_meeting', 'ballot', name='election_method', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('term_start', sa.Date(), nullable=True),
    sa.Column('term_end', sa.Date(), nullable=True),
    sa.Column('voters_registered', sa.Integer(), nullable=True),
    sa.Column('ballots_cast', sa.Integer(), nullable=True),
    sa.Column('ballots_invalid', sa.Integer(), nullable=True),
    sa.Column('tie_break_notes', sa.Text(), nullable=False),
    sa.Column('cancelled_reason', sa.Text(), nullable=False),
    sa.Column('certified_by_id', sa.Integer(), nullable=True),
    sa.Column('certified_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('ballots_invalid IS NULL OR ballots_cast IS NULL OR ballots_invalid <= ballots_cast', name=op.f('ck_elections_invalid_le_cast')),
    sa.CheckConstraint('seats BETWEEN 1 AND 99', name=op.f('ck_elections_seats_range')),
    sa.ForeignKeyConstraint(['certified_by_id'], ['users.id'], name=op.f('fk_elections_certified_by_id_users')),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_elections_council_id_councils')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_elections'))
    )
    with op.batch_alter_table('elections', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_elections_council_id'), ['council_id'], unique=False)

    op.create_table('minutes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('meeting_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'approved', name='minutes_status', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('opened_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('closed_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('chaired_by_id', sa.Integer(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_by_chair_id', sa.Integer(), nullable=True),
    sa.Column('approved_at_meeting_id', sa.Integer(), nullable=True),
    sa.Column('content_hash', sa.String(length=64), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint("status <> 'approved' OR content_hash IS NOT NULL", name=op.f('ck_minutes_approved_has_hash')),
    sa.ForeignKeyConstraint(['approved_at_meeting_id'], ['meetings.id'], name=op.f('fk_minutes_approved_at_meeting_id_meetings')),
    sa.ForeignKeyConstraint(['approved_by_chair_id'], ['persons.id'], name=op.f('fk_minutes_approved_by_chair_id_persons')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_minutes_approved_by_id_users')),
    sa.ForeignKeyConstraint(['chaired_by_id'], ['persons.id'], name=op.f('fk_minutes_chaired_by_id_persons')),
    sa.ForeignKeyConstraint(['meeting_id'], ['meetings.id'], name=op.f('fk_minutes_meeting_id_meetings')),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['persons.id'], name=op.f('fk_minutes_recorded_by_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_minutes')),
    sa.UniqueConstraint('meeting_id', name=op.f('uq_minutes_meeting_id'))
    )
    op.create_table('recommendations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('year', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=500), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('source_meeting_id', sa.Integer(), nullable=True),
    sa.Column('source_agenda_item_id', sa.Integer(), nullable=True),
    sa.Column('addressee_kind', sa.Enum('dome', 'committee', 'executive', 'department', 'official', name='addressee_kind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('addressee_name', sa.String(length=200), nullable=False),
    sa.Column('responsible_officer_id', sa.Integer(), nullable=True),
    sa.Column('registration_number', sa.String(length=60), nullable=False),
    sa.Column('status', sa.Enum('draft', 'sent', 'registered', 'answered', 'closed', 'withdrawn', name='recommendation_status', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('outcome', sa.Enum('accepted', 'partly_accepted', 'rejected', 'no_action', name='answer_outcome', native_enum=False, create_constraint=True, length=24), nullable=True),
    sa.Column('implementation', sa.Enum('not_started', 'in_progress', 'implemented', 'not_implemented', name='implementation', native_enum=False, create_constraint=True, length=24), nullable=True),
    sa.Column('sent_on', sa.Date(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=True),
    sa.Column('extension_reason', sa.Text(), nullable=False),
    sa.Column('answer_text', sa.Text(), nullable=False),
    sa.Column('answered_on', sa.Date(), nullable=True),
    sa.Column('decision_reference', sa.String(length=200), nullable=False),
    sa.Column('is_public', sa.Boolean(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_recommendations_council_id_councils')),
    sa.ForeignKeyConstraint(['responsible_officer_id'], ['users.id'], name=op.f('fk_recommendations_responsible_officer_id_users')),
    sa.ForeignKeyConstraint(['source_agenda_item_id'], ['agenda_items.id'], name=op.f('fk_recommendations_source_agenda_item_id_agenda_items')),
    sa.ForeignKeyConstraint(['source_meeting_id'], ['meetings.id'], name=op.f('fk_recommendations_source_meeting_id_meetings')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendations')),
    sa.UniqueConstraint('council_id', 'year', 'number', name=op.f('uq_recommendations_council_id_year_number'))
    )
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.create_index('ix_recommendations_council_year', ['council_id', 'year'], unique=False)
        batch_op.create_index('ix_recommendations_status_due', ['status', 'due_on'], unique=False)

    op.create_table('candidates',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('election_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('nominated_on', sa.Date(), nullable=True),
    sa.Column('nominated_by', sa.String(length=200), nullable=False),
    sa.Column('status', sa.Enum('nominated', 'eligible', 'ineligible', 'withdrawn', 'elected', 'reserve', 'not_elected', name='candidate_status', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('ineligible_reason', sa.String(length=300), nullable=False),
    sa.Column('withdrawn_on', sa.Date(), nullable=True),
    sa.Column('votes', sa.Integer(), nullable=True),
    sa.Column('rank', sa.Integer(), nullable=True),
    sa.Column('lot_rank', sa.Integer(), nullable=True),
    sa.Column('reserve_order', sa.Integer(), nullable=True),
    sa.Column('reserve_used_at', sa.DateTime(timezone=True), nullable=True),
    sa.CheckConstraint('votes IS NULL OR votes >= 0', name=op.f('ck_candidates_votes_nonneg')),
    sa.ForeignKeyConstraint(['election_id'], ['elections.id'], name=op.f('fk_candidates_election_id_elections')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_candidates_person_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidates')),
    sa.UniqueConstraint('election_id', 'person_id', name=op.f('uq_candidates_election_id_person_id'))
    )
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidates_election_id'), ['election_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_candidates_person_id'), ['person_id'], unique=False)

    op.create_table('errata',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('minutes_id', sa.Integer(), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_errata_author_id_users')),
    sa.ForeignKeyConstraint(['minutes_id'], ['minutes.id'], name=op.f('fk_errata_minutes_id_minutes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_errata')),
    sa.UniqueConstraint('minutes_id', 'number', name=op.f('uq_errata_minutes_id_number'))
    )
    with op.batch_alter_table('errata', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_errata_minutes_id'), ['minutes_id'], unique=False)

    op.create_table('item_records',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('minutes_id', sa.Integer(), nullable=False),
    sa.Column('agenda_item_id', sa.Integer(), nullable=False),
    sa.Column('reported_by', sa.String(length=200), nullable=False),
    sa.Column('discussion_participants', sa.String(length=500), nullable=False),
    sa.Column('discussion', sa.Text(), nullable=False),
    sa.Column('decision', sa.Text(), nullable=False),
    sa.Column('outcome', sa.Enum('adopted', 'rejected', 'noted', 'postponed', name='outcome', native_enum=False, create_constraint=True, length=24), nullable=True),
    sa.Column('named_vote', sa.Boolean(), nullable=False),
    sa.Column('votes_for', sa.Integer(), nullable=True),
    sa.Column('votes_against', sa.Integer(), nullable=True),
    sa.Column('votes_abstain', sa.Integer(), nullable=True),
    sa.CheckConstraint('(votes_for IS NULL OR votes_for >= 0) AND (votes_against IS NULL OR votes_against >= 0) AND (votes_abstain IS NULL OR votes_abstain >= 0)', name=op.f('ck_item_records_votes_nonneg')),
    sa.ForeignKeyConstraint(['agenda_item_id'], ['agenda_items.id'], name=op.f('fk_item_records_agenda_item_id_agenda_items')),
    sa.ForeignKeyConstraint(['minutes_id'], ['minutes.id'], name=op.f('fk_item_records_minutes_id_minutes')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_item_records')),
    sa.UniqueConstraint('agenda_item_id', name=op.f('uq_item_records_agenda_item_id'))
    )
    with op.batch_alter_table('item_records', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_item_records_minutes_id'), ['minutes_id'], unique=False)

    op.create_table('recommendation_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recommendation_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('created', 'status', 'extension', 'implementation', 'note', name='event_kind', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('on_date', sa.Date(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('from_status', sa.String(length=24), nullable=False),
    sa.Column('to_status', sa.String(length=24), nullable=False),
    sa.Column('note', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_recommendation_events_actor_id_users')),
    sa.ForeignKeyConstraint(['recommendation_id'], ['recommendations.id'], name=op.f('fk_recommendation_events_recommendation_id_recommendations')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recommendation_events'))
    )
    with op.batch_alter_table('recommendation_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recommendation_events_recommendation_id'), ['recommendation_id'], unique=False)

    op.create_table('memberships',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('council_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Enum('chair', 'deputy_chair', 'secretary', 'member', name='position', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.Column('voting', sa.Boolean(), nullable=False),
    sa.Column('start_on', sa.Date(), nullable=False),
    sa.Column('end_on', sa.Date(), nullable=True),
    sa.Column('end_reason', sa.Enum('term_end', 'resigned', 'moved_away', 'removed', 'died', 'replaced', name='end_reason', native_enum=False, create_constraint=True, length=24), nullable=True),
    sa.Column('election_id', sa.Integer(), nullable=True),
    sa.Column('candidate_id', sa.Integer(), nullable=True),
    sa.Column('replaced_membership_id', sa.Integer(), nullable=True),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.CheckConstraint('(end_on IS NULL) = (end_reason IS NULL)', name=op.f('ck_memberships_end_reason_with_end')),
    sa.CheckConstraint('end_on IS NULL OR end_on >= start_on', name=op.f('ck_memberships_dates_order')),
    sa.ForeignKeyConstraint(['candidate_id'], ['candidates.id'], name=op.f('fk_memberships_candidate_id_candidates')),
    sa.ForeignKeyConstraint(['council_id'], ['councils.id'], name=op.f('fk_memberships_council_id_councils')),
    sa.ForeignKeyConstraint(['election_id'], ['elections.id'], name=op.f('fk_memberships_election_id_elections')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_memberships_person_id_persons')),
    sa.ForeignKeyConstraint(['replaced_membership_id'], ['memberships.id'], name=op.f('fk_memberships_replaced_membership_id_memberships')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_memberships'))
    )
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.create_index('ix_memberships_council_dates', ['council_id', 'start_on', 'end_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_memberships_council_id'), ['council_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_memberships_person_id'), ['person_id'], unique=False)

    op.create_table('named_votes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_record_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('vote', sa.Enum('for', 'against', 'abstain', name='vote', native_enum=False, create_constraint=True, length=24), nullable=False),
    sa.ForeignKeyConstraint(['item_record_id'], ['item_records.id'], name=op.f('fk_named_votes_item_record_id_item_records')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_named_votes_person_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_named_votes')),
    sa.UniqueConstraint('item_record_id', 'person_id', name=op.f('uq_named_votes_item_record_id_person_id'))
    )
    with op.batch_alter_table('named_votes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_named_votes_item_record_id'), ['item_record_id'], unique=False)

    op.create_table('recusals',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('item_record_id', sa.Integer(), nullable=False),
    sa.Column('person_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=300), nullable=False),
    sa.ForeignKeyConstraint(['item_record_id'], ['item_records.id'], name=op.f('fk_recusals_item_record_id_item_records')),
    sa.ForeignKeyConstraint(['person_id'], ['persons.id'], name=op.f('fk_recusals_person_id_persons')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_recusals')),
    sa.UniqueConstraint('item_record_id', 'person_id', name=op.f('uq_recusals_item_record_id_person_id'))
    )
    with op.batch_alter_table('recusals', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_recusals_item_record_id'), ['item_record_id'], unique=False)




def downgrade():

    with op.batch_alter_table('recusals', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recusals_item_record_id'))

    op.drop_table('recusals')
    with op.batch_alter_table('named_votes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_named_votes_item_record_id'))

    op.drop_table('named_votes')
    with op.batch_alter_table('memberships', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_memberships_person_id'))
        batch_op.drop_index(batch_op.f('ix_memberships_council_id'))
        batch_op.drop_index('ix_memberships_council_dates')

    op.drop_table('memberships')
    with op.batch_alter_table('recommendation_events', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_recommendation_events_recommendation_id'))

    op.drop_table('recommendation_events')
    with op.batch_alter_table('item_records', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_item_records_minutes_id'))

    op.drop_table('item_records')
    with op.batch_alter_table('errata', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_errata_minutes_id'))

    op.drop_table('errata')
    with op.batch_alter_table('candidates', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidates_person_id'))
        batch_op.drop_index(batch_op.f('ix_candidates_election_id'))

    op.drop_table('candidates')
    with op.batch_alter_table('recommendations', schema=None) as batch_op:
        batch_op.drop_index('ix_recommendations_status_due')
        batch_op.drop_index('ix_recommendations_council_year')

    op.drop_table('recommendations')
    op.drop_table('minutes')
    with op.batch_alter_table('elections', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_elections_council_id'))

    op.drop_table('elections')
    with op.batch_alter_table('council_roles', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_council_roles_user_id'))
        batch_op.drop_index(batch_op.f('ix_council_roles_council_id'))

    op.drop_table('council_roles')
    with op.batch_alter_table('audit_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_entries_object')
        batch_op.drop_index(batch_op.f('ix_audit_entries_at'))
        batch_op.drop_index(batch_op.f('ix_audit_entries_actor_id'))
        batch_op.drop_index(batch_op.f('ix_audit_entries_action'))

    op.drop_table('audit_entries')
    op.drop_table('users')
    with op.batch_alter_table('guests', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_guests_meeting_id'))

    op.drop_table('guests')
    with op.batch_alter_table('attendances', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendances_person_id'))
        batch_op.drop_index(batch_op.f('ix_attendances_meeting_id'))

    op.drop_table('attendances')
    with op.batch_alter_table('agenda_items', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_agenda_items_meeting_id'))

    op.drop_table('agenda_items')
    with op.batch_alter_table('persons', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_persons_municipality_id'))
        batch_op.drop_index(batch_op.f('ix_persons_full_name'))

    op.drop_table('persons')
    with op.batch_alter_table('meetings', schema=None) as batch_op:
        batch_op.drop_index('ix_meetings_starts_at')
        batch_op.drop_index('ix_meetings_council_starts')

    op.drop_table('meetings')
    op.drop_table('council_territories')
    with op.batch_alter_table('territorial_units', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_territorial_units_municipality_id'))

    op.drop_table('territorial_units')
    with op.batch_alter_table('councils', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_councils_municipality_id'))

    op.drop_table('councils')
    with op.batch_alter_table('addressees', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_addressees_municipality_id'))

    op.drop_table('addressees')
    op.drop_table('municipalities')
    with op.batch_alter_table('login_failures', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_login_failures_remote_addr'))
        batch_op.drop_index(batch_op.f('ix_login_failures_email'))
        batch_op.drop_index(batch_op.f('ix_login_failures_at'))

    op.drop_table('login_failures')

