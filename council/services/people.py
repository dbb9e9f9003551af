"""People: persons who sit on councils or stand as candidates.

Contact data, birth date and citizenship are private (eligibility and contact only, never
public); the name is public only with the person's consent. Before creating a person the service
looks for a likely duplicate (the same name in the same territorial unit) and asks the officer to
confirm that this is someone else.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import Citizenship, Membership, Municipality, Person, TerritorialUnit
from ..permissions import can_manage_councils
from ..text import fold
from . import NotAllowed, ValidationFailed, audit, expect_version

# Private fields: the audit log notes that they changed, never their values.
PRIVATE = ("email", "phone", "birth_date", "citizenship")
_HIDDEN = "•••"


class LikelyDuplicate(ValidationFailed):
    """A person with the same name lives in the same territorial unit; ``matches`` lists them."""

    def __init__(self, matches: list[Person]):
        super().__init__("confirm_duplicate", _(
            "A person with this name in this territorial unit is already registered. If this "
            "is someone else, confirm and save again."))
        self.matches = matches


@dataclass
class PersonDetails:
    full_name: str
    territory_id: int | None = None
    email: str = ""
    phone: str = ""
    birth_date: date | None = None
    citizenship: Citizenship | None = None
    publish_consent: bool = False


def people_stmt(municipality: Municipality, q: str = "", territory_id: int | None = None):
    """People of the municipality by name, with their territory and memberships loaded."""
    stmt = (
        select(Person).where(Person.municipality_id == municipality.id)
        .options(joinedload(Person.territory),
                 selectinload(Person.memberships).joinedload(Membership.council))
    )
    q = " ".join((q or "").split())
    if q:
        stmt = stmt.where(func.lower(Person.full_name).contains(q.lower(), autoescape=True))
    if territory_id:
        stmt = stmt.where(Person.territory_id == territory_id)
    return stmt.order_by(Person.full_name, Person.id)


def get_person(person_id: int) -> Person | None:
    stmt = (
        select(Person).where(Person.id == person_id)
        .options(joinedload(Person.territory), joinedload(Person.municipality),
                 selectinload(Person.memberships).joinedload(Membership.council))
    )
    return db.session.scalars(stmt).first()


def account_link_choices(municipality: Municipality | None,
                         linked_person_id: int | None) -> list[tuple[int, str]]:
    """(id, name) of the people a user account may be linked to: one municipality's (a
    country's people are too many for one list), and always the person it is linked to now,
    so that saving the account never unlinks them."""
    linked = Person.id == (linked_person_id or 0)
    offered = linked if municipality is None else or_(
        Person.municipality_id == municipality.id, linked)
    rows = db.session.execute(select(Person.id, Person.full_name).where(offered)
                              .order_by(Person.full_name, Person.id))
    return [(r.id, r.full_name) for r in rows]


def municipality_id_of(person_id: int) -> int | None:
    return db.session.scalar(select(Person.municipality_id).where(Person.id == person_id))


def choices_for(municipality: Municipality) -> list[Person]:
    """Everyone who can be added to a council of the municipality, by name."""
    stmt = (select(Person).where(Person.municipality_id == municipality.id)
            .options(joinedload(Person.territory)).order_by(Person.full_name, Person.id))
    return list(db.session.scalars(stmt))


def likely_duplicates(municipality: Municipality, full_name: str, territory_id: int | None, *,
                      exclude_id: int | None = None) -> list[Person]:
    """People of the same territorial unit whose name is the same, ignoring case, spacing and
    diacritics ('Janis Kalnins' matches 'Jānis Kalniņš')."""
    stmt = (select(Person).where(Person.municipality_id == municipality.id)
            .options(joinedload(Person.territory)))
    stmt = stmt.where(Person.territory_id == territory_id if territory_id
                      else Person.territory_id.is_(None))
    if exclude_id is not None:
        stmt = stmt.where(Person.id != exclude_id)
    key = " ".join(fold(full_name).split())
    return [p for p in db.session.scalars(stmt.order_by(Person.id))
            if " ".join(fold(p.full_name).split()) == key]


def _check(municipality: Municipality, details: PersonDetails, today: date) -> None:
    details.full_name = " ".join((details.full_name or "").split())
    if not details.full_name:
        raise ValidationFailed("full_name", _("Fill in this field."))
    if details.territory_id:
        unit = db.session.get(TerritorialUnit, details.territory_id)
        if unit is None or unit.municipality_id != municipality.id:
            raise ValidationFailed("territory_id",
                                   _("Choose a territorial unit of this municipality."))
    else:
        details.territory_id = None
    if details.birth_date is not None and not date(1900, 1, 1) <= details.birth_date <= today:
        raise ValidationFailed("birth_date", _("Enter a birth date in the past."))
    details.email = (details.email or "").strip().lower()
    details.phone = " ".join((details.phone or "").split())


def _audit_changes(changes: dict) -> dict:
    return {k: ([_HIDDEN if v[0] else None, _HIDDEN if v[1] else None] if k in PRIVATE else v)
            for k, v in changes.items()}


def create_person(municipality: Municipality, details: PersonDetails, *, actor, today: date,
                  confirm_duplicate: bool = False) -> Person:
    if not can_manage_councils(actor, municipality.id):
        raise NotAllowed(_("You may not do this."))
    _check(municipality, details, today)
    if not confirm_duplicate:
        matches = likely_duplicates(municipality, details.full_name, details.territory_id)
        if matches:
            raise LikelyDuplicate(matches)
    person = Person(municipality=municipality,
                    **{f.name: getattr(details, f.name) for f in fields(details)})
    db.session.add(person)
    db.session.flush()
    changes = {f.name: [None, getattr(details, f.name)] for f in fields(details)
               if getattr(details, f.name) not in (None, "")}
    audit.record(actor, "person.create", person, summary=person.full_name,
                 changes=_audit_changes(changes))
    return person


def update_person(person: Person, details: PersonDetails, *, actor, version,
                  today: date) -> Person:
    if not can_manage_councils(actor, person.municipality_id):
        raise NotAllowed(_("You may not do this."))
    expect_version(person, version)
    _check(person.municipality, details, today)
    for f in fields(details):
        setattr(person, f.name, getattr(details, f.name))
    changes = audit.changes_of(person)
    db.session.flush()
    audit.record(actor, "person.update", person, summary=person.full_name,
                 changes=_audit_changes(changes))
    return person
