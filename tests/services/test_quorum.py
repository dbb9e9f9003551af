"""Quorum and majority: the by-law settings of DOMAIN.md as tables."""

import pytest

from council.models import Outcome, QuorumRule, Vote
from council.services.quorum import Quorum, majority, required_present

MORE, HALF, TWO_THIRDS = QuorumRule.MORE_THAN_HALF, QuorumRule.AT_LEAST_HALF, QuorumRule.TWO_THIRDS


@pytest.mark.parametrize("total,rule,required", [
    (7, MORE, 4), (6, MORE, 4), (5, MORE, 3), (1, MORE, 1), (2, MORE, 2),
    (7, HALF, 4), (6, HALF, 3), (5, HALF, 3), (1, HALF, 1),
    (7, TWO_THIRDS, 5), (6, TWO_THIRDS, 4), (5, TWO_THIRDS, 4), (9, TWO_THIRDS, 6),
    (3, TWO_THIRDS, 2),
])
def test_required_present(total, rule, required):
    assert required_present(total, rule) == required


@pytest.mark.parametrize("present,total,rule,reached", [
    (4, 7, MORE, True), (3, 7, MORE, False), (3, 6, MORE, False), (4, 6, MORE, True),
    (3, 6, HALF, True), (2, 6, HALF, False), (4, 6, TWO_THIRDS, True),
    (3, 6, TWO_THIRDS, False), (0, 0, MORE, False), (0, 0, HALF, False),
])
def test_quorum_reached(present, total, rule, reached):
    assert Quorum(total=total, present=present, rule=rule).reached is reached


@pytest.mark.parametrize("votes_for,against,chair_vote,casting,outcome,tie,by_chair", [
    (5, 0, None, True, Outcome.ADOPTED, False, False),
    (3, 2, Vote.AGAINST, True, Outcome.ADOPTED, False, False),  # the chair is outvoted
    (2, 3, Vote.FOR, True, Outcome.REJECTED, False, False),
    (1, 0, None, True, Outcome.ADOPTED, False, False),  # abstentions are not votes cast
    (2, 2, Vote.FOR, True, Outcome.ADOPTED, True, True),  # tie: the chair's vote decides
    (2, 2, Vote.AGAINST, True, Outcome.REJECTED, True, True),
    (2, 2, Vote.ABSTAIN, True, Outcome.REJECTED, True, False),  # the chair did not decide
    (2, 2, None, True, Outcome.REJECTED, True, False),
    (2, 2, Vote.FOR, False, Outcome.REJECTED, True, False),  # no casting vote in the by-law
    (0, 0, None, True, Outcome.REJECTED, True, False),  # everyone abstained
])
def test_majority(votes_for, against, chair_vote, casting, outcome, tie, by_chair):
    result = majority(votes_for, against, chair_vote=chair_vote, chair_casting_vote=casting)
    assert (result.outcome, result.tie, result.decided_by_chair) == (outcome, tie, by_chair)
