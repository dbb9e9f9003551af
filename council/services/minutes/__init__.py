"""Minutes (protokols): recording a held meeting — attendance, quorum, each agenda item's votes
and decision — approval that freezes them, and errata after approval.

Rules kept here, whatever the caller: only the council's secretaries (and admins) write; only
drafts change (the ORM and the database refuse again: models.minutes, models.guards); votes
never exceed the voting members present and not recused; nothing is adopted without a quorum;
the outcome follows the simple majority of the votes cast, a tie going the chair's way when the
municipality gives the chair a casting vote (services.quorum).

- reading: loading, the roster and attendance of the meeting date, quorum, the meeting page
- recording: starting the draft, attendance and header, one agenda item
- approval: approval that freezes the minutes, errata
"""

from .approval import add_erratum, approval_problems, approve
from .common import (
    ApprovalRefused,
    AttendanceInput,
    ContentChanged,
    GuestInput,
    HeaderInput,
    ItemInput,
    MemberVoteInput,
    MinutesLocked,
)
from .reading import (
    PRESENT,
    AttendanceRow,
    MeetingSection,
    approval_meeting_choices,
    at_local,
    attendance_rows,
    chair_choices,
    default_chair,
    eligible_voters,
    item_quorum,
    load_meeting,
    local_time,
    local_today,
    may_start,
    meeting_day,
    meeting_quorum,
    meeting_section,
    protocol_for,
    record_for,
    tz_of,
)
from .recording import record_item, record_meeting, start_minutes
from .voting import check_item

__all__ = [
    "PRESENT", "ApprovalRefused", "AttendanceInput", "AttendanceRow", "ContentChanged",
    "GuestInput", "HeaderInput", "ItemInput", "MeetingSection", "MemberVoteInput",
    "MinutesLocked", "add_erratum", "approval_meeting_choices", "approval_problems", "approve",
    "at_local", "attendance_rows", "chair_choices", "check_item", "default_chair",
    "eligible_voters", "item_quorum", "load_meeting", "local_time", "local_today", "may_start",
    "meeting_day", "meeting_quorum", "meeting_section", "protocol_for", "record_for",
    "record_item", "record_meeting", "start_minutes", "tz_of",
]
