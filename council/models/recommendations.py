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
from .geography import AddresseeKind
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
    responsible_officer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    registration_number: Mapped[str] = mapped_column(sa.String(60), default="")
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
    extension_reason: Mapped[str] = mapped_column(sa.Text, default="")
    answer_text: Mapped[str] = mapped_column(sa.Text, default="")
    answered_on: Mapped[date | None]
    decision_reference: Mapped[str] = mapped_column(sa.String(200), default="")
    is_public: Mapped[bool] = mapped_column(default=True)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    council: Mapped[Council] = relationship()
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
        sa.Index("ix_recommendations_status_due", "status", "due_on"),
        sa.Index("ix_recommendations_council_year", "council_id", "year"),
    )

    @property
    def code(self) -> str:
        return f"{self.year}/{self.number}"


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

    recommendation: Mapped[Recommendation] = relationship(back_populates="events")
    actor: Mapped[User | None] = relationship()
