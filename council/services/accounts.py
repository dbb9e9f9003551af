"""Accounts: authentication with throttling, users, global and per-council roles."""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from flask_babel import gettext as _
from sqlalchemy import delete, func, select
from sqlalchemy.orm import joinedload
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..models import (
    Council,
    CouncilRole,
    CouncilRoleKind,
    GlobalRole,
    LoginFailure,
    Municipality,
    User,
    utcnow,
)
from ..permissions import can_manage_users, forget_access
from . import NotAllowed, ValidationFailed, audit

MIN_PASSWORD_LENGTH = 10
# Checked against when the e-mail is unknown, so both paths cost one hash (no enumeration).
_DUMMY_HASH = generate_password_hash("not-a-real-password")


class Throttled(Exception):
    """Too many failed logins recently; the view answers 429."""


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def _failures_since(column, value, since: datetime) -> int:
    stmt = select(func.count(LoginFailure.id)).where(column == value, LoginFailure.at >= since)
    return db.session.scalar(stmt) or 0


def is_throttled(email: str, remote_addr: str, *, now: datetime | None = None) -> bool:
    cfg = current_app.config
    since = (now or utcnow()) - cfg["LOGIN_FAILURE_WINDOW"]
    return (
        _failures_since(LoginFailure.email, normalise_email(email), since)
        >= cfg["LOGIN_MAX_FAILURES"]
        or _failures_since(LoginFailure.remote_addr, remote_addr, since)
        >= cfg["LOGIN_MAX_FAILURES_PER_IP"]
    )


def authenticate(email: str, password: str, *, remote_addr: str) -> User | None:
    """The active user with these credentials, or None (and a recorded failure).

    Raises Throttled before checking anything when the limit is reached.
    """
    email = normalise_email(email)
    if is_throttled(email, remote_addr):
        raise Throttled()
    user = db.session.scalars(select(User).where(User.email == email)).first()
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
    elif user.is_active and user.check_password(password):
        user.last_login_at = utcnow()
        db.session.execute(delete(LoginFailure).where(LoginFailure.email == email))
        audit.record(user, "user.login", user, summary=user.email)
        return user
    db.session.add(LoginFailure(email=email[:254], remote_addr=remote_addr[:64]))
    db.session.flush()
    return None


def prune_login_failures(*, older_than: datetime) -> int:
    result = db.session.execute(delete(LoginFailure).where(LoginFailure.at < older_than))
    return result.rowcount or 0


# --- users --------------------------------------------------------------------------------------

def _check_password_strength(password: str, field: str = "password") -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValidationFailed(
            field, _("Use at least %(n)d characters.", n=MIN_PASSWORD_LENGTH)
        )


def _check_email_free(email: str, user: User | None = None) -> None:
    stmt = select(User.id).where(User.email == email)
    if user is not None and user.id is not None:
        stmt = stmt.where(User.id != user.id)
    if db.session.scalar(stmt) is not None:
        raise ValidationFailed("email", _("Another account already uses this e-mail address."))


def _officer_municipality(role: GlobalRole, municipality_id: int | None) -> int | None:
    """The municipality an officer works for; only officers have one (None: every one)."""
    if role != GlobalRole.OFFICER or not municipality_id:
        return None
    if db.session.get(Municipality, municipality_id) is None:
        raise ValidationFailed("municipality_id", _("Choose a municipality from the list."))
    return municipality_id


def create_user(
    *,
    actor: User | None,
    email: str,
    display_name: str,
    password: str,
    role: GlobalRole = GlobalRole.NONE,
    locale: str = "lv",
    person_id: int | None = None,
    municipality_id: int | None = None,
) -> User:
    """actor=None is the command line (flask create-user, seed-demo). `municipality_id`: the
    one municipality an officer works for (ignored for other roles)."""
    if actor is not None and not can_manage_users(actor):
        raise NotAllowed(_("You may not do this."))
    email = normalise_email(email)
    _check_email_free(email)
    _check_password_strength(password)
    user = User(email=email, display_name=display_name.strip(), role=role, locale=locale,
                person_id=person_id, municipality_id=_officer_municipality(role, municipality_id))
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    audit.record(actor, "user.create", user, summary=email,
                 changes={"role": [None, role], "display_name": [None, user.display_name]})
    return user


def update_user(user: User, *, actor: User, email: str, display_name: str, role: GlobalRole,
                locale: str, person_id: int | None, municipality_id: int | None) -> User:
    """`municipality_id`: the one municipality an officer works for (cleared for other
    roles)."""
    if not can_manage_users(actor):
        raise NotAllowed(_("You may not do this."))
    email = normalise_email(email)
    _check_email_free(email, user)
    if user.id == actor.id and role != GlobalRole.ADMIN:
        raise ValidationFailed("role", _("You cannot remove your own administrator role."))
    user.email = email
    user.display_name = display_name.strip()
    user.role = role
    user.municipality_id = _officer_municipality(role, municipality_id)
    user.locale = locale
    user.person_id = person_id
    changes = audit.changes_of(user)
    db.session.flush()
    audit.record(actor, "user.update", user, summary=user.email, changes=changes)
    return user


def set_active(user: User, active: bool, *, actor: User) -> User:
    """Deactivate (or reactivate) an account; accounts are never deleted, history keeps names."""
    if not can_manage_users(actor):
        raise NotAllowed(_("You may not do this."))
    if user.id == actor.id and not active:
        raise ValidationFailed(None, _("You cannot deactivate your own account."))
    user.is_active = active
    if not active:
        user.feed_token_hash = None
    db.session.flush()
    audit.record(actor, "user.activate" if active else "user.deactivate", user,
                 summary=user.email)
    return user


def reset_password(user: User, password: str, *, actor: User) -> None:
    if not can_manage_users(actor):
        raise NotAllowed(_("You may not do this."))
    _check_password_strength(password)
    user.set_password(password)
    db.session.flush()
    audit.record(actor, "user.reset_password", user, summary=user.email)


def change_own_password(user: User, *, current: str, new: str) -> None:
    if not user.check_password(current):
        raise ValidationFailed("current_password", _("The current password is not correct."))
    _check_password_strength(new, "new_password")
    user.set_password(new)
    db.session.flush()
    audit.record(user, "user.change_password", user, summary=user.email)


def update_profile(user: User, *, display_name: str, locale: str) -> None:
    user.display_name = display_name.strip()
    user.locale = locale
    changes = audit.changes_of(user)
    db.session.flush()
    audit.record(user, "user.update_profile", user, summary=user.email, changes=changes)


# --- per-council roles --------------------------------------------------------------------------

def grant_council_role(user: User, council: Council, role: CouncilRoleKind, *,
                       actor: User) -> CouncilRole:
    from ..permissions import can_manage_councils

    if not (can_manage_users(actor) or can_manage_councils(actor, council.municipality_id)):
        raise NotAllowed(_("You may not do this."))
    existing = db.session.scalars(select(CouncilRole).where(
        CouncilRole.user_id == user.id, CouncilRole.council_id == council.id,
        CouncilRole.role == role)).first()
    if existing is not None:
        raise ValidationFailed("council_id", _("This user already has that role in this council."))
    grant = CouncilRole(user=user, council=council, role=role)
    db.session.add(grant)
    db.session.flush()
    forget_access(user)
    audit.record(actor, "council_role.grant", grant,
                 summary=f"{user.email}: {role.value} @ {council.name}")
    return grant


def revoke_council_role(grant: CouncilRole, *, actor: User) -> None:
    from ..permissions import can_manage_councils

    if not (can_manage_users(actor)
            or can_manage_councils(actor, grant.council.municipality_id)):
        raise NotAllowed(_("You may not do this."))
    audit.record(actor, "council_role.revoke", grant,
                 summary=f"{grant.user.email}: {grant.role.value} @ {grant.council.name}")
    user = grant.user
    db.session.delete(grant)
    db.session.flush()
    forget_access(user)


def users_stmt(q: str = "", *, role: str = "", active: str = ""):
    stmt = select(User).options(joinedload(User.municipality))
    if q:
        like = f"%{q.strip().lower()}%"
        stmt = stmt.where(func.lower(User.display_name).like(like) | User.email.like(like))
    if role in {r.value for r in GlobalRole}:
        stmt = stmt.where(User.role == role)
    if active in ("1", "0"):
        stmt = stmt.where(User.is_active.is_(active == "1"))
    return stmt.order_by(func.lower(User.display_name), User.id)
