"""Minutes for the Saldus demo: approved minutes for the past held meetings (with absences, a
recusal, a named vote, an erratum) and a draft for each council's most recent held meeting.

Works on whatever held meetings exist (the meetings step creates them); without any it says so
and does nothing. Idempotent: a council that already has minutes is left alone. Everything goes
through the minutes services, so the audit log shows who recorded and approved what.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import time, timedelta
from itertools import groupby

from sqlalchemy import select

from ..exports.protocol import content_hash
from ..extensions import db
from ..models import (
    AttendanceStatus,
    Council,
    CouncilRole,
    CouncilRoleKind,
    GlobalRole,
    Meeting,
    MeetingStatus,
    Minutes,
    Municipality,
    Outcome,
    User,
    Vote,
    utcnow,
)
from ..services import ValidationFailed
from ..services import minutes as svc
from ..services.memberships import roster_on

GUESTS = [
    svc.GuestInput("Anna Liepa", "pagasta pārvaldes vadītāja"),
    svc.GuestInput("Kristaps Vanags", "pašvaldības attīstības nodaļas speciālists"),
    svc.GuestInput("Rūta Kļaviņa", "iedzīvotāja", is_private=True),
]
DISCUSSION = [
    "{who} informē par iedzīvotāju iesniegtajiem priekšlikumiem un pašvaldības iespējām.",
    "Padomes locekļi apspriež, kuras vietas ir vissteidzamākās un kā informēt iedzīvotājus.",
]
DECISION = ("Atbalstīt iedzīvotāju priekšlikumu.\n"
            "Lūgt pašvaldību izvērtēt tā īstenošanu un paredzēt finansējumu 2027. gada budžetā.")


def _secretary(council: Council) -> User | None:
    stmt = (select(User).join(CouncilRole, CouncilRole.user_id == User.id)
            .where(CouncilRole.council_id == council.id,
                   CouncilRole.role == CouncilRoleKind.SECRETARY)
            .order_by(User.id))
    return db.session.scalars(stmt).first() or db.session.scalars(
        select(User).where(User.role == GlobalRole.ADMIN).order_by(User.id)).first()


def _pending() -> list[Meeting]:
    """Held Saldus meetings without minutes, by council and date."""
    stmt = (
        select(Meeting).join(Meeting.council).join(Council.municipality)
        .outerjoin(Minutes, Minutes.meeting_id == Meeting.id)
        .where(Municipality.slug == "saldus", Meeting.status == MeetingStatus.HELD,
               Minutes.id.is_(None))
        .order_by(Meeting.council_id, Meeting.starts_at)
    )
    return list(db.session.scalars(stmt))


def _has_minutes(council: Council) -> bool:
    stmt = select(Minutes.id).join(Minutes.meeting).where(Meeting.council_id == council.id)
    return db.session.scalar(stmt.limit(1)) is not None


def _attendance(meeting: Meeting, index: int):
    """Everyone present but one excused member; one unexcused absence and one remote member on
    alternate meetings; one latecomer."""
    rows = [r for r in svc.attendance_rows(meeting) if r.on_roster]
    voters = [r for r in rows if r.voting]
    statuses, reasons, arrived = {}, {}, {}
    if len(voters) >= 4:
        excused = voters[1 + index % (len(voters) - 1)]
        statuses[excused.person.id] = AttendanceStatus.EXCUSED
        reasons[excused.person.id] = ("slimības dēļ", "atvaļinājumā",
                                      "aizņemts pamatdarbā")[index % 3]
        others = [r for r in voters[1:] if r is not excused]
        if index % 2 and len(voters) >= 6:
            statuses[others[0].person.id] = AttendanceStatus.ABSENT
        elif others:
            statuses[others[0].person.id] = AttendanceStatus.REMOTE
        if len(others) > 1:
            arrived[others[-1].person.id] = time(18, 15)
    return [svc.AttendanceInput(person_id=r.person.id,
                                status=statuses.get(r.person.id, AttendanceStatus.PRESENT),
                                reason=reasons.get(r.person.id, ""),
                                arrived=arrived.get(r.person.id))
            for r in rows]


def _record_meeting(meeting: Meeting, actor, index: int) -> None:
    minutes = meeting.minutes
    chair = minutes.chaired_by_id
    start = svc.local_time(meeting, meeting.starts_at)
    header = svc.HeaderInput(
        opened=start, closed=time(min(start.hour + 1, 23), 30), chaired_by_id=chair,
        chair_title=minutes.chair_title, recorded_by_id=minutes.recorded_by_id,
        recorder_name="" if minutes.recorded_by_id else "Inese Kalēja",
        recorder_title=minutes.recorder_title or "pagasta pārvaldes lietvede")
    svc.record_meeting(minutes, header=header, attendance=_attendance(meeting, index),
                       guests=GUESTS[: 1 + index % 3], version=minutes.version, actor=actor)
    db.session.flush()
    for position, item in enumerate(meeting.agenda_items):
        _record_item(meeting, item, position, actor)


def _record_item(meeting: Meeting, item, position: int, actor) -> None:
    voters = svc.eligible_voters(svc.attendance_rows(meeting))
    chair_id = meeting.minutes.chaired_by_id
    who = item.presenter or (meeting.minutes.chaired_by.full_name
                             if meeting.minutes.chaired_by else "Padomes priekšsēdētājs")
    discussion = "\n".join(line.format(who=who) for line in DISCUSSION)
    data = svc.ItemInput(reported_by=who, discussion=discussion,
                         discussion_participants=", ".join(r.person.full_name
                                                           for r in voters[:2]))
    quorum = svc.meeting_quorum(meeting, svc.attendance_rows(meeting))
    if item.title.startswith("Dažādi") or not quorum.reached or len(voters) < 3:
        data.outcome = Outcome.NOTED
        data.decision = "Pieņemt informāciju zināšanai."
    elif position == 0:  # a named vote with an abstention
        data.named_vote = True
        data.members = [svc.MemberVoteInput(r.person.id, Vote.ABSTAIN if i == len(voters) - 1
                                            else Vote.FOR) for i, r in enumerate(voters)]
        data.outcome, data.decision = Outcome.ADOPTED, DECISION
    elif position == 1:  # a recusal: the member owns the land in question
        recused = next(r for r in voters if r.person.id != chair_id)
        data.members = [svc.MemberVoteInput(recused.person.id, recused=True,
                                            reason="ir saistīts ar jautājumā minēto īpašumu")]
        data.votes_for, data.votes_against, data.votes_abstain = len(voters) - 1, 0, 0
        data.outcome, data.decision = Outcome.ADOPTED, DECISION
    else:
        data.votes_for, data.votes_against, data.votes_abstain = len(voters) - 1, 1, 0
        data.outcome, data.decision = Outcome.ADOPTED, DECISION
    record = svc.record_for(meeting.minutes, item)
    version = record.version if record else None
    try:
        svc.record_item(meeting.minutes, item, data, version=version, actor=actor)
    except ValidationFailed:
        # A small roster (or a recusal) leaves the item without quorum: the council notes it.
        data.members, data.named_vote = [], False
        data.votes_for = data.votes_against = data.votes_abstain = None
        data.outcome, data.decision = Outcome.NOTED, "Pieņemt informāciju zināšanai."
        svc.record_item(meeting.minutes, item, data, version=version, actor=actor)
    db.session.flush()


def _approve(meeting: Meeting, following: Meeting | None, actor, first: bool) -> None:
    """Approved at the following meeting (or two weeks later); the first gets an erratum."""
    minutes = meeting.minutes
    chair = svc.default_chair(minutes)
    approved_at = min(following.ends_at if following else
                      meeting.starts_at + timedelta(days=14), utcnow())
    svc.approve(minutes, chair_person_id=chair.id if chair else None,
                approved_at_meeting_id=following.id if following else None,
                seen_hash=content_hash(minutes), actor=actor, now=approved_at)
    db.session.flush()
    if first:
        approved_on = approved_at.astimezone(svc.tz_of(meeting)).date()
        svc.add_erratum(minutes, actor=actor,
                        on_date=min(approved_on + timedelta(days=7), svc.local_today(meeting)),
                        text="1. § lēmuma 2. punktā vārdus “2027. gada budžetā” lasīt "
                             "“2027. gada pašvaldības budžetā”.")


def seed(password: str) -> Iterator[str]:  # the password is unused: no accounts here
    pending = _pending()
    if not pending:
        yield "Minutes: no held meetings without minutes (the meetings demo creates them)."
        return
    approved = drafts = skipped = 0
    for _council_id, group in groupby(pending, key=lambda m: m.council_id):
        meetings = list(group)
        council = meetings[0].council
        meetings = [m for m in meetings
                    if any(ms.voting for ms in roster_on(council, svc.meeting_day(m)))]
        if not meetings or _has_minutes(council):
            skipped += 1
            continue
        actor = _secretary(council)
        for index, meeting in enumerate(meetings):
            meeting = svc.load_meeting(meeting.id)
            svc.start_minutes(meeting, actor=actor)
            db.session.flush()
            _record_meeting(meeting, actor, index)
            if index < len(meetings) - 1:
                following = meetings[index + 1]
                _approve(meeting, following, actor, first=index == 0)
                approved += 1
            else:
                drafts += 1
    yield (f"Minutes: {approved} approved, {drafts} drafts"
           f"{f', {skipped} councils skipped (no roster or already recorded)' if skipped else ''}.")
