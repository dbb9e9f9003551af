"""The residents' home page: councils by territory, the next meetings, the latest decisions
and recommendations. A fixed number of queries whatever the data size."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

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


@dataclass
class HomePage:
    municipality: Municipality | None
    councils_by_unit: list[tuple[TerritorialUnit, Council | None]]
    forming: list[Council]
    next_meetings: list[Meeting]
    decisions: list[ItemRecord]
    recommendations: list[Recommendation]


def _councils(municipality: Municipality):
    councils = db.session.scalars(
        select(Council).where(Council.municipality_id == municipality.id,
                              Council.status != CouncilStatus.DISSOLVED)
        .options(selectinload(Council.territories)).order_by(Council.name)).all()
    by_unit = {}
    for council in councils:
        for unit in council.territories:
            by_unit.setdefault(unit.id, council)
    units = db.session.scalars(select(TerritorialUnit).where(
        TerritorialUnit.municipality_id == municipality.id).order_by(
        TerritorialUnit.kind.desc(), TerritorialUnit.name)).all()
    pairs = [(unit, by_unit.get(unit.id)) for unit in units]
    forming = [c for c in councils if c.status == CouncilStatus.FORMING]
    return pairs, forming


def home_page(municipality: Municipality | None, *, now: datetime | None = None) -> HomePage:
    if municipality is None:
        return HomePage(None, [], [], [], [], [])
    now = now or utcnow()
    pairs, forming = _councils(municipality)
    in_municipality = Council.municipality_id == municipality.id
    next_meetings = db.session.scalars(
        select(Meeting).join(Meeting.council)
        .where(in_municipality, Meeting.is_public.is_(True),
               Meeting.status == MeetingStatus.ANNOUNCED, Meeting.starts_at >= now)
        .options(joinedload(Meeting.council))
        .order_by(Meeting.starts_at, Meeting.id).limit(LATEST)).all()
    decisions = db.session.scalars(
        select(ItemRecord).join(ItemRecord.minutes).join(Minutes.meeting)
        .join(ItemRecord.agenda_item).join(Meeting.council)
        .where(in_municipality, Minutes.status == MinutesStatus.APPROVED,
               Meeting.is_public.is_(True), AgendaItem.is_public.is_(True),
               ItemRecord.outcome == Outcome.ADOPTED)
        .options(joinedload(ItemRecord.agenda_item),
                 joinedload(ItemRecord.minutes).joinedload(Minutes.meeting)
                 .joinedload(Meeting.council))
        .order_by(Meeting.starts_at.desc(), AgendaItem.position).limit(LATEST)).all()
    recommendations = db.session.scalars(
        select(Recommendation).join(Recommendation.council)
        .where(in_municipality, Recommendation.is_public.is_(True),
               Recommendation.status != RecommendationStatus.DRAFT)
        .options(joinedload(Recommendation.council))
        .order_by(Recommendation.updated_at.desc(), Recommendation.id.desc())
        .limit(LATEST)).all()
    return HomePage(municipality, pairs, forming, list(next_meetings), list(decisions),
                    list(recommendations))
