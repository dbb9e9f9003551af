"""Vacancies: an early end offers the next reserve candidate; one confirmation fills the seat."""

from datetime import date

import pytest
from sqlalchemy import select

from council.extensions import db
from council.models import (
    AuditEntry,
    CandidateStatus,
    ElectionKind,
    ElectionStatus,
    EndReason,
    GlobalRole,
    Membership,
)
from council.services import InvalidTransition, NotAllowed, ValidationFailed, memberships, vacancies
from council.services import elections as svc
from tests import factories

D = date
TODAY = D(2026, 11, 25)


@pytest.fixture
def officer(app):
    return factories.user(role=GlobalRole.OFFICER)


@pytest.fixture
def council(app):
    return factories.council(seats=3)


def certified(council, officer, votes, seats=3, **kw):
    election = factories.election(council, seats=seats, status=ElectionStatus.VOTING, **kw)
    candidates = [factories.candidate(election) for _ in votes]
    svc.count_votes(election, svc.Count(None, sum(votes), 0, {
        c.id: v for c, v in zip(candidates, votes, strict=True)}), actor=officer)
    svc.certify(election, actor=officer)
    return election, candidates


def member_of(candidate):
    return db.session.scalars(select(Membership).where(
        Membership.candidate_id == candidate.id)).one()


def leave(candidate, officer, day=D(2026, 10, 15), reason=EndReason.RESIGNED):
    return memberships.end_membership(member_of(candidate), end_on=day, reason=reason,
                                      actor=officer)


def test_no_vacancy_while_the_council_is_full(council, officer):
    certified(council, officer, [50, 40, 30, 20])
    assert vacancies.open_vacancies(council, TODAY) == []


def test_an_early_end_offers_the_next_reserve_candidate(council, officer):
    _election, c = certified(council, officer, [50, 40, 30, 20, 10])
    left = leave(c[1], officer)
    [vacancy] = vacancies.open_vacancies(council, TODAY)
    assert vacancy.membership == left and vacancy.candidate == c[3]

    new = vacancies.fill_vacancy(left, c[3].id, actor=officer, start_on=D(2026, 10, 16),
                                 today=TODAY)
    assert (new.person, new.replaced_membership, new.candidate, new.start_on, new.voting) == (
        c[3].person, left, c[3], D(2026, 10, 16), True)
    assert c[3].reserve_used_at is not None and c[3].status == CandidateStatus.RESERVE
    assert vacancies.open_vacancies(council, TODAY) == []
    assert db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "candidate.reserve_used")).one()

    leave(c[0], officer, D(2026, 11, 1), EndReason.MOVED_AWAY)
    [vacancy] = vacancies.open_vacancies(council, TODAY)
    assert vacancy.candidate == c[4]


def test_two_vacancies_get_different_people(council, officer):
    _election, c = certified(council, officer, [50, 40, 30, 20, 10])
    leave(c[0], officer, D(2026, 9, 1))
    leave(c[1], officer, D(2026, 10, 1))
    assert [v.candidate for v in vacancies.open_vacancies(council, TODAY)] == [c[3], c[4]]


def test_a_term_end_is_not_a_vacancy(council, officer):
    _election, c = certified(council, officer, [50, 40, 30, 20])
    leave(c[0], officer, reason=EndReason.TERM_END)
    assert vacancies.open_vacancies(council, TODAY) == []


def test_empty_reserve_means_a_by_election(council, officer):
    _election, c = certified(council, officer, [50, 40, 30])
    left = leave(c[2], officer)
    [vacancy] = vacancies.open_vacancies(council, TODAY)
    assert vacancy.candidate is None
    with pytest.raises(InvalidTransition):
        vacancies.fill_vacancy(left, None, actor=officer, start_on=D(2026, 11, 1), today=TODAY)
    by_election, _ = certified(council, officer, [7], seats=1, kind=ElectionKind.BY_ELECTION,
                               term_start=D(2026, 12, 1), held_on=D(2026, 11, 10),
                               voting_ends_on=D(2026, 11, 10))
    assert by_election.status == ElectionStatus.CERTIFIED
    assert vacancies.open_vacancies(council, TODAY) == []  # the by-election filled the seat


def test_declining_offers_the_next_one(council, officer):
    _election, c = certified(council, officer, [50, 40, 30, 20, 10])
    left = leave(c[0], officer)
    vacancies.decline_reserve(left, c[3].id, actor=officer, today=TODAY)
    assert c[3].reserve_declined_at is not None
    assert vacancies.vacancy_for(left, TODAY).candidate == c[4]


def test_the_offer_must_still_be_current(council, officer):
    _election, c = certified(council, officer, [50, 40, 30, 20, 10])
    left = leave(c[0], officer)
    with pytest.raises(InvalidTransition):
        vacancies.fill_vacancy(left, c[4].id, actor=officer, start_on=D(2026, 11, 1),
                               today=TODAY)
    with pytest.raises(ValidationFailed) as e:
        vacancies.fill_vacancy(left, c[3].id, actor=officer, start_on=D(2026, 10, 15),
                               today=TODAY)
    assert e.value.field == "start_on"
    with pytest.raises(NotAllowed):
        vacancies.fill_vacancy(left, c[3].id, actor=factories.user(), start_on=D(2026, 11, 1),
                               today=TODAY)


def test_council_section_in_fixed_queries(app, officer, count_queries):
    counts = []
    for seats, extra in ((3, 1), (9, 12)):
        council = factories.council(seats=seats)
        for _ in range(extra):  # older, cancelled elections
            factories.election(council, status=ElectionStatus.CANCELLED)
        _election, c = certified(council, officer, list(range(seats + extra + 2, 0, -1)),
                                 seats=seats)
        leave(c[0], officer)
        leave(c[1], officer)
        db.session.commit()
        db.session.expire_all()
        with count_queries() as q:
            section = svc.council_section(council, officer, TODAY)
        assert [v.candidate for v in section.vacancies] == [c[seats], c[seats + 1]]
        assert section.latest_elected == c[:seats] and section.can_run
        counts.append(q.count)
    assert counts[0] == counts[1], counts
