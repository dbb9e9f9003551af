"""Municipality (pašvaldība) with its by-law settings, its territorial units and addressees."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, enum_type, utcnow


class QuorumRule(StrEnum):
    MORE_THAN_HALF = "more_than_half"
    AT_LEAST_HALF = "at_least_half"
    TWO_THIRDS = "two_thirds"


class NumberingReset(StrEnum):
    YEARLY = "yearly"
    NEVER = "never"


class UnitKind(StrEnum):
    TOWN = "town"  # pilsēta
    PARISH = "parish"  # pagasts
    NEIGHBOURHOOD = "neighbourhood"  # apkaime


class AddresseeKind(StrEnum):
    DOME = "dome"
    COMMITTEE = "committee"
    EXECUTIVE = "executive"
    DEPARTMENT = "department"
    OFFICIAL = "official"


class Municipality(db.Model):
    __tablename__ = "municipalities"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    timezone: Mapped[str] = mapped_column(sa.String(64), default="Europe/Riga")
    address: Mapped[str] = mapped_column(sa.String(300), default="")
    website: Mapped[str] = mapped_column(sa.String(300), default="")

    # By-law settings (DOMAIN.md): defaults from practice, never constants in code.
    default_seats: Mapped[int] = mapped_column(default=7)
    term_years: Mapped[int] = mapped_column(default=4)
    notice_days_regular: Mapped[int] = mapped_column(default=5)
    notice_days_extraordinary: Mapped[int] = mapped_column(default=1)
    quorum_rule: Mapped[QuorumRule] = mapped_column(
        enum_type(QuorumRule, "quorum_rule"), default=QuorumRule.MORE_THAN_HALF
    )
    chair_casting_vote: Mapped[bool] = mapped_column(default=True)
    answer_working_days: Mapped[int] = mapped_column(default=10)
    answer_extension_months: Mapped[int] = mapped_column(default=1)
    numbering_reset: Mapped[NumberingReset] = mapped_column(
        enum_type(NumberingReset, "numbering_reset"), default=NumberingReset.YEARLY
    )
    min_member_age: Mapped[int] = mapped_column(default=16)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    units: Mapped[list[TerritorialUnit]] = relationship(
        back_populates="municipality", order_by="TerritorialUnit.name"
    )
    addressees: Mapped[list[Addressee]] = relationship(
        back_populates="municipality", order_by="Addressee.position"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint("default_seats BETWEEN 1 AND 99", name="default_seats_range"),
        sa.CheckConstraint("term_years BETWEEN 1 AND 10", name="term_years_range"),
        sa.CheckConstraint(
            "answer_working_days BETWEEN 1 AND 90", name="answer_working_days_range"
        ),
    )

    def __repr__(self) -> str:
        return f"<Municipality {self.slug}>"


class TerritorialUnit(db.Model):
    __tablename__ = "territorial_units"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[UnitKind] = mapped_column(enum_type(UnitKind, "unit_kind"))
    slug: Mapped[str] = mapped_column(sa.String(80))
    locative: Mapped[str] = mapped_column(sa.String(120), default="")  # "Kursīšos"

    municipality: Mapped[Municipality] = relationship(back_populates="units")

    __table_args__ = (sa.UniqueConstraint("municipality_id", "slug"),)

    def __repr__(self) -> str:
        return f"<TerritorialUnit {self.name}>"


class Addressee(db.Model):
    """Who a recommendation can be sent to (configurable per municipality)."""

    __tablename__ = "addressees"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"), index=True)
    kind: Mapped[AddresseeKind] = mapped_column(enum_type(AddresseeKind, "addressee_kind"))
    name: Mapped[str] = mapped_column(sa.String(200))
    position: Mapped[int] = mapped_column(default=0)
    is_active: Mapped[bool] = mapped_column(default=True)

    municipality: Mapped[Municipality] = relationship(back_populates="addressees")
