"""National-scale data: all of Latvia's councils over ten years, for benchmarks.

Deterministic (seeded), bulk inserts through SQLAlchemy Core with explicit ids, in dependency
order; works on SQLite and PostgreSQL. Row counts at the defaults (43 municipalities, 500
councils, 10 years): ~500 councils, ~5,000 members over time, ~50,000 meetings, ~500,000 agenda
items, minutes for the held meetings, ~20,000 recommendations, ~100 users.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from ..extensions import db
from ..models import (
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Candidate,
    CandidateStatus,
    Council,
    CouncilRole,
    CouncilRoleKind,
    CouncilStatus,
    Election,
    ElectionKind,
    ElectionMethod,
    ElectionStatus,
    GlobalRole,
    ItemRecord,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Membership,
    Minutes,
    MinutesStatus,
    Municipality,
    Outcome,
    Person,
    Position,
    Recommendation,
    RecommendationEvent,
    RecommendationStatus,
    TerritorialUnit,
    UnitKind,
    User,
    utcnow,
)
from ..models.guards import freeze
from ..models.recommendations import AnswerOutcome, EventKind, Implementation
from ..text import slugify

MUNICIPALITIES = [
    "Rīgas", "Daugavpils", "Jelgavas valstspilsētas", "Jūrmalas", "Liepājas",
    "Rēzeknes valstspilsētas", "Ventspils valstspilsētas", "Aizkraukles", "Alūksnes",
    "Augšdaugavas",
    "Ādažu", "Balvu", "Bauskas", "Cēsu", "Dienvidkurzemes", "Dobeles", "Gulbenes", "Jelgavas",
    "Jēkabpils", "Krāslavas", "Kuldīgas", "Ķekavas", "Limbažu", "Līvānu", "Ludzas", "Madonas",
    "Mārupes", "Ogres", "Olaines", "Preiļu", "Rēzeknes", "Ropažu", "Salaspils", "Saldus",
    "Saulkrastu", "Siguldas", "Smiltenes", "Talsu", "Tukuma", "Valkas", "Valmieras",
    "Varakļānu", "Ventspils",
]
GIVEN = ["Ilze", "Jānis", "Līga", "Māris", "Ģirts", "Ņina", "Ēriks", "Kristīne", "Andris",
         "Dace", "Raimonds", "Sanita", "Zane", "Edgars", "Inese", "Aigars", "Laura", "Oskars",
         "Agnese", "Kārlis", "Baiba", "Valdis", "Anita", "Uldis", "Rūta", "Juris", "Ieva"]
FAMILY = ["Bērziņš", "Kalniņš", "Ozoliņš", "Šteins", "Ābele", "Žukovs", "Krūmiņš", "Liepiņš",
          "Vītols", "Jaunzems", "Grīnbergs", "Ķēniņš", "Zariņš", "Pētersons", "Kļaviņš",
          "Eglītis", "Lācis", "Siliņš", "Vanags", "Priede", "Celmiņš", "Dzenis", "Ūdris"]
TOPICS = ["Par ielu apgaismojumu", "Par ceļu greiderēšanu", "Par kultūras nama remontu",
          "Par līdzdalības budžeta projektiem", "Par autobusu kustības sarakstu",
          "Par bērnu rotaļu laukumu", "Par sporta laukuma atjaunošanu", "Par atkritumu šķirošanu",
          "Par pagasta svētkiem", "Par bibliotēkas darba laiku", "Par gājēju ietvi",
          "Par kapsētas uzturēšanu", "Par ūdensapgādes remontu", "Dažādi"]
BATCH = 5000


@dataclass
class Plan:
    municipalities: int = 43
    councils: int = 500
    years: int = 10
    meetings_per_year: int = 10
    items_per_meeting: int = 10
    recommendations: int = 20_000
    users: int = 100
    seed: int = 20261125
    today: date = field(default_factory=lambda: date(2026, 11, 25))


def feminine(family: str) -> str:
    """Latvian feminine surname: Bērziņš → Bērziņa, Lācis → Lāce, Pētersons → Pētersone."""
    if family.endswith("š"):
        return family[:-1] + "a"
    if family.endswith("is"):
        return family[:-2] + "e"
    if family.endswith("ons"):
        return family[:-1] + "e"
    if family.endswith("s"):
        return family[:-1] + "a"
    return family


def _name(rng: random.Random) -> str:
    given = rng.choice(GIVEN)
    family = rng.choice(FAMILY)
    if given[-1] in "ae":
        family = feminine(family)
    return f"{given} {family}"


def _insert(table: sa.Table, rows: Iterable[dict]) -> int:
    count = 0
    chunk: list[dict] = []
    for row in rows:
        chunk.append(row)
        if len(chunk) >= BATCH:
            db.session.execute(sa.insert(table), chunk)
            count += len(chunk)
            chunk = []
    if chunk:
        db.session.execute(sa.insert(table), chunk)
        count += len(chunk)
    return count


def _at(day: date, hour: int) -> datetime:
    # 18:00 Riga is 15:00 or 16:00 UTC; a fixed UTC hour keeps generation cheap and realistic.
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=UTC)


def generate(plan: Plan, progress: Callable[[str, int], None] = lambda step, n: None) -> dict:
    """Fill an empty database. Returns row counts per table."""
    if db.session.scalar(sa.select(sa.func.count(Municipality.id))):
        raise RuntimeError("The database is not empty: seed-scale fills an empty database.")
    rng = random.Random(plan.seed)
    counts: dict[str, int] = {}
    now = utcnow()
    start_year = plan.today.year - plan.years + 1

    munis = [
        {"id": i + 1, "name": f"{MUNICIPALITIES[i % len(MUNICIPALITIES)]} pašvaldība"
                               + (f" {i // len(MUNICIPALITIES) + 1}" if i >= len(MUNICIPALITIES)
                                  else ""),
         "slug": f"m{i + 1}-{slugify(MUNICIPALITIES[i % len(MUNICIPALITIES)])}",
         "timezone": "Europe/Riga", "address": "", "website": ""}
        for i in range(plan.municipalities)
    ]
    counts["municipalities"] = _insert(Municipality.__table__, munis)
    progress("municipalities", len(munis))

    units, councils, links = [], [], []
    for c in range(plan.councils):
        muni = munis[c % len(munis)]
        unit_name = f"{rng.choice(FAMILY)[:-1]}u pagasts {c + 1}"
        units.append({"id": c + 1, "municipality_id": muni["id"], "name": unit_name,
                      "kind": UnitKind.PARISH, "slug": f"u{c + 1}", "locative": "pagastā"})
        status = CouncilStatus.ACTIVE if c % 25 else CouncilStatus.FORMING
        councils.append({
            "id": c + 1, "municipality_id": muni["id"],
            "name": unit_name.replace("pagasts", "pagasta iedzīvotāju padome"),
            "slug": f"{muni['slug']}-c{c + 1}", "status": status, "seats": rng.choice([5, 7, 9]),
            "bylaw_number": f"Nr. {rng.randint(1, 30)}", "bylaw_date": date(start_year, 1, 15),
            "established_on": date(start_year, 3, 1), "term_start": date(start_year, 4, 1),
            "term_end": date(start_year + 40, 3, 31), "description": "Pārstāv iedzīvotājus.",
            "contact_email": f"padome{c + 1}@example.lv", "place_locative": "pagastā",
        })
        links.append({"council_id": c + 1, "unit_id": c + 1})
    counts["territorial_units"] = _insert(TerritorialUnit.__table__, units)
    counts["councils"] = _insert(Council.__table__, councils)
    _insert(db.metadata.tables["council_territories"], links)
    progress("councils", len(councils))

    # People and memberships: terms of four years, a few replaced members within each term.
    persons, memberships = [], []
    roster: dict[int, list[int]] = {}
    latest_term: dict[int, list[int]] = {}
    pid = mid = 0
    for council in councils:
        current = []
        for term_start_year in range(start_year, plan.today.year + 1, 4):
            term_start = date(term_start_year, 4, 1)
            term_end = date(term_start_year + 4, 3, 31)
            for seat in range(council["seats"]):
                pid += 1
                persons.append({"id": pid, "municipality_id": council["municipality_id"],
                                "full_name": _name(rng), "territory_id": council["id"],
                                "email": f"p{pid}@example.lv", "phone": "",
                                "publish_consent": rng.random() < 0.8})
                mid += 1
                ends = term_end if term_end < plan.today else None
                position = (Position.CHAIR if seat == 0 else
                            Position.DEPUTY_CHAIR if seat == 1 else Position.MEMBER)
                memberships.append({
                    "id": mid, "council_id": council["id"], "person_id": pid,
                    "position": position, "voting": True, "start_on": term_start,
                    "end_on": ends, "end_reason": "term_end" if ends else None,
                })
                if ends is None:
                    current.append(pid)
        roster[council["id"]] = current
        latest_term[council["id"]] = [m["person_id"] for m in memberships
                                      if m["council_id"] == council["id"]
                                      and m["start_on"] == term_start]
    counts["persons"] = _insert(Person.__table__, persons)
    counts["memberships"] = _insert(Membership.__table__, memberships)
    progress("people", len(persons))

    # Every council's latest founding election, certified: the elected are the latest term.
    elections, candidates = [], []
    for council in councils:
        elected = latest_term[council["id"]]
        if not elected:
            continue
        eid = len(elections) + 1
        term_year = max(start_year, plan.today.year - (plan.today.year - start_year) % 4)
        elections.append({
            "id": eid, "council_id": council["id"], "kind": ElectionKind.FOUNDING,
            "status": ElectionStatus.COUNTED, "seats": council["seats"],
            "held_on": date(term_year, 3, 4), "voting_ends_on": date(term_year, 3, 18),
            "place": "Pagasta bibliotēka", "method": ElectionMethod.BALLOT,
            "ballots_cast": 100 * len(elected), "ballots_invalid": 0,
            "certified_at": now,
        })
        for rank, person_id in enumerate(elected, start=1):
            candidates.append({
                "election_id": eid, "person_id": person_id, "number": rank,
                "status": CandidateStatus.ELECTED, "votes": 100 - rank, "rank": rank,
                "nominated_by": "pašizvirzījies",
            })
    counts["elections"] = _insert(Election.__table__, elections)
    counts["candidates"] = _insert(Candidate.__table__, candidates)
    # Certified once the candidates are in: the database refuses candidates of a certified
    # election (council/models/guards.py).
    freeze(db.session, Election.__table__, ElectionStatus.CERTIFIED)

    password_hash = "scrypt:32768:8:1$demo$" + "0" * 64  # nobody logs in to generated users
    users, roles = [], []
    for u in range(plan.users):
        role = GlobalRole.ADMIN if u == 0 else GlobalRole.OFFICER if u <= 43 else GlobalRole.NONE
        # Each officer works for one municipality, in turn.
        municipality_id = (u - 1) % len(munis) + 1 if role == GlobalRole.OFFICER else None
        users.append({"id": u + 1, "email": f"user{u + 1}@scale.example",
                      "password_hash": password_hash, "display_name": _name(rng),
                      "role": role, "municipality_id": municipality_id, "is_active": True,
                      "locale": "lv"})
        if role == GlobalRole.NONE:
            roles.append({"id": len(roles) + 1, "user_id": u + 1,
                          "council_id": (u * 7) % plan.councils + 1,
                          "role": CouncilRoleKind.SECRETARY})
    counts["users"] = _insert(User.__table__, users)
    counts["council_roles"] = _insert(CouncilRole.__table__, roles)

    # Meetings with agendas; held ones get minutes, attendance and item records (the minutes
    # are approved below, once all of these are in).
    meeting_rows, item_rows, minutes_rows, record_rows, attendance_rows = [], [], [], [], []
    meeting_id = item_id = minutes_id = 0
    for council in councils:
        for year in range(start_year, plan.today.year + 2):
            for n in range(plan.meetings_per_year):
                day = date(year, 1 + n * 12 // plan.meetings_per_year, 10 + rng.randint(0, 15))
                if day > plan.today + timedelta(days=120):
                    break
                meeting_id += 1
                past = day < plan.today
                status = (MeetingStatus.CANCELLED if past and rng.random() < 0.03 else
                          MeetingStatus.HELD if past else
                          MeetingStatus.ANNOUNCED if day < plan.today + timedelta(days=40)
                          else MeetingStatus.DRAFT)
                starts = _at(day, 15)
                meeting_rows.append({
                    "id": meeting_id, "council_id": council["id"], "year": year,
                    "number": n + 1, "kind": MeetingKind.REGULAR, "starts_at": starts,
                    "ends_at": starts + timedelta(hours=2), "place": "Pagasta pārvalde",
                    "online_url": "", "status": status, "is_public": True,
                    "cancel_reason": "Nav kvoruma" if status == MeetingStatus.CANCELLED else "",
                    "change_note": "", "sequence": 1 if status != MeetingStatus.DRAFT else 0,
                    "announced_at": starts - timedelta(days=7)
                    if status != MeetingStatus.DRAFT else None,
                })
                first_item = item_id + 1
                for pos in range(plan.items_per_meeting):
                    item_id += 1
                    item_rows.append({
                        "id": item_id, "meeting_id": meeting_id, "position": pos + 1,
                        "title": rng.choice(TOPICS), "description": "Informācija un priekšlikumi.",
                        "presenter": "", "is_public": pos != 7, "expected_minutes": 10,
                    })
                if status != MeetingStatus.HELD:
                    continue
                minutes_id += 1
                content = f"{meeting_id}-{council['id']}".encode()
                minutes_rows.append({
                    "id": minutes_id, "meeting_id": meeting_id, "status": MinutesStatus.DRAFT,
                    "opened_at": starts, "closed_at": starts + timedelta(minutes=90),
                    "approved_at": starts + timedelta(days=20),
                    "content_hash": hashlib.sha256(content).hexdigest(),
                })
                for k in range(plan.items_per_meeting):
                    record_rows.append({
                        "id": first_item + k, "minutes_id": minutes_id,
                        "agenda_item_id": first_item + k, "decision": "Atbalstīt.",
                        "discussion": "", "outcome": Outcome.ADOPTED, "named_vote": False,
                        "votes_for": 5, "votes_against": 0, "votes_abstain": 0,
                    })
                for k, person_id in enumerate(roster[council["id"]][: council["seats"]]):
                    attendance_rows.append({
                        "meeting_id": meeting_id, "person_id": person_id,
                        "status": AttendanceStatus.PRESENT if k % 6 else AttendanceStatus.EXCUSED,
                        "reason": "" if k % 6 else "slimības dēļ", "voting": True,
                    })
        if len(item_rows) > 50_000:
            counts["meetings"] = counts.get("meetings", 0) + _insert(Meeting.__table__,
                                                                     meeting_rows)
            counts["agenda_items"] = counts.get("agenda_items", 0) + _insert(
                AgendaItem.__table__, item_rows)
            counts["minutes"] = counts.get("minutes", 0) + _insert(Minutes.__table__, minutes_rows)
            counts["item_records"] = counts.get("item_records", 0) + _insert(
                ItemRecord.__table__, record_rows)
            counts["attendances"] = counts.get("attendances", 0) + _insert(
                Attendance.__table__, attendance_rows)
            progress("meetings", len(meeting_rows))
            meeting_rows, item_rows, minutes_rows, record_rows, attendance_rows = [], [], [], [], []
    counts["meetings"] = counts.get("meetings", 0) + _insert(Meeting.__table__, meeting_rows)
    counts["agenda_items"] = counts.get("agenda_items", 0) + _insert(AgendaItem.__table__,
                                                                     item_rows)
    counts["minutes"] = counts.get("minutes", 0) + _insert(Minutes.__table__, minutes_rows)
    counts["item_records"] = counts.get("item_records", 0) + _insert(ItemRecord.__table__,
                                                                     record_rows)
    counts["attendances"] = counts.get("attendances", 0) + _insert(Attendance.__table__,
                                                                   attendance_rows)
    # Approved once their records and attendance are in, as the services do it: the database
    # refuses children of approved minutes (council/models/guards.py).
    freeze(db.session, Minutes.__table__, MinutesStatus.APPROVED)
    progress("meetings", len(meeting_rows))

    # Recommendations in every state, with their timelines. As in real life the state follows
    # the age: last weeks' are drafts or awaiting an answer, older ones were answered and
    # mostly closed; a few stragglers stay overdue for years.
    recs, events = [], []
    numbers: dict[tuple[int, int], int] = {}
    for r in range(plan.recommendations):
        council_id = rng.randint(1, plan.councils)
        sent = plan.today - timedelta(days=rng.randint(0, plan.years * 365))
        key = (council_id, sent.year)
        numbers[key] = numbers.get(key, 0) + 1
        status = _recommendation_status((plan.today - sent).days, rng)
        answered = status in (RecommendationStatus.ANSWERED, RecommendationStatus.CLOSED)
        recs.append({
            "id": r + 1, "council_id": council_id, "year": sent.year, "number": numbers[key],
            "title": rng.choice(TOPICS).replace("Par ", "Priekšlikums par "),
            "body": "Padome ierosina pašvaldībai izvērtēt iedzīvotāju priekšlikumu.",
            "addressee_kind": "dome", "addressee_name": "Novada dome", "status": status,
            "sent_on": None if status == RecommendationStatus.DRAFT else sent,
            "due_on": None if status == RecommendationStatus.DRAFT else sent + timedelta(days=14),
            "answered_on": sent + timedelta(days=10) if answered else None,
            "answer_text": "Pašvaldība priekšlikumu atbalsta." if answered else "",
            "outcome": AnswerOutcome.ACCEPTED if answered else None,
            "implementation": Implementation.IN_PROGRESS if answered else None,
            "is_public": r % 10 != 0, "registration_number": "",
        })
        events.append({"recommendation_id": r + 1, "kind": EventKind.CREATED,
                       "on_date": sent, "at": now, "from_status": "", "to_status": "draft",
                       "note": ""})
        if status != RecommendationStatus.DRAFT:
            events.append({"recommendation_id": r + 1, "kind": EventKind.STATUS,
                           "on_date": sent, "at": now, "from_status": "draft",
                           "to_status": status.value, "note": ""})
    counts["recommendations"] = _insert(Recommendation.__table__, recs)
    counts["recommendation_events"] = _insert(RecommendationEvent.__table__, events)
    progress("recommendations", len(recs))

    _reset_sequences()
    return counts


def _reset_sequences() -> None:
    """Explicit ids leave PostgreSQL's sequences behind; move them past the data."""
    if db.engine.dialect.name != "postgresql":
        return
    for table in db.metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key:
            # Table names come from our own metadata, never from input.
            db.session.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608
                f"COALESCE((SELECT MAX(id) FROM {table.name}), 0) + 1, false)"
            ))


REC_STATES_BY_AGE = [  # (up to this many days old, [(status, weight)])
    (14, [(RecommendationStatus.DRAFT, 3), (RecommendationStatus.SENT, 4),
          (RecommendationStatus.REGISTERED, 3)]),
    (60, [(RecommendationStatus.ANSWERED, 60), (RecommendationStatus.REGISTERED, 25),
          (RecommendationStatus.CLOSED, 10), (RecommendationStatus.WITHDRAWN, 5)]),
    (None, [(RecommendationStatus.CLOSED, 85), (RecommendationStatus.WITHDRAWN, 8),
            (RecommendationStatus.ANSWERED, 5), (RecommendationStatus.REGISTERED, 2)]),
]


def _recommendation_status(age_days: int, rng: random.Random) -> RecommendationStatus:
    for limit, weights in REC_STATES_BY_AGE:
        if limit is None or age_days <= limit:
            states, w = zip(*weights, strict=True)
            return rng.choices(states, weights=w)[0]
    raise AssertionError("unreachable")

