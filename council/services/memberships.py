"""Dated membership of councils: the rules of DOMAIN.md, and "who sat on the council on D".

Rules (enforced here, whatever the caller): start ≤ end; a dissolved council takes no new
members; one person never holds two overlapping memberships of the same council; at most one
chair and one deputy chair on any date; voting members never exceed the seats on any date.
"""

from __future__ import annotations

from datetime import date

from flask_babel import gettext as _
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..models import (
    Candidate,
    Council,
    CouncilStatus,
    Election,
    EndReason,
    Membership,
    Person,
    Position,
)
from ..permissions import can_manage_councils
from . import NotAllowed, ValidationFailed, audit, expect_version

# Order of positions on a roster: chair first.
POSITION_ORDER = {Position.CHAIR: 0, Position.DEPUTY_CHAIR: 1, Position.SECRETARY: 2,
                  Position.MEMBER: 3}
SINGLE_POSITIONS = (Position.CHAIR, Position.DEPUTY_CHAIR)


def _overlapping(council: Council, start_on: date, end_on: date | None, *,
                 exclude_id: int | None = None):
    """Memberships of the council whose dates overlap [start_on, end_on] (None = open)."""
    stmt = select(Membership).where(
        Membership.council_id == council.id,
        or_(Membership.end_on.is_(None), Membership.end_on >= start_on),
    )
    if end_on is not None:
        stmt = stmt.where(Membership.start_on <= end_on)
    if exclude_id is not None:
        stmt = stmt.where(Membership.id != exclude_id)
    return db.session.scalars(stmt.options(selectinload(Membership.person))).all()


def _max_concurrent(memberships: list[Membership], start_on: date, end_on: date | None) -> int:
    """The largest number of the given memberships active on one day within the interval."""
    points = sorted({start_on} | {m.start_on for m in memberships if m.start_on > start_on})
    best = 0
    for day in points:
        if end_on is not None and day > end_on:
            break
        best = max(best, sum(1 for m in memberships if m.active_on(day)))
    return best


def check_rules(council: Council, person: Person, *, position: Position, voting: bool,
                start_on: date, end_on: date | None, exclude_id: int | None = None) -> None:
    """Raise ValidationFailed when a membership with these values would break a rule."""
    if end_on is not None and end_on < start_on:
        raise ValidationFailed("end_on", _("The end date cannot be before the start date."))
    if person.municipality_id != council.municipality_id:
        raise ValidationFailed("person_id", _("This person belongs to another municipality."))
    others = _overlapping(council, start_on, end_on, exclude_id=exclude_id)
    if any(m.person_id == person.id for m in others):
        raise ValidationFailed(
            "start_on", _("%(name)s is already a member of this council in this period.",
                          name=person.full_name))
    if position in SINGLE_POSITIONS:
        same = [m for m in others if m.position == position]
        if same:
            holder = same[0]
            message = (
                _("The council already has a chair in this period: %(name)s.",
                  name=holder.person.full_name)
                if position == Position.CHAIR else
                _("The council already has a deputy chair in this period: %(name)s.",
                  name=holder.person.full_name)
            )
            raise ValidationFailed("position", message)
    if voting:
        voters = [m for m in others if m.voting]
        if _max_concurrent(voters, start_on, end_on) + 1 > council.seats:
            raise ValidationFailed(
                "voting", _("All %(seats)d seats with voting rights are taken in this period. "
                            "End a membership first, or add this person without a vote.",
                            seats=council.seats))


def create_membership(council: Council, person: Person, *, position: Position, voting: bool,
                      start_on: date, end_on: date | None = None, actor,
                      election: Election | None = None, candidate: Candidate | None = None,
                      replaced: Membership | None = None) -> Membership:
    """Create a membership after checking the rules. The caller has checked permission
    (officers through add_membership; elections through their own service)."""
    if council.status == CouncilStatus.DISSOLVED:
        raise ValidationFailed(None, _("A dissolved council takes no new members."))
    check_rules(council, person, position=position, voting=voting, start_on=start_on,
                end_on=end_on)
    membership = Membership(council=council, person=person, position=position, voting=voting,
                            start_on=start_on, end_on=end_on, election=election,
                            candidate=candidate, replaced_membership=replaced)
    db.session.add(membership)
    db.session.flush()
    audit.record(actor, "membership.create", membership,
                 summary=f"{person.full_name} → {council.name} ({position.value})",
                 changes={"position": [None, position], "voting": [None, voting],
                          "start_on": [None, start_on]})
    return membership


def add_membership(council: Council, person: Person, *, position: Position, voting: bool,
                   start_on: date, actor) -> Membership:
    if not can_manage_councils(actor, council.municipality_id):
        raise NotAllowed(_("You may not do this."))
    return create_membership(council, person, position=position, voting=voting,
                             start_on=start_on, actor=actor)


_UNCHANGED = object()


def update_membership(membership: Membership, *, position: Position, voting: bool,
                      start_on: date, actor, version, end_on=_UNCHANGED,
                      end_reason=_UNCHANGED) -> Membership:
    """Correct a membership. An ended membership's end date and reason may be corrected too
    (it stays ended: a new membership is added instead of reopening an old one)."""
    if not can_manage_councils(actor, membership.council.municipality_id):
        raise NotAllowed(_("You may not do this."))
    expect_version(membership, version)
    if end_on is _UNCHANGED or membership.end_on is None:
        end_on = membership.end_on
    elif end_on is None:
        raise ValidationFailed("end_on", _("Fill in this field."))
    if end_reason is _UNCHANGED or membership.end_on is None:
        end_reason = membership.end_reason
    elif end_reason is None:
        raise ValidationFailed("end_reason", _("Fill in this field."))
    check_rules(membership.council, membership.person, position=position, voting=voting,
                start_on=start_on, end_on=end_on, exclude_id=membership.id)
    membership.position = position
    membership.voting = voting
    membership.start_on = start_on
    membership.end_on = end_on
    membership.end_reason = end_reason
    changes = audit.changes_of(membership)
    db.session.flush()
    audit.record(actor, "membership.update", membership,
                 summary=f"{membership.person.full_name} @ {membership.council.name}",
                 changes=changes)
    return membership


def end_membership(membership: Membership, *, end_on: date, reason: EndReason, actor,
                   version=None) -> Membership:
    if not can_manage_councils(actor, membership.council.municipality_id):
        raise NotAllowed(_("You may not do this."))
    if version is not None:
        expect_version(membership, version)
    if membership.end_on is not None:
        raise ValidationFailed(None, _("This membership has already ended."))
    if end_on < membership.start_on:
        raise ValidationFailed("end_on", _("The end date cannot be before the start date."))
    membership.end_on = end_on
    membership.end_reason = reason
    db.session.flush()
    audit.record(actor, "membership.end", membership,
                 summary=f"{membership.person.full_name} @ {membership.council.name}",
                 changes={"end_on": [None, end_on], "end_reason": [None, reason]})
    return membership


def roster_on(council: Council, day: date, *, voting_only: bool = False) -> list[Membership]:
    """Who sat on the council on this day, chair first, then by name. Persons are loaded."""
    stmt = (
        select(Membership)
        .where(Membership.council_id == council.id, Membership.start_on <= day,
               or_(Membership.end_on.is_(None), Membership.end_on >= day))
        .options(selectinload(Membership.person))
    )
    if voting_only:
        stmt = stmt.where(Membership.voting.is_(True))
    members = db.session.scalars(stmt).all()
    return sorted(members, key=lambda m: (POSITION_ORDER[m.position], m.person.full_name))


def most_voting_members(council: Council, from_day: date) -> int:
    """The largest number of voting members on any day from this one on."""
    voters = [m for m in _overlapping(council, from_day, None) if m.voting]
    return _max_concurrent(voters, from_day, None)


def get_in_council(council: Council, membership_id: int) -> Membership | None:
    """One membership of this council (None when it belongs to another), person loaded."""
    stmt = (select(Membership)
            .where(Membership.id == membership_id, Membership.council_id == council.id)
            .options(selectinload(Membership.person)))
    return db.session.scalars(stmt).first()


def vacancies_on(council: Council, day: date) -> int:
    voting = sum(1 for m in roster_on(council, day) if m.voting)
    return max(council.seats - voting, 0)


def history(council: Council) -> list[Membership]:
    """Every membership of the council, newest first."""
    stmt = (
        select(Membership).where(Membership.council_id == council.id)
        .options(selectinload(Membership.person))
        .order_by(Membership.start_on.desc(), Membership.id.desc())
    )
    return list(db.session.scalars(stmt))
