"""A municipality's home page: councils by territory, the next meetings, the latest decisions
and recommendations. A fixed number of queries whatever the data size.

The latest decisions and recommendations never sort the municipality's archive: each council's
newest rows are walked backwards on an index and the walk stops after a few (per-council LIMIT
queries: a LATERAL join on PostgreSQL, a UNION ALL on SQLite), then the few candidates are
sorted. A municipality with ten years of minutes costs what a new one does.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

from sqlalchemy import Integer, bindparam, select, true, union_all
from sqlalchemy.orm import aliased, joinedload, selectinload

from ..extensions import db
from ..models import (
    AgendaItem,
    Council,
    CouncilStatus,
    ItemRecord,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
    Municipality,
    Outcome,
    Recommendation,
    RecommendationStatus,
    TerritorialUnit,
    utcnow,
)

LATEST = 5
MAX_COMPOUND = 400  # terms of one UNION ALL; SQLite allows 500 (SQLITE_MAX_COMPOUND_SELECT)


@dataclass
class HomePage:
    municipality: Municipality | None
    councils_by_unit: list[tuple[TerritorialUnit, Council | None]]
    forming: list[Council]
    next_meetings: list[Meeting]
    decisions: list[ItemRecord]
    recommendations: list[Recommendation]


def _councils(municipality: Municipality):
    """All the municipality's councils (dissolved ones too: their decisions still count) and its
    territorial units, each with the council that covers it."""
    councils = db.session.scalars(
        select(Council).where(Council.municipality_id == municipality.id)
        .options(selectinload(Council.territories)).order_by(Council.name)).all()
    by_unit = {}
    for council in councils:
        if council.status != CouncilStatus.DISSOLVED:
            for unit in council.territories:
                by_unit.setdefault(unit.id, council)
    units = db.session.scalars(select(TerritorialUnit).where(
        TerritorialUnit.municipality_id == municipality.id).order_by(
        TerritorialUnit.kind.desc(), TerritorialUnit.name)).all()
    pairs = [(unit, by_unit.get(unit.id)) for unit in units]
    forming = [c for c in councils if c.status == CouncilStatus.FORMING]
    return list(councils), pairs, forming


def _council_param(i: int):
    return bindparam(f"council_{i}", type_=Integer)


def _per_council(councils: int, newest_of):
    """The rows `newest_of(council)` picks for each of `councils` councils (bound parameters
    council_0 … council_n-1), as one subquery named "candidates".

    PostgreSQL joins the councils LATERAL to one per-council query, planned once; a UNION ALL of
    a dozen such queries costs it more to plan than to run. SQLite has no LATERAL: it gets the
    UNION ALL, which it runs from the index branch by branch."""
    params = [_council_param(i) for i in range(councils)]
    if db.engine.dialect.name == "postgresql":
        per = newest_of(Council.id).lateral("per_council")
        return (select(*per.c).select_from(Council).join(per, true())
                .where(Council.id.in_(params)).subquery("candidates"))
    parts = [select(*newest_of(param).subquery().c) for param in params]
    while len(parts) > MAX_COMPOUND:  # SQLite refuses longer compounds: nest them
        parts = [select(*union_all(*parts[i:i + MAX_COMPOUND]).subquery().c)
                 for i in range(0, len(parts), MAX_COMPOUND)]
    return (union_all(*parts) if len(parts) > 1 else parts[0]).subquery("candidates")


def _decision_meetings(council):
    """The council's latest public meetings whose approved minutes hold a public adopted
    decision, walking its meetings by start backwards (index council_id, starts_at)."""
    # Aliases of their own: inside a LATERAL join these tables must never stand for the rows
    # of the outer query, which selects from the same tables.
    meeting, minutes = aliased(Meeting), aliased(Minutes)
    record, item = aliased(ItemRecord), aliased(AgendaItem)
    has_decision = (select(record.id).join(item, item.id == record.agenda_item_id)
                    .where(record.minutes_id == minutes.id, record.outcome == Outcome.ADOPTED,
                           item.is_public.is_(True)).exists())
    return (select(meeting.id, meeting.starts_at).join(minutes, minutes.meeting_id == meeting.id)
            .where(meeting.council_id == council, meeting.is_public.is_(True),
                   minutes.status == MinutesStatus.APPROVED, has_decision)
            .order_by(meeting.starts_at.desc(), meeting.id.desc()).limit(LATEST))


# Statements are built once per number of councils (and database): building them costs more
# than running them.
@lru_cache(maxsize=64)
def _decisions_stmt(councils: int, dialect: str):
    """The newest public adopted decisions. Every candidate meeting holds at least one, so the
    LATEST newest candidates of all councils hold the LATEST newest decisions overall: their
    records (a few dozen) are all that is joined and sorted.

    The query starts from the candidates and sorts by their columns: sorted by
    `meetings.starts_at`, PostgreSQL would walk every municipality's meetings on the start index
    looking for the candidates."""
    per_council = _per_council(councils, _decision_meetings)
    newest = (select(per_council).order_by(per_council.c.starts_at.desc(),
                                           per_council.c.id.desc())
              .limit(LATEST).subquery("newest"))
    return (select(ItemRecord).join(ItemRecord.minutes)
            .join(newest, newest.c.id == Minutes.meeting_id)
            .join(ItemRecord.agenda_item)
            .where(Minutes.status == MinutesStatus.APPROVED, AgendaItem.is_public.is_(True),
                   ItemRecord.outcome == Outcome.ADOPTED)
            .options(joinedload(ItemRecord.agenda_item),
                     joinedload(ItemRecord.minutes).joinedload(Minutes.meeting)
                     .joinedload(Meeting.council))
            .order_by(newest.c.starts_at.desc(), newest.c.id.desc(), AgendaItem.position)
            .limit(LATEST))


def _public_recommendations(council):
    """The council's most recently changed public recommendations (index council_id,
    updated_at)."""
    rec = aliased(Recommendation)
    return (select(rec.id, rec.updated_at)
            .where(rec.council_id == council, rec.is_public.is_(True),
                   rec.status != RecommendationStatus.DRAFT)
            .order_by(rec.updated_at.desc(), rec.id.desc()).limit(LATEST))


@lru_cache(maxsize=64)
def _recommendations_stmt(councils: int, dialect: str):
    candidates = _per_council(councils, _public_recommendations)
    return (select(Recommendation).join(candidates, candidates.c.id == Recommendation.id)
            .options(joinedload(Recommendation.council))
            .order_by(candidates.c.updated_at.desc(), candidates.c.id.desc())
            .limit(LATEST))


def _newest(stmt_for, council_ids: list[int]) -> list:
    if not council_ids:
        return []
    params = {f"council_{i}": cid for i, cid in enumerate(council_ids)}
    return list(db.session.scalars(stmt_for(len(council_ids), db.engine.dialect.name), params))


def home_page(municipality: Municipality | None, *, now: datetime | None = None) -> HomePage:
    if municipality is None:
        return HomePage(None, [], [], [], [], [])
    now = now or utcnow()
    councils, pairs, forming = _councils(municipality)
    next_meetings = db.session.scalars(
        select(Meeting).join(Meeting.council)
        .where(Council.municipality_id == municipality.id, Meeting.is_public.is_(True),
               Meeting.status == MeetingStatus.ANNOUNCED, Meeting.starts_at >= now)
        .options(joinedload(Meeting.council))
        .order_by(Meeting.starts_at, Meeting.id).limit(LATEST)).all()
    council_ids = [c.id for c in councils]
    return HomePage(municipality, pairs, forming, list(next_meetings),
                    _newest(_decisions_stmt, council_ids),
                    _newest(_recommendations_stmt, council_ids))
