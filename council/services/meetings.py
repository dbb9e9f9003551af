"""Meetings (sēdes): scheduling in the municipality's zone, numbering, the notice period and the
lifecycle draft → announced → held / cancelled (a postponement is a new time on the same record).

Every change subscribers should see once the meeting is announced (time, place, status, agenda)
bumps ``Meeting.sequence``, the iCalendar SEQUENCE, so calendar clients replace their copy.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from flask_babel import ngettext
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from .. import formatting
from ..extensions import db
from ..models import (
    MEETING_TRANSITIONS,
    Council,
    CouncilStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    NumberingReset,
    utcnow,
)
from ..permissions import can_edit_meeting, can_schedule_meetings
from . import DomainError, InvalidTransition, NotAllowed, ValidationFailed, audit, expect_version

EDITABLE_STATUSES = (MeetingStatus.DRAFT, MeetingStatus.ANNOUNCED)
SCHEDULING_COUNCILS = (CouncilStatus.FORMING, CouncilStatus.ACTIVE)
# Fields whose change an announced meeting's subscribers must see (a new SEQUENCE).
PUBLIC_FIELDS = ("starts_at", "ends_at", "place", "online_url", "kind", "is_public")
MAX_LENGTH = timedelta(hours=24)
YEARS = (2000, 2100)  # a typo like 0202 or 20266 is a form error, not a date overflow


class ShortNotice(DomainError):
    """The by-law's notice period is not met. Not a refusal: the secretary confirms and retries
    with ``acknowledge_short_notice=True``."""


@dataclass(frozen=True)
class Schedule:
    """A meeting's time as the secretary enters it: a local date, a start, an end or a duration."""

    day: date
    start: time
    end: time | None = None
    duration_minutes: int | None = None


@dataclass(frozen=True)
class MeetingDetails:
    schedule: Schedule
    kind: MeetingKind = MeetingKind.REGULAR
    place: str = ""
    online_url: str = ""
    is_public: bool = True
    number: int | None = None  # None: the next free number


# --- time ---------------------------------------------------------------------------------------

def _exists(local_dt: datetime) -> bool:
    """False for a wall-clock time skipped when the clocks go forward (e.g. 03.30 in late March)."""
    round_trip = local_dt.astimezone(UTC).astimezone(local_dt.tzinfo)
    return round_trip.replace(tzinfo=None) == local_dt.replace(tzinfo=None)


def resolve_schedule(schedule: Schedule, tz_name: str) -> tuple[datetime, datetime]:
    """(starts_at, ends_at) in UTC from a schedule entered in the zone ``tz_name``."""
    if not YEARS[0] <= schedule.day.year <= YEARS[1]:
        raise ValidationFailed("date", _("Enter a date between the years %(first)d and %(last)d.",
                                         first=YEARS[0], last=YEARS[1]))
    zone = ZoneInfo(tz_name)
    starts_local = datetime.combine(schedule.day, schedule.start, tzinfo=zone)
    if not _exists(starts_local):
        raise ValidationFailed("start_time", _(
            "This time does not exist on that day: the clocks are moved forward. "
            "Choose another time."))
    starts_at = starts_local.astimezone(UTC)
    if schedule.end is not None:
        field = "end_time"
        ends_local = datetime.combine(schedule.day, schedule.end, tzinfo=zone)
        if not _exists(ends_local):
            raise ValidationFailed("end_time", _(
                "This time does not exist on that day: the clocks are moved forward. "
                "Choose another time."))
        ends_at = ends_local.astimezone(UTC)
    elif schedule.duration_minutes:
        field = "duration"
        ends_at = starts_at + timedelta(minutes=schedule.duration_minutes)
    else:
        raise ValidationFailed("end_time", _("Give an end time or a duration."))
    if ends_at <= starts_at:
        raise ValidationFailed(field, _("The meeting must end after it starts."))
    if ends_at - starts_at > MAX_LENGTH:
        raise ValidationFailed(field, _("A meeting can last at most 24 hours."))
    return starts_at, ends_at


def local_schedule(meeting: Meeting) -> Schedule:
    """The meeting's time as the edit form shows it (local date, start, end)."""
    tz = meeting.council.municipality.timezone
    starts = formatting.local(meeting.starts_at, tz)
    ends = formatting.local(meeting.ends_at, tz)
    end = ends.time() if ends.date() == starts.date() else None
    duration = None if end else int((meeting.ends_at - meeting.starts_at).total_seconds() // 60)
    return Schedule(starts.date(), starts.time(), end, duration)


# --- numbering ----------------------------------------------------------------------------------

def numbering_year(council: Council, starts_at: datetime) -> int:
    return formatting.local(starts_at, council.municipality.timezone).year


def _same_series(council: Council, year: int) -> list:
    """The meetings a number must be unique among: the council's, in the same year unless the
    municipality numbers continuously (Municipality.numbering_reset)."""
    conditions = [Meeting.council_id == council.id]
    if council.municipality.numbering_reset == NumberingReset.YEARLY:
        conditions.append(Meeting.year == year)
    return conditions


def next_number(council: Council, year: int) -> int:
    """The next free number: per council and year ("Nr. 3"), or continuous when the
    municipality never resets its numbering."""
    highest = db.session.scalar(
        select(func.max(Meeting.number)).where(*_same_series(council, year)))
    return (highest or 0) + 1


def _check_number_free(council: Council, year: int, number: int, meeting: Meeting | None) -> None:
    if number < 1:
        raise ValidationFailed("number", _("Enter a number not below %(min)s.", min=1))
    stmt = select(Meeting.id).where(*_same_series(council, year), Meeting.number == number)
    if meeting is not None and meeting.id is not None:
        stmt = stmt.where(Meeting.id != meeting.id)
    if db.session.scalar(stmt.limit(1)) is not None:
        raise ValidationFailed("number", _(
            "Number %(number)d is already used by another meeting of this council; the next "
            "free number is %(free)d.", number=number, free=next_number(council, year)))


def _flush_numbered(meeting: Meeting) -> None:
    """Flush; a number taken by a concurrent save becomes a message on the number field (the
    view rolls back, as after every ValidationFailed)."""
    try:
        db.session.flush()
    except IntegrityError as e:
        raise ValidationFailed("number", _(
            "Number %(number)d has just been used by another meeting of this council. "
            "Choose another number.", number=meeting.number)) from e


# --- notice period ------------------------------------------------------------------------------

def notice_days(meeting: Meeting, kind: MeetingKind | None = None) -> int:
    muni = meeting.council.municipality
    kind = kind or meeting.kind
    if kind == MeetingKind.EXTRAORDINARY:
        return muni.notice_days_extraordinary
    return muni.notice_days_regular


def notice_warning(meeting: Meeting, *, starts_at: datetime | None = None,
                   now: datetime | None = None) -> str | None:
    """A warning when announcing now gives less notice than the by-law asks; None when fine."""
    days = notice_days(meeting)
    starts_at = starts_at or meeting.starts_at
    now = now or utcnow()
    if days <= 0 or starts_at - now >= timedelta(days=days):
        return None
    tz = meeting.council.municipality.timezone
    when = formatting.datetime_num(starts_at, "lv", tz)
    if meeting.kind == MeetingKind.EXTRAORDINARY:
        return ngettext(
            "The by-law asks for at least %(num)d day's notice of an extraordinary meeting, "
            "but this one starts on %(when)s. Members and residents may not learn of it in time.",
            "The by-law asks for at least %(num)d days' notice of an extraordinary meeting, "
            "but this one starts on %(when)s. Members and residents may not learn of it in time.",
            days, when=when)
    return ngettext(
        "The by-law asks for at least %(num)d day's notice of a regular meeting, but this one "
        "starts on %(when)s. Members and residents may not learn of it in time.",
        "The by-law asks for at least %(num)d days' notice of a regular meeting, but this one "
        "starts on %(when)s. Members and residents may not learn of it in time.",
        days, when=when)


# --- helpers ------------------------------------------------------------------------------------

def _require_edit(meeting: Meeting, actor) -> None:
    if not can_edit_meeting(actor, meeting):
        raise NotAllowed(_("You may not do this."))


def _require_editable(meeting: Meeting) -> None:
    if meeting.status not in EDITABLE_STATUSES:
        raise InvalidTransition(_("A held or cancelled meeting can no longer be changed."))


def _require_transition(meeting: Meeting, target: MeetingStatus, message: str) -> None:
    if target not in MEETING_TRANSITIONS[meeting.status]:
        raise InvalidTransition(message)


def _summary(meeting: Meeting) -> str:
    tz = meeting.council.municipality.timezone
    return (f"{meeting.council.name}: Nr. {meeting.number}, "
            f"{formatting.datetime_num(meeting.starts_at, 'lv', tz)}")


def _check_place(place: str, online_url: str) -> None:
    if not place and not online_url:
        raise ValidationFailed("place", _("Give the place, an online link, or both."))


def note_public_change(meeting: Meeting, before: dict, *, now: datetime) -> None:
    """After a change to an announced meeting: a new SEQUENCE when subscribers see a difference,
    and the time and place as announced kept so members see the change highlighted."""
    if meeting.status == MeetingStatus.DRAFT:
        return
    if any(getattr(meeting, f) != before[f] for f in PUBLIC_FIELDS):
        meeting.sequence += 1
    moved = meeting.starts_at != before["starts_at"]
    relocated = meeting.place != before["place"]
    if moved and meeting.previous_starts_at is None:
        meeting.previous_starts_at = before["starts_at"]
    if relocated and meeting.previous_place is None:
        meeting.previous_place = before["place"]
    if meeting.previous_starts_at == meeting.starts_at:  # moved back to the announced time
        meeting.previous_starts_at = None
    if meeting.previous_place == meeting.place:
        meeting.previous_place = None
    if moved or relocated:
        meeting.changed_at = now
    if meeting.previous_starts_at is None and meeting.previous_place is None:
        meeting.changed_at = None


def agenda_changed(meeting: Meeting) -> None:
    """The public agenda is in the calendar entry: subscribers need a new SEQUENCE."""
    if meeting.status != MeetingStatus.DRAFT:
        meeting.sequence += 1


# --- writes -------------------------------------------------------------------------------------

def create_meeting(council: Council, details: MeetingDetails, *, actor) -> Meeting:
    if not can_schedule_meetings(actor, council):
        raise NotAllowed(_("You may not do this."))
    if council.status not in SCHEDULING_COUNCILS:
        raise InvalidTransition(_("A suspended or dissolved council cannot schedule meetings."))
    starts_at, ends_at = resolve_schedule(details.schedule, council.municipality.timezone)
    year = numbering_year(council, starts_at)
    number = details.number or next_number(council, year)
    _check_number_free(council, year, number, None)
    place, online_url = details.place.strip(), details.online_url.strip()
    _check_place(place, online_url)
    meeting = Meeting(
        council=council, year=year, number=number, kind=details.kind, starts_at=starts_at,
        ends_at=ends_at, place=place, online_url=online_url, is_public=details.is_public,
        status=MeetingStatus.DRAFT,
    )
    db.session.add(meeting)
    _flush_numbered(meeting)
    audit.record(actor, "meeting.create", meeting, summary=_summary(meeting), changes={
        "number": [None, number], "kind": [None, details.kind], "starts_at": [None, starts_at],
        "ends_at": [None, ends_at], "place": [None, place], "is_public": [None, details.is_public],
    })
    return meeting


def update_meeting(meeting: Meeting, details: MeetingDetails, *, actor, version,
                   acknowledge_short_notice: bool = False, now: datetime | None = None) -> Meeting:
    """Edit a draft or announced meeting. The number may change until the announcement."""
    _require_edit(meeting, actor)
    expect_version(meeting, version)
    _require_editable(meeting)
    now = now or utcnow()
    council = meeting.council
    starts_at, ends_at = resolve_schedule(details.schedule, council.municipality.timezone)
    place, online_url = details.place.strip(), details.online_url.strip()
    _check_place(place, online_url)
    if meeting.status == MeetingStatus.DRAFT:
        year = numbering_year(council, starts_at)
        same_series = (year == meeting.year
                       or council.municipality.numbering_reset == NumberingReset.NEVER)
        number = details.number or (meeting.number if same_series else next_number(council, year))
        _check_number_free(council, year, number, meeting)
        meeting.year, meeting.number = year, number
    else:
        if details.number not in (None, meeting.number):
            raise ValidationFailed("number", _(
                "The number cannot change once the meeting has been announced."))
        if starts_at != meeting.starts_at:
            if starts_at <= now:
                raise ValidationFailed("start_time", _("Choose a time in the future."))
            _warn_short_notice(meeting, starts_at, now, acknowledge_short_notice)
    before = {f: getattr(meeting, f) for f in PUBLIC_FIELDS}
    meeting.kind = details.kind
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    meeting.place, meeting.online_url = place, online_url
    meeting.is_public = details.is_public
    changes = audit.changes_of(meeting)
    note_public_change(meeting, before, now=now)
    _flush_numbered(meeting)
    audit.record(actor, "meeting.update", meeting, summary=_summary(meeting), changes=changes)
    return meeting


def _warn_short_notice(meeting: Meeting, starts_at: datetime, now: datetime,
                       acknowledged: bool) -> None:
    warning = notice_warning(meeting, starts_at=starts_at, now=now)
    if warning and not acknowledged:
        raise ShortNotice(warning)


def announce_meeting(meeting: Meeting, *, actor, acknowledge_short_notice: bool = False,
                     now: datetime | None = None) -> Meeting:
    """Publish a draft to the members, the public pages and the calendar feeds."""
    _require_edit(meeting, actor)
    _require_transition(meeting, MeetingStatus.ANNOUNCED,
                        _("Only a draft meeting can be announced."))
    now = now or utcnow()
    if meeting.starts_at <= now:
        raise ValidationFailed(None, _(
            "The time of this meeting has passed. Change the time before announcing it."))
    if not meeting.agenda_items:
        raise ValidationFailed(None, _(
            "Add at least one agenda item before announcing the meeting."))
    warning = notice_warning(meeting, now=now)
    if warning and not acknowledge_short_notice:
        raise ShortNotice(warning)
    meeting.status = MeetingStatus.ANNOUNCED
    meeting.announced_at = now
    db.session.flush()
    audit.record(actor, "meeting.announce", meeting, summary=_summary(meeting), changes={
        "status": [MeetingStatus.DRAFT, MeetingStatus.ANNOUNCED],
        "short_notice": [None, bool(warning)],
    })
    return meeting


def postpone_meeting(meeting: Meeting, schedule: Schedule, *, reason: str, actor, version,
                     acknowledge_short_notice: bool = False,
                     now: datetime | None = None) -> Meeting:
    """A new time for an announced meeting: the same record, number and calendar UID."""
    _require_edit(meeting, actor)
    expect_version(meeting, version)
    if meeting.status != MeetingStatus.ANNOUNCED:
        raise InvalidTransition(_("Only an announced meeting can be postponed."))
    now = now or utcnow()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("reason", _("Give the reason for the postponement."))
    starts_at, ends_at = resolve_schedule(schedule, meeting.council.municipality.timezone)
    if starts_at == meeting.starts_at:
        raise ValidationFailed("date", _("Choose a time other than the current one."))
    if starts_at <= now:
        raise ValidationFailed("start_time", _("Choose a time in the future."))
    _warn_short_notice(meeting, starts_at, now, acknowledge_short_notice)
    before = {f: getattr(meeting, f) for f in PUBLIC_FIELDS}
    old_start = meeting.starts_at
    meeting.postponed_from = old_start
    meeting.postpone_reason = reason
    meeting.starts_at, meeting.ends_at = starts_at, ends_at
    note_public_change(meeting, before, now=now)
    db.session.flush()
    audit.record(actor, "meeting.postpone", meeting, summary=_summary(meeting), changes={
        "starts_at": [old_start, starts_at], "reason": [None, reason]})
    return meeting


def cancel_meeting(meeting: Meeting, *, reason: str, actor) -> Meeting:
    """Cancelled meetings stay on the pages and in the feeds (STATUS:CANCELLED)."""
    _require_edit(meeting, actor)
    _require_transition(meeting, MeetingStatus.CANCELLED,
                        _("Only an announced meeting can be cancelled."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed("reason", _("Give the reason for the cancellation."))
    meeting.status = MeetingStatus.CANCELLED
    meeting.cancel_reason = reason
    meeting.sequence += 1
    db.session.flush()
    audit.record(actor, "meeting.cancel", meeting, summary=_summary(meeting), changes={
        "status": [MeetingStatus.ANNOUNCED, MeetingStatus.CANCELLED], "reason": [None, reason]})
    return meeting


def mark_held(meeting: Meeting, *, actor, now: datetime | None = None) -> Meeting:
    _require_edit(meeting, actor)
    _require_transition(meeting, MeetingStatus.HELD,
                        _("Only an announced meeting can be marked as held."))
    if meeting.starts_at > (now or utcnow()):
        raise InvalidTransition(_("A meeting can be marked as held only once it has begun."))
    meeting.status = MeetingStatus.HELD
    meeting.sequence += 1
    db.session.flush()
    audit.record(actor, "meeting.hold", meeting, summary=_summary(meeting), changes={
        "status": [MeetingStatus.ANNOUNCED, MeetingStatus.HELD]})
    return meeting


def delete_meeting(meeting: Meeting, *, actor) -> None:
    """Only a draft, which nobody outside the council has seen, may be deleted."""
    _require_edit(meeting, actor)
    if meeting.status != MeetingStatus.DRAFT:
        raise InvalidTransition(_(
            "Only a draft meeting can be deleted. An announced meeting can be cancelled."))
    audit.record(actor, "meeting.delete", meeting, summary=_summary(meeting))
    db.session.delete(meeting)
    db.session.flush()
