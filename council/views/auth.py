"""Login, logout and the user's own profile."""

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..errors import render_error
from ..extensions import db
from ..forms import ConfirmForm, apply_errors
from ..forms.auth import LoginForm, PasswordForm, ProfileForm
from ..services import ValidationFailed, accounts
from . import safe_next

bp = Blueprint("auth", __name__)


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(request.args.get("next")) or url_for("public.home"))
    form = LoginForm()
    if request.method == "GET":
        form.next.data = safe_next(request.args.get("next")) or ""
    if form.validate_on_submit():
        try:
            user = accounts.authenticate(
                form.email.data, form.password.data, remote_addr=request.remote_addr or "-"
            )
        except accounts.Throttled:
            db.session.rollback()
            return render_error(429)
        db.session.commit()
        if user is not None:
            login_user(user, remember=form.remember.data)
            flash(_("Welcome, %(name)s.", name=user.display_name), "success")
            return redirect(safe_next(form.next.data) or url_for("public.home"))
        form.password.errors.append(_("The e-mail or password is not correct."))
    status = 400 if request.method == "POST" else 200
    return render_template("auth/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
def logout():
    form = ConfirmForm()
    if form.validate_on_submit():
        logout_user()
        flash(_("You have logged out."), "info")
    return redirect(url_for("public.home"))


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user, prefix="profile")
    password_form = PasswordForm(prefix="pw")
    status = 200
    if form.validate_on_submit():
        accounts.update_profile(current_user, display_name=form.display_name.data,
                                locale=form.locale.data)
        db.session.commit()
        flash(_("Your profile has been saved."), "success")
        return redirect(url_for("auth.profile", lang=form.locale.data))
    if request.method == "POST":
        status = 400
    return render_template("auth/profile.html", form=form, password_form=password_form), status


@bp.route("/profile/password", methods=["POST"])
@login_required
def change_password():
    form = ProfileForm(obj=current_user, prefix="profile", formdata=None)
    password_form = PasswordForm(prefix="pw")
    if password_form.validate_on_submit():
        try:
            accounts.change_own_password(current_user, current=password_form.current_password.data,
                                         new=password_form.new_password.data)
        except ValidationFailed as e:
            db.session.rollback()
            apply_errors(password_form, e)
        else:
            db.session.commit()
            flash(_("Your password has been changed."), "success")
            return redirect(url_for("auth.profile"))
    return render_template("auth/profile.html", form=form, password_form=password_form), 400

