"""Agenda item routes (``/meetings/<id>/items/…``) on the ``meetings`` blueprint: add, edit,
remove (with a confirmation page) and move up or down — all plain forms, no JavaScript."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..extensions import db
from ..forms import ConfirmForm, apply_errors
from ..forms.meetings import AgendaItemForm, MoveItemForm
from ..models import AgendaItem, Meeting
from ..services import InvalidTransition, StaleVersion, ValidationFailed
from ..services import agenda as agenda_service
from ._conflict import conflict_rows, refresh_version
from .meetings import bp, load_editable

ITEM_FIELDS = ["title", "presenter", "expected_minutes", "description", "is_public"]


def _item(meeting: Meeting, item_id: int) -> AgendaItem:
    for item in meeting.agenda_items:
        if item.id == item_id:
            return item
    abort(404)


def _details(form) -> agenda_service.ItemDetails:
    return agenda_service.ItemDetails(
        title=form.title.data or "", description=form.description.data or "",
        presenter=form.presenter.data or "", expected_minutes=form.expected_minutes.data,
        is_public=form.is_public.data,
    )


def _back(meeting_id: int, anchor: str = "agenda"):
    return redirect(url_for("meetings.show", meeting_id=meeting_id, _anchor=anchor))


@bp.route("/meetings/<int:meeting_id>/items/new", methods=["GET", "POST"])
@login_required
def item_create(meeting_id):
    meeting = load_editable(meeting_id)
    form = AgendaItemForm(prefix="item")
    if form.validate_on_submit():
        try:
            item = agenda_service.add_item(meeting, _details(form), actor=current_user)
        except ValidationFailed as e:
            db.session.rollback()
            apply_errors(form, e)
        except InvalidTransition as e:
            db.session.rollback()
            flash(e.message, "error")
            return _back(meeting_id)
        else:
            db.session.commit()
            flash(_("Agenda item %(number)d has been added.", number=item.position), "success")
            return _back(meeting_id, f"item-{item.id}")
        meeting = load_editable(meeting_id)
    status = 400 if request.method == "POST" else 200
    return render_template("meetings/item_create.html", meeting=meeting, council=meeting.council,
                           form=form), status


@bp.route("/meetings/<int:meeting_id>/items/<int:item_id>/edit", methods=["GET", "POST"])
@login_required
def item_edit(meeting_id, item_id):
    meeting = load_editable(meeting_id)
    item = _item(meeting, item_id)
    form = AgendaItemForm(obj=item, prefix="item")
    status, conflict = 200, None
    if form.validate_on_submit():
        try:
            agenda_service.update_item(item, _details(form), actor=current_user,
                                       version=form.version.data)
        except StaleVersion:
            db.session.rollback()
            meeting = load_editable(meeting_id)
            item = _item(meeting, item_id)
            conflict = conflict_rows(form, item, ITEM_FIELDS)
            refresh_version(form, item)
            status = 409
        except ValidationFailed as e:
            db.session.rollback()
            apply_errors(form, e)
        except InvalidTransition as e:
            db.session.rollback()
            flash(e.message, "error")
            return _back(meeting_id)
        else:
            db.session.commit()
            flash(_("The agenda item has been saved."), "success")
            return _back(meeting_id, f"item-{item_id}")
        meeting = load_editable(meeting_id)
        item = _item(meeting, item_id)
    if request.method == "POST" and status == 200:
        status = 400
    return render_template("meetings/item_edit.html", meeting=meeting, council=meeting.council,
                           item=item, form=form, conflict=conflict), status


@bp.route("/meetings/<int:meeting_id>/items/<int:item_id>/delete", methods=["GET", "POST"])
@login_required
def item_delete(meeting_id, item_id):
    meeting = load_editable(meeting_id)
    item = _item(meeting, item_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            agenda_service.remove_item(item, actor=current_user)
        except InvalidTransition as e:
            db.session.rollback()
            flash(e.message, "error")
        else:
            db.session.commit()
            flash(_("The agenda item has been removed."), "success")
        return _back(meeting_id)
    return render_template("meetings/item_delete.html", meeting=meeting, council=meeting.council,
                           item=item, form=form)


@bp.route("/meetings/<int:meeting_id>/items/<int:item_id>/move", methods=["POST"])
@login_required
def item_move(meeting_id, item_id):
    meeting = load_editable(meeting_id)
    item = _item(meeting, item_id)
    form = MoveItemForm()
    if not form.validate_on_submit():
        flash(_("The item could not be moved. Reload the page and try again."), "error")
        return _back(meeting_id)
    try:
        agenda_service.move_item(item, form.direction.data, actor=current_user)
    except InvalidTransition as e:
        db.session.rollback()
        flash(e.message, "error")
    else:
        db.session.commit()
    return _back(meeting_id, f"item-{item_id}")
