"""Saldus demo meetings: a year for every active council, relative to today so the demo always
looks alive, but the same shape every time — monthly meetings from ten months ago to three
months ahead: past ones held (one cancelled, one extraordinary), upcoming ones announced (the
first of them postponed by a week), and a draft for the councils that have a secretary account.
Agendas in Latvian; every third meeting has a closed item."""

from __future__ import annotations

import calendar
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from ..extensions import db
from ..models import (
    AgendaItem,
    Council,
    CouncilRole,
    CouncilStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Membership,
    Municipality,
    Person,
    Position,
)

MONTHS_BACK, MONTHS_AHEAD = 10, 3
CANCELLED_OFFSET, EXTRAORDINARY_OFFSET = -4, -7

TOPICS = [
    ("Par ielu apgaismojuma uzlabošanu ciema centrā",
     "Iedzīvotāji norāda uz tumšiem posmiem pie skolas un veikala; pārvalde informē par "
     "iespējām nomainīt gaismekļus pret LED."),
    ("Par pašvaldības ceļu greiderēšanu un uzturēšanu",
     "Grants ceļu stāvoklis pēc lietavām, greiderēšanas grafiks un iedzīvotāju sūdzības."),
    ("Par kultūras nama remontu",
     "Jumta un apkures remonta darbu gaita, izmaksas un pasākumu norise remonta laikā."),
    ("Par līdzdalības budžeta projektu idejām",
     "Iedzīvotāju iesniegto ideju apkopojums un padomes ieteikumi projektu konkursam."),
    ("Par autobusu kustības sarakstu un pieturvietām",
     "Priekšlikumi reisu laikiem skolēniem un strādājošajiem; pieturu nojumju stāvoklis."),
    ("Par bērnu rotaļu laukuma atjaunošanu",
     "Laukuma drošības pārbaudes rezultāti un iespējamais finansējums."),
    ("Par kapsētu uzturēšanu un apsaimniekošanu",
     "Ūdens ņemšanas vietas, atkritumu konteineri un celiņu kopšana."),
    ("Par iedzīvotāju aptaujas rezultātiem",
     "Aptaujā iedzīvotāji visvairāk min ceļus, apgaismojumu un sabiedrisko transportu."),
    ("Par gājēju ietves izbūvi gar autoceļu",
     "Satiksmes drošība pie skolas; sarunas ar VSIA “Latvijas Valsts ceļi”."),
    ("Par atkritumu šķirošanas punktu izvietojumu",
     "Esošo punktu noslodze un iedzīvotāju priekšlikumi jaunām vietām."),
    ("Par novada svētku plānošanu",
     "Brīvprātīgo iesaiste, programma un finansējums vasaras svētkiem."),
    ("Par bibliotēkas darba laiku",
     "Priekšlikums pagarināt darba laiku ceturtdienās un atvērt sestdienās."),
]
CLOSED_TOPIC = ("Par iedzīvotāja iesnieguma izskatīšanu",
                "Iesniegumā ir personas dati, tāpēc jautājumu skata slēgtā sēdes daļā.")
FIRST_ITEM = "Par iepriekšējās sēdes protokola apstiprināšanu"
LAST_ITEM = "Dažādi"
OFFICERS = ["Anna Liepa – pagasta pārvaldes vadītāja", "Valdis Ozols – Komunālās saimniecības "
            "nodaļas vadītājs", "Inese Kalēja – pašvaldības speciāliste"]
CANCEL_REASONS = [
    "Nav nodrošināts kvorums — vairāki padomes locekļi atvaļinājumā.",
    "Sēdes telpās plūdu dēļ notiek remontdarbi.",
]
POSTPONE_REASON = "Pēc iedzīvotāju lūguma, lai sēdē varētu piedalīties ceļu dienesta pārstāvis."


def _month_day(year: int, month: int, weekday: int, nth: int) -> date:
    """The nth (1-based) given weekday of a month, e.g. the 2nd Tuesday."""
    first = date(year, month, 1)
    day = 1 + (weekday - first.weekday()) % 7 + 7 * (nth - 1)
    return date(year, month, min(day, calendar.monthrange(year, month)[1]))


def _add_months(day: date, months: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + months
    return index // 12, index % 12 + 1


def _place(council: Council) -> str:
    if council.slug.endswith("saldus-pilseta"):
        return "Saldus novada pašvaldība, Striķu iela 3, Saldus, 2. stāva zāle"
    if council.slug.endswith("brocenu-pilseta"):
        return "Brocēnu kultūras nams, Lielcieceres iela 1, Brocēni"
    return council.name.replace(" iedzīvotāju padome", " pārvalde") + ", sēžu zāle"


def _presenters(council: Council) -> list[str]:
    names = db.session.scalars(
        select(Person.full_name).join(Membership, Membership.person_id == Person.id)
        .where(Membership.council_id == council.id, Membership.position != Position.SECRETARY)
        .order_by(Membership.id)
    ).all()
    return list(names) + OFFICERS


def _agenda(meeting: Meeting, serial: int, presenters: list[str]) -> None:
    chosen = [TOPICS[(serial * 2 + k) % len(TOPICS)] for k in range(2 + serial % 2)]
    items = [(FIRST_ITEM, "", True, 5)]
    items += [(title, text, True, 20) for title, text in chosen]
    if serial % 3 == 0:
        items.append((CLOSED_TOPIC[0], CLOSED_TOPIC[1], False, 15))
    items.append((LAST_ITEM, "", True, 10))
    for position, (title, text, public, minutes) in enumerate(items, start=1):
        presenter = presenters[(serial + position) % len(presenters)] if text else ""
        meeting.agenda_items.append(AgendaItem(
            position=position, title=title, description=text, presenter=presenter,
            is_public=public, expected_minutes=minutes))


def _schedule(council_index: int, today: date) -> list[tuple[int, date]]:
    weekday, nth = council_index % 4, 2 + council_index % 2  # Mon–Thu, 2nd or 3rd week
    days = []
    for offset in range(-MONTHS_BACK, MONTHS_AHEAD + 1):
        year, month = _add_months(today, offset)
        days.append((offset, _month_day(year, month, weekday, nth)))
    return days


def _council_meetings(council: Council, index: int, now: datetime, *, with_draft: bool) -> int:
    tz = ZoneInfo(council.municipality.timezone)
    presenters = _presenters(council)
    numbers: dict[int, int] = {}
    postponed_done = False
    count = 0
    for serial, (offset, day) in enumerate(_schedule(index, now.astimezone(tz).date())):
        kind = MeetingKind.EXTRAORDINARY if offset == EXTRAORDINARY_OFFSET else MeetingKind.REGULAR
        if kind == MeetingKind.EXTRAORDINARY:
            day += timedelta(days=9)
        starts = datetime.combine(day, time(18, 0) if index % 3 else time(17, 30), tzinfo=tz)
        starts = starts.astimezone(UTC)
        meeting = Meeting(
            council=council, kind=kind, starts_at=starts, ends_at=starts + timedelta(hours=2),
            place=_place(council), is_public=True, announced_at=starts - timedelta(days=10),
            created_at=starts - timedelta(days=14),
            online_url=(f"https://meet.saldus.example/{council.slug}"
                        if council.slug.endswith("saldus-pilseta") else ""),
        )
        if starts < now:
            meeting.status = MeetingStatus.HELD
            meeting.sequence = 1
            if offset == CANCELLED_OFFSET:
                meeting.status = MeetingStatus.CANCELLED
                meeting.cancel_reason = CANCEL_REASONS[index % len(CANCEL_REASONS)]
        else:
            meeting.status = MeetingStatus.ANNOUNCED
            if not postponed_done and starts > now + timedelta(days=1):
                postponed_done = True
                meeting.postponed_from = meeting.previous_starts_at = starts
                meeting.starts_at, meeting.ends_at = (starts + timedelta(days=7),
                                                      starts + timedelta(days=7, hours=2))
                meeting.postpone_reason = POSTPONE_REASON
                meeting.changed_at = min(now, starts - timedelta(days=3))
                meeting.sequence = 1
        year = meeting.starts_at.astimezone(tz).year
        numbers[year] = numbers.get(year, 0) + 1
        meeting.year, meeting.number = year, numbers[year]
        _agenda(meeting, serial + index, presenters)
        db.session.add(meeting)
        count += 1
    if with_draft:
        year, month = _add_months(now.astimezone(tz).date(), MONTHS_AHEAD)
        day = _month_day(year, month, 4, 4)  # a Friday late in the month: not yet announced
        starts = datetime.combine(day, time(18, 0), tzinfo=tz).astimezone(UTC)
        numbers[year] = numbers.get(year, 0) + 1
        draft = Meeting(council=council, year=year, number=numbers[year], starts_at=starts,
                        ends_at=starts + timedelta(hours=2), place=_place(council),
                        status=MeetingStatus.DRAFT)
        draft.agenda_items.append(AgendaItem(position=1, title=FIRST_ITEM, expected_minutes=5))
        draft.agenda_items.append(AgendaItem(position=2, title=TOPICS[3][0],
                                             description=TOPICS[3][1], expected_minutes=30))
        db.session.add(draft)
        count += 1
    return count


def seed(password: str) -> Iterator[str]:
    del password  # no accounts here
    saldus = db.session.scalars(select(Municipality).where(Municipality.slug == "saldus")).first()
    if saldus is None:
        yield "Meetings: no Saldus municipality; skipped."
        return
    councils = db.session.scalars(
        select(Council).where(Council.municipality_id == saldus.id,
                              Council.status == CouncilStatus.ACTIVE).order_by(Council.name)
    ).all()
    existing = db.session.scalar(
        select(Meeting.id).where(Meeting.council_id.in_([c.id for c in councils])).limit(1))
    if existing is not None:
        yield "Meetings: already loaded."
        return
    with_secretary = set(db.session.scalars(select(CouncilRole.council_id)))
    now = datetime.now(UTC)
    total = 0
    for index, council in enumerate(councils):
        total += _council_meetings(council, index, now, with_draft=council.id in with_secretary)
    db.session.flush()
    yield f"Meetings: {total} meetings of {len(councils)} councils, with agendas."
