"""People (officers): the register of persons who sit on councils or stand as candidates."""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from ..extensions import db
from ..forms import apply_errors, opts
from ..forms.people import NewPersonForm, PeopleSearchForm, PersonEditForm
from ..labels import label
from ..models import Citizenship, TerritorialUnit
from ..permissions import can_manage_councils, require
from ..services import StaleVersion, ValidationFailed, paging
from ..services import councils as council_service
from ..services import people as people_service
from . import page_arg, safe_next
from ._conflict import conflict_rows, refresh_version
from ._municipality import choose_to_work_on, chooser

bp = Blueprint("people", __name__, url_prefix="/people")


def _units(municipality):
    return db.session.execute(
        select(TerritorialUnit.id, TerritorialUnit.name)
        .where(TerritorialUnit.municipality_id == municipality.id)
        .order_by(TerritorialUnit.name)).all()


def _unit_choices(municipality, empty_label):
    return opts([(0, empty_label)] + [(u.id, u.name) for u in _units(municipality)])


def _details(form) -> people_service.PersonDetails:
    return people_service.PersonDetails(
        full_name=form.full_name.data or "", territory_id=form.territory_id.data or None,
        email=form.email.data or "", phone=form.phone.data or "",
        birth_date=form.birth_date.data,
        citizenship=Citizenship(form.citizenship.data) if form.citizenship.data else None,
        publish_consent=form.publish_consent.data,
    )


@bp.route("/")
@login_required
def index():
    require(can_manage_councils(current_user))
    choice = choose_to_work_on()
    if choice.needs_choosing:
        return chooser(choice, "people.index", _("People"))
    municipality = choice.municipality
    require(can_manage_councils(current_user, municipality.id))
    form = PeopleSearchForm(request.args)
    form.territory_id.choices = _unit_choices(municipality, _("Any"))
    form.validate()
    territory_id = form.territory_id.data if not form.territory_id.errors else None
    stmt = people_service.people_stmt(municipality, form.q.data if not form.q.errors else "",
                                      territory_id)
    pagination = paging.page_of(stmt, page=page_arg(), per_page=25)
    today = council_service.today_in(municipality)
    return render_template("people/index.html", form=form, pagination=pagination, today=today,
                           municipality=municipality, choice=choice)


def _after_create(person, choice):
    target = safe_next(request.args.get("next"))
    if target:
        return redirect(f"{target}{'&' if '?' in target else '?'}person_id={person.id}")
    return redirect(url_for("people.index", q=person.full_name,
                            municipality=_scope(choice, person.municipality)))


def _scope(choice, municipality) -> str | None:
    """The slug links carry when the instance holds several municipalities."""
    return municipality.slug if choice.several else None


@bp.route("/new", methods=["GET", "POST"])
@login_required
def create():
    require(can_manage_councils(current_user))
    choice = choose_to_work_on()
    if choice.needs_choosing:
        return chooser(choice, "people.create", _("Register a person"),
                       next=safe_next(request.args.get("next")))
    municipality = choice.municipality
    require(can_manage_councils(current_user, municipality.id))
    form = NewPersonForm()
    form.territory_id.choices = _unit_choices(municipality, _("— not known —"))
    matches = []
    if form.validate_on_submit():
        try:
            person = people_service.create_person(
                municipality, _details(form), actor=current_user,
                today=council_service.today_in(municipality),
                confirm_duplicate=form.confirm_duplicate.data)
        except ValidationFailed as e:
            matches = [(p.id, p.full_name, p.territory.name if p.territory else "")
                       for p in getattr(e, "matches", [])]
            db.session.rollback()
            apply_errors(form, e)
        else:
            name = person.full_name
            db.session.commit()
            flash(_("%(name)s has been registered.", name=name), "success")
            return _after_create(person, choice)
    status = 400 if request.method == "POST" else 200
    return render_template("people/new.html", form=form, matches=matches,
                           next=safe_next(request.args.get("next")), municipality=municipality,
                           choice=choice), status


def _conflict(form, current):
    rows = conflict_rows(form, current, ["full_name", "email", "phone", "birth_date",
                                         "publish_consent"])
    chosen = {c.value: c.label for c in form.territory_id.choices}
    rows.insert(1, (form.territory_id.label.text,
                    current.territory.name if current.territory else "",
                    str(chosen.get(form.territory_id.data, "")) if form.territory_id.data else ""))
    citizenship = Citizenship(form.citizenship.data) if form.citizenship.data else None
    rows.append((form.citizenship.label.text, label(current.citizenship), label(citizenship)))
    return rows


@bp.route("/<int:person_id>/edit", methods=["GET", "POST"])
@login_required
def edit(person_id):
    require(can_manage_councils(current_user))
    person = people_service.get_person(person_id)
    if person is None:
        abort(404)
    require(can_manage_councils(current_user, person.municipality_id))
    form = PersonEditForm(obj=person)
    form.territory_id.choices = _unit_choices(person.municipality, _("— not known —"))
    if request.method == "GET":
        form.territory_id.data = person.territory_id or 0
        form.citizenship.data = person.citizenship.value if person.citizenship else ""
    if form.validate_on_submit():
        try:
            people_service.update_person(
                person, _details(form), actor=current_user, version=form.version.data,
                today=council_service.today_in(person.municipality))
        except StaleVersion as e:
            db.session.rollback()
            rows = _conflict(form, e.current)
            refresh_version(form, e.current)
            return render_template("people/edit.html", person=person, form=form,
                                   conflict=rows), 409
        except ValidationFailed as e:
            db.session.rollback()
            apply_errors(form, e)
        else:
            db.session.commit()
            flash(_("The person's record has been saved."), "success")
            return redirect(url_for("people.edit", person_id=person.id))
    status = 400 if request.method == "POST" else 200
    return render_template("people/edit.html", person=person, form=form, conflict=None), status
