"""Who may stand for a council (DOMAIN.md, Members and elections).

A candidate is eligible when, on the election date, the person is at least the municipality's
``min_member_age``, a Latvian or other EU citizen, resident in one of the council's territories,
and holds no incompatible office (dome councillor, executive director or deputy — recorded by the
secretary). Missing data leaves the candidate "nominated" (to be checked), never eligible.
"""

from __future__ import annotations

from datetime import date

from ..models import Candidate, CandidateStatus, Citizenship, IneligibleReason

CHECKED_STATUSES = (CandidateStatus.NOMINATED, CandidateStatus.ELIGIBLE,
                    CandidateStatus.INELIGIBLE)


def age_on(birth_date: date, day: date) -> int:
    """Completed years on ``day`` (someone born on 29 February turns a year older on 1 March)."""
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def check(candidate: Candidate) -> tuple[list[IneligibleReason], list[str]]:
    """(reasons the candidate cannot stand, names of the data still missing to decide)."""
    person, election = candidate.person, candidate.election
    council = election.council
    reasons: list[IneligibleReason] = []
    missing: list[str] = []
    if person.birth_date is None or election.held_on is None:
        missing.append("birth_date")
    elif age_on(person.birth_date, election.held_on) < council.municipality.min_member_age:
        reasons.append(IneligibleReason.UNDER_AGE)
    if person.citizenship is None:
        missing.append("citizenship")
    elif person.citizenship not in (Citizenship.LV, Citizenship.EU):
        reasons.append(IneligibleReason.CITIZENSHIP)
    if person.territory_id is None:
        missing.append("territory_id")
    elif person.territory_id not in {t.id for t in council.territories}:
        reasons.append(IneligibleReason.RESIDENCE)
    if candidate.incompatible_office:
        reasons.append(IneligibleReason.INCOMPATIBLE_OFFICE)
    return reasons, missing


def apply(candidate: Candidate) -> None:
    """Set the candidate's status from the check (only while nominations are handled)."""
    if candidate.status not in CHECKED_STATUSES:
        return
    reasons, missing = check(candidate)
    candidate.ineligible_reason = ",".join(r.value for r in reasons)
    if reasons:
        candidate.status = CandidateStatus.INELIGIBLE
    elif missing:
        candidate.status = CandidateStatus.NOMINATED
    else:
        candidate.status = CandidateStatus.ELIGIBLE
