"""The protocol (sēdes protokols) as plain data: what the HTML page, the Word document and the
content hash are made of. Pure: loaded model objects in, frozen dataclasses out; no Flask.

The public version (for residents without an account) keeps closed items only as their number
("3. § Slēgts jautājums") and no private persons' data: members who did not consent to
publishing their name appear as "N. N.", private guests are only counted, absence and recusal
reasons are left out.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from enum import Enum

from ..formatting import DEFAULT_TZ, local
from ..models import AttendanceStatus, MinutesStatus, Outcome, Position, Vote

ANONYMOUS = "N. N."
PRESENT = (AttendanceStatus.PRESENT, AttendanceStatus.REMOTE)
_LV_ALPHABET = "aābcčdeēfgģhiījkķlļmnņoprsštuūvzž"
_LV_ORDER = {ch: i for i, ch in enumerate(_LV_ALPHABET)}


def lv_sort_key(text: str) -> tuple:
    """Latvian alphabetical order (ā after a, č after c …), case-insensitive."""
    return tuple(_LV_ORDER.get(ch, 100 + ord(ch)) for ch in text.lower())


def is_feminine(full_name: str) -> bool:
    """Latvian masculine given names end in -s or -š (Jānis, Ģirts, Andris); others are
    feminine (Ilze, Līga, Ņina). Only a default: every title stays editable."""
    given = full_name.split()[0].lower() if full_name.strip() else ""
    return not given.endswith(("s", "š"))


_TITLES = {
    Position.CHAIR: ("padomes priekšsēdētāja", "padomes priekšsēdētājs"),
    Position.DEPUTY_CHAIR: ("padomes priekšsēdētāja vietniece", "padomes priekšsēdētāja vietnieks"),
    Position.SECRETARY: ("padomes sekretāre", "padomes sekretārs"),
    Position.MEMBER: ("padomes locekle", "padomes loceklis"),
}


def default_title(position: Position | None, full_name: str) -> str:
    """'padomes priekšsēdētāja' / 'padomes sekretārs' for the protocol."""
    if position is None:
        return ""
    feminine, masculine = _TITLES[position]
    return feminine if is_feminine(full_name) else masculine


@dataclass(frozen=True)
class Attendee:
    name: str
    voting: bool
    status: str  # AttendanceStatus value
    reason: str  # blank in the public version
    arrived_at: datetime | None
    left_at: datetime | None
    is_chair: bool = False


@dataclass(frozen=True)
class GuestLine:
    name: str
    capacity: str


@dataclass(frozen=True)
class Tally:
    votes_for: int
    votes_against: int
    votes_abstain: int
    named: bool
    for_names: tuple[str, ...] = ()
    against_names: tuple[str, ...] = ()
    abstain_names: tuple[str, ...] = ()
    decided_by_chair: bool = False


@dataclass(frozen=True)
class Recused:
    name: str
    reason: str


@dataclass(frozen=True)
class Section:
    """One agenda item: "N. §"."""

    number: int
    agenda_item_id: int
    title: str
    closed: bool  # the public version shows only "N. § Slēgts jautājums"
    recorded: bool
    is_public: bool = True  # a closed item, in the members' version
    reported_by: str = ""
    participants: str = ""
    discussion: str = ""
    decision: str = ""
    outcome: str | None = None
    tally: Tally | None = None
    recusals: tuple[Recused, ...] = ()


@dataclass(frozen=True)
class ErratumLine:
    number: int
    on_date: date
    text: str
    author: str


@dataclass(frozen=True)
class Protocol:
    public: bool
    draft: bool
    meeting_id: int
    municipality: str
    council: str
    place: str
    day: date
    number: int
    opened_at: datetime | None
    closed_at: datetime | None
    chair: str
    chair_title: str
    recorder: str
    recorder_title: str
    present: tuple[Attendee, ...]
    absent: tuple[Attendee, ...]
    guests: tuple[GuestLine, ...]
    private_guests: int
    sections: tuple[Section, ...]
    quorum_total: int | None = None
    quorum_present: int | None = None
    quorum_reached: bool | None = None
    approved_at: datetime | None = None
    approved_by_chair: str = ""
    approved_at_meeting: tuple[int, date] | None = None  # (number, day)
    content_hash: str | None = None
    errata: tuple[ErratumLine, ...] = field(default=())
    tz: str = DEFAULT_TZ

    @property
    def chair_feminine(self) -> bool:
        return is_feminine(self.chair)

    @property
    def recorder_feminine(self) -> bool:
        return is_feminine(self.recorder)

    @property
    def document_title(self) -> str:
        return f"{self.council} — sēdes protokols Nr. {self.number} ({self.day:%d.%m.%Y}.)"


def _namer(public: bool):
    def name(person) -> str:
        if person is None:
            return ""
        if public and not person.publish_consent:
            return ANONYMOUS
        return person.full_name
    return name


def _attendees(meeting, name, public: bool,
               chair_id: int | None) -> tuple[list[Attendee], list[Attendee]]:
    present, absent = [], []
    rows = sorted(meeting.attendances, key=lambda a: lv_sort_key(a.person.full_name))
    for row in rows:
        attendee = Attendee(
            name=name(row.person), voting=row.voting, status=row.status.value,
            reason="" if public else row.reason, arrived_at=row.arrived_at, left_at=row.left_at,
            is_chair=row.person_id == chair_id,
        )
        (present if row.status in PRESENT else absent).append(attendee)
    return present, absent


def _tally(record, name, chair_id: int | None, casting: bool) -> Tally | None:
    if record.votes_for is None and record.votes_against is None and record.votes_abstain is None:
        return None
    votes_for, against = record.votes_for or 0, record.votes_against or 0
    names: dict[Vote, list[str]] = {Vote.FOR: [], Vote.AGAINST: [], Vote.ABSTAIN: []}
    chair_vote = record.casting_vote
    if record.named_vote:
        for nv in record.named_votes:
            names[nv.vote].append(name(nv.person))
            if nv.person_id == chair_id:
                chair_vote = nv.vote
    decided = (casting and votes_for == against and chair_vote in (Vote.FOR, Vote.AGAINST)
               and record.outcome in (Outcome.ADOPTED, Outcome.REJECTED))
    return Tally(
        votes_for=votes_for, votes_against=against, votes_abstain=record.votes_abstain or 0,
        named=record.named_vote,
        for_names=tuple(sorted(names[Vote.FOR], key=lv_sort_key)),
        against_names=tuple(sorted(names[Vote.AGAINST], key=lv_sort_key)),
        abstain_names=tuple(sorted(names[Vote.ABSTAIN], key=lv_sort_key)),
        decided_by_chair=decided,
    )


def _sections(minutes, meeting, name, public: bool) -> list[Section]:
    records = {r.agenda_item_id: r for r in (minutes.item_records if minutes else [])}
    casting = meeting.council.municipality.chair_casting_vote
    chair_id = minutes.chaired_by_id if minutes else None
    sections = []
    for number, item in enumerate(meeting.agenda_items, start=1):
        if public and not item.is_public:
            sections.append(Section(number=number, agenda_item_id=item.id, title="",
                                    closed=True, recorded=False))
            continue
        record = records.get(item.id)
        if record is None:
            sections.append(Section(number=number, agenda_item_id=item.id, title=item.title,
                                    closed=False, recorded=False, is_public=item.is_public))
            continue
        recusals = sorted(record.recusals, key=lambda r: lv_sort_key(r.person.full_name))
        sections.append(Section(
            number=number, agenda_item_id=item.id, title=item.title, closed=False,
            recorded=True, is_public=item.is_public, reported_by=record.reported_by,
            participants=record.discussion_participants, discussion=record.discussion,
            decision=record.decision, outcome=record.outcome.value if record.outcome else None,
            tally=_tally(record, name, chair_id, casting),
            recusals=tuple(Recused(name(r.person), "" if public else r.reason)
                           for r in recusals),
        ))
    return sections


def build(minutes, *, public: bool, quorum=None, tz: str | None = None) -> Protocol:
    """The protocol of loaded minutes (meeting, council, municipality, attendance, guests,
    agenda items, item records with votes and recusals, errata — all loaded)."""
    meeting = minutes.meeting
    tz = tz or meeting.council.municipality.timezone or DEFAULT_TZ
    name = _namer(public)
    present, absent = _attendees(meeting, name, public, minutes.chaired_by_id)
    guests = [g for g in meeting.guests if not (public and g.is_private)]
    recorder = name(minutes.recorded_by) if minutes.recorded_by else minutes.recorder_name
    approved_meeting = minutes.approved_at_meeting
    return Protocol(
        public=public,
        draft=minutes.status != MinutesStatus.APPROVED,
        meeting_id=meeting.id,
        municipality=meeting.council.municipality.name,
        council=meeting.council.name,
        place=meeting.council.place_locative,
        day=local(meeting.starts_at, tz).date(),
        number=meeting.number,
        opened_at=minutes.opened_at,
        closed_at=minutes.closed_at,
        chair=name(minutes.chaired_by),
        chair_title=minutes.chair_title,
        recorder=recorder,
        recorder_title=minutes.recorder_title,
        present=tuple(present),
        absent=tuple(absent),
        guests=tuple(GuestLine(g.name, g.capacity) for g in guests),
        private_guests=len(meeting.guests) - len(guests),
        sections=tuple(_sections(minutes, meeting, name, public)),
        quorum_total=quorum.total if quorum else None,
        quorum_present=quorum.present if quorum else None,
        quorum_reached=quorum.reached if quorum else None,
        approved_at=minutes.approved_at,
        approved_by_chair=name(minutes.approved_by_chair),
        approved_at_meeting=(
            (approved_meeting.number, local(approved_meeting.starts_at, tz).date())
            if approved_meeting is not None else None
        ),
        content_hash=minutes.content_hash,
        errata=tuple(
            ErratumLine(e.number, e.on_date, e.text, e.author.display_name if e.author else "")
            for e in minutes.errata
        ),
        tz=tz,
    )


# What approval freezes: the full (members') content, without what is added later.
_NOT_CANONICAL = ("public", "draft", "quorum_total", "quorum_present", "quorum_reached",
                  "approved_at", "approved_by_chair", "approved_at_meeting", "content_hash",
                  "errata", "tz")


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    raise TypeError(type(value))


def canonical_content(minutes) -> str:
    """The protocol's content as canonical JSON (sorted keys, UTF-8, no whitespace)."""
    data = asdict(build(minutes, public=False))
    for key in _NOT_CANONICAL:
        data.pop(key)
    return json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"),
                      default=_plain)


def content_hash(minutes) -> str:
    """SHA-256 (hex) of the canonical content: stored at approval, shown with the minutes."""
    return hashlib.sha256(canonical_content(minutes).encode("utf-8")).hexdigest()
