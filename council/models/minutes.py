"""Minutes (protokols): one per meeting, a record per agenda item, errata after approval."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, enum_type, utcnow
from .meetings import AgendaItem, Attendance, Guest, Meeting
from .people import Person

if TYPE_CHECKING:
    from .users import User


class MinutesStatus(StrEnum):
    DRAFT = "draft"
    APPROVED = "approved"


MINUTES_TRANSITIONS: dict[MinutesStatus, set[MinutesStatus]] = {
    MinutesStatus.DRAFT: {MinutesStatus.APPROVED},
    MinutesStatus.APPROVED: set(),
}


class Outcome(StrEnum):
    ADOPTED = "adopted"
    REJECTED = "rejected"
    NOTED = "noted"
    POSTPONED = "postponed"


class Vote(StrEnum):
    FOR = "for"
    AGAINST = "against"
    ABSTAIN = "abstain"


class Minutes(db.Model):
    __tablename__ = "minutes"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id"), unique=True)
    # active_history: the guard must know the stored status even when the object was expired.
    status: Mapped[MinutesStatus] = mapped_column(
        enum_type(MinutesStatus, "minutes_status"), default=MinutesStatus.DRAFT,
        active_history=True,
    )
    opened_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    chaired_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("persons.id"))
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("persons.id"))
    approved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    approved_by_chair_id: Mapped[int | None] = mapped_column(sa.ForeignKey("persons.id"))
    approved_at_meeting_id: Mapped[int | None] = mapped_column(sa.ForeignKey("meetings.id"))
    content_hash: Mapped[str | None] = mapped_column(sa.String(64))
    # How the protocol names the chair and the recorder ("padomes priekšsēdētāja"); the
    # recorder may be a municipal employee who is not on the roster (recorder_name then).
    chair_title: Mapped[str] = mapped_column(sa.String(200), default="")
    recorder_name: Mapped[str] = mapped_column(sa.String(200), default="")
    recorder_title: Mapped[str] = mapped_column(sa.String(200), default="")
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    meeting: Mapped[Meeting] = relationship(back_populates="minutes", foreign_keys=[meeting_id])
    chaired_by: Mapped[Person | None] = relationship(foreign_keys=[chaired_by_id])
    recorded_by: Mapped[Person | None] = relationship(foreign_keys=[recorded_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])
    approved_by_chair: Mapped[Person | None] = relationship(foreign_keys=[approved_by_chair_id])
    approved_at_meeting: Mapped[Meeting | None] = relationship(
        foreign_keys=[approved_at_meeting_id]
    )
    # Deterministic order on every database (PostgreSQL returns rows in no particular order).
    item_records: Mapped[list[ItemRecord]] = relationship(
        back_populates="minutes", cascade="all, delete-orphan",
        order_by="ItemRecord.agenda_item_id",
    )
    errata: Mapped[list[Erratum]] = relationship(
        back_populates="minutes", cascade="all, delete-orphan", order_by="Erratum.number"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint(
            "status <> 'approved' OR content_hash IS NOT NULL", name="approved_has_hash"
        ),
    )


class ItemRecord(db.Model):
    """What happened under one agenda item: becomes "N. §" in the protocol."""

    __tablename__ = "item_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(sa.ForeignKey("minutes.id"), index=True)
    agenda_item_id: Mapped[int] = mapped_column(sa.ForeignKey("agenda_items.id"), unique=True)
    reported_by: Mapped[str] = mapped_column(sa.String(200), default="")
    discussion_participants: Mapped[str] = mapped_column(sa.String(500), default="")
    discussion: Mapped[str] = mapped_column(sa.Text, default="")
    decision: Mapped[str] = mapped_column(sa.Text, default="")
    outcome: Mapped[Outcome | None] = mapped_column(enum_type(Outcome, "outcome"))
    named_vote: Mapped[bool] = mapped_column(default=False)
    votes_for: Mapped[int | None]
    votes_against: Mapped[int | None]
    votes_abstain: Mapped[int | None]
    # How the meeting's chair voted, when counts (not named votes) are recorded: decides a tie
    # if the municipality's by-law gives the chair a casting vote.
    casting_vote: Mapped[Vote | None] = mapped_column(enum_type(Vote, "casting_vote"))
    version: Mapped[int] = mapped_column(default=1)

    minutes: Mapped[Minutes] = relationship(back_populates="item_records")
    agenda_item: Mapped[AgendaItem] = relationship()
    named_votes: Mapped[list[NamedVote]] = relationship(
        back_populates="item_record", cascade="all, delete-orphan", order_by="NamedVote.id"
    )
    recusals: Mapped[list[Recusal]] = relationship(
        back_populates="item_record", cascade="all, delete-orphan", order_by="Recusal.id"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint(
            "(votes_for IS NULL OR votes_for >= 0)"
            " AND (votes_against IS NULL OR votes_against >= 0)"
            " AND (votes_abstain IS NULL OR votes_abstain >= 0)",
            name="votes_nonneg",
        ),
    )


class NamedVote(db.Model):
    __tablename__ = "named_votes"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_record_id: Mapped[int] = mapped_column(sa.ForeignKey("item_records.id"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("persons.id"))
    vote: Mapped[Vote] = mapped_column(enum_type(Vote, "vote"))

    item_record: Mapped[ItemRecord] = relationship(back_populates="named_votes")
    person: Mapped[Person] = relationship()

    __table_args__ = (sa.UniqueConstraint("item_record_id", "person_id"),)


class Recusal(db.Model):
    """A declared conflict of interest: the person does not vote and is not counted."""

    __tablename__ = "recusals"

    id: Mapped[int] = mapped_column(primary_key=True)
    item_record_id: Mapped[int] = mapped_column(sa.ForeignKey("item_records.id"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("persons.id"))
    reason: Mapped[str] = mapped_column(sa.String(300), default="")

    item_record: Mapped[ItemRecord] = relationship(back_populates="recusals")
    person: Mapped[Person] = relationship()

    __table_args__ = (sa.UniqueConstraint("item_record_id", "person_id"),)


class Erratum(db.Model):
    """A correction after approval: never an edit of the approved text."""

    __tablename__ = "errata"

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(sa.ForeignKey("minutes.id"), index=True)
    number: Mapped[int]
    on_date: Mapped[date]
    text: Mapped[str] = mapped_column(sa.Text)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    minutes: Mapped[Minutes] = relationship(back_populates="errata")
    author: Mapped[User | None] = relationship()

    __table_args__ = (sa.UniqueConstraint("minutes_id", "number"),)


# --- the ORM guard: approved minutes are frozen (the database has its own: models.guards) ----

class MinutesFrozen(RuntimeError):
    """Raised at flush when something would change approved minutes (corrections are errata),
    by the ORM guard below or by the database's (models.guards)."""


def _column_changes(obj) -> bool:
    state = sa.inspect(obj)
    return any(state.attrs[attr.key].history.has_changes() for attr in state.mapper.column_attrs)


def _was_approved(minutes: Minutes) -> bool:
    hist = sa.inspect(minutes).attrs.status.history
    before = hist.deleted or hist.unchanged or [minutes.status]
    return before[0] == MinutesStatus.APPROVED


class _Touched:
    """What a flush touches, by the minutes (or meeting) it belongs to."""

    def __init__(self):
        self.minutes_ids: set[int] = set()
        self.item_record_ids: set[int] = set()
        self.meeting_ids: set[int] = set()

    def note(self, obj) -> None:
        loaded = obj.__dict__  # never trigger a load for a relationship that is not loaded
        if isinstance(obj, ItemRecord | Erratum):
            parent = loaded.get("minutes")
            self._add(self.minutes_ids, obj.minutes_id, parent)
            self._add(self.minutes_ids, _old(obj, "minutes_id"))
        elif isinstance(obj, NamedVote | Recusal):
            record = loaded.get("item_record")
            if record is not None and record.id is None:
                self.note(record)
            self._add(self.item_record_ids, obj.item_record_id, record)
            self._add(self.item_record_ids, _old(obj, "item_record_id"))
        elif isinstance(obj, Attendance | Guest):
            self._add(self.meeting_ids, obj.meeting_id, loaded.get("meeting"))
            self._add(self.meeting_ids, _old(obj, "meeting_id"))

    @staticmethod
    def _add(target: set[int], value, parent=None) -> None:
        if value is None and parent is not None:
            value = parent.id
        if value is not None:
            target.add(value)

    def any_approved(self, session) -> bool:
        if not (self.minutes_ids or self.item_record_ids or self.meeting_ids):
            return False
        stmt = sa.select(Minutes.id).where(
            Minutes.status == MinutesStatus.APPROVED,
            sa.or_(
                Minutes.id.in_(self.minutes_ids),
                Minutes.meeting_id.in_(self.meeting_ids),
                Minutes.id.in_(sa.select(ItemRecord.minutes_id)
                               .where(ItemRecord.id.in_(self.item_record_ids))),
            ),
        )
        return session.execute(stmt.limit(1)).first() is not None


def _old(obj, key: str):
    hist = sa.inspect(obj).attrs[key].history
    return hist.deleted[0] if hist.deleted else None


GUARDED = (ItemRecord, NamedVote, Recusal, Attendance, Guest, Erratum)


def refuse_changes_to_approved_minutes(session, _flush_context, _instances) -> None:
    """before_flush: approved minutes, their records, votes, recusals and errata, and the
    meeting's attendance and guests are never updated or deleted; nothing is added to them
    except errata."""
    touched = _Touched()
    for obj in session.deleted:
        if isinstance(obj, Minutes) and _was_approved(obj):
            raise MinutesFrozen("approved minutes cannot be deleted")
        if isinstance(obj, GUARDED):
            touched.note(obj)
    for obj in session.dirty:
        if isinstance(obj, Minutes):
            if _column_changes(obj) and _was_approved(obj):
                raise MinutesFrozen("approved minutes cannot be changed")
        elif isinstance(obj, GUARDED) and session.is_modified(obj, include_collections=False):
            touched.note(obj)  # includes a vote or recusal removed from its item (an orphan)
    for obj in session.new:
        if isinstance(obj, GUARDED) and not isinstance(obj, Erratum):
            touched.note(obj)
    if touched.any_approved(session):
        raise MinutesFrozen("approved minutes cannot be changed; add an erratum instead")


def install_guard() -> None:
    """Register the guard once for every session (called by create_app)."""
    if not sa.event.contains(Session, "before_flush", refuse_changes_to_approved_minutes):
        sa.event.listen(Session, "before_flush", refuse_changes_to_approved_minutes)
