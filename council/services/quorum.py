"""Quorum and majority: the by-law settings of DOMAIN.md as pure functions (no database).

- Quorum: of the voting members on the roster on the meeting date, enough are present (in the
  room or remotely). The municipality's ``quorum_rule`` says how many are enough.
- A member who declares a conflict of interest on an item does not vote on it and is not
  counted as present for that item's quorum (the roster total stays the same).
- Decisions: simple majority of the votes cast — more votes for than against; abstentions are
  not votes cast. On a tie the chair's vote decides when ``chair_casting_vote`` is on;
  otherwise (or when the chair did not vote for or against) a tie adopts nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..models import Outcome, QuorumRule, Vote


def required_present(total: int, rule: QuorumRule) -> int:
    """How many of ``total`` voting members must be present for a quorum."""
    if total <= 0:
        return 1  # a council without voting members never has a quorum
    if rule == QuorumRule.AT_LEAST_HALF:
        return (total + 1) // 2
    if rule == QuorumRule.TWO_THIRDS:
        return -(-2 * total // 3)  # ceil(2/3 · total)
    return total // 2 + 1  # more than half


@dataclass(frozen=True)
class Quorum:
    total: int  # voting members on the roster on the meeting date
    present: int  # of them present or remote (minus those recused, for an item)
    rule: QuorumRule

    @property
    def required(self) -> int:
        return required_present(self.total, self.rule)

    @property
    def reached(self) -> bool:
        return self.total > 0 and self.present >= self.required


@dataclass(frozen=True)
class Majority:
    outcome: Outcome  # ADOPTED or REJECTED
    tie: bool
    decided_by_chair: bool  # a tie broken by the chair's casting vote


def majority(votes_for: int, votes_against: int, *, chair_vote: Vote | None,
             chair_casting_vote: bool) -> Majority:
    """The outcome the votes give (simple majority of the votes cast)."""
    if votes_for > votes_against:
        return Majority(Outcome.ADOPTED, tie=False, decided_by_chair=False)
    if votes_against > votes_for:
        return Majority(Outcome.REJECTED, tie=False, decided_by_chair=False)
    if chair_casting_vote and chair_vote == Vote.FOR:
        return Majority(Outcome.ADOPTED, tie=True, decided_by_chair=True)
    if chair_casting_vote and chair_vote == Vote.AGAINST:
        return Majority(Outcome.REJECTED, tie=True, decided_by_chair=True)
    return Majority(Outcome.REJECTED, tie=True, decided_by_chair=False)
