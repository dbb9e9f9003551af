"""Minutes (protokols): recording a held meeting — attendance, quorum, each agenda item's votes
and decision — approval that freezes them, and errata after approval.

Rules kept here, whatever the caller: only the council's secretaries (and admins) write; only
drafts change (a database guard refuses again, see models.minutes); votes never exceed the
voting members present and not recused; nothing is adopted without a quorum; the outcome follows
the simple majority of the votes cast, a tie going the chair's way when the municipality gives
the chair a casting vote (services.quorum).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import flag_modified

from ..exports import protocol as protocol_export
from ..extensions import db
from ..formatting import DEFAULT_TZ
from ..labels import label
from ..models import (
    MINUTES_TRANSITIONS,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Council,
    Erratum,
    Guest,
    ItemRecord,
    Meeting,
    MeetingStatus,
    Membership,
    Minutes,
    MinutesStatus,
    NamedVote,
    Outcome,
    Person,
    Position,
    Recusal,
    Vote,
    utcnow,
)
from ..permissions import (
    can_approve_minutes,
    can_edit_council_records,
    can_view_council_records,
    can_view_minutes,
)
from . import InvalidTransition, NotAllowed, ValidationFailed, audit, expect_version
from .memberships import roster_on
from .quorum import Quorum, majority

PRESENT = (AttendanceStatus.PRESENT, AttendanceStatus.REMOTE)
MAX_TEXT = 20_000
MAX_GUESTS = 50


class MinutesLocked(InvalidTransition):
    """The minutes are approved: corrections are errata."""


class ContentChanged(InvalidTransition):
    """The minutes changed since the approver looked at them."""


class ApprovalRefused(ValidationFailed):
    """The minutes are not complete or consistent enough to approve; ``problems`` says why."""

    def __init__(self, problems: list[str]):
        super().__init__(None, " ".join(problems))
        self.problems = problems


# --- inputs ---------------------------------------------------------------------------------

@dataclass
class AttendanceInput:
    person_id: int
    status: AttendanceStatus
    reason: str = ""
    arrived: time | None = None
    left: time | None = None


@dataclass
class GuestInput:
    name: str
    capacity: str = ""
    is_private: bool = False


@dataclass
class HeaderInput:
    opened: time | None = None
    closed: time | None = None
    chaired_by_id: int | None = None
    chair_title: str = ""
    recorded_by_id: int | None = None
    recorder_name: str = ""
    recorder_title: str = ""


@dataclass
class MemberVoteInput:
    person_id: int
    vote: Vote | None = None
    recused: bool = False
    reason: str = ""


@dataclass
class ItemInput:
    reported_by: str = ""
    discussion_participants: str = ""
    discussion: str = ""
    decision: str = ""
    outcome: Outcome | None = None
    named_vote: bool = False
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None
    casting_vote: Vote | None = None
    members: list[MemberVoteInput] = field(default_factory=list)


# --- reading --------------------------------------------------------------------------------

def load_meeting(meeting_id: int) -> Meeting | None:
    """A meeting with everything its minutes show, loaded in a fixed number of queries."""
    stmt = (
        select(Meeting).where(Meeting.id == meeting_id)
        .options(
            joinedload(Meeting.council).joinedload(Council.municipality),
            selectinload(Meeting.agenda_items),
            selectinload(Meeting.attendances).joinedload(Attendance.person),
            selectinload(Meeting.guests),
            selectinload(Meeting.minutes).options(
                joinedload(Minutes.chaired_by), joinedload(Minutes.recorded_by),
                joinedload(Minutes.approved_by), joinedload(Minutes.approved_by_chair),
                joinedload(Minutes.approved_at_meeting),
                selectinload(Minutes.item_records).options(
                    selectinload(ItemRecord.named_votes).joinedload(NamedVote.person),
                    selectinload(ItemRecord.recusals).joinedload(Recusal.person),
                ),
                selectinload(Minutes.errata).joinedload(Erratum.author),
            ),
        )
    )
    return db.session.scalars(stmt).first()


def tz_of(meeting: Meeting) -> ZoneInfo:
    return ZoneInfo(meeting.council.municipality.timezone or DEFAULT_TZ)


def meeting_day(meeting: Meeting) -> date:
    return meeting.starts_at.astimezone(tz_of(meeting)).date()


def local_time(meeting: Meeting, value: datetime | None) -> time | None:
    return value.astimezone(tz_of(meeting)).time().replace(second=0, microsecond=0) \
        if value else None


def at_local(meeting: Meeting, value: time | None) -> datetime | None:
    """A time of day on the meeting date, in the municipality's zone, as aware UTC."""
    if value is None:
        return None
    return datetime.combine(meeting_day(meeting), value, tzinfo=tz_of(meeting)).astimezone(UTC)


@dataclass
class AttendanceRow:
    """One member on the roster of the meeting date, with what was recorded for them."""

    person: Person
    voting: bool
    position: Position | None
    attendance: Attendance | None
    on_roster: bool = True

    @property
    def status(self) -> AttendanceStatus:
        return self.attendance.status if self.attendance else AttendanceStatus.PRESENT

    @property
    def present(self) -> bool:
        return self.attendance is not None and self.attendance.status in PRESENT


def attendance_rows(meeting: Meeting) -> list[AttendanceRow]:
    """Drafts: the roster on the meeting date (a member who joined later is not listed) with
    their attendance. Approved minutes: the attendance recorded then (a frozen snapshot)."""
    recorded = {a.person_id: a for a in meeting.attendances}
    minutes = meeting.minutes
    if minutes is not None and minutes.status == MinutesStatus.APPROVED:
        rows = [AttendanceRow(a.person, a.voting, None, a) for a in recorded.values()]
        return sorted(rows, key=lambda r: protocol_export.lv_sort_key(r.person.full_name))
    rows = [AttendanceRow(m.person, m.voting, m.position, recorded.pop(m.person_id, None))
            for m in roster_on(meeting.council, meeting_day(meeting))]
    rows += [AttendanceRow(a.person, a.voting, None, a, on_roster=False)
             for a in recorded.values()]
    return rows


def meeting_quorum(meeting: Meeting, rows: list[AttendanceRow]) -> Quorum:
    voting = [r for r in rows if r.voting and r.on_roster]
    return Quorum(total=len(voting), present=sum(1 for r in voting if r.present),
                  rule=meeting.council.municipality.quorum_rule)


def item_quorum(meeting: Meeting, rows: list[AttendanceRow], recused: set[int]) -> Quorum:
    """A member with a conflict of interest is not counted as present for the item."""
    voting = [r for r in rows if r.voting and r.on_roster]
    present = sum(1 for r in voting if r.present and r.person.id not in recused)
    return Quorum(total=len(voting), present=present,
                  rule=meeting.council.municipality.quorum_rule)


def eligible_voters(rows: list[AttendanceRow]) -> list[AttendanceRow]:
    """Voting members present (in the room or remotely): who may vote or recuse on an item."""
    return [r for r in rows if r.voting and r.on_roster and r.present]


def record_for(minutes: Minutes | None, agenda_item: AgendaItem) -> ItemRecord | None:
    if minutes is None:
        return None
    return next((r for r in minutes.item_records if r.agenda_item_id == agenda_item.id), None)


def protocol_for(meeting: Meeting, user) -> protocol_export.Protocol:
    """The protocol as this user may see it: members get the full one, others the public one."""
    public = not can_view_council_records(user, meeting.council)
    quorum = meeting_quorum(meeting, attendance_rows(meeting))
    return protocol_export.build(meeting.minutes, public=public, quorum=quorum,
                                 tz=str(tz_of(meeting)))


def may_start(meeting: Meeting, now: datetime | None = None) -> bool:
    """Minutes are recorded once the meeting has been held (or has begun)."""
    now = now or utcnow()
    return meeting.minutes is None and (
        meeting.status == MeetingStatus.HELD
        or (meeting.status == MeetingStatus.ANNOUNCED and meeting.starts_at <= now)
    )


@dataclass(frozen=True)
class MeetingSection:
    """What the meeting page shows about its minutes (templates/minutes/_meeting_section.html).
    The meetings view passes ``meeting_section(meeting, current_user)`` as ``minutes_section``."""

    meeting_id: int
    status: MinutesStatus | None
    can_view: bool
    can_start: bool
    can_edit: bool
    can_approve: bool
    can_add_erratum: bool
    errata: int


def meeting_section(meeting: Meeting, user) -> MeetingSection:
    minutes = meeting.minutes
    editor = can_edit_council_records(user, meeting.council)
    draft = minutes is not None and minutes.status == MinutesStatus.DRAFT
    return MeetingSection(
        meeting_id=meeting.id,
        status=minutes.status if minutes else None,
        can_view=minutes is not None and can_view_minutes(user, minutes),
        can_start=editor and may_start(meeting),
        can_edit=editor and draft,
        can_approve=draft and can_approve_minutes(user, minutes),
        can_add_erratum=editor and minutes is not None and not draft,
        errata=len(minutes.errata) if minutes else 0,
    )


def approval_meeting_choices(meeting: Meeting) -> list[Meeting]:
    """Later meetings of the council at which these minutes may have been approved."""
    stmt = (
        select(Meeting)
        .where(Meeting.council_id == meeting.council_id, Meeting.starts_at > meeting.starts_at,
               Meeting.status.in_((MeetingStatus.ANNOUNCED, MeetingStatus.HELD)))
        .order_by(Meeting.starts_at).limit(12)
    )
    return list(db.session.scalars(stmt))


# --- checks ---------------------------------------------------------------------------------

def _require_editor(meeting: Meeting, actor) -> None:
    if not can_edit_council_records(actor, meeting.council):
        raise NotAllowed(_("Only the council's secretary may record its minutes."))


def _require_draft(minutes: Minutes) -> None:
    if minutes.status != MinutesStatus.DRAFT:
        raise MinutesLocked(_("These minutes are approved and can no longer be changed. "
                              "Corrections are added as errata."))


def _text(value: str | None, field_name: str, limit: int) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise ValidationFailed(field_name, _("Use at most %(max)d characters.", max=limit))
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value):
        raise ValidationFailed(field_name,
                               _("The text contains characters that are not allowed."))
    return value


def _touch(minutes: Minutes) -> None:
    """Every change of a draft bumps its version (optimistic locking of the whole record)."""
    minutes.updated_at = utcnow()


# --- starting -------------------------------------------------------------------------------

def _position_holder(roster: list[Membership], position: Position) -> Membership | None:
    return next((m for m in roster if m.position == position), None)


def start_minutes(meeting: Meeting, *, actor) -> Minutes:
    """Create the draft of a held meeting: attendance pre-filled from the roster on the meeting
    date (everyone present until the secretary says otherwise), one record per agenda item."""
    _require_editor(meeting, actor)
    if meeting.minutes is not None:
        raise InvalidTransition(_("This meeting already has minutes."))
    if not may_start(meeting):
        raise InvalidTransition(_("Minutes can be recorded once the meeting has taken place."))
    roster = roster_on(meeting.council, meeting_day(meeting))
    chair = _position_holder(roster, Position.CHAIR)
    secretary = _position_holder(roster, Position.SECRETARY)
    minutes = Minutes(
        meeting=meeting, status=MinutesStatus.DRAFT,
        opened_at=meeting.starts_at, closed_at=meeting.ends_at,
        chaired_by=chair.person if chair else None,
        chair_title=protocol_export.default_title(Position.CHAIR, chair.person.full_name)
        if chair else "",
        recorded_by=secretary.person if secretary else None,
        recorder_title=protocol_export.default_title(Position.SECRETARY,
                                                     secretary.person.full_name)
        if secretary else "",
    )
    db.session.add(minutes)
    if not meeting.attendances:
        for m in roster:
            db.session.add(Attendance(meeting=meeting, person=m.person, voting=m.voting,
                                      status=AttendanceStatus.PRESENT))
    for item in meeting.agenda_items:
        db.session.add(ItemRecord(minutes=minutes, agenda_item=item,
                                  reported_by=item.presenter or ""))
    db.session.flush()
    audit.record(actor, "minutes.start", minutes,
                 summary=f"{meeting.council.name}, Nr. {meeting.number}/{meeting.year}",
                 changes={"status": [None, MinutesStatus.DRAFT],
                          "attendance": [None, len(roster)]})
    return minutes


# --- attendance and the meeting's header ----------------------------------------------------

def _check_header(meeting: Meeting, header: HeaderInput,
                  by_person: dict[int, AttendanceRow]) -> None:
    if header.opened and header.closed and header.closed <= header.opened:
        raise ValidationFailed("closed", _("The meeting cannot close before it opens."))
    chair = by_person.get(header.chaired_by_id) if header.chaired_by_id else None
    if header.chaired_by_id and chair is None:
        raise ValidationFailed("chaired_by_id", _("Choose a member of the council."))
    if header.recorded_by_id and header.recorded_by_id not in by_person:
        raise ValidationFailed("recorded_by_id", _("Choose a member of the council."))


def _check_attendance(row_input: AttendanceInput, index: int) -> None:
    prefix = f"attendance.{index}."
    if row_input.status == AttendanceStatus.EXCUSED and not row_input.reason:
        raise ValidationFailed(prefix + "reason",
                               _("Give the reason for the excused absence, e.g. "
                                 "“slimības dēļ”."))
    if row_input.status not in PRESENT and (row_input.arrived or row_input.left):
        raise ValidationFailed(prefix + "arrived",
                               _("Arrival and departure times are only for those who "
                                 "attended."))
    if row_input.arrived and row_input.left and row_input.left <= row_input.arrived:
        raise ValidationFailed(prefix + "left",
                               _("The departure time must be after the arrival time."))


def record_meeting(minutes: Minutes, *, header: HeaderInput,
                   attendance: list[AttendanceInput], guests: list[GuestInput],
                   version, actor) -> Minutes:
    """Save the meeting's opening and closing times, chair, recorder, attendance and guests."""
    meeting = minutes.meeting
    _require_editor(meeting, actor)
    _require_draft(minutes)
    expect_version(minutes, version)
    rows = attendance_rows(meeting)
    on_roster = {r.person.id: r for r in rows if r.on_roster}
    _check_header(meeting, header, on_roster)
    submitted = {a.person_id: a for a in attendance}
    if set(submitted) != set(on_roster):
        raise ValidationFailed(None, _("The council's roster for the meeting date has changed "
                                       "since the page was opened. Reload the page and enter "
                                       "the attendance again."))
    for index, row_input in enumerate(attendance):
        row_input.reason = _text(row_input.reason, f"attendance.{index}.reason", 300)
        _check_attendance(row_input, index)
    if header.chaired_by_id and submitted[header.chaired_by_id].status not in PRESENT:
        raise ValidationFailed("chaired_by_id",
                               _("The person chairing the meeting must be marked present."))
    guests = [g for g in guests if g.name.strip() or g.capacity.strip()]
    if len(guests) > MAX_GUESTS:
        raise ValidationFailed(None, _("Record at most %(n)d guests.", n=MAX_GUESTS))
    for index, guest in enumerate(guests):
        guest.name = _text(guest.name, f"guests.{index}.name", 200)
        guest.capacity = _text(guest.capacity, f"guests.{index}.capacity", 300)
        if not guest.name:
            raise ValidationFailed(f"guests.{index}.name", _("Fill in this field."))

    minutes.opened_at = at_local(meeting, header.opened)
    minutes.closed_at = at_local(meeting, header.closed)
    minutes.chaired_by_id = header.chaired_by_id or None
    minutes.chair_title = _text(header.chair_title, "chair_title", 200)
    minutes.recorded_by_id = header.recorded_by_id or None
    minutes.recorder_name = ("" if header.recorded_by_id
                             else _text(header.recorder_name, "recorder_name", 200))
    minutes.recorder_title = _text(header.recorder_title, "recorder_title", 200)
    changes = audit.changes_of(minutes)
    _save_attendance(meeting, rows, submitted)
    _save_guests(meeting, guests)
    _touch(minutes)
    db.session.flush()
    absent = sum(1 for a in attendance if a.status not in PRESENT)
    changes["attendance"] = [None, f"{len(attendance) - absent} present, {absent} absent"]
    changes["guests"] = [None, len(guests)]
    audit.record(actor, "minutes.attendance", minutes,
                 summary=f"{meeting.council.name}, Nr. {meeting.number}/{meeting.year}",
                 changes=changes)
    return minutes


def _save_attendance(meeting: Meeting, rows: list[AttendanceRow],
                     submitted: dict[int, AttendanceInput]) -> None:
    for row in rows:
        if not row.on_roster:  # no longer on the roster of the meeting date
            meeting.attendances.remove(row.attendance)
            continue
        given = submitted[row.person.id]
        attendance = row.attendance
        if attendance is None:
            attendance = Attendance(meeting=meeting, person=row.person)
            db.session.add(attendance)
        attendance.voting = row.voting
        attendance.status = given.status
        attendance.reason = given.reason if given.status not in PRESENT else ""
        attendance.arrived_at = at_local(meeting, given.arrived)
        attendance.left_at = at_local(meeting, given.left)


def _save_guests(meeting: Meeting, guests: list[GuestInput]) -> None:
    existing = list(meeting.guests)
    for position, given in enumerate(guests, start=1):
        guest = existing[position - 1] if position <= len(existing) else None
        if guest is None:
            guest = Guest(meeting=meeting)
            db.session.add(guest)
        guest.name, guest.capacity = given.name, given.capacity
        guest.is_private, guest.position = given.is_private, position
    for guest in existing[len(guests):]:
        meeting.guests.remove(guest)


# --- one agenda item ------------------------------------------------------------------------

@dataclass
class _Votes:
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None
    chair_vote: Vote | None


def _named_votes(data: ItemInput, voters: dict[int, AttendanceRow],
                 chair_id: int | None) -> _Votes:
    cast = [m for m in data.members if m.vote is not None and not m.recused]
    if not cast:
        raise ValidationFailed("named_vote", _("Choose each member's vote, or record the "
                                               "vote as counts instead."))
    count = {v: sum(1 for m in cast if m.vote == v) for v in Vote}
    chair_vote = next((m.vote for m in cast if m.person_id == chair_id), None)
    return _Votes(count[Vote.FOR], count[Vote.AGAINST], count[Vote.ABSTAIN], chair_vote)


def _counted_votes(data: ItemInput, voters: dict[int, AttendanceRow],
                   chair_id: int | None) -> _Votes:
    counts = (data.votes_for, data.votes_against, data.votes_abstain)
    if all(c is None for c in counts):
        if data.casting_vote is not None:
            raise ValidationFailed("casting_vote", _("Enter the votes first."))
        return _Votes(None, None, None, None)
    for name, value in zip(("votes_for", "votes_against", "votes_abstain"), counts,
                           strict=True):
        if value is not None and value < 0:
            raise ValidationFailed(name, _("A number of votes cannot be negative."))
    votes = _Votes(*(c or 0 for c in counts), chair_vote=None)
    if data.casting_vote is not None:
        if chair_id not in voters:
            raise ValidationFailed("casting_vote", _("The person chairing the meeting does "
                                                     "not vote on this item."))
        given = {Vote.FOR: votes.votes_for, Vote.AGAINST: votes.votes_against,
                 Vote.ABSTAIN: votes.votes_abstain}[data.casting_vote]
        if given < 1:
            raise ValidationFailed("casting_vote", _("The chair's vote must be one of the "
                                                     "votes counted."))
        votes.chair_vote = data.casting_vote
    return votes


def _check_outcome(meeting: Meeting, data: ItemInput, votes: _Votes, quorum: Quorum,
                   chair_votes: bool) -> None:
    outcome = data.outcome
    if outcome == Outcome.ADOPTED and not quorum.reached:
        raise ValidationFailed("outcome", _(
            "Without a quorum nothing can be adopted: %(present)d of %(total)d voting members "
            "may take part in this item, %(required)d are needed.",
            present=quorum.present, total=quorum.total, required=quorum.required))
    if outcome not in (Outcome.ADOPTED, Outcome.REJECTED):
        return
    if votes.votes_for is None:
        raise ValidationFailed("votes_for", _("A decision is adopted or rejected by a vote: "
                                              "enter the votes."))
    casting = meeting.council.municipality.chair_casting_vote
    tie = votes.votes_for == votes.votes_against
    if tie and casting and chair_votes and votes.chair_vote is None:
        raise ValidationFailed("casting_vote", _(
            "The votes are tied and the chair's vote decides: record how the chair voted."))
    expected = majority(votes.votes_for, votes.votes_against, chair_vote=votes.chair_vote,
                        chair_casting_vote=casting)
    if expected.outcome == outcome:
        return
    if expected.tie and expected.decided_by_chair:
        reason = _("The votes are tied and the chair, whose vote decides, voted %(vote)s.",
                   vote=label(votes.chair_vote))
    elif expected.tie and casting:
        reason = _("The votes are tied and the chair did not vote for or against, so the "
                   "decision is not adopted.")
    elif expected.tie:
        reason = _("The votes are tied and the by-law gives the chair no casting vote, so the "
                   "decision is not adopted.")
    else:
        reason = _("A decision needs more votes for than against (abstentions are not votes "
                   "cast): %(in_favour)d for, %(against)d against.",
                   in_favour=votes.votes_for, against=votes.votes_against)
    raise ValidationFailed("outcome", _("The outcome must be “%(expected)s”. %(reason)s",
                                        expected=label(expected.outcome), reason=reason))


def _clean_item_text(data: ItemInput) -> None:
    data.reported_by = _text(data.reported_by, "reported_by", 200)
    data.discussion_participants = _text(data.discussion_participants,
                                         "discussion_participants", 500)
    data.discussion = _text(data.discussion, "discussion", MAX_TEXT)
    data.decision = _text(data.decision, "decision", MAX_TEXT)
    for index, member in enumerate(data.members):
        member.reason = _text(member.reason, f"members.{index}.reason", 300)


def check_item(meeting: Meeting, rows: list[AttendanceRow], data: ItemInput,
               chair_id: int | None) -> _Votes:
    """The rules for one item's votes and outcome; returns the counts to store."""
    voters = {r.person.id: r for r in eligible_voters(rows)}
    for index, member in enumerate(data.members):
        if member.person_id not in voters:
            raise ValidationFailed(f"members.{index}.vote", _(
                "Only voting members present at the meeting vote or declare a conflict of "
                "interest. Reload the page if the attendance has changed."))
        if member.recused and member.vote is not None and data.named_vote:
            raise ValidationFailed(f"members.{index}.vote", _(
                "A member with a conflict of interest does not vote on the item."))
    recused = {m.person_id for m in data.members if m.recused}
    allowed = {pid: r for pid, r in voters.items() if pid not in recused}
    votes = (_named_votes(data, allowed, chair_id) if data.named_vote
             else _counted_votes(data, allowed, chair_id))
    cast = sum(v or 0 for v in (votes.votes_for, votes.votes_against, votes.votes_abstain))
    if cast > len(allowed):
        raise ValidationFailed("votes_for", _(
            "%(cast)d votes recorded, but only %(allowed)d voting members present may vote on "
            "this item (%(recused)d declared a conflict of interest).",
            cast=cast, allowed=len(allowed), recused=len(recused)))
    quorum = item_quorum(meeting, rows, recused)
    _check_outcome(meeting, data, votes, quorum, chair_votes=chair_id in allowed)
    return votes


def record_item(minutes: Minutes, agenda_item: AgendaItem, data: ItemInput, *, version,
                actor) -> ItemRecord:
    """Save what happened under one agenda item ("N. §")."""
    meeting = minutes.meeting
    _require_editor(meeting, actor)
    _require_draft(minutes)
    if agenda_item.meeting_id != meeting.id:
        raise NotAllowed(_("This item is on another meeting's agenda."))
    record = record_for(minutes, agenda_item)
    if record is not None:
        expect_version(record, version)
    _clean_item_text(data)
    votes = check_item(meeting, attendance_rows(meeting), data, minutes.chaired_by_id)
    if record is None:
        record = ItemRecord(minutes=minutes, agenda_item=agenda_item)
        db.session.add(record)
    record.reported_by = data.reported_by
    record.discussion_participants = data.discussion_participants
    record.discussion = data.discussion
    record.decision = data.decision
    record.outcome = data.outcome
    record.named_vote = data.named_vote
    record.votes_for, record.votes_against = votes.votes_for, votes.votes_against
    record.votes_abstain = votes.votes_abstain
    record.casting_vote = None if data.named_vote else votes.chair_vote
    changes = audit.changes_of(record)
    _save_named_votes(record, data)
    _save_recusals(record, data)
    if record.id is not None:
        flag_modified(record, "discussion")  # a change of votes alone bumps the version too
    db.session.flush()
    audit.record(actor, "minutes.item", record,
                 summary=f"{agenda_item.position}. § {agenda_item.title}"[:200],
                 changes=changes)
    return record


def _save_named_votes(record: ItemRecord, data: ItemInput) -> None:
    wanted = ({m.person_id: m.vote for m in data.members if m.vote is not None and not m.recused}
              if data.named_vote else {})
    for nv in list(record.named_votes):
        if nv.person_id not in wanted:
            record.named_votes.remove(nv)
        else:
            nv.vote = wanted.pop(nv.person_id)
    for person_id, vote in wanted.items():
        record.named_votes.append(NamedVote(person_id=person_id, vote=vote))


def _save_recusals(record: ItemRecord, data: ItemInput) -> None:
    wanted = {m.person_id: m.reason for m in data.members if m.recused}
    for recusal in list(record.recusals):
        if recusal.person_id not in wanted:
            record.recusals.remove(recusal)
        else:
            recusal.reason = wanted.pop(recusal.person_id)
    for person_id, reason in wanted.items():
        record.recusals.append(Recusal(person_id=person_id, reason=reason))


# --- approval -------------------------------------------------------------------------------

def _item_as_input(record: ItemRecord) -> ItemInput:
    named = {nv.person_id: nv.vote for nv in record.named_votes}
    recused = {r.person_id: r.reason for r in record.recusals}
    members = [MemberVoteInput(pid, named.get(pid), pid in recused, recused.get(pid, ""))
               for pid in sorted(set(named) | set(recused))]
    return ItemInput(outcome=record.outcome, named_vote=record.named_vote,
                     votes_for=record.votes_for, votes_against=record.votes_against,
                     votes_abstain=record.votes_abstain, casting_vote=record.casting_vote,
                     members=members)


def approval_problems(minutes: Minutes) -> list[str]:
    """Why these minutes cannot be approved yet (empty: they can)."""
    meeting = minutes.meeting
    rows = attendance_rows(meeting)
    problems = []
    if minutes.opened_at is None or minutes.closed_at is None:
        problems.append(_("Enter the times the meeting opened and closed."))
    if minutes.chaired_by_id is None:
        problems.append(_("Choose who chaired the meeting."))
    if minutes.recorded_by_id is None and not minutes.recorder_name:
        problems.append(_("Enter who recorded the minutes."))
    missing = [r.person.full_name for r in rows if r.on_roster and r.attendance is None]
    stale = [r.person.full_name for r in rows if not r.on_roster]
    if missing or stale:
        problems.append(_("The attendance does not match the roster of the meeting date "
                          "(%(names)s): save the attendance again.",
                          names=", ".join(missing + stale)))
    for number, item in enumerate(meeting.agenda_items, start=1):
        record = record_for(minutes, item)
        if record is None or record.outcome is None:
            problems.append(_("%(number)d. § “%(title)s”: choose the outcome.",
                              number=number, title=item.title))
            continue
        try:
            check_item(meeting, rows, _item_as_input(record), minutes.chaired_by_id)
        except ValidationFailed as e:
            problems.append(_("%(number)d. § “%(title)s”: %(problem)s",
                              number=number, title=item.title, problem=e.message))
    return problems


def chair_choices(minutes: Minutes) -> list[Person]:
    """Who may be recorded as the chair approving the minutes: the roster of the meeting
    date (chair first), and whoever chairs the council today."""
    meeting = minutes.meeting
    people = [m.person for m in roster_on(meeting.council, meeting_day(meeting))]
    today_chair = _position_holder(roster_on(meeting.council, date.today()), Position.CHAIR)
    if today_chair and today_chair.person not in people:
        people.insert(0, today_chair.person)
    return people


def default_chair(minutes: Minutes) -> Person | None:
    meeting = minutes.meeting
    holder = _position_holder(roster_on(meeting.council, date.today()), Position.CHAIR)
    return holder.person if holder else minutes.chaired_by


def approve(minutes: Minutes, *, chair_person_id: int | None,
            approved_at_meeting_id: int | None, seen_hash: str | None, actor,
            now: datetime | None = None) -> Minutes:
    """Approve (sign) the minutes: they are frozen and their content hash is stored."""
    meeting = minutes.meeting
    if not can_approve_minutes(actor, minutes):
        raise NotAllowed(_("Minutes are approved by the council's chair and secretary."))
    if MinutesStatus.APPROVED not in MINUTES_TRANSITIONS[minutes.status]:
        raise MinutesLocked(_("These minutes are already approved."))
    digest = protocol_export.content_hash(minutes)
    if seen_hash != digest:
        raise ContentChanged(_("The minutes changed after you opened this page. Read them "
                               "again before approving."))
    problems = approval_problems(minutes)
    if problems:
        raise ApprovalRefused(problems)
    chairs = {p.id: p for p in chair_choices(minutes)}
    if actor.person_id is not None and not can_edit_council_records(actor, meeting.council):
        chair_person_id = actor.person_id  # the chair approves in person
    if chair_person_id not in chairs:
        raise ValidationFailed("chair_person_id", _("Choose the chair who signs the minutes."))
    later = None
    if approved_at_meeting_id:
        later = next((m for m in approval_meeting_choices(meeting)
                      if m.id == approved_at_meeting_id), None)
        if later is None:
            raise ValidationFailed("approved_at_meeting_id",
                                   _("Choose a later meeting of this council."))
    minutes.status = MinutesStatus.APPROVED
    minutes.approved_at = now or utcnow()
    minutes.approved_by = actor
    minutes.approved_by_chair = chairs[chair_person_id]
    minutes.approved_at_meeting = later
    minutes.content_hash = digest
    db.session.flush()
    audit.record(actor, "minutes.approve", minutes,
                 summary=f"{meeting.council.name}, Nr. {meeting.number}/{meeting.year}",
                 changes={"status": [MinutesStatus.DRAFT, MinutesStatus.APPROVED],
                          "content_hash": [None, digest],
                          "approved_by_chair": [None, chairs[chair_person_id].full_name],
                          "approved_at_meeting": [None, later.id if later else None]})
    return minutes


# --- errata ---------------------------------------------------------------------------------

def add_erratum(minutes: Minutes, *, text: str, on_date: date | None, actor,
                today: date | None = None) -> Erratum:
    """A numbered, dated, authored correction of approved minutes (never an edit)."""
    _require_editor(minutes.meeting, actor)
    if minutes.status != MinutesStatus.APPROVED:
        raise InvalidTransition(_("Draft minutes are corrected by editing them; errata are "
                                  "for approved minutes."))
    text = _text(text, "text", 5000)
    if not text:
        raise ValidationFailed("text", _("Fill in this field."))
    today = today or date.today()
    on_date = on_date or today
    approved_on = minutes.approved_at.astimezone(tz_of(minutes.meeting)).date()
    if on_date < approved_on or on_date > today:
        raise ValidationFailed("on_date", _("The date must be between the approval "
                                            "(%(approved)s) and today.",
                                            approved=approved_on.strftime("%d.%m.%Y.")))
    number = max((e.number for e in minutes.errata), default=0) + 1
    erratum = Erratum(minutes=minutes, number=number, on_date=on_date, text=text, author=actor)
    db.session.add(erratum)
    db.session.flush()
    audit.record(actor, "minutes.erratum", erratum, summary=f"Nr. {number}: {text[:120]}",
                 changes={"number": [None, number], "text": [None, text]})
    return erratum
