"""Municipality settings (administrators): by-law parameters and addressees."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from ..extensions import db
from ..forms import apply_errors
from ..forms.settings import AddresseeEditForm, AddresseeForm, SettingsForm
from ..labels import label
from ..models import Addressee, AddresseeKind, NumberingReset, QuorumRule
from ..permissions import can_manage_settings, require
from ..services import StaleVersion, ValidationFailed
from ..services import settings as settings_service
from ._conflict import conflict_rows, refresh_version
from ._municipality import choose_to_work_on, chooser

bp = Blueprint("settings", __name__, url_prefix="/admin/settings")

FIELDS = ["name", "address", "website", *settings_service.DEFAULTS]


@bp.before_request
@login_required
def _logged_in():
    return None


def _values(form) -> settings_service.MunicipalitySettings:
    return settings_service.MunicipalitySettings(
        name=form.name.data or "", address=(form.address.data or "").strip(),
        website=(form.website.data or "").strip(), default_seats=form.default_seats.data,
        term_years=form.term_years.data, notice_days_regular=form.notice_days_regular.data,
        notice_days_extraordinary=form.notice_days_extraordinary.data,
        quorum_rule=QuorumRule(form.quorum_rule.data),
        chair_casting_vote=form.chair_casting_vote.data,
        answer_working_days=form.answer_working_days.data,
        answer_extension_months=form.answer_extension_months.data,
        numbering_reset=NumberingReset(form.numbering_reset.data),
        min_member_age=form.min_member_age.data,
    )


def _labelled(rows):
    """Conflict rows with enum values and yes/no in words."""
    def word(name, value):
        if name == "quorum_rule" and value:
            return label(QuorumRule(value))
        if name == "numbering_reset" and value:
            return label(NumberingReset(value))
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        return value
    return [(text, word(name, theirs), word(name, yours))
            for name, (text, theirs, yours) in zip(FIELDS, rows, strict=True)]


def _defaults():
    """Hints for the form: each setting's documented default."""
    return {name: label(value) if hasattr(value, "value") else
            (_("yes") if value is True else value)
            for name, value in settings_service.DEFAULTS.items()}


def _page(choice, municipality, form, addressee_form=None, conflict=None, status=200):
    return render_template(
        "settings/edit.html", choice=choice, municipality=municipality, form=form,
        addressee_form=addressee_form or AddresseeForm(prefix="addressee"),
        addressees=settings_service.addressees(municipality), defaults=_defaults(),
        ranges=settings_service.RANGES, conflict=conflict), status


@bp.route("", methods=["GET", "POST"])
def edit():
    require(can_manage_settings(current_user))
    choice = choose_to_work_on()
    if choice.needs_choosing:
        return chooser(choice, "settings.edit", _("Municipality settings"))
    municipality = choice.municipality
    form = SettingsForm(obj=municipality)
    if request.method == "GET":
        form.quorum_rule.data = municipality.quorum_rule.value
        form.numbering_reset.data = municipality.numbering_reset.value
    if form.validate_on_submit():
        try:
            settings_service.update_settings(municipality, _values(form), actor=current_user,
                                             version=form.version.data)
        except StaleVersion as e:
            db.session.rollback()
            rows = _labelled(conflict_rows(form, e.current, FIELDS))
            refresh_version(form, e.current)
            return _page(choice, e.current, form, conflict=rows, status=409)
        except ValidationFailed as e:
            db.session.rollback()
            apply_errors(form, e)
        else:
            db.session.commit()
            flash(_("The settings have been saved."), "success")
            return redirect(url_for("settings.edit", municipality=municipality.slug))
    return _page(choice, municipality, form, status=400 if request.method == "POST" else 200)


@bp.route("/addressees/new", methods=["POST"])
def create_addressee():
    require(can_manage_settings(current_user))
    choice = choose_to_work_on()
    if choice.needs_choosing:
        return chooser(choice, "settings.edit", _("Municipality settings"))
    municipality = choice.municipality
    addressee_form = AddresseeForm(prefix="addressee")
    if addressee_form.validate_on_submit():
        try:
            settings_service.add_addressee(municipality,
                                           kind=AddresseeKind(addressee_form.kind.data),
                                           name=addressee_form.name.data, actor=current_user)
        except ValidationFailed as e:
            db.session.rollback()
            apply_errors(addressee_form, e)
        else:
            db.session.commit()
            flash(_("The addressee has been added."), "success")
            return redirect(url_for("settings.edit", municipality=municipality.slug))
    form = SettingsForm(obj=municipality, formdata=None)
    form.quorum_rule.data = municipality.quorum_rule.value
    form.numbering_reset.data = municipality.numbering_reset.value
    return _page(choice, municipality, form, addressee_form=addressee_form, status=400)


@bp.route("/addressees/<int:addressee_id>/edit", methods=["GET", "POST"])
def edit_addressee(addressee_id):
    require(can_manage_settings(current_user))
    addressee = db.get_or_404(Addressee, addressee_id,
                              options=[joinedload(Addressee.municipality)])
    form = AddresseeEditForm(obj=addressee)
    if request.method == "GET":
        form.kind.data = addressee.kind.value
    if form.validate_on_submit():
        try:
            settings_service.update_addressee(
                addressee, kind=AddresseeKind(form.kind.data), name=form.name.data,
                position=form.position.data, is_active=form.is_active.data, actor=current_user)
        except ValidationFailed as e:
            db.session.rollback()
            apply_errors(form, e)
        else:
            db.session.commit()
            flash(_("The addressee has been saved."), "success")
            return redirect(url_for("settings.edit",
                                    municipality=addressee.municipality.slug))
    status = 400 if request.method == "POST" else 200
    return render_template("settings/addressee.html", addressee=addressee, form=form), status
