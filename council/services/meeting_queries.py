"""Reading meetings for pages: the meeting page, a council's meetings, the member's dashboard.

Each function says how it loads, so templates never trigger queries and a page costs the same
number of queries whatever the number of meetings or agenda items.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import (
    Council,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    utcnow,
)
from ..permissions import (
    PUBLISHED_MEETING,
    can_schedule_meetings,
    can_view_council_records,
    council_access,
)
from .meetings import SCHEDULING_COUNCILS

# A meeting stays "upcoming" for a while after it starts (it is probably going on).
ONGOING = timedelta(hours=4)
COUNCIL_PAGE_UPCOMING = 5
COUNCIL_PAGE_RECENT = 10
DASHBOARD_LIMIT = 20


def load_meeting(meeting_id: int) -> Meeting | None:
    """A meeting with its council, municipality and agenda: all a meeting page shows."""
    stmt = (
        select(Meeting)
        .where(Meeting.id == meeting_id)
        .options(
            joinedload(Meeting.council).joinedload(Council.municipality),
            selectinload(Meeting.agenda_items),
            selectinload(Meeting.minutes).selectinload(Minutes.errata),  # the minutes section
        )
    )
    return db.session.scalars(stmt).first()


def _council_filter(council: Council, user):
    if can_view_council_records(user, council):
        return Meeting.council_id == council.id
    return and_(Meeting.council_id == council.id, Meeting.is_public.is_(True),
                Meeting.status.in_(PUBLISHED_MEETING))


@dataclass
class CouncilMeetings:
    """The meetings section of a council page."""

    council: Council
    next_meeting: Meeting | None
    upcoming: list[Meeting]
    recent: list[Meeting]
    drafts: list[Meeting] = field(default_factory=list)
    can_schedule: bool = False


def council_meetings_summary(council: Council, user, *, now: datetime | None = None
                             ) -> CouncilMeetings:
    """Next meeting, further upcoming ones, recent past ones, and drafts for those who may see
    them. Three queries at most, whatever the number of meetings."""
    now = now or utcnow()
    visible = _council_filter(council, user)
    upcoming = db.session.scalars(
        select(Meeting)
        .where(visible, Meeting.starts_at >= now - ONGOING,
               Meeting.status != MeetingStatus.DRAFT)
        .order_by(Meeting.starts_at, Meeting.id)
        .limit(COUNCIL_PAGE_UPCOMING + 1)
    ).all()
    recent = db.session.scalars(
        select(Meeting)
        .where(visible, Meeting.starts_at < now - ONGOING, Meeting.status != MeetingStatus.DRAFT)
        .options(selectinload(Meeting.minutes))  # links to the minutes of past meetings
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
        .limit(COUNCIL_PAGE_RECENT)
    ).all()
    drafts = []
    if can_view_council_records(user, council):
        drafts = db.session.scalars(
            select(Meeting)
            .where(Meeting.council_id == council.id, Meeting.status == MeetingStatus.DRAFT)
            .order_by(Meeting.starts_at, Meeting.id)
            .limit(COUNCIL_PAGE_UPCOMING)
        ).all()
    next_meeting = next((m for m in upcoming if m.status == MeetingStatus.ANNOUNCED), None)
    return CouncilMeetings(
        council=council, next_meeting=next_meeting,
        upcoming=[m for m in upcoming if m is not next_meeting][:COUNCIL_PAGE_UPCOMING],
        recent=list(recent), drafts=list(drafts),
        can_schedule=(can_schedule_meetings(user, council)
                      and council.status in SCHEDULING_COUNCILS),
    )


def council_meetings_stmt(council: Council, user):
    """All the council's meetings the user may see, newest first (the caller paginates)."""
    return (
        select(Meeting)
        .where(_council_filter(council, user))
        .order_by(Meeting.starts_at.desc(), Meeting.id.desc())
    )


@dataclass
class Dashboard:
    upcoming: list[Meeting]
    drafts: list[Meeting]
    to_mark_held: list[Meeting]
    without_minutes: list[Meeting]
    member_of: int
    secretary_of: int

    @property
    def has_tasks(self) -> bool:
        return bool(self.drafts or self.to_mark_held or self.without_minutes)


def _with_council(stmt):
    return stmt.options(joinedload(Meeting.council))


def dashboard(user, *, now: datetime | None = None) -> Dashboard:
    """A member's upcoming meetings across their councils (with agendas); for a secretary also
    what needs doing. Five queries at most, whatever the data size."""
    now = now or utcnow()
    access = council_access(user)
    member_of, secretary_of = sorted(access.member_of), sorted(access.secretary_of)
    upcoming = drafts = to_mark_held = without_minutes = []
    if member_of:
        upcoming = db.session.scalars(_with_council(
            select(Meeting)
            .where(Meeting.council_id.in_(member_of), Meeting.starts_at >= now - ONGOING,
                   Meeting.status.in_((MeetingStatus.ANNOUNCED, MeetingStatus.CANCELLED)))
            .order_by(Meeting.starts_at, Meeting.id)
            .limit(DASHBOARD_LIMIT)
        ).options(selectinload(Meeting.agenda_items))).all()
    if secretary_of:
        mine = Meeting.council_id.in_(secretary_of)
        drafts = db.session.scalars(_with_council(
            select(Meeting).where(mine, Meeting.status == MeetingStatus.DRAFT)
            .order_by(Meeting.starts_at, Meeting.id).limit(DASHBOARD_LIMIT))).all()
        to_mark_held = db.session.scalars(_with_council(
            select(Meeting).where(mine, Meeting.status == MeetingStatus.ANNOUNCED,
                                  Meeting.starts_at < now)
            .order_by(Meeting.starts_at, Meeting.id).limit(DASHBOARD_LIMIT))).all()
        without_minutes = db.session.scalars(_with_council(
            select(Meeting)
            .outerjoin(Minutes, Minutes.meeting_id == Meeting.id)
            .where(mine, Meeting.status == MeetingStatus.HELD,
                   or_(Minutes.id.is_(None), Minutes.status != MinutesStatus.APPROVED))
            .order_by(Meeting.starts_at.desc(), Meeting.id.desc()).limit(DASHBOARD_LIMIT))).all()
    return Dashboard(upcoming=list(upcoming), drafts=list(drafts),
                     to_mark_held=list(to_mark_held), without_minutes=list(without_minutes),
                     member_of=len(member_of), secretary_of=len(secretary_of))
