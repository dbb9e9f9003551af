"""Plain factory functions: the smallest valid records, overridable by keyword."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from council.extensions import db
from council.models import (
    Addressee,
    AddresseeKind,
    AgendaItem,
    Candidate,
    CandidateStatus,
    Citizenship,
    Council,
    CouncilRole,
    CouncilRoleKind,
    CouncilStatus,
    Election,
    ElectionKind,
    ElectionStatus,
    GlobalRole,
    ItemRecord,
    Meeting,
    MeetingStatus,
    Membership,
    Minutes,
    MinutesStatus,
    Municipality,
    Outcome,
    Person,
    Position,
    Recommendation,
    RecommendationStatus,
    TerritorialUnit,
    UnitKind,
    User,
)

_seq = itertools.count(1)


def municipality(**kw) -> Municipality:
    n = next(_seq)
    obj = Municipality(**{"name": f"Testa novada pašvaldība {n}", "slug": f"tests-{n}", **kw})
    db.session.add(obj)
    db.session.flush()
    return obj


def unit(muni: Municipality | None = None, **kw) -> TerritorialUnit:
    n = next(_seq)
    muni = muni or municipality()
    obj = TerritorialUnit(**{"municipality": muni, "name": f"Ķēču pagasts {n}",
                             "kind": UnitKind.PARISH, "slug": f"kecu-{n}",
                             "locative": "Ķēčos", **kw})
    db.session.add(obj)
    db.session.flush()
    return obj


def council(muni: Municipality | None = None, **kw) -> Council:
    n = next(_seq)
    muni = muni or municipality()
    territories = kw.pop("territories", None) or [unit(muni)]
    obj = Council(**{
        "municipality": muni, "name": f"Ķēču pagasta iedzīvotāju padome {n}",
        "slug": f"kecu-padome-{n}", "status": CouncilStatus.ACTIVE, "seats": 7,
        "term_start": date(2026, 4, 1), "term_end": date(2030, 3, 31),
        "territories": territories, **kw,
    })
    db.session.add(obj)
    db.session.flush()
    return obj


def person(muni: Municipality | None = None, **kw) -> Person:
    n = next(_seq)
    muni = muni or municipality()
    obj = Person(**{"municipality": muni, "full_name": f"Ģirts Ābeļkalns {n}",
                    "publish_consent": True, **kw})
    db.session.add(obj)
    db.session.flush()
    return obj


def membership(council_: Council, person_: Person | None = None, **kw) -> Membership:
    person_ = person_ or person(council_.municipality)
    obj = Membership(**{"council": council_, "person": person_, "position": Position.MEMBER,
                        "voting": True, "start_on": date(2026, 4, 1), **kw})
    db.session.add(obj)
    db.session.flush()
    return obj


def user(role: GlobalRole = GlobalRole.NONE, password: str = "padome-demo", **kw) -> User:
    n = next(_seq)
    obj = User(**{"email": f"user{n}@example.lv", "display_name": f"Lietotājs {n}",
                  "role": role, **kw})
    obj.set_password(password)
    db.session.add(obj)
    db.session.flush()
    return obj


def council_role(user_: User, council_: Council,
                 role: CouncilRoleKind = CouncilRoleKind.SECRETARY) -> CouncilRole:
    obj = CouncilRole(user=user_, council=council_, role=role)
    db.session.add(obj)
    db.session.flush()
    return obj


def meeting(council_: Council, **kw) -> Meeting:
    starts = kw.pop("starts_at", datetime(2026, 5, 5, 15, 0, tzinfo=UTC))
    number = kw.pop("number", None)
    if number is None:  # the next free number of the council's year (demo data may exist)
        number = (db.session.scalar(
            sa.select(sa.func.max(Meeting.number)).where(
                Meeting.council_id == council_.id, Meeting.year == starts.year)) or 0) + 1
    obj = Meeting(**{"council": council_, "year": starts.year, "number": number,
                     "starts_at": starts, "ends_at": starts + timedelta(hours=2),
                     "place": "Kursīšu pagasta pārvalde", "status": MeetingStatus.DRAFT, **kw})
    db.session.add(obj)
    db.session.flush()
    return obj


def agenda_item(meeting_: Meeting, **kw) -> AgendaItem:
    position = kw.pop("position", len(meeting_.agenda_items) + 1)
    obj = AgendaItem(**{"meeting": meeting_, "position": position,
                        "title": f"Par ielu apgaismojumu {position}", **kw})
    db.session.add(obj)
    db.session.flush()
    return obj


def addressee(muni: Municipality, **kw) -> Addressee:
    n = next(_seq)
    obj = Addressee(**{"municipality": muni, "kind": AddresseeKind.DEPARTMENT,
                       "name": f"Attīstības nodaļa {n}", "position": n, **kw})
    db.session.add(obj)
    db.session.flush()
    return obj


def election(council_: Council, **kw) -> Election:
    obj = Election(**{"council": council_, "kind": ElectionKind.FOUNDING,
                      "status": ElectionStatus.PLANNED, "seats": council_.seats,
                      "held_on": date(2026, 3, 4), "voting_ends_on": date(2026, 3, 18),
                      "place": "Ķēču pagasta bibliotēka", "term_start": date(2026, 4, 1),
                      "term_end": date(2030, 3, 31), **kw})
    db.session.add(obj)
    db.session.flush()
    return obj


def decision(meeting_: Meeting, item: AgendaItem | None = None, *,
             outcome: Outcome = Outcome.ADOPTED, text: str = "Ierosināt pašvaldībai uzstādīt "
             "ielu apgaismojumu Skolas ielā.") -> ItemRecord:
    """An agenda item's record in the minutes (adopted by default): a source for drafting."""
    item = item or agenda_item(meeting_)
    minutes = meeting_.minutes
    if minutes is None:
        minutes = Minutes(meeting=meeting_)
        db.session.add(minutes)
    obj = ItemRecord(minutes=minutes, agenda_item=item, decision=text, outcome=outcome,
                     votes_for=5, votes_against=0, votes_abstain=1)
    db.session.add(obj)
    db.session.flush()
    return obj


def recommendation(council_: Council, **kw) -> Recommendation:
    """A recommendation written straight to the database (any state, no timeline)."""
    status = kw.pop("status", RecommendationStatus.DRAFT)
    year = kw.pop("year", 2026)
    number = kw.pop("number", None)
    if number is None:  # the next free number of the council's year (demo data may exist)
        number = (db.session.scalar(
            sa.select(sa.func.max(Recommendation.number)).where(
                Recommendation.council_id == council_.id, Recommendation.year == year)) or 0) + 1
    sent_on = kw.pop("sent_on", None if status == RecommendationStatus.DRAFT else date(2026, 5, 4))
    obj = Recommendation(**{
        "council": council_, "year": year, "number": number,
        "title": f"Par gājēju celiņu Ķēčos {number}", "body": "Padome lūdz izbūvēt celiņu.",
        "addressee_name": "Saldus novada dome", "status": status, "sent_on": sent_on,
        "due_on": kw.pop("due_on", sent_on + timedelta(days=14) if sent_on else None),
        **kw,
    })
    obj.original_due_on = obj.original_due_on or obj.due_on
    db.session.add(obj)
    db.session.flush()
    return obj


def eligible_person(council_: Council, **kw) -> Person:
    """A person who may stand for this council: adult citizen resident in its territory."""
    return person(council_.municipality, **{
        "territory": council_.territories[0], "birth_date": date(1980, 6, 15),
        "citizenship": Citizenship.LV, **kw})


def candidate(election_: Election, person_: Person | None = None, **kw) -> Candidate:
    person_ = person_ or eligible_person(election_.council)
    number = kw.pop("number", len(election_.candidates) + 1)
    obj = Candidate(**{"election": election_, "person": person_, "number": number,
                       "nominated_on": date(2026, 2, 2), "nominated_by": "pašizvirzījies",
                       "status": CandidateStatus.ELIGIBLE, **kw})
    db.session.add(obj)
    db.session.flush()
    return obj


def held_meeting(council_: Council, items: int = 2, **kw) -> Meeting:
    """A held meeting with agenda items ("Par …"), as the minutes start from."""
    obj = meeting(council_, **{"status": MeetingStatus.HELD, **kw})
    for _ in range(items):
        agenda_item(obj)
    return obj


def approve(minutes_: Minutes) -> Minutes:
    """Approve minutes straight in the database (the services check the signatures)."""
    minutes_.status = MinutesStatus.APPROVED
    minutes_.content_hash = "0" * 64
    db.session.flush()
    return minutes_


def public_decision(council_: Council, starts_at: datetime, **kw) -> ItemRecord:
    """A held public meeting whose approved minutes adopted one public decision."""
    meeting_ = held_meeting(council_, items=0, starts_at=starts_at)
    record = decision(meeting_, agenda_item(meeting_, **kw))
    approve(record.minutes)
    return record


def municipality_with_councils(councils: int = 2, **kw) -> Municipality:
    """Another municipality of the instance, with its own territorial units and councils."""
    muni = municipality(**kw)
    for _ in range(councils):
        council(muni)
    return muni


def kuldiga(now: datetime | None = None) -> dict:
    """A second municipality beside the Saldus demo: Kuldīgas novads with Rumbas pagasta
    iedzīvotāju padome, an announced public meeting next week, an approved public decision, a
    sent public recommendation and one person. Returns the records by name."""
    now = now or datetime.now(UTC)
    muni = municipality(name="Kuldīgas novada pašvaldība", slug="kuldiga", min_member_age=18)
    rumba = unit(muni, name="Rumbas pagasts", slug="rumbas-pagasts", locative="Rumbā")
    unit(muni, name="Kurmāles pagasts", slug="kurmales-pagasts", locative="Kurmālē")
    council_ = council(muni, name="Rumbas pagasta iedzīvotāju padome",
                       slug="kuldiga-rumbas-pagasts", territories=[rumba])
    next_meeting = meeting(council_, status=MeetingStatus.ANNOUNCED,
                           starts_at=now.replace(microsecond=0) + timedelta(days=7),
                           place="Rumbas tautas nams")
    agenda_item(next_meeting, title="Par Ventas rumbas gājēju tiltu")
    record = public_decision(council_, now - timedelta(days=30),
                             title="Par Rumbas kapsētas žoga atjaunošanu")
    rec = recommendation(council_, status=RecommendationStatus.SENT, is_public=True,
                         title="Par apgaismojumu Rumbas ciemā")
    resident = person(muni, full_name="Kārlis Rumbenieks", territory=rumba)
    return {"municipality": muni, "unit": rumba, "council": council_, "meeting": next_meeting,
            "decision": record, "recommendation": rec, "person": resident}
