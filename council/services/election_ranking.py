"""Ranking of counted candidates: who is elected, who is in reserve, and which ties need lots.

Pure: candidates in, a Ranking out (no database, no Flask). Rules:
- eligible candidates are ordered by votes, most first;
- a candidate without a single vote is neither elected nor in reserve;
- the first ``seats`` places are elected, the others (with votes) form the reserve in order;
- equal votes are ordered only by a recorded draw by lot (``Candidate.lot_rank``); a tie that
  decides a seat or a reserve place and has no draw leaves the result open — the app never
  picks silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from itertools import groupby

from ..models import Candidate, CandidateStatus


@dataclass
class Tie:
    """Candidates with equal votes whose order decides a seat or a reserve place."""

    votes: int
    candidates: list[Candidate]
    first: int  # the places they share: first … last
    last: int
    at_last_seat: bool  # some of them would be elected, some not
    resolved: bool


@dataclass
class Placement:
    candidate: Candidate
    place: int  # 1-based; tied candidates without a draw share their first place
    outcome: CandidateStatus | None  # ELECTED / RESERVE / NOT_ELECTED; None while a tie is open
    tie: Tie | None = None


@dataclass
class Ranking:
    seats: int
    placements: list[Placement] = field(default_factory=list)
    ties: list[Tie] = field(default_factory=list)

    @property
    def open_ties(self) -> list[Tie]:
        return [t for t in self.ties if not t.resolved]

    @property
    def complete(self) -> bool:
        return not self.open_ties

    def _with(self, outcome: CandidateStatus) -> list[Candidate]:
        return [p.candidate for p in self.placements if p.outcome == outcome]

    @property
    def elected(self) -> list[Candidate]:
        return self._with(CandidateStatus.ELECTED)

    @property
    def reserve(self) -> list[Candidate]:
        return self._with(CandidateStatus.RESERVE)

    @property
    def vacant_seats(self) -> int:
        """Seats nobody can take because too few candidates received votes."""
        with_votes = sum(1 for p in self.placements if p.candidate.votes)
        return max(self.seats - with_votes, 0)


def _lots_complete(group: list[Candidate]) -> bool:
    ranks = [c.lot_rank for c in group]
    return None not in ranks and sorted(ranks) == list(range(1, len(group) + 1))


def _order_key(c: Candidate):
    return (-(c.votes or 0), c.number or 0, c.id or 0)


def rank(candidates: list[Candidate], seats: int) -> Ranking:
    """Rank the counted eligible candidates (votes set) for ``seats`` seats."""
    counted = sorted((c for c in candidates if c.votes is not None), key=_order_key)
    ranking = Ranking(seats=seats)
    place = 1
    for votes, grouped in groupby(counted, key=lambda c: c.votes):
        group = list(grouped)
        first, last = place, place + len(group) - 1
        place = last + 1
        tie = None
        if votes > 0 and len(group) > 1 and last > seats:
            tie = Tie(votes=votes, candidates=group, first=first, last=last,
                      at_last_seat=first <= seats < last, resolved=_lots_complete(group))
            ranking.ties.append(tie)
            if tie.resolved:
                group.sort(key=lambda c: c.lot_rank)
        for offset, candidate in enumerate(group):
            if tie is not None and not tie.resolved:
                at, outcome = first, (None if tie.at_last_seat else CandidateStatus.RESERVE)
            else:
                at = first + offset
                outcome = (CandidateStatus.NOT_ELECTED if votes == 0 else
                           CandidateStatus.ELECTED if at <= seats else CandidateStatus.RESERVE)
            ranking.placements.append(Placement(candidate, at, outcome, tie))
    return ranking
