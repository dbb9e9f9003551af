"""Recommendations (priekšlikumi) to the municipality and their public timeline."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, enum_type, utcnow
from .councils import Council
from .geography import Addressee, AddresseeKind
from .meetings import AgendaItem, Meeting

if TYPE_CHECKING:
    from .users import User


class RecommendationStatus(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    REGISTERED = "registered"
    ANSWERED = "answered"
    CLOSED = "closed"
    WITHDRAWN = "withdrawn"


RECOMMENDATION_TRANSITIONS: dict[RecommendationStatus, set[RecommendationStatus]] = {
    RecommendationStatus.DRAFT: {RecommendationStatus.SENT, RecommendationStatus.WITHDRAWN},
    RecommendationStatus.SENT: {RecommendationStatus.REGISTERED, RecommendationStatus.WITHDRAWN},
    RecommendationStatus.REGISTERED: {RecommendationStatus.ANSWERED},
    RecommendationStatus.ANSWERED: {RecommendationStatus.CLOSED},
    RecommendationStatus.CLOSED: set(),
    RecommendationStatus.WITHDRAWN: set(),
}


# Actions that are not status transitions, and the statuses they are possible in.
RECOMMENDATION_EDITABLE = frozenset({RecommendationStatus.DRAFT})
RECOMMENDATION_EXTENDABLE = frozenset({RecommendationStatus.SENT, RecommendationStatus.REGISTERED})
# Sent or registered: waiting for the municipality's answer (overdue once due_on has passed).
RECOMMENDATION_AWAITING_ANSWER = RECOMMENDATION_EXTENDABLE


class AnswerOutcome(StrEnum):
    ACCEPTED = "accepted"
    PARTLY_ACCEPTED = "partly_accepted"
    REJECTED = "rejected"
    NO_ACTION = "no_action"


class Implementation(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    IMPLEMENTED = "implemented"
    NOT_IMPLEMENTED = "not_implemented"


# Only an accepted (or partly accepted) recommendation has something to implement.
IMPLEMENTABLE_OUTCOMES = frozenset({AnswerOutcome.ACCEPTED, AnswerOutcome.PARTLY_ACCEPTED})

# Each state-changing action (one POST endpoint each) and what it leads to; "edit", "extend"
# and "implementation" keep the status and are allowed in the statuses listed above.
RECOMMENDATION_VERBS: dict[str, RecommendationStatus | None] = {
    "edit": None,
    "send": RecommendationStatus.SENT,
    "withdraw": RecommendationStatus.WITHDRAWN,
    "register": RecommendationStatus.REGISTERED,
    "answer": RecommendationStatus.ANSWERED,
    "extend": None,
    "implementation": None,
    "close": RecommendationStatus.CLOSED,
}


def state_allows(rec: Recommendation, verb: str) -> bool:
    """Whether the recommendation's state allows the action (who may is permissions' job)."""
    target = RECOMMENDATION_VERBS[verb]
    if target is not None:
        return target in RECOMMENDATION_TRANSITIONS[rec.status]
    if verb == "edit":
        return rec.status in RECOMMENDATION_EDITABLE
    if verb == "extend":
        return rec.status in RECOMMENDATION_EXTENDABLE and rec.due_on is not None
    # implementation
    return (rec.status == RecommendationStatus.ANSWERED
            and rec.outcome in IMPLEMENTABLE_OUTCOMES)


class EventKind(StrEnum):
    CREATED = "created"
    STATUS = "status"
    EXTENSION = "extension"
    IMPLEMENTATION = "implementation"
    NOTE = "note"


class Recommendation(db.Model):
    __tablename__ = "recommendations"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(sa.ForeignKey("councils.id"))
    year: Mapped[int]
    number: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(500))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    source_meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meetings.id"))
    source_agenda_item_id: Mapped[int | None] = mapped_column(sa.ForeignKey("agenda_items.id"))
    addressee_kind: Mapped[AddresseeKind] = mapped_column(
        enum_type(AddresseeKind, "addressee_kind"), default=AddresseeKind.DOME
    )
    addressee_name: Mapped[str] = mapped_column(sa.String(200), default="")
    # The entry of the municipality's addressee list; kind and name above are a snapshot.
    addressee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("addressees.id"))
    responsible_officer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id"), index=True
    )
    registration_number: Mapped[str] = mapped_column(sa.String(60), default="")
    registered_on: Mapped[date | None]
    status: Mapped[RecommendationStatus] = mapped_column(
        enum_type(RecommendationStatus, "recommendation_status"),
        default=RecommendationStatus.DRAFT,
    )
    outcome: Mapped[AnswerOutcome | None] = mapped_column(
        enum_type(AnswerOutcome, "answer_outcome")
    )
    implementation: Mapped[Implementation | None] = mapped_column(
        enum_type(Implementation, "implementation")
    )
    sent_on: Mapped[date | None]
    due_on: Mapped[date | None]
    original_due_on: Mapped[date | None]  # due_on as computed when sent, before any extension
    extension_reason: Mapped[str] = mapped_column(sa.Text, default="")
    answer_text: Mapped[str] = mapped_column(sa.Text, default="")
    answered_on: Mapped[date | None]
    decision_reference: Mapped[str] = mapped_column(sa.String(200), default="")
    is_public: Mapped[bool] = mapped_column(default=True)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    council: Mapped[Council] = relationship()
    addressee: Mapped[Addressee | None] = relationship()
    source_meeting: Mapped[Meeting | None] = relationship()
    source_agenda_item: Mapped[AgendaItem | None] = relationship()
    responsible_officer: Mapped[User | None] = relationship()
    events: Mapped[list[RecommendationEvent]] = relationship(
        back_populates="recommendation",
        cascade="all, delete-orphan",
        order_by="RecommendationEvent.id",
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.UniqueConstraint("council_id", "year", "number"),
        # Covering for the officers' dashboard counts; the register's "newest first" walk.
        sa.Index("ix_recommendations_status_due", "status", "due_on", "council_id",
                 "responsible_officer_id"),
        sa.Index("ix_recommendations_status_sent", "status", "sent_on", "id", "is_public"),
        # A visitor's register of one status: counted and walked newest first on one index.
        sa.Index("ix_recommendations_status_public", "status", "is_public", "sent_on", "id"),
        # The register with any status (its first page, as opened): the newest, walked.
        sa.Index("ix_recommendations_sent", "sent_on", "id", "status", "is_public"),
        sa.Index("ix_recommendations_council_year", "council_id", "year"),
        # Covering for one municipality's dashboard (an officer of one): its councils' open
        # recommendations by status and deadline, without reading the whole country's.
        sa.Index("ix_recommendations_council_status", "council_id", "status", "due_on",
                 "responsible_officer_id"),
        # A municipality's home page walks each council's latest changes backwards.
        sa.Index("ix_recommendations_council_updated", "council_id", "updated_at"),
    )

    @property
    def code(self) -> str:
        return f"{self.year}/{self.number}"

    @property
    def was_extended(self) -> bool:
        return self.original_due_on is not None and self.due_on != self.original_due_on

    @property
    def answered_on_time(self) -> bool | None:
        """None until answered; extended deadlines count (the law allows them)."""
        if self.answered_on is None or self.due_on is None:
            return None
        return self.answered_on <= self.due_on


class RecommendationEvent(db.Model):
    __tablename__ = "recommendation_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    recommendation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("recommendations.id"), index=True
    )
    kind: Mapped[EventKind] = mapped_column(enum_type(EventKind, "event_kind"))
    on_date: Mapped[date]
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    from_status: Mapped[str] = mapped_column(sa.String(24), default="")
    to_status: Mapped[str] = mapped_column(sa.String(24), default="")
    note: Mapped[str] = mapped_column(sa.Text, default="")
    due_on: Mapped[date | None]  # the answer deadline set by this event (sending, extension)

    recommendation: Mapped[Recommendation] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()

    @property
    def status_value(self) -> RecommendationStatus | None:
        if self.kind == EventKind.STATUS and self.to_status:
            return RecommendationStatus(self.to_status)
        return None

    @property
    def implementation_value(self) -> Implementation | None:
        if self.kind == EventKind.IMPLEMENTATION and self.to_status:
            return Implementation(self.to_status)
        return None
