"""What the minutes services share: refusals, the inputs the views pass in, and the checks
every write makes first."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import time

from flask_babel import gettext as _

from ...models import AttendanceStatus, Meeting, Minutes, MinutesStatus, Outcome, Vote, utcnow
from ...permissions import can_edit_council_records
from .. import InvalidTransition, NotAllowed, ValidationFailed

MAX_TEXT = 20_000
MAX_GUESTS = 50


class MinutesLocked(InvalidTransition):
    """The minutes are approved: corrections are errata."""


class ContentChanged(InvalidTransition):
    """The minutes changed since the approver looked at them."""


class ApprovalRefused(ValidationFailed):
    """The minutes are not complete or consistent enough to approve; ``problems`` says why."""

    def __init__(self, problems: list[str]):
        super().__init__(None, " ".join(problems))
        self.problems = problems


@dataclass
class AttendanceInput:
    person_id: int
    status: AttendanceStatus
    reason: str = ""
    arrived: time | None = None
    left: time | None = None


@dataclass
class GuestInput:
    name: str
    capacity: str = ""
    is_private: bool = False


@dataclass
class HeaderInput:
    opened: time | None = None
    closed: time | None = None
    chaired_by_id: int | None = None
    chair_title: str = ""
    recorded_by_id: int | None = None
    recorder_name: str = ""
    recorder_title: str = ""


@dataclass
class MemberVoteInput:
    person_id: int
    vote: Vote | None = None
    recused: bool = False
    reason: str = ""


@dataclass
class ItemInput:
    reported_by: str = ""
    discussion_participants: str = ""
    discussion: str = ""
    decision: str = ""
    outcome: Outcome | None = None
    named_vote: bool = False
    votes_for: int | None = None
    votes_against: int | None = None
    votes_abstain: int | None = None
    casting_vote: Vote | None = None
    members: list[MemberVoteInput] = field(default_factory=list)


def require_editor(meeting: Meeting, actor) -> None:
    if not can_edit_council_records(actor, meeting.council):
        raise NotAllowed(_("Only the council's secretary may record its minutes."))


def require_draft(minutes: Minutes) -> None:
    if minutes.status != MinutesStatus.DRAFT:
        raise MinutesLocked(_("These minutes are approved and can no longer be changed. "
                              "Corrections are added as errata."))


def clean_text(value: str | None, field_name: str, limit: int) -> str:
    value = (value or "").strip()
    if len(value) > limit:
        raise ValidationFailed(field_name, _("Use at most %(max)d characters.", max=limit))
    if any(ord(ch) < 32 and ch not in "\t\n\r" for ch in value):
        raise ValidationFailed(field_name,
                               _("The text contains characters that are not allowed."))
    return value


def touch(minutes: Minutes) -> None:
    """Every change of a draft bumps its version (optimistic locking of the whole record)."""
    minutes.updated_at = utcnow()
