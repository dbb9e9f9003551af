"""Meetings: the meeting page, scheduling, one verb per lifecycle step, the agenda document and
the member's dashboard. Agenda item routes live in ``views/agenda.py`` on the same blueprint."""

from __future__ import annotations

from collections.abc import Callable
from datetime import time
from io import BytesIO
from typing import NamedTuple

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import formatting
from ..exports import docx as docx_export
from ..extensions import db
from ..forms import ConfirmForm, apply_errors
from ..forms.meetings import (
    AgendaItemForm,
    AnnounceForm,
    CancelForm,
    MeetingForm,
    PostponeForm,
)
from ..i18n import current_locale
from ..labels import label
from ..models import Council, Meeting, MeetingKind, MeetingStatus, utcnow
from ..permissions import (
    can_edit_meeting,
    can_schedule_meetings,
    can_view_closed_items,
    can_view_meeting,
    require,
)
from ..services import InvalidTransition, StaleVersion, ValidationFailed, paging
from ..services import councils as council_service
from ..services import meeting_queries as queries
from ..services import meetings as meeting_service
from ..services import minutes as minutes_service
from ..services.meetings import MeetingDetails, Schedule, ShortNotice
from ..text import slugify
from . import page_arg
from ._conflict import refresh_version

bp = Blueprint("meetings", __name__)

MAX_ID = 2**31 - 1  # larger ids in the URL are not ours (and overflow the database's integer)
DOCX_MIMETYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@bp.app_template_filter("time_range")
def time_range(meeting: Meeting) -> str:
    """'plkst. 18.00–20.00' / '18:00–20:00' (the end with its date when it is another day)."""
    locale, tz = current_locale(), current_app.config["BABEL_DEFAULT_TIMEZONE"]
    start = formatting.time_hm(meeting.starts_at, locale, tz)
    if formatting.date_iso(meeting.starts_at, tz) != formatting.date_iso(meeting.ends_at, tz):
        return f"{start} – {formatting.datetime_num(meeting.ends_at, locale, tz)}"
    return f"{start}–{formatting.time_hm(meeting.ends_at, locale, tz, prefix=False)}"


# --- loading ------------------------------------------------------------------------------------

def load_visible(meeting_id: int) -> Meeting:
    """The meeting with everything its page shows; 404 for those who may not see it (drafts and
    closed meetings do not exist for the public)."""
    if not 0 < meeting_id <= MAX_ID:
        abort(404)
    meeting = queries.load_meeting(meeting_id)
    if meeting is None or not can_view_meeting(current_user, meeting):
        abort(404)
    return meeting


def load_editable(meeting_id: int) -> Meeting:
    meeting = load_visible(meeting_id)
    require(can_edit_meeting(current_user, meeting))
    return meeting


def _council(slug: str) -> Council:
    council = council_service.get_by_slug(slug)
    if council is None:
        abort(404)
    return council


def _schedule(form) -> Schedule:
    return Schedule(day=form.date.data, start=form.start_time.data, end=form.end_time.data,
                    duration_minutes=form.duration.data)


def _details(form) -> MeetingDetails:
    return MeetingDetails(
        schedule=_schedule(form), kind=MeetingKind(form.kind.data), place=form.place.data or "",
        online_url=form.online_url.data or "", is_public=form.is_public.data,
        number=form.number.data,
    )


def _fill_schedule(form, meeting: Meeting) -> None:
    schedule = meeting_service.local_schedule(meeting)
    form.date.data = schedule.day
    form.start_time.data = schedule.start
    form.end_time.data = schedule.end
    form.duration.data = schedule.duration_minutes
    form.version.data = meeting.version


def _conflict_rows(form, current: Meeting) -> list[tuple[str, object, object]]:
    """The saved meeting beside the user's input, in the terms of the form."""
    theirs = meeting_service.local_schedule(current)

    def hm(t):
        return f"{t:%H.%M}" if t else ""

    rows = [
        (form.date.label.text, theirs.day.isoformat(), form.date._value()),
        (form.start_time.label.text, hm(theirs.start), form.start_time._value()),
        (form.end_time.label.text, hm(theirs.end), form.end_time._value()),
        (form.duration.label.text, theirs.duration_minutes or "", form.duration.data or ""),
    ]
    if isinstance(form, MeetingForm):
        yes, no = _("yes"), _("no")
        kind = form.kind.data if form.kind.data in {k.value for k in MeetingKind} else None
        rows += [
            (form.kind.label.text, label(current.kind), label(MeetingKind(kind)) if kind else ""),
            (form.place.label.text, current.place, form.place.data or ""),
            (form.online_url.label.text, current.online_url, form.online_url.data or ""),
            (form.is_public.label.text, yes if current.is_public else no,
             yes if form.is_public.data else no),
        ]
    return rows


# --- pages --------------------------------------------------------------------------------------

@bp.route("/meetings/<int:meeting_id>")
def show(meeting_id):
    meeting = load_visible(meeting_id)
    editable = can_edit_meeting(current_user, meeting)
    warning = None
    if editable and meeting.status == MeetingStatus.DRAFT:
        warning = meeting_service.notice_warning(meeting)
    agenda_open = editable and meeting.status in meeting_service.EDITABLE_STATUSES
    # A form only for those who can use it: a visitor's page carries no token, sets no cookie.
    item_form = AgendaItemForm(prefix="item", formdata=None) if agenda_open else None
    return render_template(
        "meetings/show.html", meeting=meeting, council=meeting.council,
        show_closed=can_view_closed_items(current_user, meeting), editable=editable,
        agenda_open=agenda_open, notice=warning, item_form=item_form, now=utcnow(),
        minutes_section=minutes_service.meeting_section(meeting, current_user),
    )


@bp.route("/councils/<slug>/meetings")
def council_index(slug):
    council = _council(slug)
    stmt = queries.council_meetings_stmt(council, current_user)
    pagination = paging.page_of(stmt, page=page_arg(), per_page=25)
    return render_template("meetings/council_index.html", council=council, pagination=pagination,
                           can_schedule=can_schedule_meetings(current_user, council))


@bp.route("/dashboard")
@login_required
def dashboard():
    board = queries.dashboard(current_user)
    return render_template("meetings/dashboard.html", board=board, now=utcnow())


@bp.route("/meetings/<int:meeting_id>/agenda.docx")
def agenda_docx(meeting_id):
    meeting = load_visible(meeting_id)
    data = docx_export.agenda_docx(
        meeting, include_closed=can_view_closed_items(current_user, meeting), created=utcnow(),
        url=url_for("meetings.show", meeting_id=meeting.id, _external=True),
    )
    name = (f"darba-kartiba-{slugify(meeting.council.name, 50)}-{meeting.year}-"
            f"nr-{meeting.number}.docx")
    return send_file(BytesIO(data), mimetype=DOCX_MIMETYPE, as_attachment=True,
                     download_name=name, max_age=0)


# --- scheduling ---------------------------------------------------------------------------------

@bp.route("/councils/<slug>/meetings/new", methods=["GET", "POST"])
@login_required
def create(slug):
    council = _council(slug)
    require(can_schedule_meetings(current_user, council))
    form = MeetingForm()
    if request.method == "GET":
        form.duration.data = 120
        form.start_time.data = time(18, 0)
    this_year = formatting.local(utcnow(), council.municipality.timezone).year
    next_number = meeting_service.next_number(council, this_year)
    if form.validate_on_submit():
        try:
            meeting = meeting_service.create_meeting(council, _details(form), actor=current_user)
        except ValidationFailed as e:
            db.session.rollback()
            apply_errors(form, e)
        except InvalidTransition as e:
            db.session.rollback()
            flash(e.message, "error")
            return redirect(url_for("councils.show", slug=council.slug))
        else:
            db.session.commit()
            flash(_("The meeting has been saved as a draft. Add the agenda, then announce it."),
                  "success")
            return redirect(url_for("meetings.show", meeting_id=meeting.id))
        council = _council(slug)
    status = 400 if request.method == "POST" else 200
    return render_template("meetings/create.html", council=council, form=form,
                           next_number=next_number, this_year=this_year), status


class _Refused(NamedTuple):
    """What a refused schedule change re-renders: the reloaded meeting and why."""

    meeting: Meeting
    status: int
    notice: str | None
    conflict: list | None


def _save_schedule(meeting: Meeting, form, done: str, save: Callable[[], object]):
    """Edit and postpone share their refusals: a stale version (409 with both versions), a short
    notice to acknowledge, bad input, a state that no longer allows it. Returns a redirect on
    success, else a _Refused to render the form again."""
    meeting_id = meeting.id
    status, notice, conflict = 200, None, None
    if form.validate_on_submit():
        try:
            save()
        except StaleVersion:
            db.session.rollback()
            meeting = load_editable(meeting_id)
            conflict = _conflict_rows(form, meeting)
            refresh_version(form, meeting)
            status = 409
        except ShortNotice as e:
            db.session.rollback()
            notice, status = e.message, 400
        except ValidationFailed as e:
            db.session.rollback()
            apply_errors(form, e)
        except InvalidTransition as e:
            db.session.rollback()
            flash(e.message, "error")
            return redirect(url_for("meetings.show", meeting_id=meeting_id))
        else:
            db.session.commit()
            flash(done, "success")
            return redirect(url_for("meetings.show", meeting_id=meeting_id))
        meeting = load_editable(meeting_id)
    if request.method == "POST" and status == 200:
        status = 400
    return _Refused(meeting, status, notice, conflict)


@bp.route("/meetings/<int:meeting_id>/edit", methods=["GET", "POST"])
@login_required
def edit(meeting_id):
    meeting = load_editable(meeting_id)
    if meeting.status not in meeting_service.EDITABLE_STATUSES:
        flash(_("A held or cancelled meeting can no longer be changed."), "error")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    form = MeetingForm(obj=meeting)
    if request.method == "GET":
        _fill_schedule(form, meeting)
    outcome = _save_schedule(
        meeting, form, _("The meeting has been saved."),
        lambda: meeting_service.update_meeting(
            meeting, _details(form), actor=current_user, version=form.version.data,
            acknowledge_short_notice=form.acknowledge_short_notice.data))
    if not isinstance(outcome, _Refused):
        return outcome
    meeting, status, notice, conflict = outcome
    return render_template("meetings/edit.html", meeting=meeting, council=meeting.council,
                           form=form, notice=notice, conflict=conflict), status


@bp.route("/meetings/<int:meeting_id>/delete", methods=["GET", "POST"])
@login_required
def delete(meeting_id):
    meeting = load_editable(meeting_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        slug = meeting.council.slug
        try:
            meeting_service.delete_meeting(meeting, actor=current_user)
        except InvalidTransition as e:
            db.session.rollback()
            flash(e.message, "error")
            return redirect(url_for("meetings.show", meeting_id=meeting_id))
        db.session.commit()
        flash(_("The draft meeting has been deleted."), "success")
        return redirect(url_for("councils.show", slug=slug))
    return render_template("meetings/delete.html", meeting=meeting, council=meeting.council,
                           form=form)


# --- lifecycle: one verb each -------------------------------------------------------------------

def _lifecycle_page(template, meeting, form, status=200, **context):
    return render_template(f"meetings/{template}.html", meeting=meeting,
                           council=meeting.council, form=form, **context), status


@bp.route("/meetings/<int:meeting_id>/announce", methods=["GET", "POST"])
@login_required
def announce(meeting_id):
    meeting = load_editable(meeting_id)
    if meeting.status != MeetingStatus.DRAFT:
        flash(_("Only a draft meeting can be announced."), "error")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    form = AnnounceForm()
    warning = meeting_service.notice_warning(meeting)
    if form.validate_on_submit():
        try:
            meeting_service.announce_meeting(
                meeting, actor=current_user,
                acknowledge_short_notice=form.acknowledge_short_notice.data)
        except ShortNotice as e:
            db.session.rollback()
            warning = e.message
            form.acknowledge_short_notice.errors.append(
                _("Tick this box to announce the meeting with shorter notice."))
        except ValidationFailed as e:
            db.session.rollback()
            apply_errors(form, e)
        except InvalidTransition as e:
            db.session.rollback()
            flash(e.message, "error")
            return redirect(url_for("meetings.show", meeting_id=meeting_id))
        else:
            db.session.commit()
            flash(_("The meeting has been announced: members, the public pages and the "
                    "calendars now show it."), "success")
            return redirect(url_for("meetings.show", meeting_id=meeting.id))
        meeting = load_editable(meeting_id)
    status = 400 if request.method == "POST" else 200
    return _lifecycle_page("announce", meeting, form, status, warning=warning)


@bp.route("/meetings/<int:meeting_id>/postpone", methods=["GET", "POST"])
@login_required
def postpone(meeting_id):
    meeting = load_editable(meeting_id)
    if meeting.status != MeetingStatus.ANNOUNCED:
        flash(_("Only an announced meeting can be postponed."), "error")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    form = PostponeForm()
    if request.method == "GET":
        _fill_schedule(form, meeting)
    outcome = _save_schedule(
        meeting, form, _("The meeting has been postponed. Subscribed calendars will move it."),
        lambda: meeting_service.postpone_meeting(
            meeting, _schedule(form), reason=form.reason.data, actor=current_user,
            version=form.version.data,
            acknowledge_short_notice=form.acknowledge_short_notice.data))
    if not isinstance(outcome, _Refused):
        return outcome
    meeting, status, notice, conflict = outcome
    return _lifecycle_page("postpone", meeting, form, status, notice=notice, conflict=conflict)


@bp.route("/meetings/<int:meeting_id>/cancel", methods=["GET", "POST"])
@login_required
def cancel(meeting_id):
    meeting = load_editable(meeting_id)
    if meeting.status != MeetingStatus.ANNOUNCED:
        flash(_("Only an announced meeting can be cancelled."), "error")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    form = CancelForm()
    if form.validate_on_submit():
        try:
            meeting_service.cancel_meeting(meeting, reason=form.reason.data, actor=current_user)
        except ValidationFailed as e:
            db.session.rollback()
            apply_errors(form, e)
        except InvalidTransition as e:
            db.session.rollback()
            flash(e.message, "error")
            return redirect(url_for("meetings.show", meeting_id=meeting_id))
        else:
            db.session.commit()
            flash(_("The meeting has been cancelled; subscribed calendars will show it as "
                    "cancelled."), "success")
            return redirect(url_for("meetings.show", meeting_id=meeting.id))
        meeting = load_editable(meeting_id)
    status = 400 if request.method == "POST" else 200
    return _lifecycle_page("cancel", meeting, form, status)


@bp.route("/meetings/<int:meeting_id>/hold", methods=["GET", "POST"])
@login_required
def hold(meeting_id):
    meeting = load_editable(meeting_id)
    if meeting.status != MeetingStatus.ANNOUNCED:
        flash(_("Only an announced meeting can be marked as held."), "error")
        return redirect(url_for("meetings.show", meeting_id=meeting.id))
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            meeting_service.mark_held(meeting, actor=current_user)
        except InvalidTransition as e:
            db.session.rollback()
            flash(e.message, "error")
        else:
            db.session.commit()
            flash(_("The meeting is marked as held. The minutes can now be written."), "success")
        return redirect(url_for("meetings.show", meeting_id=meeting_id))
    return _lifecycle_page("hold", meeting, form)


from . import agenda  # noqa: E402,F401 - registers the agenda item routes on this blueprint
