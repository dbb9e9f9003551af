"""All models, importable from one place: ``from council.models import Council``."""

from . import guards  # noqa: F401  (registers the database guards' DDL with the metadata)
from .audit import AuditEntry
from .base import UTCDateTime, utcnow
from .councils import COUNCIL_TRANSITIONS, Council, CouncilRole, CouncilRoleKind, CouncilStatus
from .elections import (
    ELECTION_TRANSITIONS,
    Candidate,
    CandidateStatus,
    Election,
    ElectionKind,
    ElectionMethod,
    ElectionStatus,
    IneligibleReason,
)
from .geography import (
    Addressee,
    AddresseeKind,
    Municipality,
    NumberingReset,
    QuorumRule,
    TerritorialUnit,
    UnitKind,
)
from .meetings import (
    MEETING_TRANSITIONS,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    Guest,
    Meeting,
    MeetingKind,
    MeetingStatus,
)
from .minutes import (
    MINUTES_TRANSITIONS,
    Erratum,
    ItemRecord,
    Minutes,
    MinutesStatus,
    NamedVote,
    Outcome,
    Recusal,
    Vote,
)
from .people import Citizenship, EndReason, Membership, Person, Position
from .recommendations import (
    IMPLEMENTABLE_OUTCOMES,
    RECOMMENDATION_AWAITING_ANSWER,
    RECOMMENDATION_TRANSITIONS,
    RECOMMENDATION_VERBS,
    AnswerOutcome,
    EventKind,
    Implementation,
    Recommendation,
    RecommendationEvent,
    RecommendationStatus,
    state_allows,
)
from .search import SearchEntry, SearchKind
from .site import SiteRevision
from .tallies import RecommendationTally
from .users import GlobalRole, LoginFailure, User

__all__ = [
    "IMPLEMENTABLE_OUTCOMES", "RECOMMENDATION_AWAITING_ANSWER", "RECOMMENDATION_VERBS",
    "state_allows",
    "COUNCIL_TRANSITIONS", "ELECTION_TRANSITIONS", "MEETING_TRANSITIONS", "MINUTES_TRANSITIONS",
    "RECOMMENDATION_TRANSITIONS", "Addressee", "AddresseeKind", "AgendaItem", "AnswerOutcome",
    "Attendance", "AttendanceStatus", "AuditEntry", "Candidate", "CandidateStatus", "Citizenship",
    "Council", "CouncilRole", "CouncilRoleKind", "CouncilStatus", "Election", "ElectionKind",
    "ElectionMethod", "ElectionStatus", "EndReason",
    "IneligibleReason", "Erratum", "EventKind", "GlobalRole", "Guest",
    "Implementation", "ItemRecord", "LoginFailure", "Meeting", "MeetingKind", "MeetingStatus",
    "Membership", "Minutes", "MinutesStatus", "Municipality", "NamedVote", "NumberingReset",
    "Outcome", "Person", "Position", "QuorumRule", "Recommendation", "RecommendationEvent",
    "RecommendationStatus", "RecommendationTally", "Recusal", "SearchEntry", "SearchKind",
    "SiteRevision",
    "TerritorialUnit",
    "UTCDateTime", "UnitKind", "User", "Vote", "utcnow",
]
