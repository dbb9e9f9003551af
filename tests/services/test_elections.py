"""Election rules: transitions, eligibility, counting, lots, certification, immutability."""

from datetime import UTC, date, datetime

import pytest
from sqlalchemy import select

from council.extensions import db
from council.models import (
    AuditEntry,
    CandidateStatus,
    Citizenship,
    CouncilRoleKind,
    ElectionKind,
    ElectionMethod,
    ElectionStatus,
    GlobalRole,
    IneligibleReason,
    Membership,
    Position,
)
from council.models.elections import CertifiedElectionChanged
from council.services import (
    InvalidTransition,
    NotAllowed,
    StaleVersion,
    ValidationFailed,
    nominations,
)
from council.services import elections as svc
from tests import factories

S = ElectionStatus
D = date


@pytest.fixture
def officer(app):
    return factories.user(role=GlobalRole.OFFICER)


@pytest.fixture
def council(app):
    return factories.council(seats=5)


def data(council, **kw):
    values = dict(kind=ElectionKind.FOUNDING, seats=3, held_on=D(2026, 3, 4),
                  voting_ends_on=D(2026, 3, 18), place="Ķēču bibliotēka",
                  method=ElectionMethod.BALLOT, votes_per_ballot=1, term_start=D(2026, 4, 1),
                  term_end=D(2030, 3, 31))
    values.update(kw)
    return svc.ElectionData(**values)


def counted(council, officer, votes, *, seats=3, votes_per_ballot=1, **kw):
    """An election counted with these votes (one eligible candidate per number)."""
    election = factories.election(council, seats=seats, status=S.VOTING,
                                  votes_per_ballot=votes_per_ballot, **kw)
    candidates = [factories.candidate(election) for _ in votes]
    valid = max(sum(votes), max(votes, default=0))
    svc.count_votes(election, svc.Count(
        voters_registered=None, ballots_cast=valid + 2, ballots_invalid=2,
        votes={c.id: v for c, v in zip(candidates, votes, strict=True)}), actor=officer)
    return election, candidates


# --- transitions --------------------------------------------------------------------------------

VERBS = {
    "open_nominations": (svc.open_nominations, S.PLANNED),
    "close_nominations": (svc.close_nominations, S.NOMINATIONS_OPEN),
    "start_voting": (svc.start_voting, S.NOMINATIONS_CLOSED),
}


@pytest.mark.parametrize("verb", VERBS)
@pytest.mark.parametrize("status", list(S))
def test_each_verb_only_from_its_state(council, officer, verb, status):
    action, allowed_from = VERBS[verb]
    election = factories.election(council)
    factories.candidate(election)
    election.status = status
    db.session.flush()
    if status == allowed_from:
        action(election, actor=officer)
        assert election.status == next(iter(
            t for t in svc.ELECTION_TRANSITIONS[status] if t != S.CANCELLED))
    else:
        with pytest.raises(InvalidTransition):
            action(election, actor=officer)
        assert election.status == status


def test_the_whole_way_leaves_an_audit_trail(council, officer):
    election = svc.create_election(council, data(council), actor=officer)
    assert election.status == S.PLANNED
    svc.open_nominations(election, actor=officer)
    for _ in range(4):
        nominations.nominate(election, actor=officer, person=factories.eligible_person(council),
                             nominated_by="pašizvirzījies", nominated_on=D(2026, 2, 2))
    svc.close_nominations(election, actor=officer)
    svc.start_voting(election, actor=officer)
    c = svc.eligible_candidates(election)
    svc.count_votes(election, svc.Count(100, 50, 2, {c[0].id: 20, c[1].id: 15, c[2].id: 9,
                                                      c[3].id: 4}), actor=officer)
    assert election.status == S.COUNTED
    svc.certify(election, actor=officer)
    assert election.status == S.CERTIFIED and election.certified_by == officer
    actions = set(db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.object_type == "Election", AuditEntry.object_id == election.id)))
    assert {"election.create", "election.open_nominations", "election.close_nominations",
            "election.start_voting", "election.count", "election.votes",
            "election.certify", "election.results"} <= actions


@pytest.mark.parametrize("status", [s for s in S if s not in (S.CERTIFIED, S.CANCELLED)])
def test_cancel_from_any_state_before_certification(council, officer, status):
    election = factories.election(council, status=status)
    with pytest.raises(ValidationFailed):
        svc.cancel(election, actor=officer, reason="  ")
    svc.cancel(election, actor=officer, reason="Nepietiekami kandidāti")
    assert election.status == S.CANCELLED and election.cancelled_reason == "Nepietiekami kandidāti"


@pytest.mark.parametrize("status", [S.CERTIFIED, S.CANCELLED])
def test_cancel_refused_once_final(council, officer, status):
    election = factories.election(council, status=status)
    with pytest.raises(InvalidTransition):
        svc.cancel(election, actor=officer, reason="x")


def test_start_voting_needs_every_eligibility_decided(council, officer):
    election = factories.election(council, status=S.NOMINATIONS_CLOSED)
    pending = factories.candidate(election, status=CandidateStatus.NOMINATED)
    with pytest.raises(InvalidTransition) as e:
        svc.start_voting(election, actor=officer)
    assert pending.person.full_name in e.value.message
    pending.status = CandidateStatus.INELIGIBLE
    with pytest.raises(InvalidTransition):  # nobody eligible
        svc.start_voting(election, actor=officer)
    factories.candidate(election)
    svc.start_voting(election, actor=officer)


def test_only_one_election_in_progress_per_council(council, officer):
    svc.create_election(council, data(council), actor=officer)
    with pytest.raises(ValidationFailed):
        svc.create_election(council, data(council), actor=officer)


@pytest.mark.parametrize("field,kw", [
    ("seats", {"seats": 6}),
    ("votes_per_ballot", {"votes_per_ballot": 4}),
    ("voting_ends_on", {"voting_ends_on": D(2026, 3, 3)}),
    ("term_start", {"term_start": D(2026, 3, 18)}),
    ("term_end", {"term_end": D(2026, 4, 1)}),
])
def test_election_data_is_checked(council, officer, field, kw):
    with pytest.raises(ValidationFailed) as e:
        svc.create_election(council, data(council, **kw), actor=officer)
    assert e.value.field == field


def test_who_may_run_elections(council, officer):
    secretary, other, member = factories.user(), factories.user(), factories.user()
    factories.council_role(secretary, council)
    factories.council_role(other, factories.council(council.municipality))
    factories.council_role(member, council, CouncilRoleKind.MEMBER_ACCESS)
    for outsider in (other, member, None):
        with pytest.raises(NotAllowed):
            svc.create_election(council, data(council), actor=outsider)
    election = svc.create_election(council, data(council), actor=secretary)
    with pytest.raises(NotAllowed):
        svc.open_nominations(election, actor=member)


def test_key_data_is_fixed_once_voting_started(council, officer):
    election = factories.election(council, status=S.VOTING, seats=3)
    with pytest.raises(ValidationFailed) as e:
        svc.update_election(election, data(council, seats=2), actor=officer,
                            version=election.version)
    assert e.value.field == "seats"
    svc.update_election(election, data(council, place="Kultūras nams"), actor=officer,
                        version=election.version)
    assert election.place == "Kultūras nams"


def test_stale_edit_is_refused(council, officer):
    election = factories.election(council, seats=3)
    with pytest.raises(StaleVersion):
        svc.update_election(election, data(council), actor=officer, version=election.version - 1)


# --- eligibility --------------------------------------------------------------------------------

def nominate(election, officer, **person_kw):
    election.status = S.NOMINATIONS_OPEN
    person = factories.eligible_person(election.council, **person_kw)
    return nominations.nominate(election, actor=officer, person=person, nominated_by="x",
                                nominated_on=D(2026, 2, 2))


@pytest.mark.parametrize("birth,status", [
    (D(2010, 3, 4), CandidateStatus.ELIGIBLE),  # 16 on the election date
    (D(2010, 3, 5), CandidateStatus.INELIGIBLE),  # one day short
    (D(2008, 2, 29), CandidateStatus.ELIGIBLE),
])
def test_age_on_the_election_date(council, officer, birth, status):
    election = factories.election(council, held_on=D(2026, 3, 4))
    assert nominate(election, officer, birth_date=birth).status == status


def test_age_limit_is_the_municipality_setting(council, officer):
    council.municipality.min_member_age = 18
    election = factories.election(council, held_on=D(2026, 3, 4))
    candidate = nominate(election, officer, birth_date=D(2009, 1, 1))
    assert candidate.ineligible_reasons == [IneligibleReason.UNDER_AGE]


def test_citizenship_residence_and_office(council, officer):
    election = factories.election(council)
    assert nominate(election, officer, citizenship=Citizenship.EU).status == "eligible"
    other = nominate(election, officer, citizenship=Citizenship.OTHER)
    assert other.ineligible_reasons == [IneligibleReason.CITIZENSHIP]
    away = nominate(election, officer, territory=factories.unit(council.municipality))
    assert away.ineligible_reasons == [IneligibleReason.RESIDENCE]
    councillor = nominate(election, officer)
    nominations.set_eligibility(councillor, actor=officer, version=councillor.version,
                                birth_date=councillor.person.birth_date,
                                citizenship=Citizenship.LV, territory=council.territories[0],
                                incompatible_office=True, note="domes deputāts")
    assert councillor.status == CandidateStatus.INELIGIBLE
    assert councillor.ineligible_reasons == [IneligibleReason.INCOMPATIBLE_OFFICE]


def test_missing_data_leaves_the_candidate_to_be_checked(council, officer):
    election = factories.election(council)
    candidate = nominate(election, officer, birth_date=None)
    assert candidate.status == CandidateStatus.NOMINATED
    nominations.set_eligibility(candidate, actor=officer, version=candidate.version,
                                birth_date=D(1990, 1, 1), citizenship=Citizenship.LV,
                                territory=council.territories[0], incompatible_office=False,
                                note="")
    assert candidate.status == CandidateStatus.ELIGIBLE
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "candidate.eligibility")).one()
    assert "1990" not in str(entry.changes)  # private data stays out of the audit log


def test_a_new_date_checks_age_again(council, officer):
    election = factories.election(council, held_on=D(2026, 3, 4), status=S.NOMINATIONS_OPEN)
    candidate = nominate(election, officer, birth_date=D(2010, 3, 1))
    assert candidate.status == CandidateStatus.ELIGIBLE
    svc.update_election(election, data(council, held_on=D(2026, 2, 20),
                                       voting_ends_on=D(2026, 2, 28)),
                        actor=officer, version=election.version)
    assert candidate.status == CandidateStatus.INELIGIBLE


def test_nominating_a_new_person_and_namesakes(council, officer):
    election = factories.election(council, status=S.NOMINATIONS_OPEN)
    new = nominations.NewPerson(full_name="Ņina  Žukova", territory=council.territories[0],
                                birth_date=D(1970, 1, 1), citizenship=Citizenship.LV)
    first = nominations.nominate(election, actor=officer, new_person=new, nominated_by="x",
                                 nominated_on=D(2026, 2, 2))
    assert first.person.full_name == "Ņina Žukova" and first.number == 1
    other = factories.election(factories.council(council.municipality, territories=[
        council.territories[0]]), status=S.NOMINATIONS_OPEN)
    with pytest.raises(ValidationFailed) as e:
        nominations.nominate(other, actor=officer, new_person=new, nominated_by="x",
                             nominated_on=D(2026, 2, 2))
    assert e.value.field == "full_name"
    nominations.nominate(other, actor=officer, new_person=new, confirm_namesake=True,
                         nominated_by="x", nominated_on=D(2026, 2, 2))
    with pytest.raises(ValidationFailed):  # the same person twice
        nominations.nominate(election, actor=officer, person=first.person, nominated_by="x",
                             nominated_on=D(2026, 2, 2))
    with pytest.raises(ValidationFailed):  # neither
        nominations.nominate(election, actor=officer, nominated_by="x",
                             nominated_on=D(2026, 2, 2))


def test_nominations_only_while_open(council, officer):
    election = factories.election(council, status=S.NOMINATIONS_CLOSED)
    with pytest.raises(InvalidTransition):
        nominations.nominate(election, actor=officer, person=factories.eligible_person(council),
                             nominated_by="x", nominated_on=D(2026, 2, 2))


def test_withdrawal_is_recorded_not_deleted(council, officer):
    election = factories.election(council, status=S.NOMINATIONS_CLOSED)
    candidate = factories.candidate(election)
    nominations.withdraw(candidate, actor=officer, withdrawn_on=D(2026, 2, 20),
                         reason="Pārceļas uz Rīgu")
    db.session.expire_all()
    assert candidate in election.candidates
    assert candidate.status == CandidateStatus.WITHDRAWN and candidate.withdrawn_on
    assert svc.eligible_candidates(election) == []
    with pytest.raises(InvalidTransition):
        nominations.withdraw(candidate, actor=officer, withdrawn_on=D(2026, 2, 21), reason="")


# --- counting -----------------------------------------------------------------------------------

def _count(election, officer, cast, invalid, votes, registered=None):
    return svc.count_votes(election, svc.Count(registered, cast, invalid, votes), actor=officer)


@pytest.mark.parametrize("cast,invalid,votes,registered,field", [
    (-1, 0, [0, 0], None, "ballots_cast"),
    (10, -1, [0, 0], None, "ballots_invalid"),
    (10, 0, [-3, 0], None, "votes_0"),
    (10, 11, [0, 0], None, "ballots_invalid"),
    (10, 0, [0, 0], 9, "ballots_cast"),
    (10, 2, [9, 0], None, "votes_0"),
    (10, 2, [5, 4], None, None),  # 9 votes > 8 valid single-vote ballots
    (10, 0, [None, 1], None, "votes_0"),
])
def test_count_validation(council, officer, cast, invalid, votes, registered, field):
    election = factories.election(council, status=S.VOTING, seats=1)
    candidates = [factories.candidate(election) for _ in votes]
    with pytest.raises(ValidationFailed) as e:
        _count(election, officer, cast, invalid,
               {c.id: v for c, v in zip(candidates, votes, strict=True)}, registered)
    expected = field.replace("0", str(candidates[0].id)) if field else None
    assert e.value.field == expected
    assert election.status == S.VOTING


def test_several_votes_per_ballot(council, officer):
    election = factories.election(council, status=S.VOTING, seats=3, votes_per_ballot=2)
    a, b, c = (factories.candidate(election) for _ in range(3))
    with pytest.raises(ValidationFailed):
        _count(election, officer, 10, 0, {a.id: 10, b.id: 10, c.id: 1})
    _count(election, officer, 10, 0, {a.id: 10, b.id: 10, c.id: 0})
    assert election.status == S.COUNTED


def test_count_only_while_voting_or_counted(council, officer):
    election = factories.election(council, status=S.NOMINATIONS_CLOSED)
    with pytest.raises(InvalidTransition):
        _count(election, officer, 1, 0, {})


# --- ranking, ties and lots ---------------------------------------------------------------------

def test_ranking_elected_reserve_and_no_votes(council, officer):
    election, c = counted(council, officer, [30, 50, 10, 0, 20], seats=2)
    r = svc.ranking(election)
    assert r.elected == [c[1], c[0]] and r.reserve == [c[4], c[2]]
    assert [p.outcome for p in r.placements][-1] == CandidateStatus.NOT_ELECTED
    assert [x.rank for x in (c[1], c[0], c[4], c[2], c[3])] == [1, 2, 3, 4, 5]
    assert r.complete


def test_too_few_candidates_with_votes_leave_seats_vacant(council, officer):
    election, c = counted(council, officer, [5, 0], seats=3)
    r = svc.ranking(election)
    assert r.elected == [c[0]] and r.vacant_seats == 2


def test_tie_at_the_last_seat_requires_a_draw(council, officer):
    election, c = counted(council, officer, [40, 25, 25, 10], seats=2)
    r = svc.ranking(election)
    assert len(r.open_ties) == 1 and r.open_ties[0].at_last_seat
    assert r.elected == [c[0]]  # the app does not pick between c[1] and c[2]
    with pytest.raises(InvalidTransition) as e:
        svc.certify(election, actor=officer)
    assert c[1].person.full_name in e.value.message
    with pytest.raises(ValidationFailed):
        svc.draw_lots(election, actor=officer, drawn_by="Aina Kociņa", notes="",
                      order={c[1].id: 1, c[2].id: 1})
    with pytest.raises(ValidationFailed):
        svc.draw_lots(election, actor=officer, drawn_by=" ", notes="",
                      order={c[1].id: 1, c[2].id: 2})
    svc.draw_lots(election, actor=officer, drawn_by="Aina Kociņa", notes="Klātesot abiem",
                  order={c[1].id: 2, c[2].id: 1})
    r = svc.ranking(election)
    assert r.elected == [c[0], c[2]] and r.reserve == [c[1], c[3]]
    assert election.lots_drawn_by == "Aina Kociņa" and election.lots_drawn_at is not None
    svc.certify(election, actor=officer)
    assert c[2].status == CandidateStatus.ELECTED and c[1].reserve_order == 1


def test_ties_among_the_elected_need_no_draw_but_reserve_ties_do(council, officer):
    election, c = counted(council, officer, [30, 30, 10, 10], seats=2)
    r = svc.ranking(election)
    assert r.elected == [c[0], c[1]]
    assert len(r.open_ties) == 1 and not r.open_ties[0].at_last_seat
    assert svc.certification_blockers(election)


def test_a_new_count_needs_a_new_draw(council, officer):
    election, c = counted(council, officer, [25, 25], seats=1)
    svc.draw_lots(election, actor=officer, drawn_by="X", notes="",
                  order={c[0].id: 1, c[1].id: 2})
    _count(election, officer, 60, 2, {c[0].id: 25, c[1].id: 26})
    assert election.lots_drawn_by == "" and c[0].lot_rank is None
    assert svc.ranking(election).elected == [c[1]]


# --- certification ------------------------------------------------------------------------------

def test_certification_creates_exactly_the_memberships_and_reserve(council, officer):
    sitting = factories.membership(council, start_on=D(2026, 1, 1))
    election, c = counted(council, officer, [12, 40, 33, 7, 0], seats=2,
                          kind=ElectionKind.BY_ELECTION, term_start=D(2026, 5, 1))
    svc.certify(election, actor=officer)
    members = db.session.scalars(select(Membership).where(
        Membership.council_id == council.id, Membership.id != sitting.id)
        .order_by(Membership.id)).all()
    assert [(m.person, m.position, m.voting, m.start_on, m.end_on, m.election, m.candidate)
            for m in members] == [
        (c[1].person, Position.MEMBER, True, D(2026, 5, 1), None, election, c[1]),
        (c[2].person, Position.MEMBER, True, D(2026, 5, 1), None, election, c[2])]
    assert [(x.status, x.reserve_order) for x in c] == [
        (CandidateStatus.RESERVE, 1), (CandidateStatus.ELECTED, None),
        (CandidateStatus.ELECTED, None), (CandidateStatus.RESERVE, 2),
        (CandidateStatus.NOT_ELECTED, None)]


def test_certification_needs_the_term_start(council, officer):
    election, _c = counted(council, officer, [3], seats=1, term_start=None)
    with pytest.raises(InvalidTransition):
        svc.certify(election, actor=officer)


def test_certification_respects_the_seat_limit(council, officer):
    for _ in range(5):
        factories.membership(council)
    election, _c = counted(council, officer, [3], seats=1, kind=ElectionKind.BY_ELECTION,
                           term_start=D(2026, 5, 1))
    with pytest.raises(ValidationFailed):
        svc.certify(election, actor=officer)


def _certified(council, officer):
    election, c = counted(council, officer, [9, 5, 3], seats=2)
    svc.certify(election, actor=officer)
    return election, c


def test_a_certified_election_refuses_every_service_edit(council, officer):
    election, c = _certified(council, officer)
    attempts = [
        lambda: svc.update_election(election, data(council), actor=officer,
                                    version=election.version),
        lambda: svc.open_nominations(election, actor=officer),
        lambda: svc.close_nominations(election, actor=officer),
        lambda: svc.start_voting(election, actor=officer),
        lambda: _count(election, officer, 20, 0, {x.id: 1 for x in c}),
        lambda: svc.draw_lots(election, actor=officer, drawn_by="x", notes="", order={}),
        lambda: svc.certify(election, actor=officer),
        lambda: svc.cancel(election, actor=officer, reason="x"),
        lambda: nominations.nominate(election, actor=officer,
                                     person=factories.eligible_person(council),
                                     nominated_by="x", nominated_on=D(2026, 2, 2)),
        lambda: nominations.withdraw(c[0], actor=officer, withdrawn_on=D(2026, 5, 1), reason=""),
        lambda: nominations.set_eligibility(c[0], actor=officer, version=c[0].version,
                                            birth_date=None, citizenship=None, territory=None,
                                            incompatible_office=True, note=""),
    ]
    for attempt in attempts:
        with pytest.raises(InvalidTransition):
            attempt()
    db.session.rollback()


@pytest.mark.parametrize("change", [
    lambda e, c: setattr(e, "ballots_cast", 1000),
    lambda e, c: setattr(e, "status", S.CANCELLED),
    lambda e, c: setattr(c[0], "votes", 1000),
    lambda e, c: setattr(c[2], "status", CandidateStatus.ELECTED),
    lambda e, c: db.session.delete(c[1]),
    lambda e, c: factories.candidate(e),
])
def test_the_orm_refuses_changes_to_a_certified_election(council, officer, change):
    election, c = _certified(council, officer)
    db.session.commit()
    with pytest.raises(CertifiedElectionChanged):
        change(election, c)
        db.session.flush()
    db.session.rollback()


def test_the_reserve_list_use_may_still_be_recorded(council, officer):
    election, c = _certified(council, officer)
    db.session.commit()
    c[2].reserve_used_at = datetime(2026, 9, 1, tzinfo=UTC)
    db.session.commit()
