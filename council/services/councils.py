"""Councils: reading them for pages. (Formation rules arrive with the council feature.)"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import Council, CouncilStatus, Municipality


def default_municipality() -> Municipality | None:
    return db.session.scalars(select(Municipality).order_by(Municipality.id)).first()


def councils_stmt(municipality: Municipality | None = None, *, include_dissolved: bool = True):
    stmt = select(Council).options(selectinload(Council.territories))
    if municipality is not None:
        stmt = stmt.where(Council.municipality_id == municipality.id)
    if not include_dissolved:
        stmt = stmt.where(Council.status != CouncilStatus.DISSOLVED)
    return stmt.order_by(Council.name)


def public_councils_by_status(municipality: Municipality | None) -> dict[str, list[Council]]:
    councils = db.session.scalars(councils_stmt(municipality)).all()
    groups: dict[str, list[Council]] = {s.value: [] for s in CouncilStatus}
    for council in councils:
        groups[council.status.value].append(council)
    return groups


def get_by_slug(slug: str) -> Council | None:
    stmt = (
        select(Council)
        .where(Council.slug == slug)
        .options(selectinload(Council.territories), selectinload(Council.roles))
    )
    return db.session.scalars(stmt).first()
