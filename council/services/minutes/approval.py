"""Approving minutes (the chair's and secretary's signature) freezes them with the SHA-256 of
their canonical content; corrections after approval are numbered errata."""

from __future__ import annotations

from datetime import date, datetime

from flask_babel import gettext as _

from ...exports import protocol as protocol_export
from ...extensions import db
from ...models import MINUTES_TRANSITIONS, Erratum, ItemRecord, Minutes, MinutesStatus, utcnow
from ...permissions import can_approve_minutes, can_edit_council_records
from .. import InvalidTransition, NotAllowed, ValidationFailed, audit
from .common import (
    ApprovalRefused,
    ContentChanged,
    ItemInput,
    MemberVoteInput,
    MinutesLocked,
    clean_text,
    require_editor,
)
from .reading import (
    approval_meeting_choices,
    attendance_rows,
    chair_choices,
    local_today,
    record_for,
    tz_of,
)
from .voting import check_item


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
    # Anything pending on the records is written while they are still a draft: once approved,
    # the database refuses changes to them (models.guards).
    db.session.flush()
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
    require_editor(minutes.meeting, actor)
    if minutes.status != MinutesStatus.APPROVED:
        raise InvalidTransition(_("Draft minutes are corrected by editing them; errata are "
                                  "for approved minutes."))
    text = clean_text(text, "text", 5000)
    if not text:
        raise ValidationFailed("text", _("Fill in this field."))
    today = today or local_today(minutes.meeting)
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
