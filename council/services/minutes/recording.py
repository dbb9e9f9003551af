"""Recording minutes: starting the draft of a held meeting, the meeting's header and
attendance, and each agenda item's votes, recusals and outcome (checked against the quorum
and majority rules of services.quorum)."""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy.orm.attributes import flag_modified

from ...exports import protocol as protocol_export
from ...extensions import db
from ...models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Guest,
    ItemRecord,
    Meeting,
    Minutes,
    MinutesStatus,
    NamedVote,
    Position,
    Recusal,
)
from .. import InvalidTransition, NotAllowed, ValidationFailed, audit, expect_version
from ..memberships import roster_on
from .common import (
    MAX_GUESTS,
    AttendanceInput,
    GuestInput,
    HeaderInput,
    ItemInput,
    clean_text,
    require_draft,
    require_editor,
    touch,
)
from .reading import (
    PRESENT,
    AttendanceRow,
    at_local,
    attendance_rows,
    may_start,
    meeting_day,
    position_holder,
    record_for,
)
from .voting import check_item, clean_item_text


def start_minutes(meeting: Meeting, *, actor) -> Minutes:
    """Create the draft of a held meeting: attendance pre-filled from the roster on the meeting
    date (everyone present until the secretary says otherwise), one record per agenda item."""
    require_editor(meeting, actor)
    if meeting.minutes is not None:
        raise InvalidTransition(_("This meeting already has minutes."))
    if not may_start(meeting):
        raise InvalidTransition(_("Minutes can be recorded once the meeting has taken place."))
    roster = roster_on(meeting.council, meeting_day(meeting))
    chair = position_holder(roster, Position.CHAIR)
    secretary = position_holder(roster, Position.SECRETARY)
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
    require_editor(meeting, actor)
    require_draft(minutes)
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
        row_input.reason = clean_text(row_input.reason, f"attendance.{index}.reason", 300)
        _check_attendance(row_input, index)
    if header.chaired_by_id and submitted[header.chaired_by_id].status not in PRESENT:
        raise ValidationFailed("chaired_by_id",
                               _("The person chairing the meeting must be marked present."))
    guests = [g for g in guests if g.name.strip() or g.capacity.strip()]
    if len(guests) > MAX_GUESTS:
        raise ValidationFailed(None, _("Record at most %(n)d guests.", n=MAX_GUESTS))
    for index, guest in enumerate(guests):
        guest.name = clean_text(guest.name, f"guests.{index}.name", 200)
        guest.capacity = clean_text(guest.capacity, f"guests.{index}.capacity", 300)
        if not guest.name:
            raise ValidationFailed(f"guests.{index}.name", _("Fill in this field."))

    minutes.opened_at = at_local(meeting, header.opened)
    minutes.closed_at = at_local(meeting, header.closed)
    minutes.chaired_by_id = header.chaired_by_id or None
    minutes.chair_title = clean_text(header.chair_title, "chair_title", 200)
    minutes.recorded_by_id = header.recorded_by_id or None
    minutes.recorder_name = ("" if header.recorded_by_id
                             else clean_text(header.recorder_name, "recorder_name", 200))
    minutes.recorder_title = clean_text(header.recorder_title, "recorder_title", 200)
    changes = audit.changes_of(minutes)
    _save_attendance(meeting, rows, submitted)
    _save_guests(meeting, guests)
    touch(minutes)
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

def record_item(minutes: Minutes, agenda_item: AgendaItem, data: ItemInput, *, version,
                actor) -> ItemRecord:
    """Save what happened under one agenda item ("N. §")."""
    meeting = minutes.meeting
    require_editor(meeting, actor)
    require_draft(minutes)
    if agenda_item.meeting_id != meeting.id:
        raise NotAllowed(_("This item is on another meeting's agenda."))
    record = record_for(minutes, agenda_item)
    if record is not None:
        expect_version(record, version)
    clean_item_text(data)
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
