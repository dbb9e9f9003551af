"""Human labels (Latvian first through the catalogue) for every enum value: one place."""

from enum import StrEnum

from wtforms.fields.choices import SelectChoice

from .i18n import lazy_gettext, translations
from .models import (
    AddresseeKind,
    AnswerOutcome,
    AttendanceStatus,
    CandidateStatus,
    Citizenship,
    CouncilRoleKind,
    CouncilStatus,
    ElectionKind,
    ElectionMethod,
    ElectionStatus,
    EndReason,
    GlobalRole,
    Implementation,
    IneligibleReason,
    MeetingKind,
    MeetingStatus,
    MinutesStatus,
    NumberingReset,
    Outcome,
    Position,
    QuorumRule,
    RecommendationStatus,
    UnitKind,
    Vote,
)


def _l(msgid: str) -> str:
    """Marks a label for the catalogue (`pybabel extract -k _l`); translated when shown."""
    return msgid


_PAIRS: list[tuple[StrEnum, str]] = [
    (CouncilStatus.FORMING, _l("forming")),
    (CouncilStatus.ACTIVE, _l("active")),
    (CouncilStatus.SUSPENDED, _l("suspended")),
    (CouncilStatus.DISSOLVED, _l("dissolved")),
    (CouncilRoleKind.SECRETARY, _l("secretary")),
    (CouncilRoleKind.MEMBER_ACCESS, _l("member access")),
    (GlobalRole.NONE, _l("no global role")),
    (GlobalRole.OFFICER, _l("municipal officer")),
    (GlobalRole.ADMIN, _l("administrator")),
    (UnitKind.TOWN, _l("town")),
    (UnitKind.PARISH, _l("parish")),
    (UnitKind.NEIGHBOURHOOD, _l("neighbourhood")),
    (AddresseeKind.DOME, _l("municipal council (dome)")),
    (AddresseeKind.COMMITTEE, _l("committee of the municipal council")),
    (AddresseeKind.EXECUTIVE, _l("executive director")),
    (AddresseeKind.DEPARTMENT, _l("department")),
    (AddresseeKind.OFFICIAL, _l("official")),
    (QuorumRule.MORE_THAN_HALF, _l("more than half of the voting members")),
    (QuorumRule.AT_LEAST_HALF, _l("at least half of the voting members")),
    (QuorumRule.TWO_THIRDS, _l("at least two thirds of the voting members")),
    (NumberingReset.YEARLY, _l("every calendar year")),
    (NumberingReset.NEVER, _l("never (continuous numbering)")),
    (Citizenship.LV, _l("Latvian citizen")),
    (Citizenship.EU, _l("citizen of another EU state")),
    (Citizenship.OTHER, _l("other")),
    (Position.CHAIR, _l("chair")),
    (Position.DEPUTY_CHAIR, _l("deputy chair")),
    (Position.SECRETARY, _l("secretary")),
    (Position.MEMBER, _l("member")),
    (EndReason.TERM_END, _l("end of term")),
    (EndReason.RESIGNED, _l("resigned")),
    (EndReason.MOVED_AWAY, _l("moved away")),
    (EndReason.REMOVED, _l("removed")),
    (EndReason.DIED, _l("died")),
    (EndReason.REPLACED, _l("replaced")),
    (ElectionKind.FOUNDING, _l("founding election")),
    (ElectionKind.BY_ELECTION, _l("by-election")),
    (ElectionMethod.RESIDENT_MEETING, _l("residents' meeting")),
    (ElectionMethod.BALLOT, _l("ballot at polling places")),
    (ElectionStatus.PLANNED, _l("planned")),
    (ElectionStatus.NOMINATIONS_OPEN, _l("nominations open")),
    (ElectionStatus.NOMINATIONS_CLOSED, _l("nominations closed")),
    (ElectionStatus.VOTING, _l("voting")),
    (ElectionStatus.COUNTED, _l("counted")),
    (ElectionStatus.CERTIFIED, _l("certified")),
    (ElectionStatus.CANCELLED, _l("cancelled")),
    (CandidateStatus.NOMINATED, _l("nominated")),
    (CandidateStatus.ELIGIBLE, _l("eligible")),
    (CandidateStatus.INELIGIBLE, _l("ineligible")),
    (CandidateStatus.WITHDRAWN, _l("withdrawn")),
    (CandidateStatus.ELECTED, _l("elected")),
    (CandidateStatus.RESERVE, _l("reserve")),
    (CandidateStatus.NOT_ELECTED, _l("not elected")),
    (IneligibleReason.UNDER_AGE, _l("too young on the election date")),
    (IneligibleReason.CITIZENSHIP, _l("not a citizen of Latvia or another EU state")),
    (IneligibleReason.RESIDENCE, _l("declared residence outside the council's territory")),
    (IneligibleReason.INCOMPATIBLE_OFFICE, _l("holds an incompatible office")),
    (MeetingKind.REGULAR, _l("regular meeting")),
    (MeetingKind.EXTRAORDINARY, _l("extraordinary meeting")),
    (MeetingStatus.DRAFT, _l("draft")),
    (MeetingStatus.ANNOUNCED, _l("announced")),
    (MeetingStatus.HELD, _l("held")),
    (MeetingStatus.CANCELLED, _l("cancelled")),
    (AttendanceStatus.PRESENT, _l("present")),
    (AttendanceStatus.REMOTE, _l("present remotely")),
    (AttendanceStatus.ABSENT, _l("absent")),
    (AttendanceStatus.EXCUSED, _l("excused")),
    (MinutesStatus.DRAFT, _l("draft")),
    (MinutesStatus.APPROVED, _l("approved")),
    (Outcome.ADOPTED, _l("adopted")),
    (Outcome.REJECTED, _l("rejected")),
    (Outcome.NOTED, _l("noted")),
    (Outcome.POSTPONED, _l("postponed")),
    (Vote.FOR, _l("for")),
    (Vote.AGAINST, _l("against")),
    (Vote.ABSTAIN, _l("abstain")),
    (RecommendationStatus.DRAFT, _l("draft")),
    (RecommendationStatus.SENT, _l("sent")),
    (RecommendationStatus.REGISTERED, _l("registered")),
    (RecommendationStatus.ANSWERED, _l("answered")),
    (RecommendationStatus.CLOSED, _l("closed")),
    (RecommendationStatus.WITHDRAWN, _l("withdrawn")),
    (AnswerOutcome.ACCEPTED, _l("accepted")),
    (AnswerOutcome.PARTLY_ACCEPTED, _l("partly accepted")),
    (AnswerOutcome.REJECTED, _l("rejected")),
    (AnswerOutcome.NO_ACTION, _l("no action needed")),
    (Implementation.NOT_STARTED, _l("not started")),
    (Implementation.IN_PROGRESS, _l("in progress")),
    (Implementation.IMPLEMENTED, _l("implemented")),
    (Implementation.NOT_IMPLEMENTED, _l("not implemented")),
]
# Keyed by (enum class, value): equal values of different enums ("draft") stay distinct.
LABELS = {(type(member), member.value): text for member, text in _PAIRS}
ENUMS = {type(member).__name__: type(member) for member, _text in _PAIRS}


def label(value) -> str:
    if value is None:
        return ""
    msgid = LABELS.get((type(value), getattr(value, "value", value)))
    return translations().ugettext(msgid) if msgid is not None else str(value)


def labels_of(enum_name: str) -> dict:
    """Every member of an enum (by class name) with its label in the current language: a long
    list looks its labels up once, not once a row (`label` costs two microseconds a call)."""
    return {member: label(member) for member in ENUMS[enum_name]}


def choices(enum_cls) -> list[SelectChoice]:
    """Form choices for an enum, labelled (lazily: forms declare them before any request)."""
    return [SelectChoice(m.value, lazy_gettext(LABELS[enum_cls, m.value])
                         if (enum_cls, m.value) in LABELS else m.value) for m in enum_cls]
