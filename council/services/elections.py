"""Member elections: records and their lifecycle, nominations with the eligibility check,
counting, the draw by lot, certification (memberships and the reserve list).

Every write checks ``can_run_elections`` and the election's state, records an audit entry and
flushes; the caller commits. A certified election is immutable (the ORM and the database refuse
too, see ``council.models.elections`` and ``council.models.guards``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from ..extensions import db
from ..labels import label
from ..models import (
    ELECTION_TRANSITIONS,
    Candidate,
    CandidateStatus,
    Council,
    CouncilStatus,
    Election,
    ElectionKind,
    ElectionMethod,
    ElectionStatus,
    Person,
    Position,
    utcnow,
)
from ..permissions import can_run_elections, can_view_council_records
from . import InvalidTransition, NotAllowed, ValidationFailed, audit, expect_version
from . import election_eligibility as eligibility
from .election_ranking import Ranking, rank
from .memberships import create_membership, roster_on
from .vacancies import Vacancy, local_today, open_vacancies

# Anonymous residents see an election once nominations have opened (candidate lists are public).
PUBLIC_STATUSES = frozenset(ElectionStatus) - {ElectionStatus.PLANNED}
RESULT_STATUSES = frozenset({ElectionStatus.COUNTED, ElectionStatus.CERTIFIED})
FINAL_STATUSES = frozenset({ElectionStatus.CERTIFIED, ElectionStatus.CANCELLED})
NOMINATION_STATUSES = frozenset({ElectionStatus.NOMINATIONS_OPEN,
                                 ElectionStatus.NOMINATIONS_CLOSED})
BEFORE_VOTING = frozenset({ElectionStatus.PLANNED}) | NOMINATION_STATUSES
COUNT_STATUSES = frozenset({ElectionStatus.VOTING, ElectionStatus.COUNTED})
MAX_COUNT = 10_000_000


# --- reading ------------------------------------------------------------------------------------

def is_public(election: Election) -> bool:
    return election.status in PUBLIC_STATUSES


def can_view_election(user, election: Election) -> bool:
    return is_public(election) or can_view_council_records(user, election.council)


def shows_results(election: Election) -> bool:
    return election.status in RESULT_STATUSES


def elections_stmt(council: Council, user):
    """The council's elections for this user, newest first (the caller paginates)."""
    stmt = select(Election).where(Election.council_id == council.id)
    if not can_view_council_records(user, council):
        stmt = stmt.where(Election.status.in_(PUBLIC_STATUSES))
    return stmt.order_by(Election.held_on.desc().nulls_last(), Election.id.desc())


def get_election(council: Council, election_id: int) -> Election | None:
    """The election with everything its pages and documents show, loaded."""
    stmt = (
        select(Election)
        .where(Election.id == election_id, Election.council_id == council.id)
        .options(
            joinedload(Election.certified_by),
            selectinload(Election.candidates).joinedload(Candidate.person)
            .joinedload(Person.territory),
        )
    )
    election = db.session.scalars(stmt).first()
    if election is not None:  # the caller's council is loaded with its territories
        set_committed_value(election, "council", council)
    return election


def active_candidates(election: Election) -> list[Candidate]:
    """Candidates still standing (not withdrawn), in order of nomination."""
    return sorted((c for c in election.candidates if c.status != CandidateStatus.WITHDRAWN),
                  key=lambda c: (c.number or 0, c.id))


def eligible_candidates(election: Election) -> list[Candidate]:
    standing = (CandidateStatus.ELIGIBLE, CandidateStatus.ELECTED, CandidateStatus.RESERVE,
                CandidateStatus.NOT_ELECTED)
    return [c for c in active_candidates(election) if c.status in standing]


def ranking(election: Election) -> Ranking:
    return rank(eligible_candidates(election), election.seats)


def turnout(election: Election) -> float | None:
    if not election.voters_registered or election.ballots_cast is None:
        return None
    return 100.0 * election.ballots_cast / election.voters_registered


# --- permission and state -----------------------------------------------------------------------

def require_runner(actor, council: Council) -> None:
    if not can_run_elections(actor, council):
        raise NotAllowed(_("You may not do this."))


def require_changeable(election: Election) -> None:
    if election.status == ElectionStatus.CERTIFIED:
        raise InvalidTransition(_("A certified election cannot be changed."))
    if election.status == ElectionStatus.CANCELLED:
        raise InvalidTransition(_("A cancelled election cannot be changed."))


def require_status(election: Election, allowed, message: str) -> None:
    require_changeable(election)
    if election.status not in allowed:
        raise InvalidTransition(message)


def can_move(election: Election, target: ElectionStatus) -> bool:
    """The transition table, as templates use it to show buttons."""
    return target in ELECTION_TRANSITIONS[election.status]


def _move(election: Election, target: ElectionStatus, *, actor, action: str) -> None:
    require_runner(actor, election.council)
    require_changeable(election)
    if not can_move(election, target):
        raise InvalidTransition(_("This step is not possible while the election is “%(status)s”.",
                                  status=label(election.status)))
    old = election.status
    election.status = target
    db.session.flush()
    audit.record(actor, f"election.{action}", election, summary=describe(election),
                 changes={"status": [old, target]})


def describe(election: Election) -> str:
    return f"{election.council.name}: {election.kind.value} {election.held_on or ''}".strip()


def new_election_defaults(council: Council) -> dict:
    """What the form for a new election starts with: a founding election fills every seat of
    the term; a by-election the seats free now."""
    founded = db.session.scalars(select(Election.id).where(
        Election.council_id == council.id, Election.status == ElectionStatus.CERTIFIED)).first()
    if founded is None:
        return {"kind": ElectionKind.FOUNDING.value, "seats": council.seats,
                "term_start": council.term_start, "term_end": council.term_end,
                "method": ElectionMethod.BALLOT.value, "votes_per_ballot": 1}
    free = council.seats - sum(1 for m in roster_on(council, local_today()) if m.voting)
    return {"kind": ElectionKind.BY_ELECTION.value, "seats": max(free, 1),
            "term_end": council.term_end, "method": ElectionMethod.BALLOT.value,
            "votes_per_ballot": 1}


# --- records ------------------------------------------------------------------------------------

@dataclass
class ElectionData:
    kind: ElectionKind
    seats: int
    held_on: date
    voting_ends_on: date | None
    place: str
    method: ElectionMethod
    votes_per_ballot: int
    term_start: date | None
    term_end: date | None


def _check_data(council: Council, data: ElectionData) -> None:
    if data.seats > council.seats:
        raise ValidationFailed("seats", _("The council has %(seats)d seats; an election cannot "
                                          "fill more.", seats=council.seats))
    if data.votes_per_ballot > data.seats:
        raise ValidationFailed("votes_per_ballot",
                               _("A voter cannot mark more candidates than there are seats."))
    if data.voting_ends_on is not None and data.voting_ends_on < data.held_on:
        raise ValidationFailed("voting_ends_on",
                               _("Voting cannot end before it starts."))
    last_day = data.voting_ends_on or data.held_on
    if data.term_start is not None and data.term_start <= last_day:
        raise ValidationFailed("term_start", _("The term starts after the voting has ended."))
    if data.term_end is not None and (data.term_start is None or data.term_end <= data.term_start):
        raise ValidationFailed("term_end", _("The term must end after it starts."))


def _running(council: Council) -> int | None:
    """The id of the council's election in progress (at most one at a time)."""
    return db.session.scalars(select(Election.id).where(
        Election.council_id == council.id, Election.status.not_in(FINAL_STATUSES))).first()


def create_election(council: Council, data: ElectionData, *, actor) -> Election:
    require_runner(actor, council)
    if council.status == CouncilStatus.DISSOLVED:
        raise ValidationFailed(None, _("A dissolved council holds no elections."))
    if _running(council) is not None:
        raise ValidationFailed(None, _("This council already has an election in progress. "
                                       "Certify or cancel it first."))
    _check_data(council, data)
    election = Election(council=council, status=ElectionStatus.PLANNED, **vars(data))
    db.session.add(election)
    db.session.flush()
    audit.record(actor, "election.create", election, summary=describe(election),
                 changes={k: [None, v] for k, v in vars(data).items()})
    return election


FIXED_ONCE_VOTING = ("kind", "seats", "held_on", "method", "votes_per_ballot")


def update_election(election: Election, data: ElectionData, *, actor, version) -> Election:
    require_runner(actor, election.council)
    require_changeable(election)
    expect_version(election, version)
    _check_data(election.council, data)
    if election.status not in BEFORE_VOTING:
        for name in FIXED_ONCE_VOTING:
            if getattr(data, name) != getattr(election, name):
                raise ValidationFailed(name, _("This cannot be changed once voting has started."))
    date_changed = data.held_on != election.held_on
    for name, value in vars(data).items():
        setattr(election, name, value)
    changes = audit.changes_of(election)
    if date_changed:  # age is checked on the election date
        for candidate in active_candidates(election):
            eligibility.apply(candidate)
    db.session.flush()
    audit.record(actor, "election.update", election, summary=describe(election),
                 changes=changes)
    return election


# --- lifecycle verbs ----------------------------------------------------------------------------

def open_nominations(election: Election, *, actor) -> None:
    _move(election, ElectionStatus.NOMINATIONS_OPEN, actor=actor, action="open_nominations")


def close_nominations(election: Election, *, actor) -> None:
    _move(election, ElectionStatus.NOMINATIONS_CLOSED, actor=actor, action="close_nominations")


def voting_blockers(election: Election) -> list[str]:
    """Why voting cannot start yet (empty when it can)."""
    problems = []
    pending = [c.person.full_name for c in active_candidates(election)
               if c.status == CandidateStatus.NOMINATED]
    if pending:
        problems.append(_("Decide the eligibility of every candidate first: %(names)s.",
                          names=", ".join(pending)))
    if not eligible_candidates(election):
        problems.append(_("There is no eligible candidate."))
    return problems


def start_voting(election: Election, *, actor) -> None:
    require_runner(actor, election.council)
    if election.status == ElectionStatus.NOMINATIONS_CLOSED:
        problems = voting_blockers(election)
        if problems:
            raise InvalidTransition(" ".join(problems))
    _move(election, ElectionStatus.VOTING, actor=actor, action="start_voting")


def cancel(election: Election, *, actor, reason: str) -> None:
    require_runner(actor, election.council)
    require_changeable(election)
    if not (reason or "").strip():
        raise ValidationFailed("reason", _("Say why the election is cancelled."))
    election.cancelled_reason = (reason or "").strip()
    _move(election, ElectionStatus.CANCELLED, actor=actor, action="cancel")


# --- counting -----------------------------------------------------------------------------------

@dataclass
class Count:
    voters_registered: int | None
    ballots_cast: int
    ballots_invalid: int
    votes: dict[int, int]  # candidate id → votes


def _check_count(election: Election, count: Count, candidates: list[Candidate]) -> None:
    numbers = [("ballots_cast", count.ballots_cast), ("ballots_invalid", count.ballots_invalid),
               ("voters_registered", count.voters_registered)]
    numbers += [(f"votes_{c.id}", count.votes.get(c.id)) for c in candidates]
    for field, value in numbers:
        if value is None and field != "voters_registered":
            raise ValidationFailed(field, _("Fill in this field."))
        if value is not None and not 0 <= value <= MAX_COUNT:
            raise ValidationFailed(field, _("Enter a number from %(min)s to %(max)s.",
                                            min=0, max=MAX_COUNT))
    if count.voters_registered is not None and count.ballots_cast > count.voters_registered:
        raise ValidationFailed("ballots_cast", _("More ballots cannot be cast than there are "
                                                 "registered voters."))
    if count.ballots_invalid > count.ballots_cast:
        raise ValidationFailed("ballots_invalid", _("Invalid ballots cannot exceed the ballots "
                                                    "cast."))
    valid = count.ballots_cast - count.ballots_invalid
    for c in candidates:
        if count.votes[c.id] > valid:
            raise ValidationFailed(f"votes_{c.id}", _(
                "A candidate cannot have more votes than there are valid ballots (%(valid)d).",
                valid=valid))
    total, most = sum(count.votes[c.id] for c in candidates), valid * election.votes_per_ballot
    if total > most:
        raise ValidationFailed(None, _(
            "The candidates have %(total)d votes together, but %(valid)d valid ballots with at "
            "most %(per)d votes each allow at most %(most)d.",
            total=total, valid=valid, per=election.votes_per_ballot, most=most))


def check_counting(election: Election) -> None:
    require_status(election, COUNT_STATUSES,
                   _("Votes can be entered once voting has started and until certification."))


def count_votes(election: Election, count: Count, *, actor) -> Ranking:
    """Record the totals and votes (voting → counted; while counted, a correction)."""
    require_runner(actor, election.council)
    check_counting(election)
    candidates = eligible_candidates(election)
    _check_count(election, count, candidates)
    election.voters_registered = count.voters_registered
    election.ballots_cast = count.ballots_cast
    election.ballots_invalid = count.ballots_invalid
    changes = audit.changes_of(election)
    votes_changed = False
    for c in candidates:
        if c.votes != count.votes[c.id]:
            changes[f"votes:{c.person.full_name}"] = [c.votes, count.votes[c.id]]
            c.votes, votes_changed = count.votes[c.id], True
    if votes_changed and election.lots_drawn_at is not None:  # a new count needs a new draw
        _clear_lots(election, candidates)
        changes["lots"] = ["drawn", "cleared"]
    result = _store_ranks(election)
    if election.status == ElectionStatus.VOTING:
        _move(election, ElectionStatus.COUNTED, actor=actor, action="count")
    db.session.flush()
    audit.record(actor, "election.votes", election, summary=describe(election), changes=changes)
    return result


def _clear_lots(election: Election, candidates: list[Candidate]) -> None:
    for c in candidates:
        c.lot_rank = None
    election.lots_drawn_by, election.lots_drawn_at, election.tie_break_notes = "", None, ""


def _store_ranks(election: Election) -> Ranking:
    result = ranking(election)
    for placement in result.placements:
        placement.candidate.rank = placement.place
    return result


def draw_lots(election: Election, *, actor, drawn_by: str, notes: str,
              order: dict[int, int]) -> Ranking:
    """Record a draw by lot for every open tie: who drew, and the order drawn (1 = first)."""
    require_runner(actor, election.council)
    require_status(election, {ElectionStatus.COUNTED},
                    _("Lots are drawn after the count and before certification."))
    ties = ranking(election).open_ties
    if not ties:
        raise InvalidTransition(_("There is no tie to resolve."))
    if not (drawn_by or "").strip():
        raise ValidationFailed("drawn_by", _("Say who drew the lots."))
    for tie in ties:
        drawn = [order.get(c.id) for c in tie.candidates]
        if sorted(d or 0 for d in drawn) != list(range(1, len(tie.candidates) + 1)):
            raise ValidationFailed(f"lot_{tie.candidates[0].id}", _(
                "Give each tied candidate a different place from 1 to %(n)d.",
                n=len(tie.candidates)))
        for candidate, place in zip(tie.candidates, drawn, strict=True):
            candidate.lot_rank = place
    election.lots_drawn_by = (drawn_by or "").strip()
    election.lots_drawn_at = utcnow()
    election.tie_break_notes = (notes or "").strip()
    result = _store_ranks(election)
    db.session.flush()
    audit.record(actor, "election.draw_lots", election, summary=describe(election), changes={
        "lots_drawn_by": [None, election.lots_drawn_by],
        "order": [None, [f"{c.person.full_name}: {c.lot_rank}"
                         for t in ties for c in t.candidates]]})
    return result


# --- certification ------------------------------------------------------------------------------

def certification_blockers(election: Election) -> list[str]:
    """Why the election cannot be certified yet (empty when it can)."""
    problems = []
    if election.term_start is None:
        problems.append(_("Enter the date the term starts (edit the election)."))
    for tie in ranking(election).open_ties:
        names = ", ".join(c.person.full_name for c in tie.candidates)
        problems.append(
            _("%(names)s have equal votes at the last seat: draw lots first.", names=names)
            if tie.at_last_seat else
            _("%(names)s have equal votes in the reserve list: draw lots first.", names=names))
    return problems


def certify(election: Election, *, actor, certified_at: datetime | None = None) -> Ranking:
    """Counted → certified: the elected become members from the term start; the reserve list is
    stored in order. Nothing of the election can change afterwards. ``certified_at`` records a
    certification made earlier on paper (default: now)."""
    require_runner(actor, election.council)
    require_changeable(election)
    if not can_move(election, ElectionStatus.CERTIFIED):
        raise InvalidTransition(_("Only a counted election can be certified."))
    problems = certification_blockers(election)
    if problems:
        raise InvalidTransition(" ".join(problems))
    result = _store_ranks(election)
    for order, candidate in enumerate(result.reserve, start=1):
        candidate.reserve_order = order
    for placement in result.placements:
        placement.candidate.status = placement.outcome
    for candidate in result.elected:
        create_membership(election.council, candidate.person, position=Position.MEMBER,
                          voting=True, start_on=election.term_start, actor=actor,
                          election=election, candidate=candidate)
    # The results are stored while the election is still counted: once it is certified, the
    # database refuses changes to its candidates (models.guards).
    db.session.flush()
    election.certified_by = actor
    election.certified_at = certified_at or utcnow()
    _move(election, ElectionStatus.CERTIFIED, actor=actor, action="certify")
    audit.record(actor, "election.results", election, summary=describe(election), changes={
        "elected": [None, [c.person.full_name for c in result.elected]],
        "reserve": [None, [c.person.full_name for c in result.reserve]]})
    return result


# --- the council page's elections section -------------------------------------------------------

SECTION_SIZE = 5


@dataclass
class CouncilSection:
    elections: list[Election]  # the latest few this user may see
    more: bool  # older ones on the list page
    latest: Election | None  # the latest certified election …
    latest_elected: list[Candidate]  # … and whom it elected
    vacancies: list[Vacancy]  # for members and those who run elections
    can_run: bool
    can_create: bool  # may run elections and none is in progress


def council_section(council: Council, user, today: date | None = None) -> CouncilSection:
    """Everything the council page shows about elections, in a fixed number of queries."""
    recent = list(db.session.scalars(elections_stmt(council, user).limit(SECTION_SIZE + 1)))
    latest = db.session.scalars(
        select(Election).where(Election.council_id == council.id,
                               Election.status == ElectionStatus.CERTIFIED)
        .order_by(Election.certified_at.desc(), Election.id.desc()).limit(1)).first()
    elected = []
    if latest is not None:
        elected = list(db.session.scalars(
            select(Candidate).where(Candidate.election_id == latest.id,
                                    Candidate.status == CandidateStatus.ELECTED)
            .options(joinedload(Candidate.person)).order_by(Candidate.rank, Candidate.id)))
    vacancies, can_create = [], False
    if can_view_council_records(user, council):
        vacancies = open_vacancies(council, today or local_today())
    if can_run_elections(user, council):
        can_create = _running(council) is None
    return CouncilSection(elections=recent[:SECTION_SIZE], more=len(recent) > SECTION_SIZE,
                          latest=latest, latest_elected=elected, vacancies=vacancies,
                          can_run=can_run_elections(user, council), can_create=can_create)
