"""Calendar feeds: which meetings each feed holds, its validator (ETag / Last-Modified), and the
personal feed token (shown once, stored as a SHA-256 hash, rotated or revoked by its owner).

Feeds are bounded: the past 12 months and everything ahead, and at most FEED_MAX_EVENTS
meetings (the nearest ahead first, then the latest past) — which only the feed of a whole
national instance reaches. Drafts are never in a feed; a cancelled meeting stays
(STATUS:CANCELLED) so subscribed calendars mark it rather than keep it.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import and_, func, literal, select, union_all
from sqlalchemy.orm import joinedload, selectinload

from ..extensions import db
from ..models import Council, Meeting, Municipality, User, utcnow
from ..permissions import PUBLISHED_MEETING, can_have_personal_feed, council_access
from . import NotAllowed, audit

WINDOW = timedelta(days=365)
# Part of every ETag: change it when the feed's format changes so clients fetch it again.
FORMAT_VERSION = "1"
TOKEN_BYTES = 32


def window_start(now: datetime | None = None) -> datetime:
    return (now or utcnow()) - WINDOW


def _published(now: datetime):
    return and_(Meeting.status.in_(PUBLISHED_MEETING), Meeting.starts_at >= window_start(now))


def public_condition(now: datetime, council: Council | None = None, *,
                     municipality: Municipality | None = None):
    """Public meetings (of one council, of one municipality's councils, or all) in the feed
    window."""
    condition = and_(_published(now), Meeting.is_public.is_(True))
    if council is not None:
        condition = and_(condition, Meeting.council_id == council.id)
    if municipality is not None:
        condition = and_(condition, Meeting.council_id.in_(
            select(Council.id).where(Council.municipality_id == municipality.id)))
    return condition


def personal_condition(user, now: datetime):
    """The meetings of the user's councils, non-public ones included."""
    councils = sorted(council_access(user).member_of)
    return and_(_published(now), Meeting.council_id.in_(councils or [-1]))


@dataclass(frozen=True)
class FeedMeetings:
    meetings: list[Meeting]  # in time order
    capped: bool  # the window held more than the feed's limit


def feed_meetings(condition, *, limit: int, now: datetime | None = None) -> FeedMeetings:
    """The meetings of a feed with their council, municipality and agenda, at most `limit`:
    the nearest ahead first, then the latest past. Three queries whatever the number of
    meetings: the ids (walking the start times out from now), the meetings, their agendas."""
    now = now or utcnow()

    def side(ahead: bool):
        order = ((Meeting.starts_at, Meeting.id) if ahead
                 else (Meeting.starts_at.desc(), Meeting.id.desc()))
        return (select(Meeting.id, literal(0 if ahead else 1).label("past"))
                .where(condition, Meeting.starts_at >= now if ahead else Meeting.starts_at < now)
                .order_by(*order).limit(limit + 1).subquery())

    rows = db.session.execute(union_all(select(side(True)), select(side(False)))).all()
    ahead = [r.id for r in rows if not r.past][:limit]
    past = [r.id for r in rows if r.past][:limit - len(ahead)]
    stmt = (
        select(Meeting)
        .where(Meeting.id.in_(ahead + past))
        .options(
            joinedload(Meeting.council).joinedload(Council.municipality),
            selectinload(Meeting.agenda_items),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    )
    return FeedMeetings(list(db.session.scalars(stmt).unique()),
                        capped=len(rows) > len(ahead) + len(past))


@dataclass(frozen=True)
class FeedState:
    etag: str
    last_modified: datetime | None


def feed_state(condition, *, key: str, now: datetime) -> FeedState:
    """One aggregate query: the number of meetings and their latest change (and their councils'),
    so a conditional request is answered without building the feed."""
    count, latest, council_latest = db.session.execute(
        select(func.count(Meeting.id), func.max(Meeting.updated_at),
               func.max(Council.updated_at))
        .join(Meeting.council)
        .where(condition)
    ).one()
    last_modified = max((t for t in (latest, council_latest) if t is not None), default=None)
    raw = "|".join(str(part) for part in (
        FORMAT_VERSION, key, count, latest and latest.isoformat(),
        council_latest and council_latest.isoformat(), window_start(now).date().isoformat()))
    return FeedState(etag=hashlib.sha256(raw.encode()).hexdigest()[:32],
                     last_modified=last_modified)


def meeting_state(meeting: Meeting, *, key: str) -> FeedState:
    raw = f"{FORMAT_VERSION}|{key}|{meeting.id}|{meeting.version}|{meeting.updated_at.isoformat()}"
    last_modified = max(meeting.updated_at, meeting.council.updated_at)
    return FeedState(etag=hashlib.sha256(raw.encode()).hexdigest()[:32],
                     last_modified=last_modified)


# --- personal feed token ------------------------------------------------------------------------

def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def issue_feed_token(user: User, *, actor) -> str:
    """Create (or rotate: the old address stops working) the user's personal feed token. The
    token itself is returned once, to be shown once; only its hash is stored."""
    if actor is None or actor.id != user.id or not can_have_personal_feed(actor):
        raise NotAllowed(_("You may not do this."))
    rotated = user.feed_token_hash is not None
    token = secrets.token_urlsafe(TOKEN_BYTES)
    user.feed_token_hash = hash_token(token)
    user.feed_token_created_at = utcnow()
    db.session.flush()
    audit.record(actor, "user.feed_token_rotate" if rotated else "user.feed_token_create", user,
                 summary=user.email)
    return token


def revoke_feed_token(user: User, *, actor) -> None:
    if actor is None or actor.id != user.id:
        raise NotAllowed(_("You may not do this."))
    user.feed_token_hash = None
    user.feed_token_created_at = None
    db.session.flush()
    audit.record(actor, "user.feed_token_revoke", user, summary=user.email)


def user_by_feed_token(token: str) -> User | None:
    """The active user whose personal feed this token opens, or None."""
    if not token or len(token) > 200:
        return None
    stmt = (
        select(User)
        .where(User.feed_token_hash == hash_token(token), User.is_active.is_(True))
        .options(selectinload(User.council_roles))
    )
    return db.session.scalars(stmt).first()
