"""Reading minutes: loading a meeting with everything its protocol shows, the roster and
attendance of the meeting date, quorum, and what the meeting page offers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from ...exports import protocol as protocol_export
from ...extensions import db
from ...formatting import DEFAULT_TZ
from ...models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Council,
    Erratum,
    ItemRecord,
    Meeting,
    MeetingStatus,
    Membership,
    Minutes,
    MinutesStatus,
    NamedVote,
    Person,
    Position,
    Recusal,
    utcnow,
)
from ...permissions import (
    can_approve_minutes,
    can_edit_council_records,
    can_view_council_records,
    can_view_minutes,
)
from ..memberships import roster_on
from ..quorum import Quorum

PRESENT = (AttendanceStatus.PRESENT, AttendanceStatus.REMOTE)


def load_meeting(meeting_id: int) -> Meeting | None:
    """A meeting with everything its minutes show, loaded in a fixed number of queries."""
    stmt = (
        select(Meeting).where(Meeting.id == meeting_id)
        .options(
            joinedload(Meeting.council).joinedload(Council.municipality),
            selectinload(Meeting.agenda_items),
            selectinload(Meeting.attendances).joinedload(Attendance.person),
            selectinload(Meeting.guests),
            selectinload(Meeting.minutes).options(
                joinedload(Minutes.chaired_by), joinedload(Minutes.recorded_by),
                joinedload(Minutes.approved_by), joinedload(Minutes.approved_by_chair),
                joinedload(Minutes.approved_at_meeting),
                selectinload(Minutes.item_records).options(
                    selectinload(ItemRecord.named_votes).joinedload(NamedVote.person),
                    selectinload(ItemRecord.recusals).joinedload(Recusal.person),
                ),
                selectinload(Minutes.errata).joinedload(Erratum.author),
            ),
        )
    )
    return db.session.scalars(stmt).first()


def tz_of(meeting: Meeting) -> ZoneInfo:
    return ZoneInfo(meeting.council.municipality.timezone or DEFAULT_TZ)


def local_today(meeting: Meeting) -> date:
    """Today in the municipality's zone (late evening in Riga is already tomorrow in UTC+3)."""
    return datetime.now(tz_of(meeting)).date()


def meeting_day(meeting: Meeting) -> date:
    return meeting.starts_at.astimezone(tz_of(meeting)).date()


def local_time(meeting: Meeting, value: datetime | None) -> time | None:
    return value.astimezone(tz_of(meeting)).time().replace(second=0, microsecond=0) \
        if value else None


def at_local(meeting: Meeting, value: time | None) -> datetime | None:
    """A time of day on the meeting date, in the municipality's zone, as aware UTC."""
    if value is None:
        return None
    return datetime.combine(meeting_day(meeting), value, tzinfo=tz_of(meeting)).astimezone(UTC)


@dataclass
class AttendanceRow:
    """One member on the roster of the meeting date, with what was recorded for them."""

    person: Person
    voting: bool
    position: Position | None
    attendance: Attendance | None
    on_roster: bool = True

    @property
    def status(self) -> AttendanceStatus:
        return self.attendance.status if self.attendance else AttendanceStatus.PRESENT

    @property
    def present(self) -> bool:
        return self.attendance is not None and self.attendance.status in PRESENT


def attendance_rows(meeting: Meeting) -> list[AttendanceRow]:
    """Drafts: the roster on the meeting date (a member who joined later is not listed) with
    their attendance. Approved minutes: the attendance recorded then (a frozen snapshot)."""
    recorded = {a.person_id: a for a in meeting.attendances}
    minutes = meeting.minutes
    if minutes is not None and minutes.status == MinutesStatus.APPROVED:
        rows = [AttendanceRow(a.person, a.voting, None, a) for a in recorded.values()]
        return sorted(rows, key=lambda r: protocol_export.lv_sort_key(r.person.full_name))
    rows = [AttendanceRow(m.person, m.voting, m.position, recorded.pop(m.person_id, None))
            for m in roster_on(meeting.council, meeting_day(meeting))]
    rows += [AttendanceRow(a.person, a.voting, None, a, on_roster=False)
             for a in recorded.values()]
    return rows


def meeting_quorum(meeting: Meeting, rows: list[AttendanceRow]) -> Quorum:
    voting = [r for r in rows if r.voting and r.on_roster]
    return Quorum(total=len(voting), present=sum(1 for r in voting if r.present),
                  rule=meeting.council.municipality.quorum_rule)


def item_quorum(meeting: Meeting, rows: list[AttendanceRow], recused: set[int]) -> Quorum:
    """A member with a conflict of interest is not counted as present for the item."""
    voting = [r for r in rows if r.voting and r.on_roster]
    present = sum(1 for r in voting if r.present and r.person.id not in recused)
    return Quorum(total=len(voting), present=present,
                  rule=meeting.council.municipality.quorum_rule)


def eligible_voters(rows: list[AttendanceRow]) -> list[AttendanceRow]:
    """Voting members present (in the room or remotely): who may vote or recuse on an item."""
    return [r for r in rows if r.voting and r.on_roster and r.present]


def record_for(minutes: Minutes | None, agenda_item: AgendaItem) -> ItemRecord | None:
    if minutes is None:
        return None
    return next((r for r in minutes.item_records if r.agenda_item_id == agenda_item.id), None)


def protocol_for(meeting: Meeting, user) -> protocol_export.Protocol:
    """The protocol as this user may see it: members get the full one, others the public one."""
    public = not can_view_council_records(user, meeting.council)
    quorum = meeting_quorum(meeting, attendance_rows(meeting))
    return protocol_export.build(meeting.minutes, public=public, quorum=quorum,
                                 tz=str(tz_of(meeting)))


def may_start(meeting: Meeting, now: datetime | None = None) -> bool:
    """Minutes are recorded once the meeting has been held (or has begun)."""
    now = now or utcnow()
    return meeting.minutes is None and (
        meeting.status == MeetingStatus.HELD
        or (meeting.status == MeetingStatus.ANNOUNCED and meeting.starts_at <= now)
    )


@dataclass(frozen=True)
class MeetingSection:
    """What the meeting page shows about its minutes (templates/minutes/_meeting_section.html).
    The meetings view passes ``meeting_section(meeting, current_user)`` as ``minutes_section``."""

    meeting_id: int
    status: MinutesStatus | None
    can_view: bool
    can_start: bool
    can_edit: bool
    can_approve: bool
    can_add_erratum: bool
    errata: int


def meeting_section(meeting: Meeting, user) -> MeetingSection:
    minutes = meeting.minutes
    editor = can_edit_council_records(user, meeting.council)
    draft = minutes is not None and minutes.status == MinutesStatus.DRAFT
    return MeetingSection(
        meeting_id=meeting.id,
        status=minutes.status if minutes else None,
        can_view=minutes is not None and can_view_minutes(user, minutes),
        can_start=editor and may_start(meeting),
        can_edit=editor and draft,
        can_approve=draft and can_approve_minutes(user, minutes),
        can_add_erratum=editor and minutes is not None and not draft,
        errata=len(minutes.errata) if minutes else 0,
    )


def approval_meeting_choices(meeting: Meeting) -> list[Meeting]:
    """Later meetings of the council at which these minutes may have been approved."""
    stmt = (
        select(Meeting)
        .where(Meeting.council_id == meeting.council_id, Meeting.starts_at > meeting.starts_at,
               Meeting.status.in_((MeetingStatus.ANNOUNCED, MeetingStatus.HELD)))
        .order_by(Meeting.starts_at).limit(12)
    )
    return list(db.session.scalars(stmt))


def chair_choices(minutes: Minutes) -> list[Person]:
    """Who may be recorded as the chair approving the minutes: the roster of the meeting
    date (chair first), and whoever chairs the council today."""
    meeting = minutes.meeting
    people = [m.person for m in roster_on(meeting.council, meeting_day(meeting))]
    today_chair = position_holder(roster_on(meeting.council, local_today(meeting)),
                                  Position.CHAIR)
    if today_chair and today_chair.person not in people:
        people.insert(0, today_chair.person)
    return people


def default_chair(minutes: Minutes) -> Person | None:
    meeting = minutes.meeting
    holder = position_holder(roster_on(meeting.council, local_today(meeting)), Position.CHAIR)
    return holder.person if holder else minutes.chaired_by


def position_holder(roster: list[Membership], position: Position) -> Membership | None:
    return next((m for m in roster if m.position == position), None)
