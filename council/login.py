"""Flask-Login wiring: how a request's user is loaded."""

from flask import Flask
from flask_login import LoginManager
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .extensions import db
from .i18n import lazy_gettext as _l
from .models import User


def init_login(app: Flask, login_manager: LoginManager) -> None:
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please log in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @login_manager.user_loader
    def load_user(user_id: str) -> User | None:
        if not user_id.isdigit():
            return None
        stmt = (
            select(User)
            .where(User.id == int(user_id), User.is_active.is_(True))
            .options(selectinload(User.council_roles))
        )
        return db.session.scalars(stmt).first()
