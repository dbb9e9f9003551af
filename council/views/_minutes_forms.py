"""The minutes pages' forms: filling them from the records, reading them into the service's
inputs, putting service errors on the right row, and the rows of a conflict notice."""

from __future__ import annotations

from flask import request
from flask_babel import gettext as _

from ..forms import apply_errors, opts
from ..forms.minutes import ItemRecordForm, MeetingRecordForm
from ..labels import label
from ..models import AttendanceStatus, Outcome, Vote
from ..services import ValidationFailed
from ..services import minutes as svc


def to_int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def apply_service_error(form, error: ValidationFailed) -> None:
    """A service error on a field, also inside a list ("attendance.3.reason")."""
    if error.field and error.field.count(".") == 2:
        name, index, sub = error.field.split(".")
        entries = getattr(form, name).entries
        if int(index) < len(entries):
            field = entries[int(index)].form[sub]
            field.errors = [*field.errors, error.message]
            form.form_errors.append(_("Please correct the marked fields."))
            return
        form.form_errors.append(error.message)
        return
    apply_errors(form, error)


def person_choices(rows, *, none_label):
    return opts([(0, none_label)] + [(r.person.id, r.person.full_name)
                                     for r in rows if r.on_roster])


def record_form(meeting, minutes, rows):
    if request.method == "POST":
        form = MeetingRecordForm()
    else:
        form = MeetingRecordForm(formdata=None, data={
            "version": minutes.version,
            "opened": svc.local_time(meeting, minutes.opened_at),
            "closed": svc.local_time(meeting, minutes.closed_at),
            "chaired_by_id": minutes.chaired_by_id or 0,
            "chair_title": minutes.chair_title,
            "recorded_by_id": minutes.recorded_by_id or 0,
            "recorder_name": minutes.recorder_name,
            "recorder_title": minutes.recorder_title,
        })
        for row in rows:
            if not row.on_roster:
                continue
            a = row.attendance
            form.attendance.append_entry({
                "person_id": row.person.id, "status": row.status.value,
                "reason": a.reason if a else "",
                "arrived": svc.local_time(meeting, a.arrived_at) if a else None,
                "left": svc.local_time(meeting, a.left_at) if a else None,
            })
        for guest in meeting.guests:
            form.guests.append_entry({"name": guest.name, "capacity": guest.capacity,
                                      "is_private": guest.is_private})
        for _blank in range(3):
            form.guests.append_entry({})
    form.chaired_by_id.choices = person_choices(rows, none_label=_("— choose —"))
    form.recorded_by_id.choices = person_choices(
        rows, none_label=_("— someone who is not a member —"))
    return form


def record_inputs(form):
    header = svc.HeaderInput(
        opened=form.opened.data, closed=form.closed.data,
        chaired_by_id=form.chaired_by_id.data or None, chair_title=form.chair_title.data,
        recorded_by_id=form.recorded_by_id.data or None,
        recorder_name=form.recorder_name.data, recorder_title=form.recorder_title.data)
    attendance = [svc.AttendanceInput(
        person_id=to_int(e.person_id.data), status=AttendanceStatus(e.status.data),
        reason=e.reason.data or "", arrived=e.arrived.data, left=e.left.data)
        for e in form.attendance]
    guests = [svc.GuestInput(name=e.form.name.data or "", capacity=e.capacity.data or "",
                             is_private=bool(e.is_private.data)) for e in form.guests]
    return header, attendance, guests


def meeting_conflict(meeting, form):
    """(label, saved, yours) rows for the attendance page's conflict notice."""
    minutes = meeting.minutes
    names = {a.person_id: a for a in meeting.attendances}
    rows = [
        (form.opened.label.text, svc.local_time(meeting, minutes.opened_at) or "",
         form.opened.data or ""),
        (form.closed.label.text, svc.local_time(meeting, minutes.closed_at) or "",
         form.closed.data or ""),
        (form.chair_title.label.text, minutes.chair_title, form.chair_title.data or ""),
        (form.recorder_title.label.text, minutes.recorder_title, form.recorder_title.data or ""),
    ]
    for entry in form.attendance:
        saved = names.get(to_int(entry.person_id.data))
        if saved is None:
            continue
        yours = AttendanceStatus(entry.status.data) if entry.status.data in {
            s.value for s in AttendanceStatus} else None
        theirs = f"{label(saved.status)} {saved.reason}".strip()
        mine = f"{label(yours)} {entry.reason.data or ''}".strip()
        rows.append((saved.person.full_name, theirs, mine))
    return [(lbl, str(a), str(b)) for lbl, a, b in rows]


def item_form(record, voters):
    if request.method == "POST":
        return ItemRecordForm()
    data = {}
    if record is not None:
        data = {
            "version": record.version, "reported_by": record.reported_by,
            "discussion_participants": record.discussion_participants,
            "discussion": record.discussion, "decision": record.decision,
            "outcome": record.outcome.value if record.outcome else "",
            "named_vote": record.named_vote, "votes_for": record.votes_for,
            "votes_against": record.votes_against, "votes_abstain": record.votes_abstain,
            "casting_vote": record.casting_vote.value if record.casting_vote else "",
        }
    form = ItemRecordForm(formdata=None, data=data)
    named = {nv.person_id: nv.vote.value for nv in record.named_votes} if record else {}
    recused = {r.person_id: r.reason for r in record.recusals} if record else {}
    for row in voters:
        pid = row.person.id
        form.members.append_entry({"person_id": pid, "vote": named.get(pid, ""),
                                   "recused": pid in recused, "reason": recused.get(pid, "")})
    return form


def item_input(form):
    def vote(value):
        return Vote(value) if value in {v.value for v in Vote} else None

    return svc.ItemInput(
        reported_by=form.reported_by.data or "",
        discussion_participants=form.discussion_participants.data or "",
        discussion=form.discussion.data or "", decision=form.decision.data or "",
        outcome=Outcome(form.outcome.data) if form.outcome.data else None,
        named_vote=bool(form.named_vote.data), votes_for=form.votes_for.data,
        votes_against=form.votes_against.data, votes_abstain=form.votes_abstain.data,
        casting_vote=vote(form.casting_vote.data),
        members=[svc.MemberVoteInput(person_id=to_int(e.person_id.data), vote=vote(e.vote.data),
                                     recused=bool(e.recused.data), reason=e.reason.data or "")
                 for e in form.members],
    )


def item_conflict(form, current):
    fields = ["reported_by", "discussion_participants", "discussion", "decision",
              "votes_for", "votes_against", "votes_abstain"]
    rows = [(form.outcome.label.text, label(current.outcome),
             label(Outcome(form.outcome.data)) if form.outcome.data else "")]
    for name in fields:
        theirs = getattr(current, name)
        rows.append((form[name].label.text, "" if theirs is None else str(theirs),
                     "" if form[name].data is None else str(form[name].data)))
    return rows
