"""User accounts, their global role, and login-failure records for throttling."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from flask import current_app, has_app_context
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from .base import UTCDateTime, enum_type, utcnow
from .councils import CouncilRole
from .geography import Municipality
from .people import Person


class GlobalRole(StrEnum):
    NONE = "none"
    OFFICER = "officer"
    ADMIN = "admin"


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)  # stored lower-case
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    display_name: Mapped[str] = mapped_column(sa.String(200))
    person_id: Mapped[int | None] = mapped_column(sa.ForeignKey("persons.id"), unique=True)
    role: Mapped[GlobalRole] = mapped_column(
        enum_type(GlobalRole, "global_role"), default=GlobalRole.NONE
    )
    # An officer works for one municipality (DESIGN: "every council of the municipality");
    # none: every municipality of the instance. Admins are never limited.
    municipality_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("municipalities.id"), index=True)
    is_active: Mapped[bool] = mapped_column(default=True)  # overrides UserMixin.is_active
    locale: Mapped[str] = mapped_column(sa.String(5), default="lv")
    feed_token_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    feed_token_created_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    person: Mapped[Person | None] = relationship()
    municipality: Mapped[Municipality | None] = relationship()
    council_roles: Mapped[list[CouncilRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (sa.CheckConstraint("email = lower(email)", name="email_lower"),)

    def set_password(self, password: str) -> None:
        method = "scrypt"
        if has_app_context():  # tests use a cheaper hash: PASSWORD_HASH_METHOD
            method = current_app.config.get("PASSWORD_HASH_METHOD", method)
        self.password_hash = generate_password_hash(password, method=method)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_admin(self) -> bool:
        return self.role == GlobalRole.ADMIN

    @property
    def is_officer(self) -> bool:
        return self.role in (GlobalRole.OFFICER, GlobalRole.ADMIN)

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class LoginFailure(db.Model):
    """One failed login. Lives in the database so limits hold across processes."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), index=True)
    remote_addr: Mapped[str] = mapped_column(sa.String(64), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
