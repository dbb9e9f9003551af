"""Minutes: the protocol as HTML and Word, recording a held meeting, approval, errata."""

from __future__ import annotations

from io import BytesIO

from flask import Blueprint, abort, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import formatting
from ..errors import render_error
from ..exports import minutes_docx
from ..exports import protocol as protocol_export
from ..extensions import db
from ..forms import ConfirmForm, apply_errors, opts
from ..forms.minutes import ApproveForm, ErratumForm, ItemRecordForm, MeetingRecordForm
from ..i18n import current_locale
from ..labels import label
from ..models import AttendanceStatus, MinutesStatus, Outcome, Vote
from ..models.minutes import MinutesFrozen
from ..permissions import (
    can_approve_minutes,
    can_edit_council_records,
    can_view_meeting,
    can_view_minutes,
    require,
)
from ..services import InvalidTransition, NotAllowed, StaleVersion, ValidationFailed
from ..services import minutes as svc
from ._conflict import refresh_version

bp = Blueprint("minutes", __name__, url_prefix="/meetings")

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.app_errorhandler(MinutesFrozen)
def _frozen(_e):
    """The database guard caught a change the services should have refused."""
    db.session.rollback()
    return render_error(409, _("These minutes are approved"),
                        _("Approved minutes can no longer be changed. Corrections are added as "
                          "errata."))


@bp.context_processor
def _helpers():
    return {"decision_lines": minutes_docx.decision_lines,
            "outcome_label": lambda value: label(Outcome(value)) if value else ""}


# --- loading --------------------------------------------------------------------------------

def _meeting(meeting_id: int):
    meeting = svc.load_meeting(meeting_id)
    if meeting is None or not can_view_meeting(current_user, meeting):
        abort(404)
    return meeting


def _visible_minutes(meeting):
    """Drafts (and minutes of closed meetings) are 404 for those who may not see them."""
    minutes = meeting.minutes
    if minutes is None or not can_view_minutes(current_user, minutes):
        abort(404)
    return minutes


def _editable(meeting_id: int):
    """(meeting, minutes) for a secretary's write; approved minutes are refused here too."""
    meeting = _meeting(meeting_id)
    require(can_edit_council_records(current_user, meeting.council))
    minutes = meeting.minutes
    if minutes is None:
        abort(404)
    if minutes.status != MinutesStatus.DRAFT:
        return meeting, minutes, _locked(meeting)
    return meeting, minutes, None


def _locked(meeting):
    message = _("These minutes are approved and can no longer be changed. Corrections are "
                "added as errata.")
    if request.method == "POST":
        return render_error(409, _("These minutes are approved"), message)
    flash(message, "error")
    return redirect(url_for("minutes.show", meeting_id=meeting.id))


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _apply(form, error: ValidationFailed) -> None:
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


# --- reading --------------------------------------------------------------------------------

@bp.route("/<int:meeting_id>/minutes")
def show(meeting_id):
    meeting = _meeting(meeting_id)
    if meeting.minutes is None and can_edit_council_records(current_user, meeting.council):
        return render_template("minutes/start.html", meeting=meeting,
                               can_start=svc.may_start(meeting), form=ConfirmForm())
    minutes = _visible_minutes(meeting)
    protocol = svc.protocol_for(meeting, current_user)
    return render_template("minutes/show.html", meeting=meeting, minutes=minutes,
                           protocol=protocol, section=svc.meeting_section(meeting, current_user))


@bp.route("/<int:meeting_id>/minutes.docx")
def document(meeting_id):
    meeting = _meeting(meeting_id)
    _visible_minutes(meeting)
    protocol = svc.protocol_for(meeting, current_user)
    data = minutes_docx.build(protocol)
    suffix = "-projekts" if protocol.draft else ""
    name = f"{meeting.council.slug}-protokols-{meeting.year}-nr-{meeting.number}{suffix}.docx"
    return send_file(BytesIO(data), mimetype=DOCX_MIME, as_attachment=True, download_name=name)


# --- recording ------------------------------------------------------------------------------

@bp.route("/<int:meeting_id>/minutes/start", methods=["POST"])
@login_required
def start(meeting_id):
    meeting = _meeting(meeting_id)
    require(can_edit_council_records(current_user, meeting.council))
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        svc.start_minutes(meeting, actor=current_user)
    except InvalidTransition as e:
        db.session.rollback()
        flash(e.message, "error")
        return redirect(url_for("minutes.show", meeting_id=meeting_id))
    db.session.commit()
    flash(_("The draft minutes have been started. Attendance is filled in from the roster of "
            "the meeting date: mark who was absent."), "success")
    return redirect(url_for("minutes.edit", meeting_id=meeting_id))


def _person_choices(rows, *, none_label):
    return opts([(0, none_label)] + [(r.person.id, r.person.full_name)
                                     for r in rows if r.on_roster])


def _record_form(meeting, minutes, rows):
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
    form.chaired_by_id.choices = _person_choices(rows, none_label=_("— choose —"))
    form.recorded_by_id.choices = _person_choices(
        rows, none_label=_("— someone who is not a member —"))
    return form


def _record_inputs(form):
    header = svc.HeaderInput(
        opened=form.opened.data, closed=form.closed.data,
        chaired_by_id=form.chaired_by_id.data or None, chair_title=form.chair_title.data,
        recorded_by_id=form.recorded_by_id.data or None,
        recorder_name=form.recorder_name.data, recorder_title=form.recorder_title.data)
    attendance = [svc.AttendanceInput(
        person_id=_int(e.person_id.data), status=AttendanceStatus(e.status.data),
        reason=e.reason.data or "", arrived=e.arrived.data, left=e.left.data)
        for e in form.attendance]
    guests = [svc.GuestInput(name=e.form.name.data or "", capacity=e.capacity.data or "",
                             is_private=bool(e.is_private.data)) for e in form.guests]
    return header, attendance, guests


def _edit_page(meeting, form, status=200, conflict=None):
    rows = svc.attendance_rows(meeting)
    by_id = {r.person.id: r for r in rows}
    entries = [(entry, by_id.get(_int(entry.person_id.data))) for entry in form.attendance]
    return render_template(
        "minutes/edit.html", meeting=meeting, minutes=meeting.minutes, form=form,
        entries=entries, quorum=svc.meeting_quorum(meeting, rows),
        stale_rows=[r for r in rows if not r.on_roster], conflict=conflict,
        records={r.agenda_item_id: r for r in meeting.minutes.item_records},
    ), status


@bp.route("/<int:meeting_id>/minutes/edit", methods=["GET", "POST"])
@login_required
def edit(meeting_id):
    meeting, minutes, refused = _editable(meeting_id)
    if refused is not None:
        return refused
    rows = svc.attendance_rows(meeting)
    form = _record_form(meeting, minutes, rows)
    if request.method == "GET":
        return _edit_page(meeting, form)
    if not form.validate_on_submit():
        return _edit_page(meeting, form, 400)
    header, attendance, guests = _record_inputs(form)
    try:
        svc.record_meeting(minutes, header=header, attendance=attendance, guests=guests,
                           version=form.version.data, actor=current_user)
    except StaleVersion as e:
        db.session.rollback()
        meeting = svc.load_meeting(meeting_id)
        refresh_version(form, e.current)
        return _edit_page(meeting, form, 409, conflict=_meeting_conflict(meeting, form))
    except ValidationFailed as e:
        db.session.rollback()
        _apply(form, e)
        return _edit_page(svc.load_meeting(meeting_id), form, 400)
    db.session.commit()
    flash(_("The attendance and the meeting's details have been saved."), "success")
    return redirect(url_for("minutes.edit", meeting_id=meeting_id))


def _meeting_conflict(meeting, form):
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
        saved = names.get(_int(entry.person_id.data))
        if saved is None:
            continue
        yours = AttendanceStatus(entry.status.data) if entry.status.data in {
            s.value for s in AttendanceStatus} else None
        theirs = f"{label(saved.status)} {saved.reason}".strip()
        mine = f"{label(yours)} {entry.reason.data or ''}".strip()
        rows.append((saved.person.full_name, theirs, mine))
    return [(lbl, str(a), str(b)) for lbl, a, b in rows]


# --- one agenda item ------------------------------------------------------------------------

def _item_form(record, voters):
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


def _item_input(form):
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
        members=[svc.MemberVoteInput(person_id=_int(e.person_id.data), vote=vote(e.vote.data),
                                     recused=bool(e.recused.data), reason=e.reason.data or "")
                 for e in form.members],
    )


def _agenda_item(meeting, item_id):
    for number, item in enumerate(meeting.agenda_items, start=1):
        if item.id == item_id:
            return number, item
    abort(404)


def _item_page(meeting, item_id, form, status=200, conflict=None):
    number, agenda_item = _agenda_item(meeting, item_id)
    rows = svc.attendance_rows(meeting)
    voters = {r.person.id: r for r in svc.eligible_voters(rows)}
    entries = [(entry, voters.get(_int(entry.person_id.data))) for entry in form.members]
    recused = {_int(e.person_id.data) for e in form.members if e.recused.data}
    items = meeting.agenda_items
    index = items.index(agenda_item)
    return render_template(
        "minutes/item.html", meeting=meeting, minutes=meeting.minutes, item=agenda_item,
        number=number, form=form, entries=entries, conflict=conflict,
        quorum=svc.item_quorum(meeting, rows, recused),
        meeting_quorum=svc.meeting_quorum(meeting, rows),
        casting=meeting.council.municipality.chair_casting_vote,
        previous=items[index - 1] if index > 0 else None,
        following=items[index + 1] if index + 1 < len(items) else None,
    ), status


def _item_conflict(form, current):
    fields = ["reported_by", "discussion_participants", "discussion", "decision",
              "votes_for", "votes_against", "votes_abstain"]
    rows = [(form.outcome.label.text, label(current.outcome),
             label(Outcome(form.outcome.data)) if form.outcome.data else "")]
    for name in fields:
        theirs = getattr(current, name)
        rows.append((form[name].label.text, "" if theirs is None else str(theirs),
                     "" if form[name].data is None else str(form[name].data)))
    return rows


@bp.route("/<int:meeting_id>/minutes/items/<int:item_id>", methods=["GET", "POST"])
@login_required
def item(meeting_id, item_id):
    meeting, minutes, refused = _editable(meeting_id)
    if refused is not None:
        return refused
    number, agenda_item = _agenda_item(meeting, item_id)
    record = svc.record_for(minutes, agenda_item)
    form = _item_form(record, svc.eligible_voters(svc.attendance_rows(meeting)))
    if request.method == "GET":
        return _item_page(meeting, item_id, form)
    if not form.validate_on_submit():
        return _item_page(meeting, item_id, form, 400)
    try:
        svc.record_item(minutes, agenda_item, _item_input(form), version=form.version.data,
                        actor=current_user)
    except StaleVersion:
        db.session.rollback()
        meeting = svc.load_meeting(meeting_id)
        current = svc.record_for(meeting.minutes, _agenda_item(meeting, item_id)[1])
        refresh_version(form, current)
        return _item_page(meeting, item_id, form, 409, conflict=_item_conflict(form, current))
    except ValidationFailed as e:
        db.session.rollback()
        _apply(form, e)
        return _item_page(svc.load_meeting(meeting_id), item_id, form, 400)
    except NotAllowed:
        db.session.rollback()
        abort(403)
    db.session.commit()
    flash(_("%(number)d. § has been saved.", number=number), "success")
    if request.form.get("next") == "following":
        items = meeting.agenda_items
        index = items.index(agenda_item)
        if index + 1 < len(items):
            return redirect(url_for("minutes.item", meeting_id=meeting_id,
                                    item_id=items[index + 1].id))
    return redirect(url_for("minutes.edit", meeting_id=meeting_id))


# --- approval and errata --------------------------------------------------------------------

def _approve_page(meeting, form, status=200, problems=None):
    minutes = meeting.minutes
    return render_template(
        "minutes/approve.html", meeting=meeting, minutes=minutes, form=form,
        problems=svc.approval_problems(minutes) if problems is None else problems,
        protocol=svc.protocol_for(meeting, current_user),
    ), status


def _approve_choices(form, meeting):
    minutes = meeting.minutes
    form.chair_person_id.choices = opts([(p.id, p.full_name)
                                         for p in svc.chair_choices(minutes)])
    form.approved_at_meeting_id.choices = opts(
        [(0, _("— not recorded —"))]
        + [(m.id, _("Nr. %(number)d, %(date)s", number=m.number,
                    date=formatting.date_num(m.starts_at, current_locale(), str(svc.tz_of(m)))))
           for m in svc.approval_meeting_choices(meeting)])


@bp.route("/<int:meeting_id>/minutes/approve", methods=["GET", "POST"])
@login_required
def approve(meeting_id):
    meeting = _meeting(meeting_id)
    minutes = meeting.minutes
    if minutes is None:
        abort(404)
    require(can_approve_minutes(current_user, minutes))
    if minutes.status != MinutesStatus.DRAFT:
        return _locked(meeting)
    form = ApproveForm()
    _approve_choices(form, meeting)
    if request.method == "GET":
        form.content_hash.data = protocol_export.content_hash(minutes)
        chair = svc.default_chair(minutes)
        form.chair_person_id.data = chair.id if chair else None
        form.approved_at_meeting_id.data = 0
        return _approve_page(meeting, form)
    if not form.validate_on_submit():
        return _approve_page(meeting, form, 400)
    try:
        svc.approve(minutes, chair_person_id=form.chair_person_id.data,
                    approved_at_meeting_id=form.approved_at_meeting_id.data or None,
                    seen_hash=form.content_hash.data, actor=current_user)
    except svc.ContentChanged as e:
        db.session.rollback()
        meeting = svc.load_meeting(meeting_id)
        form.content_hash.data = protocol_export.content_hash(meeting.minutes)
        form.form_errors.append(e.message)
        return _approve_page(meeting, form, 409)
    except svc.ApprovalRefused as e:
        db.session.rollback()
        return _approve_page(svc.load_meeting(meeting_id), form, 400, problems=e.problems)
    except ValidationFailed as e:
        db.session.rollback()
        apply_errors(form, e)
        return _approve_page(svc.load_meeting(meeting_id), form, 400)
    except NotAllowed:
        db.session.rollback()
        abort(403)
    except InvalidTransition as e:
        db.session.rollback()
        flash(e.message, "error")
        return redirect(url_for("minutes.show", meeting_id=meeting_id))
    db.session.commit()
    flash(_("The minutes are approved. They can no longer be changed; corrections are added "
            "as errata."), "success")
    return redirect(url_for("minutes.show", meeting_id=meeting_id))


@bp.route("/<int:meeting_id>/minutes/errata", methods=["GET", "POST"])
@login_required
def erratum(meeting_id):
    meeting = _meeting(meeting_id)
    minutes = meeting.minutes
    if minutes is None:
        abort(404)
    require(can_edit_council_records(current_user, meeting.council))
    if minutes.status != MinutesStatus.APPROVED:
        flash(_("Draft minutes are corrected by editing them; errata are for approved "
                "minutes."), "error")
        return redirect(url_for("minutes.show", meeting_id=meeting_id))
    form = ErratumForm()
    if form.validate_on_submit():
        try:
            e = svc.add_erratum(minutes, text=form.text.data, on_date=form.on_date.data,
                                actor=current_user)
        except ValidationFailed as err:
            db.session.rollback()
            apply_errors(form, err)
            meeting = svc.load_meeting(meeting_id)
        else:
            db.session.commit()
            flash(_("Erratum Nr. %(number)d has been added to the minutes.", number=e.number),
                  "success")
            return redirect(url_for("minutes.show", meeting_id=meeting_id, _anchor="errata"))
    status = 400 if request.method == "POST" else 200
    return render_template("minutes/erratum.html", meeting=meeting, minutes=meeting.minutes,
                           form=form), status
