"""Nominations: candidates (an existing person or a new one), the eligibility check on
nomination and on request, and withdrawals (recorded, never deleted)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import (
    Candidate,
    CandidateStatus,
    Citizenship,
    Council,
    Election,
    ElectionStatus,
    Person,
    TerritorialUnit,
)
from . import InvalidTransition, ValidationFailed, audit, expect_version
from . import election_eligibility as eligibility
from .elections import NOMINATION_STATUSES, describe, require_runner, require_status


def check_nominations_open(election: Election) -> None:
    require_status(election, {ElectionStatus.NOMINATIONS_OPEN},
                   _("Candidates can be added only while nominations are open."))


def check_candidates_changeable(election: Election) -> None:
    require_status(election, NOMINATION_STATUSES,
                   _("Candidates can be changed only until voting starts."))


# --- new persons --------------------------------------------------------------------------------

@dataclass
class NewPerson:
    full_name: str
    territory: TerritorialUnit | None
    birth_date: date | None
    citizenship: Citizenship | None
    email: str = ""
    phone: str = ""
    publish_consent: bool = False


def _new_person(council: Council, data: NewPerson, *, actor, confirm_namesake: bool) -> Person:
    name = " ".join((data.full_name or "").split())
    if not name:
        raise ValidationFailed("full_name", _("Fill in this field."))
    if data.territory is not None and data.territory.municipality_id != council.municipality_id:
        raise ValidationFailed("territory_id", _("Choose a territory of this municipality."))
    if not confirm_namesake:
        namesake = db.session.scalars(select(Person.id).where(
            Person.municipality_id == council.municipality_id, Person.full_name == name,
            Person.territory_id == (data.territory.id if data.territory else None))).first()
        if namesake is not None:
            raise ValidationFailed("full_name", _(
                "A person with this name already lives in this territory. Choose them under "
                "“Existing person”, or tick the box if this is someone else."))
    person = Person(municipality_id=council.municipality_id, full_name=name,
                    territory=data.territory, birth_date=data.birth_date,
                    citizenship=data.citizenship, email=(data.email or "").strip(),
                    phone=(data.phone or "").strip(), publish_consent=data.publish_consent)
    db.session.add(person)
    db.session.flush()
    audit.record(actor, "person.create", person, summary=name)
    return person


def nominate(election: Election, *, actor, person: Person | None = None,
             new_person: NewPerson | None = None, confirm_namesake: bool = False,
             nominated_by: str, nominated_on: date) -> Candidate:
    """Add a candidate (an existing person or a new one) and check their eligibility."""
    council = election.council
    require_runner(actor, council)
    check_nominations_open(election)
    if (person is None) == (new_person is None):
        raise ValidationFailed(None, _("Choose an existing person or enter a new person, "
                                       "not both."))
    if person is not None:
        if person.municipality_id != council.municipality_id:
            raise ValidationFailed("person_id", _("This person belongs to another municipality."))
        if any(c.person_id == person.id for c in election.candidates):
            raise ValidationFailed("person_id", _("%(name)s is already a candidate in this "
                                                  "election.", name=person.full_name))
    else:
        person = _new_person(council, new_person, actor=actor, confirm_namesake=confirm_namesake)
    number = max((c.number or 0 for c in election.candidates), default=0) + 1
    candidate = Candidate(election=election, person=person, number=number,
                          nominated_by=(nominated_by or "").strip(), nominated_on=nominated_on,
                          status=CandidateStatus.NOMINATED)
    db.session.add(candidate)
    eligibility.apply(candidate)
    db.session.flush()
    audit.record(actor, "candidate.nominate", candidate,
                 summary=f"{person.full_name} → {describe(election)}",
                 changes={"status": [None, candidate.status], "number": [None, number]})
    return candidate


def _require_candidate_change(candidate: Candidate, actor) -> None:
    require_runner(actor, candidate.election.council)
    check_candidates_changeable(candidate.election)
    if candidate.status == CandidateStatus.WITHDRAWN:
        raise InvalidTransition(_("This candidate has withdrawn."))


def set_eligibility(candidate: Candidate, *, actor, version, birth_date: date | None,
                    citizenship: Citizenship | None, territory: TerritorialUnit | None,
                    incompatible_office: bool, note: str) -> Candidate:
    """Record the data the check needs (kept private) and decide again."""
    _require_candidate_change(candidate, actor)
    expect_version(candidate, version)
    council = candidate.election.council
    if territory is not None and territory.municipality_id != council.municipality_id:
        raise ValidationFailed("territory_id", _("Choose a territory of this municipality."))
    person = candidate.person
    person.birth_date, person.citizenship, person.territory = birth_date, citizenship, territory
    candidate.incompatible_office = incompatible_office
    candidate.eligibility_note = (note or "").strip()
    eligibility.apply(candidate)
    changes = audit.changes_of(candidate)
    # The person's data is private: the audit says that it changed, not what it is.
    changed_person = sorted(audit.changes_of(person, ("birth_date", "citizenship",
                                                      "territory_id")))
    if changed_person:
        changes["person"] = changed_person
    db.session.flush()
    audit.record(actor, "candidate.eligibility", candidate,
                 summary=f"{person.full_name}: {candidate.status.value}", changes=changes)
    return candidate


def withdraw(candidate: Candidate, *, actor, withdrawn_on: date, reason: str) -> Candidate:
    """A withdrawal is recorded, never deleted."""
    _require_candidate_change(candidate, actor)
    old = candidate.status
    candidate.status = CandidateStatus.WITHDRAWN
    candidate.withdrawn_on = withdrawn_on
    candidate.withdrawn_reason = (reason or "").strip()
    db.session.flush()
    audit.record(actor, "candidate.withdraw", candidate, summary=candidate.person.full_name,
                 changes={"status": [old, CandidateStatus.WITHDRAWN],
                          "withdrawn_on": [None, withdrawn_on]})
    return candidate
