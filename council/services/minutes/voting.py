"""One agenda item's vote: who may vote, named votes or counts, recusals, and whether the
chosen outcome follows the quorum and majority rules (services.quorum)."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from ...labels import label
from ...models import Meeting, Outcome, Vote
from .. import ValidationFailed
from ..quorum import Quorum, majority
from .common import MAX_TEXT, ItemInput, clean_text
from .reading import AttendanceRow, eligible_voters, item_quorum


@dataclass
class _Votes:
    votes_for: int | None
    votes_against: int | None
    votes_abstain: int | None
    chair_vote: Vote | None


def _named_votes(data: ItemInput, voters: dict[int, AttendanceRow],
                 chair_id: int | None) -> _Votes:
    cast = [m for m in data.members if m.vote is not None and not m.recused]
    if not cast:
        raise ValidationFailed("named_vote", _("Choose each member's vote, or record the "
                                               "vote as counts instead."))
    count = {v: sum(1 for m in cast if m.vote == v) for v in Vote}
    chair_vote = next((m.vote for m in cast if m.person_id == chair_id), None)
    return _Votes(count[Vote.FOR], count[Vote.AGAINST], count[Vote.ABSTAIN], chair_vote)


def _counted_votes(data: ItemInput, voters: dict[int, AttendanceRow],
                   chair_id: int | None) -> _Votes:
    counts = (data.votes_for, data.votes_against, data.votes_abstain)
    if all(c is None for c in counts):
        if data.casting_vote is not None:
            raise ValidationFailed("casting_vote", _("Enter the votes first."))
        return _Votes(None, None, None, None)
    for name, value in zip(("votes_for", "votes_against", "votes_abstain"), counts,
                           strict=True):
        if value is not None and value < 0:
            raise ValidationFailed(name, _("A number of votes cannot be negative."))
    votes = _Votes(*(c or 0 for c in counts), chair_vote=None)
    if data.casting_vote is not None:
        if chair_id not in voters:
            raise ValidationFailed("casting_vote", _("The person chairing the meeting does "
                                                     "not vote on this item."))
        given = {Vote.FOR: votes.votes_for, Vote.AGAINST: votes.votes_against,
                 Vote.ABSTAIN: votes.votes_abstain}[data.casting_vote]
        if given < 1:
            raise ValidationFailed("casting_vote", _("The chair's vote must be one of the "
                                                     "votes counted."))
        votes.chair_vote = data.casting_vote
    return votes


def _check_outcome(meeting: Meeting, data: ItemInput, votes: _Votes, quorum: Quorum,
                   chair_votes: bool) -> None:
    outcome = data.outcome
    if outcome == Outcome.ADOPTED and not quorum.reached:
        raise ValidationFailed("outcome", _(
            "Without a quorum nothing can be adopted: %(present)d of %(total)d voting members "
            "may take part in this item, %(required)d are needed.",
            present=quorum.present, total=quorum.total, required=quorum.required))
    if outcome not in (Outcome.ADOPTED, Outcome.REJECTED):
        return
    if votes.votes_for is None:
        raise ValidationFailed("votes_for", _("A decision is adopted or rejected by a vote: "
                                              "enter the votes."))
    casting = meeting.council.municipality.chair_casting_vote
    tie = votes.votes_for == votes.votes_against
    if tie and casting and chair_votes and votes.chair_vote is None:
        raise ValidationFailed("casting_vote", _(
            "The votes are tied and the chair's vote decides: record how the chair voted."))
    expected = majority(votes.votes_for, votes.votes_against, chair_vote=votes.chair_vote,
                        chair_casting_vote=casting)
    if expected.outcome == outcome:
        return
    if expected.tie and expected.decided_by_chair:
        reason = _("The votes are tied and the chair, whose vote decides, voted %(vote)s.",
                   vote=label(votes.chair_vote))
    elif expected.tie and casting:
        reason = _("The votes are tied and the chair did not vote for or against, so the "
                   "decision is not adopted.")
    elif expected.tie:
        reason = _("The votes are tied and the by-law gives the chair no casting vote, so the "
                   "decision is not adopted.")
    else:
        reason = _("A decision needs more votes for than against (abstentions are not votes "
                   "cast): %(in_favour)d for, %(against)d against.",
                   in_favour=votes.votes_for, against=votes.votes_against)
    raise ValidationFailed("outcome", _("The outcome must be “%(expected)s”. %(reason)s",
                                        expected=label(expected.outcome), reason=reason))


def clean_item_text(data: ItemInput) -> None:
    data.reported_by = clean_text(data.reported_by, "reported_by", 200)
    data.discussion_participants = clean_text(data.discussion_participants,
                                         "discussion_participants", 500)
    data.discussion = clean_text(data.discussion, "discussion", MAX_TEXT)
    data.decision = clean_text(data.decision, "decision", MAX_TEXT)
    for index, member in enumerate(data.members):
        member.reason = clean_text(member.reason, f"members.{index}.reason", 300)


def check_item(meeting: Meeting, rows: list[AttendanceRow], data: ItemInput,
               chair_id: int | None) -> _Votes:
    """The rules for one item's votes and outcome; returns the counts to store."""
    voters = {r.person.id: r for r in eligible_voters(rows)}
    for index, member in enumerate(data.members):
        if member.person_id not in voters:
            raise ValidationFailed(f"members.{index}.vote", _(
                "Only voting members present at the meeting vote or declare a conflict of "
                "interest. Reload the page if the attendance has changed."))
        if member.recused and member.vote is not None and data.named_vote:
            raise ValidationFailed(f"members.{index}.vote", _(
                "A member with a conflict of interest does not vote on the item."))
    recused = {m.person_id for m in data.members if m.recused}
    allowed = {pid: r for pid, r in voters.items() if pid not in recused}
    votes = (_named_votes(data, allowed, chair_id) if data.named_vote
             else _counted_votes(data, allowed, chair_id))
    cast = sum(v or 0 for v in (votes.votes_for, votes.votes_against, votes.votes_abstain))
    if cast > len(allowed):
        raise ValidationFailed("votes_for", _(
            "%(cast)d votes recorded, but only %(allowed)d voting members present may vote on "
            "this item (%(recused)d declared a conflict of interest).",
            cast=cast, allowed=len(allowed), recused=len(recused)))
    quorum = item_quorum(meeting, rows, recused)
    _check_outcome(meeting, data, votes, quorum, chair_votes=chair_id in allowed)
    return votes


