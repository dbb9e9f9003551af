"""Membership rules at their boundaries, and the roster on a date."""

from datetime import date

import pytest

from council.models import CouncilStatus, EndReason, GlobalRole, Position
from council.services import NotAllowed, StaleVersion, ValidationFailed
from council.services import memberships as svc
from tests import factories

D = date


@pytest.fixture
def officer(app):
    return factories.user(role=GlobalRole.OFFICER)


@pytest.fixture
def council(app):
    return factories.council(seats=3)


def add(council, officer, person=None, **kw):
    person = person or factories.person(council.municipality)
    kw.setdefault("position", Position.MEMBER)
    kw.setdefault("voting", True)
    kw.setdefault("start_on", D(2026, 4, 1))
    return svc.add_membership(council, person, actor=officer, **kw)


def test_roster_on_a_date_is_inclusive_of_start_and_end(council, officer):
    m = add(council, officer, start_on=D(2026, 4, 1))
    svc.end_membership(m, end_on=D(2026, 6, 30), reason=EndReason.RESIGNED, actor=officer)
    assert svc.roster_on(council, D(2026, 3, 31)) == []
    assert svc.roster_on(council, D(2026, 4, 1)) == [m]
    assert svc.roster_on(council, D(2026, 6, 30)) == [m]
    assert svc.roster_on(council, D(2026, 7, 1)) == []


def test_roster_puts_the_chair_first(council, officer):
    b = add(council, officer, person=factories.person(council.municipality, full_name="Ā"))
    a = add(council, officer, position=Position.CHAIR,
            person=factories.person(council.municipality, full_name="Ž"))
    assert svc.roster_on(council, D(2026, 5, 1)) == [a, b]


def test_seat_limit_counts_voting_members_on_any_date(council, officer):
    for _ in range(3):
        add(council, officer)
    with pytest.raises(ValidationFailed) as e:
        add(council, officer)
    assert e.value.field == "voting"
    add(council, officer, voting=False)  # a non-voting secretary does not take a seat


def test_seat_frees_after_an_end_date(council, officer):
    first = add(council, officer)
    add(council, officer)
    add(council, officer)
    svc.end_membership(first, end_on=D(2026, 5, 31), reason=EndReason.MOVED_AWAY, actor=officer)
    with pytest.raises(ValidationFailed):
        add(council, officer, start_on=D(2026, 5, 31))  # boundary: still full that day
    add(council, officer, start_on=D(2026, 6, 1))


def test_a_future_membership_blocks_an_open_one_that_would_overlap(council, officer):
    add(council, officer, start_on=D(2026, 9, 1))
    add(council, officer)
    add(council, officer)
    with pytest.raises(ValidationFailed):
        add(council, officer, start_on=D(2026, 4, 1))  # open-ended: full from 1 September


def test_one_chair_and_one_deputy_at_any_date(council, officer):
    chair = add(council, officer, position=Position.CHAIR)
    with pytest.raises(ValidationFailed) as e:
        add(council, officer, position=Position.CHAIR, voting=False)
    assert e.value.field == "position"
    add(council, officer, position=Position.DEPUTY_CHAIR)
    with pytest.raises(ValidationFailed):
        add(council, officer, position=Position.DEPUTY_CHAIR, voting=False)
    svc.end_membership(chair, end_on=D(2026, 8, 31), reason=EndReason.RESIGNED, actor=officer)
    with pytest.raises(ValidationFailed):
        add(council, officer, position=Position.CHAIR, voting=False, start_on=D(2026, 8, 31))
    add(council, officer, position=Position.CHAIR, voting=False, start_on=D(2026, 9, 1))


def test_no_overlapping_memberships_of_one_person(council, officer):
    person = factories.person(council.municipality)
    m = add(council, officer, person=person)
    with pytest.raises(ValidationFailed):
        add(council, officer, person=person, voting=False, start_on=D(2027, 1, 1))
    svc.end_membership(m, end_on=D(2026, 12, 31), reason=EndReason.RESIGNED, actor=officer)
    add(council, officer, person=person, start_on=D(2027, 1, 1))  # the day after: fine


def test_end_before_start_is_refused(council, officer):
    m = add(council, officer)
    with pytest.raises(ValidationFailed) as e:
        svc.end_membership(m, end_on=D(2026, 3, 31), reason=EndReason.RESIGNED, actor=officer)
    assert e.value.field == "end_on"
    svc.end_membership(m, end_on=D(2026, 4, 1), reason=EndReason.RESIGNED, actor=officer)


def test_dissolved_council_takes_no_new_members(council, officer):
    council.status = CouncilStatus.DISSOLVED
    with pytest.raises(ValidationFailed):
        add(council, officer)


def test_only_officers_manage_memberships(council):
    secretary = factories.user()
    with pytest.raises(NotAllowed):
        add(council, secretary)


def test_vacancies(council, officer):
    add(council, officer)
    assert svc.vacancies_on(council, D(2026, 5, 1)) == 2
    assert svc.vacancies_on(council, D(2026, 1, 1)) == 3


def test_update_checks_the_version_and_the_rules(council, officer):
    chair = add(council, officer, position=Position.CHAIR)
    other = add(council, officer)
    with pytest.raises(ValidationFailed) as e:
        svc.update_membership(other, position=Position.CHAIR, voting=True,
                              start_on=D(2026, 4, 1), actor=officer, version=other.version)
    assert e.value.field == "position"
    old = other.version
    svc.update_membership(other, position=Position.SECRETARY, voting=False,
                          start_on=D(2026, 4, 2), actor=officer, version=old)
    assert (other.position, other.voting, other.start_on) == (
        Position.SECRETARY, False, D(2026, 4, 2))
    with pytest.raises(StaleVersion):
        svc.update_membership(other, position=Position.MEMBER, voting=True,
                              start_on=D(2026, 4, 2), actor=officer, version=old)
    assert chair.position == Position.CHAIR


def test_the_end_of_an_ended_membership_can_be_corrected(council, officer):
    m = add(council, officer)
    svc.end_membership(m, end_on=D(2026, 6, 30), reason=EndReason.RESIGNED, actor=officer)
    svc.update_membership(m, position=Position.MEMBER, voting=True, start_on=D(2026, 4, 1),
                          end_on=D(2026, 7, 31), end_reason=EndReason.MOVED_AWAY,
                          actor=officer, version=m.version)
    assert (m.end_on, m.end_reason) == (D(2026, 7, 31), EndReason.MOVED_AWAY)
    for kw, field in (({"end_on": None}, "end_on"), ({"end_reason": None}, "end_reason"),
                      ({"end_on": D(2026, 3, 1)}, "end_on")):
        with pytest.raises(ValidationFailed) as e:
            svc.update_membership(m, position=Position.MEMBER, voting=True,
                                  start_on=D(2026, 4, 1), actor=officer, version=m.version,
                                  **{"end_on": D(2026, 7, 31),
                                     "end_reason": EndReason.MOVED_AWAY, **kw})
        assert e.value.field == field
    # an open membership ignores end values: ending is its own verb
    open_ = add(council, officer)
    svc.update_membership(open_, position=Position.MEMBER, voting=True, start_on=D(2026, 4, 1),
                          end_on=D(2026, 5, 1), end_reason=EndReason.DIED, actor=officer,
                          version=open_.version)
    assert open_.end_on is None and open_.end_reason is None


def test_ending_twice_or_with_a_stale_version_is_refused(council, officer):
    m = add(council, officer)
    old = m.version
    svc.end_membership(m, end_on=D(2026, 6, 30), reason=EndReason.RESIGNED, actor=officer,
                       version=old)
    with pytest.raises(StaleVersion):
        svc.end_membership(m, end_on=D(2026, 6, 30), reason=EndReason.RESIGNED, actor=officer,
                           version=old)
    with pytest.raises(ValidationFailed):
        svc.end_membership(m, end_on=D(2026, 6, 30), reason=EndReason.RESIGNED, actor=officer)


def test_most_voting_members_from_a_day_on(council, officer):
    a = add(council, officer)
    add(council, officer, start_on=D(2026, 9, 1))
    svc.end_membership(a, end_on=D(2026, 8, 31), reason=EndReason.RESIGNED, actor=officer)
    add(council, officer, voting=False)
    assert svc.most_voting_members(council, D(2026, 5, 1)) == 1
    assert svc.most_voting_members(council, D(2026, 1, 1)) == 1
    add(council, officer, start_on=D(2026, 10, 1))
    assert svc.most_voting_members(council, D(2026, 5, 1)) == 2
    assert svc.most_voting_members(council, D(2027, 5, 1)) == 2


def test_get_in_council_only_finds_the_councils_own(council, officer):
    m = add(council, officer)
    assert svc.get_in_council(council, m.id) is m
    assert svc.get_in_council(factories.council(), m.id) is None
