"""Plain factory functions: the smallest valid records, overridable by keyword."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from council.extensions import db
from council.models import (
    AgendaItem,
    Council,
    CouncilRole,
    CouncilRoleKind,
    CouncilStatus,
    GlobalRole,
    Meeting,
    MeetingStatus,
    Membership,
    Municipality,
    Person,
    Position,
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
    existing = kw.pop("number", None)
    if existing is None:
        existing = next(_seq)
    obj = Meeting(**{"council": council_, "year": starts.year, "number": existing,
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


def held_meeting(council_: Council, items: int = 2, **kw) -> Meeting:
    """A held meeting with agenda items ("Par …"), as the minutes start from."""
    obj = meeting(council_, **{"status": MeetingStatus.HELD, **kw})
    for _ in range(items):
        agenda_item(obj)
    return obj
