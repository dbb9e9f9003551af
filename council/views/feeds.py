"""Calendar feeds (iCalendar) and the personal feed address on the profile page.

Feeds answer conditional requests (ETag / Last-Modified → 304) from one aggregate query, so
calendar clients polling every hour cost almost nothing.
"""

from __future__ import annotations

from collections.abc import Callable

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from ..exports import ics
from ..extensions import db
from ..forms import ConfirmForm
from ..models import Council, utcnow
from ..permissions import (
    can_have_personal_feed,
    can_view_closed_items,
    council_access,
    require,
)
from ..services import NotAllowed
from ..services import feeds as feed_service
from ..services import municipalities as municipality_service
from .meetings import load_visible

bp = Blueprint("feeds", __name__)

PUBLIC_CACHE = "public, max-age=300"
PRIVATE_CACHE = "private, no-cache"


@bp.app_template_global()
def webcal_url(endpoint: str, **values) -> str:
    """The subscribe address of a feed: webcal:// makes calendar apps offer to subscribe."""
    url = url_for(endpoint, _external=True, **values)
    return "webcal://" + url.split("://", 1)[1]


def _host() -> str:
    """The domain in every UID: configured once (CALENDAR_UID_HOST), else this site's host."""
    return current_app.config.get("CALENDAR_UID_HOST") or request.host.split(":")[0]


def _meeting_url(meeting) -> str:
    return url_for("meetings.show", meeting_id=meeting.id, _external=True)


def _not_modified(state: feed_service.FeedState) -> bool:
    if request.if_none_match:
        return request.if_none_match.contains(state.etag)
    since = request.if_modified_since
    return bool(since and state.last_modified
                and state.last_modified.replace(microsecond=0) <= since)


def _calendar_response(state: feed_service.FeedState, build: Callable[[], bytes],
                       filename: str, *, private: bool) -> Response:
    if _not_modified(state):
        response = Response(status=304)
    else:
        response = Response(build(), mimetype="text/calendar")
        response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.set_etag(state.etag)
    if state.last_modified is not None:
        response.last_modified = state.last_modified
    response.headers["Cache-Control"] = PRIVATE_CACHE if private else PUBLIC_CACHE
    return response


def _feed(condition, *, key: str, name: str, filename: str, include_closed: bool = False,
          private: bool = False) -> Response:
    now = utcnow()
    state = feed_service.feed_state(condition, key=key, now=now)

    def build() -> bytes:
        limit = current_app.config["FEED_MAX_EVENTS"]
        found = feed_service.feed_meetings(condition, limit=limit, now=now)
        note = (f"Kalendārā ir tuvākās {limit} sēdes. Visas sēdes ir katras pašvaldības un "
                "padomes kalendārā." if found.capped else "")
        return ics.calendar_bytes(found.meetings, name=name, host=_host(), url_for=_meeting_url,
                                  include_closed=include_closed, description_text=note)

    return _calendar_response(state, build, filename, private=private)


@bp.route("/meetings/<int:meeting_id>/calendar.ics")
def meeting(meeting_id):
    meeting_ = load_visible(meeting_id)
    include_closed = can_view_closed_items(current_user, meeting_)
    key = "meeting-closed" if include_closed else "meeting"
    state = feed_service.meeting_state(meeting_, key=key)

    def build() -> bytes:
        return ics.calendar_bytes([meeting_], name=ics.summary(meeting_), host=_host(),
                                  url_for=_meeting_url, include_closed=include_closed)

    private = include_closed or not meeting_.is_public
    return _calendar_response(state, build, f"sede-{meeting_.id}.ics", private=private)


@bp.route("/councils/<slug>/calendar.ics")
def council(slug):
    council_ = db.session.scalars(
        select(Council).where(Council.slug == slug).options(joinedload(Council.municipality))
    ).first()
    if council_ is None:
        abort(404)
    now = utcnow()
    return _feed(feed_service.public_condition(now, council_), key=f"council-{council_.id}",
                 name=f"{council_.name} — sēdes", filename=f"{council_.slug}.ics")


@bp.route("/municipalities/<slug>/calendar.ics")
def municipality(slug):
    municipality_ = municipality_service.get_by_slug(slug)
    if municipality_ is None:
        abort(404)
    return _feed(feed_service.public_condition(utcnow(), municipality=municipality_),
                 key=f"municipality-{municipality_.id}",
                 name=municipality_service.feed_name(municipality_),
                 filename=f"{municipality_.slug}.ics")


@bp.route("/calendar.ics")
def everything():
    """Every public meeting of the instance, whatever the number of municipalities."""
    return _feed(feed_service.public_condition(utcnow()), key="all",
                 name=municipality_service.instance_feed_name(), filename="padomes.ics")


@bp.route("/feeds/<token>/calendar.ics")
def personal(token):
    user = feed_service.user_by_feed_token(token)
    if user is None:
        abort(404)
    councils = ",".join(str(c) for c in sorted(council_access(user).member_of))
    return _feed(feed_service.personal_condition(user, utcnow()),
                 key=f"user-{user.id}-{councils}", name=f"Padome — {user.display_name}",
                 filename="mana-padome.ics", include_closed=True, private=True)


# --- the personal feed address (profile page) ---------------------------------------------------

@bp.route("/profile/feed", methods=["GET", "POST"])
@login_required
def issue_token():
    """Create the personal feed address, or (after confirming) replace it with a new one."""
    require(can_have_personal_feed(current_user))
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            token = feed_service.issue_feed_token(current_user, actor=current_user)
        except NotAllowed:
            db.session.rollback()
            abort(403)
        db.session.commit()
        url = url_for("feeds.personal", token=token, _external=True)
        return render_template("feeds/token.html", feed_url=url,
                               webcal=webcal_url("feeds.personal", token=token))
    return render_template("feeds/issue_token.html", form=form)


@bp.route("/profile/feed/revoke", methods=["GET", "POST"])
@login_required
def revoke_token():
    form = ConfirmForm()
    if form.validate_on_submit():
        feed_service.revoke_feed_token(current_user, actor=current_user)
        db.session.commit()
        flash(_("Your personal calendar address has been turned off. Calendars subscribed to it "
                "no longer receive updates."), "success")
        return redirect(url_for("auth.profile", _anchor="calendar-feed"))
    return render_template("feeds/revoke_token.html", form=form)
