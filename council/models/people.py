"""Person and dated Membership: "who sat on the council on date D" is a query."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, enum_type, utcnow
from .councils import Council
from .geography import Municipality, TerritorialUnit

if TYPE_CHECKING:
    from .elections import Candidate, Election


class Citizenship(StrEnum):
    LV = "lv"
    EU = "eu"  # another EU state, registered in the Register of Natural Persons
    OTHER = "other"


class Position(StrEnum):
    CHAIR = "chair"
    DEPUTY_CHAIR = "deputy_chair"
    SECRETARY = "secretary"
    MEMBER = "member"


class EndReason(StrEnum):
    TERM_END = "term_end"
    RESIGNED = "resigned"
    MOVED_AWAY = "moved_away"
    REMOVED = "removed"
    DIED = "died"
    REPLACED = "replaced"


class Person(db.Model):
    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    municipality_id: Mapped[int] = mapped_column(sa.ForeignKey("municipalities.id"), index=True)
    full_name: Mapped[str] = mapped_column(sa.String(200), index=True)
    territory_id: Mapped[int | None] = mapped_column(sa.ForeignKey("territorial_units.id"))
    # Private: never shown publicly.
    email: Mapped[str] = mapped_column(sa.String(254), default="")
    phone: Mapped[str] = mapped_column(sa.String(40), default="")
    birth_date: Mapped[date | None]
    citizenship: Mapped[Citizenship | None] = mapped_column(enum_type(Citizenship, "citizenship"))
    publish_consent: Mapped[bool] = mapped_column(default=False)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    municipality: Mapped[Municipality] = relationship()
    territory: Mapped[TerritorialUnit | None] = relationship()
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="person", foreign_keys="Membership.person_id"
    )

    __mapper_args__ = {"version_id_col": version}

    def __repr__(self) -> str:
        return f"<Person {self.full_name}>"


class Membership(db.Model):
    __tablename__ = "memberships"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(sa.ForeignKey("councils.id"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("persons.id"), index=True)
    position: Mapped[Position] = mapped_column(
        enum_type(Position, "position"), default=Position.MEMBER
    )
    voting: Mapped[bool] = mapped_column(default=True)
    start_on: Mapped[date]
    end_on: Mapped[date | None]
    end_reason: Mapped[EndReason | None] = mapped_column(enum_type(EndReason, "end_reason"))
    election_id: Mapped[int | None] = mapped_column(sa.ForeignKey("elections.id"))
    candidate_id: Mapped[int | None] = mapped_column(sa.ForeignKey("candidates.id"))
    replaced_membership_id: Mapped[int | None] = mapped_column(sa.ForeignKey("memberships.id"))
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    council: Mapped[Council] = relationship()
    person: Mapped[Person] = relationship(back_populates="memberships", foreign_keys=[person_id])
    election: Mapped[Election | None] = relationship(foreign_keys=[election_id])
    candidate: Mapped[Candidate | None] = relationship(foreign_keys=[candidate_id])
    replaced_membership: Mapped[Membership | None] = relationship(remote_side=[id])

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint("end_on IS NULL OR end_on >= start_on", name="dates_order"),
        sa.CheckConstraint(
            "(end_on IS NULL) = (end_reason IS NULL)", name="end_reason_with_end"
        ),
        sa.Index("ix_memberships_council_dates", "council_id", "start_on", "end_on"),
    )

    def active_on(self, day: date) -> bool:
        return self.start_on <= day and (self.end_on is None or day <= self.end_on)
