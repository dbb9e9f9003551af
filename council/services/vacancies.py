"""Vacancies: a voting membership that ended early is filled from the reserve list.

The next person is taken from the reserve list of the election the leaving member came from,
then from the council's newer certified elections of the same term; one confirmation creates the
membership (linked to the one it replaces) and marks the reserve place used. A person who
declines is recorded as such and the next one is offered. With no one left, a by-election is
needed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import aliased, joinedload

from ..extensions import db
from ..formatting import DEFAULT_TZ
from ..models import (
    Candidate,
    Council,
    Election,
    ElectionStatus,
    EndReason,
    Membership,
    Position,
    utcnow,
)
from ..permissions import can_run_elections
from . import InvalidTransition, NotAllowed, ValidationFailed, audit
from .memberships import create_membership

EARLY_END = (EndReason.RESIGNED, EndReason.MOVED_AWAY, EndReason.REMOVED, EndReason.DIED)


def local_today(tz: str = DEFAULT_TZ) -> date:
    return datetime.now(ZoneInfo(tz)).date()


@dataclass
class Vacancy:
    membership: Membership  # the membership that ended early
    candidate: Candidate | None  # next on the reserve list; None: a by-election is needed


def _ended_early(council: Council) -> list[Membership]:
    successor = aliased(Membership)
    stmt = (
        select(Membership)
        .where(Membership.council_id == council.id, Membership.voting.is_(True),
               Membership.end_reason.in_(EARLY_END),
               ~select(successor.id).where(successor.replaced_membership_id == Membership.id)
               .exists())
        .options(joinedload(Membership.person))
        .order_by(Membership.end_on.desc(), Membership.id.desc())
    )
    if council.term_end is not None:
        stmt = stmt.where(Membership.end_on < council.term_end)
    return list(db.session.scalars(stmt))


def _reserve(council: Council, day: date) -> list[Candidate]:
    """Unused reserve places of the council's certified elections of this term, newest
    election first, each in reserve order."""
    stmt = (
        select(Candidate).join(Candidate.election)
        .where(Election.council_id == council.id, Election.status == ElectionStatus.CERTIFIED,
               Candidate.reserve_order.is_not(None), Candidate.reserve_used_at.is_(None),
               Candidate.reserve_declined_at.is_(None),
               (Election.term_end.is_(None)) | (Election.term_end >= day))
        .options(joinedload(Candidate.person), joinedload(Candidate.election))
        .order_by(Election.certified_at.desc(), Election.id.desc(), Candidate.reserve_order)
    )
    if council.term_start is not None:
        stmt = stmt.where(Election.term_start >= council.term_start)
    return list(db.session.scalars(stmt))


def _seated_from(council: Council, day: date) -> list[Membership]:
    """Voting memberships holding a seat on ``day`` or later (incl. members about to start)."""
    stmt = select(Membership).where(
        Membership.council_id == council.id, Membership.voting.is_(True),
        (Membership.end_on.is_(None)) | (Membership.end_on >= day))
    return list(db.session.scalars(stmt))


def open_vacancies(council: Council, today: date) -> list[Vacancy]:
    """Seats freed early and not yet filled, oldest first, each with the person to offer."""
    ended = _ended_early(council)
    if not ended:
        return []
    day = max(today, max(m.end_on for m in ended) + timedelta(days=1))
    seated = _seated_from(council, day)
    # Seats filled otherwise (e.g. a by-election) close the oldest vacancies first.
    ended = sorted(ended[:max(council.seats - len(seated), 0)], key=lambda m: (m.end_on, m.id))
    if not ended:
        return []
    sitting = {m.person_id for m in seated}
    pool = [c for c in _reserve(council, day) if c.person_id not in sitting]
    vacancies = []
    for membership in ended:
        own = [c for c in pool if c.election_id == membership.election_id]
        candidate = (own or pool or [None])[0]
        if candidate is not None:
            pool.remove(candidate)
        vacancies.append(Vacancy(membership, candidate))
    return vacancies


def vacancy_for(membership: Membership, today: date) -> Vacancy | None:
    return next((v for v in open_vacancies(membership.council, today)
                 if v.membership.id == membership.id), None)


def _offered(membership: Membership, candidate_id: int | None, *, actor,
             today: date) -> Vacancy:
    if not can_run_elections(actor, membership.council):
        raise NotAllowed(_("You may not do this."))
    vacancy = vacancy_for(membership, today)
    if vacancy is None:
        raise InvalidTransition(_("This seat is no longer vacant."))
    if vacancy.candidate is None or vacancy.candidate.id != candidate_id:
        raise InvalidTransition(_("The reserve list has changed. Check who is next and "
                                  "confirm again."))
    return vacancy


def fill_vacancy(membership: Membership, candidate_id: int | None, *, actor, start_on: date,
                 today: date) -> Membership:
    """The next reserve candidate takes the seat from ``start_on``."""
    candidate = _offered(membership, candidate_id, actor=actor, today=today).candidate
    if start_on <= membership.end_on:
        raise ValidationFailed("start_on", _("The new member starts after the day the "
                                             "previous one left."))
    new = create_membership(membership.council, candidate.person, position=Position.MEMBER,
                            voting=True, start_on=start_on, actor=actor,
                            election=candidate.election, candidate=candidate, replaced=membership)
    candidate.reserve_used_at = utcnow()
    db.session.flush()
    audit.record(actor, "candidate.reserve_used", candidate, summary=(
        f"{candidate.person.full_name} → {membership.council.name} "
        f"(replaces {membership.person.full_name})"),
        changes={"membership": [None, new.id], "replaced_membership": [None, membership.id]})
    return new


def decline_reserve(membership: Membership, candidate_id: int | None, *, actor,
                    today: date) -> Candidate:
    """The person offered the seat declines it; the next one will be offered."""
    candidate = _offered(membership, candidate_id, actor=actor, today=today).candidate
    candidate.reserve_declined_at = utcnow()
    db.session.flush()
    audit.record(actor, "candidate.reserve_declined", candidate,
                 summary=f"{candidate.person.full_name} → {membership.council.name}")
    return candidate
