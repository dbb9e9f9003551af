"""Council (iedzīvotāju padome) and the per-council roles of users."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, enum_type, utcnow
from .geography import Municipality, TerritorialUnit

if TYPE_CHECKING:
    from .users import User


class CouncilStatus(StrEnum):
    FORMING = "forming"
    ACTIVE = "active"
    SUSPENDED = "suspended"
    DISSOLVED = "dissolved"


COUNCIL_TRANSITIONS: dict[CouncilStatus, set[CouncilStatus]] = {
    CouncilStatus.FORMING: {CouncilStatus.ACTIVE, CouncilStatus.DISSOLVED},
    CouncilStatus.ACTIVE: {CouncilStatus.SUSPENDED, CouncilStatus.DISSOLVED},
    CouncilStatus.SUSPENDED: {CouncilStatus.ACTIVE, CouncilStatus.DISSOLVED},
    CouncilStatus.DISSOLVED: set(),
}


class CouncilRoleKind(StrEnum):
    SECRETARY = "secretary"
    MEMBER_ACCESS = "member_access"


council_territories = sa.Table(
    "council_territories",
    db.metadata,
    sa.Column("council_id", sa.ForeignKey("councils.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("unit_id", sa.ForeignKey("territorial_units.id"), primary_key=True),
)


class Council(db.Model):
    __tablename__ = "councils"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    slug: Mapped[str] = mapped_column(sa.String(120), unique=True)
    status: Mapped[CouncilStatus] = mapped_column(
        enum_type(CouncilStatus, "council_status"), default=CouncilStatus.FORMING
    )
    seats: Mapped[int] = mapped_column(default=7)
    bylaw_number: Mapped[str] = mapped_column(sa.String(60), default="")
    bylaw_date: Mapped[date | None]
    bylaw_url: Mapped[str] = mapped_column(sa.String(500), default="")
    established_on: Mapped[date | None]
    term_start: Mapped[date | None]
    term_end: Mapped[date | None]
    description: Mapped[str] = mapped_column(sa.Text, default="")
    contact_email: Mapped[str] = mapped_column(sa.String(254), default="")
    place_locative: Mapped[str] = mapped_column(sa.String(120), default="")  # "Kursīšos"
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    municipality: Mapped[Municipality] = relationship()
    territories: Mapped[list[TerritorialUnit]] = relationship(
        secondary=council_territories, order_by=TerritorialUnit.name
    )
    roles: Mapped[list[CouncilRole]] = relationship(
        back_populates="council", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint("seats BETWEEN 1 AND 99", name="seats_range"),
        sa.CheckConstraint(
            "term_end IS NULL OR term_start IS NULL OR term_end > term_start", name="term_order"
        ),
    )

    def __repr__(self) -> str:
        return f"<Council {self.slug}>"


class CouncilRole(db.Model):
    __tablename__ = "council_roles"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    council_id: Mapped[int] = mapped_column(sa.ForeignKey("councils.id"), index=True)
    role: Mapped[CouncilRoleKind] = mapped_column(enum_type(CouncilRoleKind, "council_role"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(back_populates="council_roles")
    council: Mapped[Council] = relationship(back_populates="roles")

    __table_args__ = (sa.UniqueConstraint("user_id", "council_id", "role"),)
