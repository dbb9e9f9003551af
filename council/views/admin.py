"""Administration: users, their roles, and the audit log."""

from datetime import UTC, datetime, timedelta

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from ..extensions import db
from ..forms import ConfirmForm, apply_errors, opts
from ..forms.admin import (
    AuditFilterForm,
    CouncilRoleForm,
    NewUserForm,
    ResetPasswordForm,
    UserForm,
    UserSearchForm,
    role_choices,
)
from ..models import (
    Council,
    CouncilRole,
    CouncilRoleKind,
    GlobalRole,
    Municipality,
    User,
)
from ..permissions import can_manage_users, can_view_audit, require
from ..services import DomainError, ValidationFailed, accounts, audit, paging
from ..services import municipalities as municipality_service
from ..services import people as people_service
from . import page_arg

bp = Blueprint("admin", __name__, url_prefix="/admin")


@bp.before_request
@login_required
def _logged_in():
    return None


def _by_municipality(rows) -> list[SelectChoice]:
    """(id, name, municipality) rows as options, under their municipality's name when the
    instance holds several (two municipalities may each have a "Centra apkaimes padome")."""
    several = len({r[2] for r in rows}) > 1
    return [SelectChoice(r[0], r[1], optgroup=r[2] if several else None) for r in rows]


def _people_of(linked_person_id: int | None) -> municipality_service.Choice:
    """The municipality whose people the "linked person" list offers: the one chosen above the
    form (`?people_of=`, an unknown slug is ignored), the instance's only one, else the linked
    person's; with several and none of these, only the linked person."""
    try:
        choice = municipality_service.choose(request.args.get("people_of"))
    except municipality_service.UnknownMunicipality:
        choice = municipality_service.choose(None)
    if choice.municipality is None and linked_person_id:
        home = people_service.municipality_id_of(linked_person_id)
        choice = municipality_service.Choice(
            next((m for m in choice.municipalities if m.id == home), None),
            choice.municipalities)
    return choice


def _offer_people(form, linked_person_id: int | None) -> municipality_service.Choice:
    """The person and municipality choices of the account form."""
    people = _people_of(linked_person_id)
    form.person_id.choices = [*opts([(0, _("— none —"))]), *opts(
        people_service.account_link_choices(people.municipality, linked_person_id))]
    form.municipality_id.choices = opts(
        [(0, _("Every municipality")), *((m.id, m.name) for m in people.municipalities)])
    if form.municipality_id.data is None:  # an account without one; a form without the field
        form.municipality_id.data = 0
    return people


def _chosen_municipality(form, people, user: User | None) -> int | None:
    """The officer's municipality: as chosen where the form shows the choice (several
    municipalities); with one, a new account works for it and an existing one keeps its own
    — so that adding a municipality later widens nobody's work."""
    if people.several:
        return form.municipality_id.data or None
    if user is not None:
        return user.municipality_id
    return people.municipalities[0].id if people.municipalities else None


def _council_choices():
    councils = db.session.execute(
        select(Council.id, Council.name, Municipality.name).join(Council.municipality)
        .order_by(Municipality.name, Council.name, Council.id)).all()
    return _by_municipality(councils)


@bp.route("/")
def index():
    require(can_manage_users(current_user) or can_view_audit(current_user))
    return render_template("admin/index.html")


@bp.route("/users/")
def users():
    require(can_manage_users(current_user))
    form = UserSearchForm(request.args)
    form.role.choices = [*opts([("", _("Any"))]), *role_choices()]
    stmt = accounts.users_stmt(form.q.data or "", role=form.role.data or "",
                               active=form.active.data or "")
    pagination = paging.page_of(stmt, page=page_arg(), per_page=25)
    return render_template("admin/users.html", form=form, pagination=pagination)


@bp.route("/users/new", methods=["GET", "POST"])
def create_user():
    require(can_manage_users(current_user))
    form = NewUserForm()
    people = _offer_people(form, None)
    if form.validate_on_submit():
        try:
            user = accounts.create_user(
                actor=current_user, email=form.email.data, display_name=form.display_name.data,
                password=form.password.data, role=GlobalRole(form.role.data),
                locale=form.locale.data, person_id=form.person_id.data or None,
                municipality_id=_chosen_municipality(form, people, None),
            )
        except ValidationFailed as e:
            db.session.rollback()
            apply_errors(form, e)
        else:
            db.session.commit()
            flash(_("The account %(email)s has been created.", email=user.email), "success")
            return redirect(url_for("admin.edit_user", user_id=user.id))
    status = 400 if request.method == "POST" else 200
    return render_template("admin/user_new.html", form=form, people=people), status


def _user_page(user, form, people, role_form=None, password_form=None, status=200):
    role_form = role_form or CouncilRoleForm(prefix="role")
    role_form.council_id.choices = _council_choices()
    grants = db.session.scalars(
        select(CouncilRole).where(CouncilRole.user_id == user.id)
        .join(CouncilRole.council).order_by(Council.name)
    ).all()
    return render_template(
        "admin/user_edit.html", user=user, form=form, people=people, role_form=role_form,
        password_form=password_form or ResetPasswordForm(prefix="pw"),
        grants=grants, confirm_form=ConfirmForm(),
    ), status


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
def edit_user(user_id):
    require(can_manage_users(current_user))
    user = db.get_or_404(User, user_id)
    form = UserForm(obj=user)
    people = _offer_people(form, user.person_id)
    if request.method == "GET":
        form.person_id.data = user.person_id or 0
        form.municipality_id.data = user.municipality_id or 0
    if form.validate_on_submit():
        try:
            accounts.update_user(
                user, actor=current_user, email=form.email.data,
                display_name=form.display_name.data, role=GlobalRole(form.role.data),
                locale=form.locale.data, person_id=form.person_id.data or None,
                municipality_id=_chosen_municipality(form, people, user),
            )
        except ValidationFailed as e:
            db.session.rollback()
            apply_errors(form, e)
        else:
            db.session.commit()
            flash(_("The account has been saved."), "success")
            return redirect(url_for("admin.edit_user", user_id=user.id))
    return _user_page(user, form, people, status=400 if request.method == "POST" else 200)


@bp.route("/users/<int:user_id>/deactivate", methods=["GET", "POST"])
def deactivate_user(user_id):
    require(can_manage_users(current_user))
    user = db.get_or_404(User, user_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            accounts.set_active(user, False, actor=current_user)
        except DomainError as e:
            db.session.rollback()
            flash(e.message, "error")
        else:
            db.session.commit()
            flash(_("The account has been deactivated. Its history is kept."), "success")
        return redirect(url_for("admin.edit_user", user_id=user.id))
    return render_template("admin/user_deactivate.html", user=user, form=form)


@bp.route("/users/<int:user_id>/activate", methods=["POST"])
def activate_user(user_id):
    require(can_manage_users(current_user))
    user = db.get_or_404(User, user_id)
    if ConfirmForm().validate_on_submit():
        accounts.set_active(user, True, actor=current_user)
        db.session.commit()
        flash(_("The account is active again."), "success")
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.route("/users/<int:user_id>/password", methods=["POST"])
def reset_password(user_id):
    require(can_manage_users(current_user))
    user = db.get_or_404(User, user_id)
    password_form = ResetPasswordForm(prefix="pw")
    if password_form.validate_on_submit():
        try:
            accounts.reset_password(user, password_form.password.data, actor=current_user)
        except ValidationFailed as e:
            db.session.rollback()
            apply_errors(password_form, e)
        else:
            db.session.commit()
            flash(_("The password has been set. Tell the user in person, not by e-mail."),
                  "success")
            return redirect(url_for("admin.edit_user", user_id=user.id))
    form = UserForm(obj=user, formdata=None)
    people = _offer_people(form, user.person_id)
    form.person_id.data = user.person_id or 0
    return _user_page(user, form, people, password_form=password_form, status=400)


@bp.route("/users/<int:user_id>/roles", methods=["POST"])
def grant_role(user_id):
    require(can_manage_users(current_user))
    user = db.get_or_404(User, user_id)
    role_form = CouncilRoleForm(prefix="role")
    role_form.council_id.choices = _council_choices()
    if role_form.validate_on_submit():
        council = db.get_or_404(Council, role_form.council_id.data)
        try:
            accounts.grant_council_role(user, council, CouncilRoleKind(role_form.role.data),
                                        actor=current_user)
        except ValidationFailed as e:
            db.session.rollback()
            apply_errors(role_form, e)
        else:
            db.session.commit()
            flash(_("The role has been granted."), "success")
            return redirect(url_for("admin.edit_user", user_id=user.id))
    form = UserForm(obj=user, formdata=None)
    people = _offer_people(form, user.person_id)
    form.person_id.data = user.person_id or 0
    return _user_page(user, form, people, role_form=role_form, status=400)


@bp.route("/users/<int:user_id>/roles/<int:grant_id>/revoke", methods=["POST"])
def revoke_role(user_id, grant_id):
    require(can_manage_users(current_user))
    grant = db.get_or_404(CouncilRole, grant_id)
    if grant.user_id != user_id:
        return redirect(url_for("admin.edit_user", user_id=user_id))
    if ConfirmForm().validate_on_submit():
        accounts.revoke_council_role(grant, actor=current_user)
        db.session.commit()
        flash(_("The role has been removed."), "success")
    return redirect(url_for("admin.edit_user", user_id=user_id))


@bp.route("/audit")
def audit_log():
    require(can_view_audit(current_user))
    form = AuditFilterForm(request.args)
    form.object_type.choices = opts([("", _("Any"))] + [(t, t) for t in audit.AUDITED_TYPES])
    form.validate()
    since = until = None
    if form.since.data and not form.since.errors:
        since = datetime.combine(form.since.data, datetime.min.time(), UTC)
    if form.until.data and not form.until.errors:
        until = datetime.combine(form.until.data, datetime.min.time(), UTC) + timedelta(days=1)
    stmt = audit.entries_stmt(
        actor_id=form.actor.data if not form.actor.errors else None,
        object_type=form.object_type.data or None,
        object_id=form.object_id.data if not form.object_id.errors else None,
        since=since, until=until,
    )
    pagination = paging.page_of(stmt, page=page_arg(), per_page=50)
    return render_template("admin/audit.html", form=form, pagination=pagination)
