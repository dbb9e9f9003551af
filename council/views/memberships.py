"""Memberships of a council: add a person, correct a membership, end it (officers)."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..extensions import db
from ..forms import apply_errors, opts
from ..forms.memberships import EndMembershipForm, MembershipEditForm, MembershipForm
from ..labels import label
from ..models import EndReason, Person, Position
from ..permissions import can_manage_councils, require
from ..services import StaleVersion, ValidationFailed
from ..services import councils as council_service
from ..services import memberships as membership_service
from ..services import people as people_service
from ._conflict import conflict_rows, refresh_version
from .councils import load_council

bp = Blueprint("memberships", __name__, url_prefix="/councils/<slug>/members")


def _load_membership(council, membership_id):
    membership = membership_service.get_in_council(council, membership_id)
    if membership is None:
        abort(404)
    return membership


def _person_choices(council):
    people = people_service.choices_for(council.municipality)
    return opts([(0, _("— choose a person —"))] + [
        (p.id, f"{p.full_name} — {p.territory.name}" if p.territory else p.full_name)
        for p in people])


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create(slug):
    council = load_council(slug)
    require(can_manage_councils(current_user, council.municipality_id))
    form = MembershipForm()
    form.person_id.choices = _person_choices(council)
    if request.method == "GET":
        today = council_service.today_in(council.municipality)
        starts = council.term_start
        form.start_on.data = starts if starts is not None and starts > today else today
        asked = request.args.get("person_id", "")
        form.person_id.data = int(asked) if asked.isdigit() else 0
    if form.validate_on_submit():
        person = db.session.get(Person, form.person_id.data)
        try:
            membership = membership_service.add_membership(
                council, person, position=Position(form.position.data),
                voting=form.voting.data, start_on=form.start_on.data, actor=current_user)
        except ValidationFailed as e:
            db.session.rollback()
            apply_errors(form, e)
        else:
            name = membership.person.full_name
            db.session.commit()
            flash(_("%(name)s has been added to the council.", name=name), "success")
            return redirect(url_for("councils.show", slug=slug))
    status = 400 if request.method == "POST" else 200
    return render_template("memberships/new.html", council=council, form=form), status


def _end_kwargs(membership, form):
    if membership.end_on is None:
        return {}
    reason = form.end_reason.data
    return {"end_on": form.end_on.data, "end_reason": EndReason(reason) if reason else None}


@bp.route("/<int:membership_id>/edit", methods=["GET", "POST"])
@login_required
def edit(slug, membership_id):
    council = load_council(slug)
    require(can_manage_councils(current_user, council.municipality_id))
    membership = _load_membership(council, membership_id)
    form = MembershipEditForm(obj=membership)
    if request.method == "GET":
        form.position.data = membership.position.value
        form.end_reason.data = membership.end_reason.value if membership.end_reason else ""
    if form.validate_on_submit():
        try:
            membership_service.update_membership(
                membership, position=Position(form.position.data), voting=form.voting.data,
                start_on=form.start_on.data, actor=current_user, version=form.version.data,
                **_end_kwargs(membership, form))
        except StaleVersion as e:
            db.session.rollback()
            rows = conflict_rows(form, e.current, ["position", "voting", "start_on", "end_on",
                                                   "end_reason"])
            refresh_version(form, e.current)
            return render_template("memberships/edit.html", council=council,
                                   membership=membership, form=form, conflict=rows), 409
        except ValidationFailed as e:
            db.session.rollback()
            apply_errors(form, e)
        else:
            db.session.commit()
            flash(_("The membership has been saved."), "success")
            return redirect(url_for("councils.show", slug=slug))
    status = 400 if request.method == "POST" else 200
    return render_template("memberships/edit.html", council=council, membership=membership,
                           form=form, conflict=None), status


@bp.route("/<int:membership_id>/end", methods=["GET", "POST"])
@login_required
def end(slug, membership_id):
    council = load_council(slug)
    require(can_manage_councils(current_user, council.municipality_id))
    membership = _load_membership(council, membership_id)
    form = EndMembershipForm()
    if request.method == "GET":
        form.version.data = membership.version
        form.end_on.data = council_service.today_in(council.municipality)
    if form.validate_on_submit():
        try:
            membership_service.end_membership(
                membership, end_on=form.end_on.data, reason=EndReason(form.reason.data),
                actor=current_user, version=form.version.data)
        except StaleVersion as e:
            db.session.rollback()
            current = e.current
            rows = [(form.end_on.label.text, current.end_on or "", form.end_on.data),
                    (form.reason.label.text, label(current.end_reason),
                     label(EndReason(form.reason.data)))]
            refresh_version(form, current)
            return render_template("memberships/end.html", council=council,
                                   membership=membership, form=form, conflict=rows), 409
        except ValidationFailed as e:
            db.session.rollback()
            apply_errors(form, e)
        else:
            name = membership.person.full_name
            db.session.commit()
            flash(_("The membership of %(name)s has ended.", name=name), "success")
            return redirect(url_for("councils.show", slug=slug))
    status = 400 if request.method == "POST" else 200
    return render_template("memberships/end.html", council=council, membership=membership,
                           form=form, conflict=None), status
