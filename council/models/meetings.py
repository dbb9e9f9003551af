"""Meetings (sēdes), their agenda items, attendance and invited guests."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UTCDateTime, enum_type, utcnow
from .councils import Council
from .people import Person

if TYPE_CHECKING:
    from .minutes import Minutes


class MeetingKind(StrEnum):
    REGULAR = "regular"
    EXTRAORDINARY = "extraordinary"


class MeetingStatus(StrEnum):
    DRAFT = "draft"
    ANNOUNCED = "announced"
    HELD = "held"
    CANCELLED = "cancelled"


MEETING_TRANSITIONS: dict[MeetingStatus, set[MeetingStatus]] = {
    MeetingStatus.DRAFT: {MeetingStatus.ANNOUNCED},
    MeetingStatus.ANNOUNCED: {MeetingStatus.HELD, MeetingStatus.CANCELLED},
    MeetingStatus.HELD: set(),
    MeetingStatus.CANCELLED: set(),
}


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    REMOTE = "remote"
    ABSENT = "absent"
    EXCUSED = "excused"


class Meeting(db.Model):
    __tablename__ = "meetings"

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(sa.ForeignKey("councils.id"))
    year: Mapped[int]
    number: Mapped[int]
    kind: Mapped[MeetingKind] = mapped_column(
        enum_type(MeetingKind, "meeting_kind"), default=MeetingKind.REGULAR
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    place: Mapped[str] = mapped_column(sa.String(300), default="")
    online_url: Mapped[str] = mapped_column(sa.String(500), default="")
    status: Mapped[MeetingStatus] = mapped_column(
        enum_type(MeetingStatus, "meeting_status"), default=MeetingStatus.DRAFT
    )
    is_public: Mapped[bool] = mapped_column(default=True)
    cancel_reason: Mapped[str] = mapped_column(sa.Text, default="")
    postponed_from: Mapped[datetime | None] = mapped_column(UTCDateTime)
    postpone_reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    change_note: Mapped[str] = mapped_column(sa.Text, default="")  # what changed since announced
    # The last change subscribers should notice after the announcement (time or place), so
    # members see "moved from … to …" highlighted.
    changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    previous_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    previous_place: Mapped[str | None] = mapped_column(sa.String(300))
    sequence: Mapped[int] = mapped_column(default=0)  # iCalendar SEQUENCE
    announced_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)

    council: Mapped[Council] = relationship()
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="AgendaItem.position"
    )
    attendances: Mapped[list[Attendance]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan"
    )
    guests: Mapped[list[Guest]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Guest.position"
    )
    minutes: Mapped[Minutes | None] = relationship(
        back_populates="meeting", uselist=False, foreign_keys="Minutes.meeting_id"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.UniqueConstraint("council_id", "year", "number"),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint("number >= 1", name="number_positive"),
        sa.Index("ix_meetings_council_starts", "council_id", "starts_at"),
        sa.Index("ix_meetings_starts_at", "starts_at"),
        sa.Index("ix_meetings_status_starts", "status", "starts_at"),
    )

    @property
    def title_number(self) -> str:
        return f"Nr. {self.number}"

    @property
    def is_postponed(self) -> bool:
        return self.postponed_from is not None

    @property
    def moved_from(self) -> datetime | None:
        """The announced start when an edit changed it (a postponement tells its own story)."""
        if self.previous_starts_at is None or self.previous_starts_at == self.postponed_from:
            return None
        return self.previous_starts_at

    @property
    def is_changed(self) -> bool:
        """Time or place changed after the announcement, beyond a postponement."""
        return self.changed_at is not None and (
            self.moved_from is not None or self.previous_place is not None)


class AgendaItem(db.Model):
    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id"), index=True)
    position: Mapped[int]
    title: Mapped[str] = mapped_column(sa.String(500))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    presenter: Mapped[str] = mapped_column(sa.String(200), default="")
    is_public: Mapped[bool] = mapped_column(default=True)
    expected_minutes: Mapped[int | None]
    version: Mapped[int] = mapped_column(default=1)

    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items")

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        sa.CheckConstraint(
            "expected_minutes IS NULL OR expected_minutes BETWEEN 1 AND 600",
            name="expected_minutes_range",
        ),
    )


class Attendance(db.Model):
    __tablename__ = "attendances"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id"), index=True)
    person_id: Mapped[int] = mapped_column(sa.ForeignKey("persons.id"), index=True)
    status: Mapped[AttendanceStatus] = mapped_column(
        enum_type(AttendanceStatus, "attendance_status"), default=AttendanceStatus.PRESENT
    )
    reason: Mapped[str] = mapped_column(sa.String(300), default="")
    voting: Mapped[bool] = mapped_column(default=True)  # snapshot of the roster on the day
    arrived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    meeting: Mapped[Meeting] = relationship(back_populates="attendances")
    person: Mapped[Person] = relationship()

    __table_args__ = (sa.UniqueConstraint("meeting_id", "person_id"),)


class Guest(db.Model):
    """Invited guests and others present: officers, residents, press (by name and capacity)."""

    __tablename__ = "guests"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(sa.ForeignKey("meetings.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    capacity: Mapped[str] = mapped_column(sa.String(300), default="")
    position: Mapped[int] = mapped_column(default=0)
    # A private person (a resident, not an official): the public protocol omits the name.
    is_private: Mapped[bool] = mapped_column(default=False)

    meeting: Mapped[Meeting] = relationship(back_populates="guests")
