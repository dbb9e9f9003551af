"""Elections of council members and their candidates."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, enum_type, utcnow
from .councils import Council
from .people import Person

if TYPE_CHECKING:
    from .users import User


class ElectionKind(StrEnum):
    FOUNDING = "founding"
    BY_ELECTION = "by_election"


class ElectionMethod(StrEnum):
    RESIDENT_MEETING = "resident_meeting"  # iedzīvotāju kopsapulce
    BALLOT = "ballot"  # balsošana noteiktās vietās


class ElectionStatus(StrEnum):
    PLANNED = "planned"
    NOMINATIONS_OPEN = "nominations_open"
    NOMINATIONS_CLOSED = "nominations_closed"
    VOTING = "voting"
    COUNTED = "counted"
    CERTIFIED = "certified"
    CANCELLED = "cancelled"


ELECTION_TRANSITIONS: dict[ElectionStatus, set[ElectionStatus]] = {
    ElectionStatus.PLANNED: {ElectionStatus.NOMINATIONS_OPEN, ElectionStatus.CANCELLED},
    ElectionStatus.NOMINATIONS_OPEN: {ElectionStatus.NOMINATIONS_CLOSED, ElectionStatus.CANCELLED},
    ElectionStatus.NOMINATIONS_CLOSED: {ElectionStatus.VOTING, ElectionStatus.CANCELLED},
    ElectionStatus.VOTING: {ElectionStatus.COUNTED, ElectionStatus.CANCELLED},
    ElectionStatus.COUNTED: {ElectionStatus.CERTIFIED, ElectionStatus.CANCELLED},
    ElectionStatus.CERTIFIED: set(),
    ElectionStatus.CANCELLED: set(),
}


class CandidateStatus(StrEnum):
    NOMINATED = "nominated"
    ELIGIBLE = "eligible"
    INELIGIBLE = "ineligible"
    WITHDRAWN = "withdrawn"
    ELECTED = "elected"
    RESERVE = "reserve"
    NOT_ELECTED = "not_elected"


class Election(db.Model):
    __tablename__ = "elections"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(sa.ForeignKey("councils.id"), index=True)
    kind: Mapped[ElectionKind] = mapped_column(enum_type(ElectionKind, "election_kind"))
    status: Mapped[ElectionStatus] = mapped_column(
        enum_type(ElectionStatus, "election_status"), default=ElectionStatus.PLANNED
    )
    seats: Mapped[int]
    held_on: Mapped[date | None]
    voting_ends_on: Mapped[date | None]
    place: Mapped[str] = mapped_column(sa.String(300), default="")
    method: Mapped[ElectionMethod] = mapped_column(
        enum_type(ElectionMethod, "election_method"), default=ElectionMethod.BALLOT
    )
    term_start: Mapped[date | None]
    term_end: Mapped[date | None]
    voters_registered: Mapped[int | None]
    ballots_cast: Mapped[int | None]
    ballots_invalid: Mapped[int | None]
    tie_break_notes: Mapped[str] = mapped_column(sa.Text, default="")
    cancelled_reason: Mapped[str] = mapped_column(sa.Text, default="")
    certified_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    certified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    council: Mapped[Council] = relationship()
    certified_by: Mapped[User | None] = relationship()
    candidates: Mapped[list[Candidate]] = relationship(
        back_populates="election", cascade="all, delete-orphan", order_by="Candidate.id"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint("seats BETWEEN 1 AND 99", name="seats_range"),
        sa.CheckConstraint(
            "ballots_invalid IS NULL OR ballots_cast IS NULL OR ballots_invalid <= ballots_cast",
            name="invalid_le_cast",
        ),
    )


class Candidate(db.Model):
    __tablename__ = "candidates"

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(sa.ForeignKey("elections.id"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("persons.id"), index=True)
    nominated_on: Mapped[date | None]
    nominated_by: Mapped[str] = mapped_column(sa.String(200), default="")
    status: Mapped[CandidateStatus] = mapped_column(
        enum_type(CandidateStatus, "candidate_status"), default=CandidateStatus.NOMINATED
    )
    ineligible_reason: Mapped[str] = mapped_column(sa.String(300), default="")
    withdrawn_on: Mapped[date | None]
    votes: Mapped[int | None]
    rank: Mapped[int | None]
    lot_rank: Mapped[int | None]  # order decided by drawing lots among tied candidates
    reserve_order: Mapped[int | None]
    reserve_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    election: Mapped[Election] = relationship(back_populates="candidates")
    person: Mapped[Person] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("election_id", "person_id"),
        sa.CheckConstraint("votes IS NULL OR votes >= 0", name="votes_nonneg"),
    )
