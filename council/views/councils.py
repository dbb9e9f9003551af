"""Councils: the public list and page; formation (create, edit, status verbs) and roles."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..extensions import db
from ..forms import ConfirmForm, apply_errors, opts
from ..forms.councils import (
    ActivateForm,
    CouncilEditForm,
    CouncilForm,
    DissolveForm,
    GrantRoleForm,
    StatusForm,
)
from ..models import CouncilRoleKind, TerritorialUnit
from ..permissions import can_manage_councils, can_view_council_records, require
from ..services import InvalidTransition, StaleVersion, ValidationFailed, meeting_queries
from ..services import councils as council_service
from ..services import elections as election_service
from ..services import memberships as membership_service
from ..services import municipalities as municipality_service
from ..services import recommendations as rec_service
from ._conflict import conflict_rows, refresh_version
from ._municipality import choose, choose_to_work_on, chooser

bp = Blueprint("councils", __name__, url_prefix="/councils")


def load_council(slug):
    council = council_service.get_by_slug(slug)
    if council is None:
        abort(404)
    return council


@bp.route("/")
def index():
    """One municipality's councils (`?municipality=`, or the only one); with several
    municipalities and none chosen, the municipalities with their number of councils."""
    choice = choose()
    if choice.needs_choosing:
        rows = municipality_service.overview(choice.municipalities, with_meetings=False)
        return render_template("councils/index.html", choice=choice, rows=rows,
                               municipality=None, groups=None, counts={})
    municipality = choice.municipality
    groups = council_service.public_councils_by_status(municipality)
    counts = council_service.voting_counts(municipality, council_service.today_in(municipality))
    return render_template("councils/index.html", choice=choice, rows=None,
                           municipality=municipality, groups=groups, counts=counts)


@bp.route("/<slug>")
def show(slug):
    council = load_council(slug)
    page = council_service.council_page(
        council, detailed=can_view_council_records(current_user, council))
    return render_template(
        "councils/show.html", council=council, page=page,
        elections=election_service.council_section(council, current_user),
        meetings=meeting_queries.council_meetings_summary(council, current_user),
        recommendations=rec_service.council_section(council, current_user),
    )


# --- create and edit ----------------------------------------------------------------------------

def _unit_choices(municipality, council=None):
    units = db.session.execute(
        select(TerritorialUnit.id, TerritorialUnit.name)
        .where(TerritorialUnit.municipality_id == municipality.id)
        .order_by(TerritorialUnit.name)).all()
    covered = council_service.covered_units(municipality, council)
    return opts([(u.id, _("%(unit)s (has a council)", unit=u.name) if u.id in covered
                  else u.name) for u in units])


def _details(form) -> council_service.CouncilDetails:
    return council_service.CouncilDetails(
        name=form.name.data or "", territory_ids=list(form.territory_ids.data or []),
        seats=form.seats.data, bylaw_number=(form.bylaw_number.data or "").strip(),
        bylaw_date=form.bylaw_date.data, bylaw_url=(form.bylaw_url.data or "").strip(),
        established_on=form.established_on.data, term_start=form.term_start.data,
        term_end=form.term_end.data, description=form.description.data or "",
        contact_email=(form.contact_email.data or "").strip().lower(),
        place_locative=form.place_locative.data or "",
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    require(can_manage_councils(current_user))
    choice = choose_to_work_on()
    if choice.needs_choosing:
        return chooser(choice, "councils.create", _("New council"))
    municipality = choice.municipality
    require(can_manage_councils(current_user, municipality.id))
    form = CouncilForm()
    form.territory_ids.choices = _unit_choices(municipality)
    if request.method == "GET":
        form.seats.data = municipality.default_seats
        bylaw = council_service.latest_bylaw(municipality)
        if bylaw is not None:
            form.bylaw_number.data, form.bylaw_date.data, form.bylaw_url.data = bylaw
    if form.validate_on_submit():
        try:
            council = council_service.create_council(municipality, _details(form),
                                                     actor=current_user)
        except ValidationFailed as e:
            db.session.rollback()
            apply_errors(form, e)
        else:
            db.session.commit()
            flash(_("The council has been created. Add its members, then activate it."),
                  "success")
            return redirect(url_for("councils.show", slug=council.slug))
    status = 400 if request.method == "POST" else 200
    return render_template("councils/new.html", form=form, municipality=municipality,
                           choice=choice), status


CONFLICT_FIELDS = ["name", "seats", "bylaw_number", "bylaw_date", "bylaw_url", "established_on",
                   "term_start", "term_end", "description", "contact_email", "place_locative"]


def _council_conflict(form, current):
    rows = conflict_rows(form, current, CONFLICT_FIELDS)
    chosen = dict((c.value, c.label) for c in form.territory_ids.choices)
    rows.insert(1, (form.territory_ids.label.text,
                    ", ".join(u.name for u in current.territories),
                    ", ".join(str(chosen.get(i, i)) for i in form.territory_ids.data or [])))
    return rows


@bp.route("/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug):
    council = load_council(slug)
    require(can_manage_councils(current_user, council.municipality_id))
    form = CouncilEditForm(obj=council)
    form.territory_ids.choices = _unit_choices(council.municipality, council)
    if request.method == "GET":
        form.territory_ids.data = [u.id for u in council.territories]
    if form.validate_on_submit():
        try:
            council_service.update_council(council, _details(form), actor=current_user,
                                           version=form.version.data)
        except StaleVersion as e:
            db.session.rollback()
            rows = _council_conflict(form, e.current)
            refresh_version(form, e.current)
            return render_template("councils/edit.html", council=council, form=form,
                                   conflict=rows), 409
        except ValidationFailed as e:
            db.session.rollback()
            apply_errors(form, e)
        else:
            db.session.commit()
            flash(_("The council has been saved."), "success")
            return redirect(url_for("councils.show", slug=council.slug))
    status = 400 if request.method == "POST" else 200
    return render_template("councils/edit.html", council=council, form=form,
                           conflict=None), status


# --- status verbs: a confirmation page (GET) and the change (POST) ------------------------------

_STATUS_FORMS = {"activate": ActivateForm, "suspend": StatusForm, "reactivate": StatusForm,
                 "dissolve": DissolveForm}


def _do(council, verb, form):
    note = form.note.data or ""
    if verb == "activate":
        council_service.activate_council(council, established_on=form.on.data,
                                         actor=current_user, note=note)
    elif verb == "suspend":
        council_service.suspend_council(council, actor=current_user, note=note)
    elif verb == "reactivate":
        council_service.reactivate_council(council, actor=current_user, note=note)
    else:
        council_service.dissolve_council(council, on=form.on.data, actor=current_user,
                                         note=note)


def _done_message(verb):
    return {
        "activate": _("The council is active."),
        "suspend": _("The council's work is suspended."),
        "reactivate": _("The council is active again."),
        "dissolve": _("The council has been dissolved. Its records are kept."),
    }[verb]


def _status_action(slug, verb):
    council = load_council(slug)
    require(can_manage_councils(current_user, council.municipality_id))
    if not council_service.can_apply(council, verb):
        flash(council_service.refusal(verb), "error")
        return redirect(url_for("councils.show", slug=council.slug))
    form = _STATUS_FORMS[verb]()
    today = council_service.today_in(council.municipality)
    if request.method == "GET" and hasattr(form, "on"):
        form.on.data = (council.established_on or today) if verb == "activate" else today
    if form.validate_on_submit():
        try:
            _do(council, verb, form)
        except InvalidTransition as e:
            db.session.rollback()
            flash(e.message, "error")
            return redirect(url_for("councils.show", slug=slug))
        except ValidationFailed as e:
            db.session.rollback()
            apply_errors(form, e)
        else:
            db.session.commit()
            flash(_done_message(verb), "success")
            return redirect(url_for("councils.show", slug=slug))
    on_roster = len(membership_service.roster_on(council, today))
    status = 400 if request.method == "POST" else 200
    return render_template("councils/status.html", council=council, form=form, verb=verb,
                           on_roster=on_roster), status


@bp.route("/<slug>/activate", methods=["GET", "POST"])
@login_required
def activate(slug):
    return _status_action(slug, "activate")


@bp.route("/<slug>/suspend", methods=["GET", "POST"])
@login_required
def suspend(slug):
    return _status_action(slug, "suspend")


@bp.route("/<slug>/reactivate", methods=["GET", "POST"])
@login_required
def reactivate(slug):
    return _status_action(slug, "reactivate")


@bp.route("/<slug>/dissolve", methods=["GET", "POST"])
@login_required
def dissolve(slug):
    return _status_action(slug, "dissolve")


# --- council roles ------------------------------------------------------------------------------

def _grants(council):
    return sorted(council.roles, key=lambda r: (r.role.value != CouncilRoleKind.SECRETARY.value,
                                                r.user.display_name.lower()))


@bp.route("/<slug>/roles", methods=["GET", "POST"])
@login_required
def roles(slug):
    council = load_council(slug)
    require(can_manage_councils(current_user, council.municipality_id))
    grants = _grants(council)
    form = GrantRoleForm()
    if form.validate_on_submit():
        try:
            council_service.grant_role(council, email=form.email.data,
                                       role=CouncilRoleKind(form.role.data), actor=current_user)
        except ValidationFailed as e:
            db.session.rollback()
            apply_errors(form, e)
            council = load_council(slug)
            grants = _grants(council)
        else:
            db.session.commit()
            flash(_("The role has been granted."), "success")
            return redirect(url_for("councils.roles", slug=slug))
    status = 400 if request.method == "POST" else 200
    return render_template("councils/roles.html", council=council, grants=grants,
                           form=form), status


@bp.route("/<slug>/roles/<int:grant_id>/revoke", methods=["GET", "POST"])
@login_required
def revoke_role(slug, grant_id):
    council = load_council(slug)
    require(can_manage_councils(current_user, council.municipality_id))
    grant = council_service.get_role(council, grant_id)
    if grant is None:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        council_service.revoke_role(grant, actor=current_user)
        db.session.commit()
        flash(_("The role has been removed."), "success")
        return redirect(url_for("councils.roles", slug=slug))
    return render_template("councils/revoke_role.html", council=council, grant=grant,
                           form=form)
