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
from ..forms.minutes import ApproveForm, ErratumForm
from ..i18n import current_locale
from ..labels import label
from ..models import MinutesStatus, Outcome
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
from ._minutes_forms import (
    apply_service_error,
    item_conflict,
    item_form,
    item_input,
    meeting_conflict,
    record_form,
    record_inputs,
    to_int,
)

bp = Blueprint("minutes", __name__, url_prefix="/meetings")

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.app_errorhandler(MinutesFrozen)
def _frozen(_e):
    """The ORM's or the database's guard caught a change the services should have refused."""
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


def _edit_page(meeting, form, status=200, conflict=None):
    rows = svc.attendance_rows(meeting)
    by_id = {r.person.id: r for r in rows}
    entries = [(entry, by_id.get(to_int(entry.person_id.data))) for entry in form.attendance]
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
    form = record_form(meeting, minutes, rows)
    if request.method == "GET":
        return _edit_page(meeting, form)
    if not form.validate_on_submit():
        return _edit_page(meeting, form, 400)
    header, attendance, guests = record_inputs(form)
    try:
        svc.record_meeting(minutes, header=header, attendance=attendance, guests=guests,
                           version=form.version.data, actor=current_user)
    except StaleVersion as e:
        db.session.rollback()
        meeting = svc.load_meeting(meeting_id)
        refresh_version(form, e.current)
        return _edit_page(meeting, form, 409, conflict=meeting_conflict(meeting, form))
    except ValidationFailed as e:
        db.session.rollback()
        apply_service_error(form, e)
        return _edit_page(svc.load_meeting(meeting_id), form, 400)
    db.session.commit()
    flash(_("The attendance and the meeting's details have been saved."), "success")
    return redirect(url_for("minutes.edit", meeting_id=meeting_id))


# --- one agenda item ------------------------------------------------------------------------

def _agenda_item(meeting, item_id):
    for number, item in enumerate(meeting.agenda_items, start=1):
        if item.id == item_id:
            return number, item
    abort(404)


def _item_page(meeting, item_id, form, status=200, conflict=None):
    number, agenda_item = _agenda_item(meeting, item_id)
    rows = svc.attendance_rows(meeting)
    voters = {r.person.id: r for r in svc.eligible_voters(rows)}
    entries = [(entry, voters.get(to_int(entry.person_id.data))) for entry in form.members]
    recused = {to_int(e.person_id.data) for e in form.members if e.recused.data}
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


@bp.route("/<int:meeting_id>/minutes/items/<int:item_id>", methods=["GET", "POST"])
@login_required
def item(meeting_id, item_id):
    meeting, minutes, refused = _editable(meeting_id)
    if refused is not None:
        return refused
    number, agenda_item = _agenda_item(meeting, item_id)
    record = svc.record_for(minutes, agenda_item)
    form = item_form(record, svc.eligible_voters(svc.attendance_rows(meeting)))
    if request.method == "GET":
        return _item_page(meeting, item_id, form)
    if not form.validate_on_submit():
        return _item_page(meeting, item_id, form, 400)
    try:
        svc.record_item(minutes, agenda_item, item_input(form), version=form.version.data,
                        actor=current_user)
    except StaleVersion:
        db.session.rollback()
        meeting = svc.load_meeting(meeting_id)
        current = svc.record_for(meeting.minutes, _agenda_item(meeting, item_id)[1])
        refresh_version(form, current)
        return _item_page(meeting, item_id, form, 409, conflict=item_conflict(form, current))
    except ValidationFailed as e:
        db.session.rollback()
        apply_service_error(form, e)
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
