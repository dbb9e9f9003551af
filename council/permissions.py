"""Who may do what. Predicates used by views, services and templates alike.

Every predicate takes the user first (an anonymous user is fine) and answers a bool.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import abort
from sqlalchemy import and_, or_, select

from .extensions import db
from .formatting import DEFAULT_TZ
from .models import (
    RECOMMENDATION_VERBS,
    Council,
    CouncilRoleKind,
    GlobalRole,
    Meeting,
    MeetingStatus,
    Membership,
    Minutes,
    MinutesStatus,
    Position,
    Recommendation,
    RecommendationStatus,
    User,
    state_allows,
)


@dataclass(frozen=True)
class CouncilAccess:
    secretary_of: frozenset[int]
    member_of: frozenset[int]  # member access or an active membership; includes secretaries


def _authenticated(user) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False))


def local_today() -> date:
    """Today in Latvia: memberships start and end on Latvian days. The server's clock runs on
    UTC, which is still yesterday until 02:00 or 03:00 in Riga."""
    return datetime.now(ZoneInfo(DEFAULT_TZ)).date()


def council_access(user) -> CouncilAccess:
    """The councils a user works with; computed once per loaded user object."""
    if not _authenticated(user):
        return CouncilAccess(frozenset(), frozenset())
    cached = user.__dict__.get("_padome_access")
    if cached is not None:
        return cached
    secretary = {r.council_id for r in user.council_roles if r.role == CouncilRoleKind.SECRETARY}
    member = {r.council_id for r in user.council_roles} | secretary
    if user.person_id is not None:
        today = local_today()
        stmt = select(Membership.council_id).where(
            Membership.person_id == user.person_id,
            Membership.start_on <= today,
            (Membership.end_on.is_(None)) | (Membership.end_on >= today),
        )
        member |= set(db.session.scalars(stmt))
    access = CouncilAccess(frozenset(secretary), frozenset(member))
    user.__dict__["_padome_access"] = access
    return access


def forget_access(user) -> None:
    """Call after changing a user's roles within the same request."""
    if user is not None:
        user.__dict__.pop("_padome_access", None)
        user.__dict__.pop("_padome_officer_councils", None)


def require(allowed: bool) -> None:
    if not allowed:
        abort(403)


# --- global roles -------------------------------------------------------------------------------

def is_admin(user) -> bool:
    return _authenticated(user) and user.role == GlobalRole.ADMIN


def is_officer(user) -> bool:
    """Officers (of any municipality), and admins who may do everything an officer may."""
    return _authenticated(user) and user.role in (GlobalRole.OFFICER, GlobalRole.ADMIN)


def officer_municipality_id(user) -> int | None:
    """The one municipality an officer works for; None when they work for every municipality
    of the instance (an officer without one, and every admin) or are no officer at all."""
    if not is_officer(user) or user.role == GlobalRole.ADMIN:
        return None
    return user.municipality_id


def officers_of(municipality_id: int):
    """is_officer_of as a condition on users: admins, officers of every municipality, and the
    municipality's own officers."""
    return or_(User.role == GlobalRole.ADMIN.value,
               and_(User.role == GlobalRole.OFFICER.value,
                    or_(User.municipality_id.is_(None), User.municipality_id == municipality_id)))


def officer_council_ids(user) -> frozenset[int] | None:
    """The councils whose records an officer reads as an officer: None for all of them (an
    officer of every municipality), their municipality's for an officer of one, none for
    anyone else. One query, once per loaded user object."""
    if not is_officer(user):
        return frozenset()
    scope = officer_municipality_id(user)
    if scope is None:
        return None
    cached = user.__dict__.get("_padome_officer_councils")
    if cached is None:
        cached = frozenset(db.session.scalars(
            select(Council.id).where(Council.municipality_id == scope)))
        user.__dict__["_padome_officer_councils"] = cached
    return cached


def is_officer_of(user, municipality_id: int) -> bool:
    """An officer of this municipality: one who works for it, or for every municipality."""
    return is_officer(user) and officer_municipality_id(user) in (None, municipality_id)


def can_manage_users(user) -> bool:
    return is_admin(user)


def can_view_audit(user) -> bool:
    return is_admin(user)


def can_manage_settings(user) -> bool:
    return is_admin(user)


# --- councils -----------------------------------------------------------------------------------

def can_manage_councils(user, municipality_id: int | None = None) -> bool:
    """Create councils, edit their formation records, memberships and roles, and the people
    of the municipality. Without a municipality: whether the user does this anywhere (menus);
    every write asks about the municipality it changes."""
    if municipality_id is None:
        return is_officer(user)
    return is_officer_of(user, municipality_id)


def can_view_council_records(user, council: Council) -> bool:
    """Non-public records: closed items, drafts, private contact data of the council's people."""
    return (is_officer_of(user, council.municipality_id)
            or council.id in council_access(user).member_of)


def can_edit_council_records(user, council: Council) -> bool:
    """Meetings, agendas, attendance, minutes, elections and recommendations of the council."""
    return is_admin(user) or council.id in council_access(user).secretary_of


def is_secretary_of(user, council: Council) -> bool:
    return council.id in council_access(user).secretary_of


def can_run_elections(user, council: Council) -> bool:
    return (is_officer_of(user, council.municipality_id)
            or can_edit_council_records(user, council))


# --- meetings and minutes -----------------------------------------------------------------------

PUBLISHED_MEETING = (MeetingStatus.ANNOUNCED, MeetingStatus.HELD, MeetingStatus.CANCELLED)


def can_view_meeting(user, meeting: Meeting) -> bool:
    if meeting.is_public and meeting.status in PUBLISHED_MEETING:
        return True
    return can_view_council_records(user, meeting.council)


def can_view_closed_items(user, meeting: Meeting) -> bool:
    """Closed agenda items (and draft agendas): the council's members, officers, admins."""
    return can_view_council_records(user, meeting.council)


def can_edit_meeting(user, meeting: Meeting) -> bool:
    """Change the meeting, its lifecycle and its agenda: the council's secretary (or admin)."""
    return can_edit_council_records(user, meeting.council)


def can_schedule_meetings(user, council: Council) -> bool:
    return can_edit_council_records(user, council)


def can_have_personal_feed(user) -> bool:
    """A personal calendar feed of one's councils' meetings (non-public ones included)."""
    return _authenticated(user)


def can_view_minutes(user, minutes: Minutes) -> bool:
    if minutes.status == MinutesStatus.APPROVED and can_view_meeting(user, minutes.meeting):
        return True
    return can_view_council_records(user, minutes.meeting.council)


def is_chair_of(user, council: Council, day: date | None = None) -> bool:
    """The user's person holds the chair position of the council on the day (default today)."""
    if not _authenticated(user) or user.person_id is None:
        return False
    day = day or local_today()
    stmt = select(Membership.id).where(
        Membership.council_id == council.id, Membership.person_id == user.person_id,
        Membership.position == Position.CHAIR, Membership.start_on <= day,
        (Membership.end_on.is_(None)) | (Membership.end_on >= day),
    )
    return db.session.scalar(stmt.limit(1)) is not None


def can_approve_minutes(user, minutes: Minutes) -> bool:
    """Minutes are approved (signed) by the chair and the secretary: either may record it."""
    council = minutes.meeting.council
    return can_edit_council_records(user, council) or is_chair_of(user, council)


# --- recommendations ----------------------------------------------------------------------------

def can_view_recommendation(user, rec: Recommendation) -> bool:
    if rec.is_public and rec.status != RecommendationStatus.DRAFT:
        return True
    return can_view_council_records(user, rec.council)


def can_follow_up_recommendations(user, council: Council | None = None) -> bool:
    """Register, answer, track implementation: the municipality's side — of the council's
    municipality; without a council, whether the user does this anywhere (menus)."""
    if council is None:
        return is_officer(user)
    return is_officer_of(user, council.municipality_id)


def can_draft_recommendations(user, council: Council) -> bool:
    """Draft, edit the text of, send and withdraw the council's recommendations."""
    return can_edit_council_records(user, council)


# The council's side writes the text and sends it; the municipality's side follows it up.
COUNCIL_SIDE_VERBS = frozenset({"edit", "send", "withdraw"})


def may_act_on_recommendation(user, rec: Recommendation, verb: str) -> bool:
    """Whether the user's role allows the action (the state is checked by state_allows)."""
    if verb in COUNCIL_SIDE_VERBS:
        return can_draft_recommendations(user, rec.council)
    return can_follow_up_recommendations(user, rec.council)


def recommendation_actions(user, rec: Recommendation) -> frozenset[str]:
    """The actions this user can take on the recommendation now: the buttons to show."""
    return frozenset(
        verb for verb in RECOMMENDATION_VERBS
        if may_act_on_recommendation(user, rec, verb) and state_allows(rec, verb)
    )


PREDICATES = {
    f.__name__: f
    for f in (
        is_admin, is_officer, is_officer_of, can_manage_users, can_view_audit, can_manage_settings,
        can_manage_councils, can_view_council_records, can_edit_council_records,
        is_secretary_of, can_run_elections, can_view_meeting, can_view_closed_items,
        can_edit_meeting, can_schedule_meetings, can_have_personal_feed, can_view_minutes,
        can_approve_minutes,
        can_view_recommendation, can_follow_up_recommendations, can_draft_recommendations,
        may_act_on_recommendation, recommendation_actions,
    )
}
