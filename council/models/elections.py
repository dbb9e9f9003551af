"""Elections of council members and their candidates."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

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


class IneligibleReason(StrEnum):
    """Why a candidate cannot stand (DOMAIN.md: age, citizenship, residence, office)."""

    UNDER_AGE = "under_age"
    CITIZENSHIP = "citizenship"
    RESIDENCE = "residence"
    INCOMPATIBLE_OFFICE = "incompatible_office"  # dome councillor, executive director …


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
    # active_history: the immutability guard needs the stored status even after expiry.
    status: Mapped[ElectionStatus] = mapped_column(
        enum_type(ElectionStatus, "election_status"), default=ElectionStatus.PLANNED,
        active_history=True,
    )
    seats: Mapped[int]
    held_on: Mapped[date | None]
    voting_ends_on: Mapped[date | None]
    place: Mapped[str] = mapped_column(sa.String(300), default="")
    method: Mapped[ElectionMethod] = mapped_column(
        enum_type(ElectionMethod, "election_method"), default=ElectionMethod.BALLOT
    )
    # How many candidates one voter may mark: the sum of votes is at most valid ballots × this.
    votes_per_ballot: Mapped[int] = mapped_column(default=1)
    term_start: Mapped[date | None]
    term_end: Mapped[date | None]
    voters_registered: Mapped[int | None]
    ballots_cast: Mapped[int | None]
    ballots_invalid: Mapped[int | None]
    tie_break_notes: Mapped[str] = mapped_column(sa.Text, default="")
    lots_drawn_by: Mapped[str] = mapped_column(sa.String(200), default="")  # who drew the lots
    lots_drawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
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
        sa.CheckConstraint("votes_per_ballot BETWEEN 1 AND 99", name="votes_per_ballot_range"),
    )

    @property
    def valid_ballots(self) -> int | None:
        if self.ballots_cast is None or self.ballots_invalid is None:
            return None
        return self.ballots_cast - self.ballots_invalid


class Candidate(db.Model):
    __tablename__ = "candidates"

    id: Mapped[int] = mapped_column(primary_key=True)
    election_id: Mapped[int] = mapped_column(sa.ForeignKey("elections.id"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("persons.id"), index=True)
    number: Mapped[int | None]  # order of nomination: "Kandidāts Nr. 3" where no consent
    nominated_on: Mapped[date | None]
    nominated_by: Mapped[str] = mapped_column(sa.String(200), default="")
    status: Mapped[CandidateStatus] = mapped_column(
        enum_type(CandidateStatus, "candidate_status"), default=CandidateStatus.NOMINATED
    )
    # Comma-separated IneligibleReason values, set by the eligibility check.
    ineligible_reason: Mapped[str] = mapped_column(sa.String(300), default="")
    # Recorded by the secretary: the person is a dome councillor, executive director …
    incompatible_office: Mapped[bool] = mapped_column(default=False)
    eligibility_note: Mapped[str] = mapped_column(sa.String(300), default="")
    withdrawn_on: Mapped[date | None]
    withdrawn_reason: Mapped[str] = mapped_column(sa.String(300), default="")
    votes: Mapped[int | None]
    rank: Mapped[int | None]
    lot_rank: Mapped[int | None]  # order decided by drawing lots among tied candidates
    reserve_order: Mapped[int | None]
    reserve_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reserve_declined_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)

    election: Mapped[Election] = relationship(back_populates="candidates")
    person: Mapped[Person] = relationship()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.UniqueConstraint("election_id", "person_id"),
        sa.UniqueConstraint("election_id", "number"),
        sa.CheckConstraint("votes IS NULL OR votes >= 0", name="votes_nonneg"),
    )

    @property
    def ineligible_reasons(self) -> list[IneligibleReason]:
        return [IneligibleReason(code) for code in self.ineligible_reason.split(",") if code]


# --- a certified election is immutable: the services refuse, so do the ORM and the database ---

class CertifiedElectionChanged(Exception):
    """A flush tried to change a certified election or its candidates (refused by the ORM guard
    below or by the database's, models.guards)."""


# After certification only the reserve list's use may still be recorded on a candidate.
_CANDIDATE_FIELDS_AFTER_CERTIFICATION = {"reserve_used_at", "reserve_declined_at", "version"}


def _was_certified(election: Election) -> bool:
    """The election's status as stored (before this flush's changes)."""
    state = sa.inspect(election)
    if state.pending or state.transient:
        return False
    history = state.attrs.status.history
    stored = history.deleted[0] if history.deleted else election.status
    return stored == ElectionStatus.CERTIFIED


def _changed_fields(obj) -> set[str]:
    state = sa.inspect(obj)
    return {attr.key for attr in state.attrs if attr.history.has_changes()}


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_certified(session, flush_context, instances) -> None:
    for obj in list(session.dirty) + list(session.deleted):
        if (isinstance(obj, Election) and _was_certified(obj)
                and (obj in session.deleted or _changed_fields(obj) - {"candidates"})):
            raise CertifiedElectionChanged(f"election {obj.id} is certified")
    for obj in list(session.new) + list(session.dirty) + list(session.deleted):
        if not isinstance(obj, Candidate) or obj.election is None:
            continue
        if not _was_certified(obj.election):
            continue
        if obj in session.new or obj in session.deleted:
            raise CertifiedElectionChanged(f"election {obj.election.id} is certified")
        if _changed_fields(obj) - _CANDIDATE_FIELDS_AFTER_CERTIFICATION:
            raise CertifiedElectionChanged(f"candidate {obj.id} of a certified election")
