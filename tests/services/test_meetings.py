"""Meetings: numbering, times in Riga, the notice period, the lifecycle, locking and audit."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from sqlalchemy import select

from council.extensions import db
from council.models import (
    AuditEntry,
    CouncilRoleKind,
    CouncilStatus,
    GlobalRole,
    Meeting,
    MeetingKind,
    MeetingStatus,
    NumberingReset,
)
from council.services import (
    InvalidTransition,
    NotAllowed,
    StaleVersion,
    ValidationFailed,
)
from council.services import meetings as svc
from council.services.meetings import MeetingDetails, Schedule, ShortNotice
from tests import factories

NOW = datetime(2026, 5, 1, 9, 0, tzinfo=UTC)


@pytest.fixture
def world(app):
    council = factories.council()
    secretary = factories.user()
    factories.council_role(secretary, council)
    member = factories.user()
    factories.council_role(member, council, CouncilRoleKind.MEMBER_ACCESS)
    other = factories.council(council.municipality)
    other_secretary = factories.user()
    factories.council_role(other_secretary, other)
    db.session.commit()
    return type("World", (), dict(council=council, secretary=secretary, member=member,
                                  other=other, other_secretary=other_secretary))


def details(day=date(2026, 5, 20), start=time(18, 0), end=time(20, 0), **kw):
    duration = kw.pop("duration", None)
    return MeetingDetails(schedule=Schedule(day, start, end, duration),
                          place=kw.pop("place", "Ķēču pagasta pārvalde"), **kw)


def create(world, **kw):
    return svc.create_meeting(world.council, details(**kw), actor=world.secretary)


def with_item(meeting):
    factories.agenda_item(meeting, title="Par ielu apgaismojumu")
    return meeting


def announced(world, **kw):
    meeting = with_item(create(world, **kw))
    svc.announce_meeting(meeting, actor=world.secretary, now=NOW)
    return meeting


# --- times ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("day,utc_hour", [
    (date(2026, 3, 29), 15),   # last Sunday of March: already summer time (UTC+3)
    (date(2026, 10, 25), 16),  # last Sunday of October: already winter time (UTC+2)
    (date(2026, 7, 15), 15),
    (date(2026, 1, 15), 16),
])
def test_times_are_entered_in_riga_and_stored_in_utc(world, day, utc_hour):
    meeting = create(world, day=day)
    assert meeting.starts_at == datetime(day.year, day.month, day.day, utc_hour, tzinfo=UTC)
    assert meeting.ends_at - meeting.starts_at == timedelta(hours=2)


def test_duration_instead_of_end_time(world):
    meeting = create(world, end=None, duration=90)
    assert meeting.ends_at - meeting.starts_at == timedelta(minutes=90)


@pytest.mark.parametrize("end,duration,field", [
    (time(17, 0), None, "end_time"),      # ends before it starts
    (time(18, 0), None, "end_time"),      # ends when it starts
    (None, None, "end_time"),             # neither end nor duration
    (None, 2000, "duration"),             # longer than a day
])
def test_bad_end_is_a_field_error(world, end, duration, field):
    with pytest.raises(ValidationFailed) as e:
        create(world, end=end, duration=duration)
    assert e.value.field == field


def test_a_time_skipped_by_the_clock_change_is_refused(world):
    with pytest.raises(ValidationFailed) as e:
        create(world, day=date(2026, 3, 29), start=time(3, 30), end=time(5, 0))
    assert e.value.field == "start_time"


def test_place_or_online_link_is_needed(world):
    with pytest.raises(ValidationFailed) as e:
        create(world, place="  ")
    assert e.value.field == "place"
    meeting = create(world, place="", online_url="https://meet.example.lv/padome")
    assert meeting.online_url == "https://meet.example.lv/padome"


# --- numbering ------------------------------------------------------------------------------------

def test_numbers_run_per_council_and_year(world):
    first = create(world, day=date(2026, 2, 10))
    second = create(world, day=date(2026, 3, 10))
    next_year = create(world, day=date(2027, 1, 12))
    other = svc.create_meeting(world.other, details(), actor=world.other_secretary)
    assert (first.number, second.number, next_year.number, other.number) == (1, 2, 1, 1)
    assert (first.year, next_year.year) == (2026, 2027)


def test_the_year_is_riga_time(world):
    # 31 December 23:30 UTC is already 1 January in Riga.
    meeting = create(world, day=date(2027, 1, 1), start=time(1, 30), end=time(2, 30))
    assert meeting.starts_at.year == 2026 and meeting.year == 2027


def test_continuous_numbering_when_the_municipality_never_resets(world):
    world.council.municipality.numbering_reset = NumberingReset.NEVER
    create(world, day=date(2026, 11, 10))
    assert create(world, day=date(2027, 1, 12)).number == 2


def test_a_number_is_editable_until_announced(world):
    meeting = with_item(create(world))
    assert meeting.number == 1
    svc.update_meeting(meeting, details(number=4), actor=world.secretary,
                       version=meeting.version, now=NOW)
    assert meeting.number == 4
    assert create(world).number == 5
    svc.announce_meeting(meeting, actor=world.secretary, now=NOW)
    with pytest.raises(ValidationFailed) as e:
        svc.update_meeting(meeting, details(number=7), actor=world.secretary,
                           version=meeting.version, now=NOW)
    assert e.value.field == "number"


def test_a_taken_number_is_refused_with_the_next_free_one(world):
    create(world)
    with pytest.raises(ValidationFailed) as e:
        create(world, number=1)
    assert e.value.field == "number" and "2" in e.value.message


def test_moving_a_draft_to_another_year_renumbers_it(world):
    create(world, day=date(2027, 2, 1))
    meeting = create(world, day=date(2026, 12, 1))
    assert meeting.number == 1
    svc.update_meeting(meeting, details(day=date(2027, 3, 1)), actor=world.secretary,
                       version=meeting.version, now=NOW)
    assert (meeting.year, meeting.number) == (2027, 2)


# --- notice period --------------------------------------------------------------------------------

def test_short_notice_is_a_warning_to_confirm_not_a_refusal(world):
    meeting = with_item(create(world, day=date(2026, 5, 3)))  # two days after NOW
    with pytest.raises(ShortNotice) as e:
        svc.announce_meeting(meeting, actor=world.secretary, now=NOW)
    assert "5" in e.value.message
    assert meeting.status == MeetingStatus.DRAFT
    svc.announce_meeting(meeting, actor=world.secretary, now=NOW, acknowledge_short_notice=True)
    assert meeting.status == MeetingStatus.ANNOUNCED
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "meeting.announce")).one()
    assert entry.changes["short_notice"] == [None, True]


def test_extraordinary_meetings_need_less_notice(world):
    meeting = with_item(create(world, day=date(2026, 5, 3), kind=MeetingKind.EXTRAORDINARY))
    assert svc.notice_warning(meeting, now=NOW) is None
    svc.announce_meeting(meeting, actor=world.secretary, now=NOW)


def test_notice_days_are_the_municipality_setting(world):
    meeting = create(world, day=date(2026, 5, 9))  # eight days ahead
    assert svc.notice_warning(meeting, now=NOW) is None
    world.council.municipality.notice_days_regular = 10
    assert "10" in svc.notice_warning(meeting, now=NOW)
    world.council.municipality.notice_days_regular = 0
    assert svc.notice_warning(meeting, now=NOW) is None


# --- lifecycle ------------------------------------------------------------------------------------

def test_lifecycle_draft_announced_held(world):
    meeting = announced(world)
    assert meeting.status == MeetingStatus.ANNOUNCED and meeting.announced_at == NOW
    assert meeting.sequence == 0  # first publication
    with pytest.raises(InvalidTransition):
        svc.mark_held(meeting, actor=world.secretary, now=NOW)  # not begun yet
    svc.mark_held(meeting, actor=world.secretary, now=meeting.starts_at + timedelta(minutes=5))
    assert meeting.status == MeetingStatus.HELD and meeting.sequence == 1
    for verb in (
        lambda: svc.announce_meeting(meeting, actor=world.secretary, now=NOW),
        lambda: svc.cancel_meeting(meeting, reason="x", actor=world.secretary),
        lambda: svc.update_meeting(meeting, details(), actor=world.secretary,
                                   version=meeting.version, now=NOW),
        lambda: svc.postpone_meeting(meeting, Schedule(date(2026, 6, 1), time(18, 0), time(19)),
                                     reason="x", actor=world.secretary,
                                     version=meeting.version, now=NOW),
        lambda: svc.delete_meeting(meeting, actor=world.secretary),
    ):
        with pytest.raises(InvalidTransition):
            verb()


def test_refused_steps_from_a_draft(world):
    meeting = with_item(create(world))
    with pytest.raises(InvalidTransition):
        svc.cancel_meeting(meeting, reason="Nav kvoruma", actor=world.secretary)
    with pytest.raises(InvalidTransition):
        svc.mark_held(meeting, actor=world.secretary, now=NOW + timedelta(days=60))
    with pytest.raises(InvalidTransition):
        svc.postpone_meeting(meeting, Schedule(date(2026, 6, 1), time(18, 0), time(19, 0)),
                             reason="x", actor=world.secretary, version=meeting.version, now=NOW)


def test_announce_needs_an_agenda_and_a_future_time(world):
    meeting = create(world)
    with pytest.raises(ValidationFailed):
        svc.announce_meeting(meeting, actor=world.secretary, now=NOW)
    with_item(meeting)
    with pytest.raises(ValidationFailed):
        svc.announce_meeting(meeting, actor=world.secretary, now=meeting.starts_at)


def test_cancel_keeps_the_meeting_with_its_reason_and_a_new_sequence(world):
    meeting = announced(world)
    with pytest.raises(ValidationFailed) as e:
        svc.cancel_meeting(meeting, reason="  ", actor=world.secretary)
    assert e.value.field == "reason"
    svc.cancel_meeting(meeting, reason="Nav kvoruma", actor=world.secretary)
    assert meeting.status == MeetingStatus.CANCELLED and meeting.cancel_reason == "Nav kvoruma"
    assert meeting.sequence == 1
    with pytest.raises(InvalidTransition):
        svc.cancel_meeting(meeting, reason="again", actor=world.secretary)


def test_postpone_is_a_new_time_on_the_same_record(world):
    meeting = announced(world)
    old_start, number, meeting_id = meeting.starts_at, meeting.number, meeting.id
    svc.postpone_meeting(meeting, Schedule(date(2026, 5, 27), time(18, 0), time(20, 0)),
                         reason="Ceļu dienesta pārstāvis var tikai nākamnedēļ",
                         actor=world.secretary, version=meeting.version, now=NOW)
    assert (meeting.id, meeting.number) == (meeting_id, number)
    assert meeting.postponed_from == old_start and meeting.is_postponed
    assert meeting.starts_at == datetime(2026, 5, 27, 15, tzinfo=UTC)
    assert meeting.sequence == 1 and meeting.status == MeetingStatus.ANNOUNCED
    assert meeting.previous_starts_at == old_start and meeting.moved_from is None


def test_postpone_needs_a_reason_a_new_future_time_and_warns_on_short_notice(world):
    meeting = announced(world)
    same = Schedule(date(2026, 5, 20), time(18, 0), time(20, 0))
    with pytest.raises(ValidationFailed) as e:
        svc.postpone_meeting(meeting, same, reason="x", actor=world.secretary,
                             version=meeting.version, now=NOW)
    assert e.value.field == "date"
    later = Schedule(date(2026, 5, 21), time(18, 0), time(20, 0))
    with pytest.raises(ValidationFailed) as e:
        svc.postpone_meeting(meeting, later, reason="", actor=world.secretary,
                             version=meeting.version, now=NOW)
    assert e.value.field == "reason"
    with pytest.raises(ShortNotice):
        svc.postpone_meeting(meeting, later, reason="x", actor=world.secretary,
                             version=meeting.version, now=datetime(2026, 5, 19, tzinfo=UTC))


def test_changes_after_the_announcement_are_highlighted_and_bump_the_sequence(world):
    meeting = create(world)
    svc.update_meeting(meeting, details(place="Kultūras nams"), actor=world.secretary,
                       version=meeting.version, now=NOW)
    assert meeting.sequence == 0 and not meeting.is_changed  # a draft: nobody saw it
    with_item(meeting)
    svc.announce_meeting(meeting, actor=world.secretary, now=NOW)
    svc.update_meeting(meeting, details(place="Skolas zāle", start=time(17, 0)),
                       actor=world.secretary, version=meeting.version, now=NOW)
    assert meeting.sequence == 1 and meeting.is_changed and meeting.changed_at == NOW
    assert meeting.previous_place == "Kultūras nams"
    assert meeting.moved_from == datetime(2026, 5, 20, 15, tzinfo=UTC)
    svc.update_meeting(meeting, details(place="Kultūras nams"), actor=world.secretary,
                       version=meeting.version, now=NOW)  # back as announced
    assert meeting.sequence == 2 and not meeting.is_changed
    svc.update_meeting(meeting, details(place="Kultūras nams"), actor=world.secretary,
                       version=meeting.version, now=NOW)  # nothing changed
    assert meeting.sequence == 2


def test_stale_version_is_refused(world):
    meeting = create(world)
    stale = meeting.version
    svc.update_meeting(meeting, details(place="A"), actor=world.secretary, version=stale,
                       now=NOW)
    db.session.flush()
    with pytest.raises(StaleVersion) as e:
        svc.update_meeting(meeting, details(place="B"), actor=world.secretary, version=stale,
                           now=NOW)
    assert e.value.current is meeting and meeting.place == "A"


def test_only_drafts_can_be_deleted(world):
    draft = create(world)
    meeting_id = draft.id
    svc.delete_meeting(draft, actor=world.secretary)
    assert db.session.get(Meeting, meeting_id) is None
    assert db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "meeting.delete", AuditEntry.object_id == meeting_id)).one()
    meeting = announced(world)
    with pytest.raises(InvalidTransition):
        svc.delete_meeting(meeting, actor=world.secretary)


@pytest.mark.parametrize("who", ["member", "other_secretary", "officer"])
def test_only_the_councils_secretary_or_an_admin_writes(world, who):
    actor = factories.user(GlobalRole.OFFICER) if who == "officer" else getattr(world, who)
    with pytest.raises(NotAllowed):
        svc.create_meeting(world.council, details(), actor=actor)
    meeting = announced(world)
    with pytest.raises(NotAllowed):
        svc.cancel_meeting(meeting, reason="x", actor=actor)
    with pytest.raises(NotAllowed):
        svc.update_meeting(meeting, details(), actor=actor, version=meeting.version, now=NOW)
    admin = factories.user(GlobalRole.ADMIN)
    svc.cancel_meeting(meeting, reason="x", actor=admin)


def test_suspended_councils_cannot_schedule(world):
    world.council.status = CouncilStatus.SUSPENDED
    with pytest.raises(InvalidTransition):
        create(world)


def test_every_write_is_audited(world):
    meeting = announced(world)
    svc.update_meeting(meeting, details(place="Skolas zāle"), actor=world.secretary,
                       version=meeting.version, now=NOW)
    svc.postpone_meeting(meeting, Schedule(date(2026, 5, 28), time(18, 0), time(20, 0)),
                         reason="Svētki", actor=world.secretary, version=meeting.version,
                         now=NOW)
    svc.cancel_meeting(meeting, reason="Nav kvoruma", actor=world.secretary)
    actions = db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.object_type == "Meeting").order_by(AuditEntry.id)).all()
    assert actions == ["meeting.create", "meeting.announce", "meeting.update",
                       "meeting.postpone", "meeting.cancel"]
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "meeting.update")).one()
    assert entry.changes["place"] == ["Ķēču pagasta pārvalde", "Skolas zāle"]
    assert entry.actor_id == world.secretary.id
