"""Helpers of the recommendations views: filters from the query string, the draft form's
choices and pre-filling, CSV headers, and optimistic-locking conflict rows."""

from __future__ import annotations

from datetime import date

from flask import abort, flash, request
from flask_babel import gettext as _
from flask_login import current_user

from .. import formatting
from ..extensions import db
from ..forms import opts
from ..forms.recommendations import FilterForm, RecommendationForm
from ..i18n import current_locale
from ..labels import label
from ..models import AgendaItem, AnswerOutcome, Implementation, Meeting, RecommendationStatus
from ..permissions import officer_municipality_id
from ..services import municipalities as municipality_service
from ..services import recommendations as rec_service

MAX_ID = 2**31 - 1  # larger ids are not ours (and SQLite cannot bind them)


def int_arg(value) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isdigit() and 0 < int(value) <= MAX_ID else None


def _municipality_filter(form):
    """The municipality filter (shown only when the instance holds several) and the council
    choices: the chosen municipality's councils. With several municipalities and none chosen
    the council filter waits for one (a national instance has hundreds of councils, too many
    for one list); a council asked for by id brings its municipality along, and an officer of
    one municipality starts from theirs. At most three queries whatever the data. An unknown
    slug is ignored."""
    municipalities = municipality_service.municipality_names()
    form.municipality.choices = opts([("", _("Any")), *((m.slug, m.name) for m in municipalities)])
    council_id = int_arg(form.council.data)
    own = officer_municipality_id(current_user)
    if own is not None and "municipality" not in request.args and council_id is None:
        # An officer of one municipality works on theirs; "Any" (an empty value) widens it.
        form.municipality.data = next((m.slug for m in municipalities if m.id == own), "")
    chosen = next((m for m in municipalities if m.slug == form.municipality.data), None)
    if chosen is None and council_id is not None and len(municipalities) > 1:
        municipality_id = rec_service.council_municipality_id(council_id)
        chosen = next((m for m in municipalities if m.id == municipality_id), None)
    form.municipality.data = chosen.slug if chosen else ""
    councils = []
    if chosen is not None or len(municipalities) < 2:
        councils = opts(rec_service.council_choices(chosen))
    form.council.choices = [*opts([("", _("Any"))]), *councils]
    return chosen


def filter_form(default_sort: str = "newest"):
    """The filters from the query string; what cannot be understood is ignored."""
    form = FilterForm(request.args)
    municipality = _municipality_filter(form)
    form.validate()
    status = form.status.data if form.status.data in set(RecommendationStatus) else None
    outcome = form.outcome.data if form.outcome.data in set(AnswerOutcome) else None
    deadline = {"1": "overdue", "soon": "soon"}.get(form.overdue.data or "", "")
    if form.sort.data not in rec_service.SORTS:  # deadline lists: the oldest deadline first
        form.sort.data = "due" if deadline else default_sort
    filters = rec_service.Filters(
        municipality_id=municipality.id if municipality else None,
        council_id=int_arg(form.council.data),
        status=RecommendationStatus(status) if status else None,
        outcome=AnswerOutcome(outcome) if outcome else None,
        year=form.year.data if not form.year.errors else None,
        deadline=deadline,
        sort=form.sort.data,
    )
    return form, filters


def list_args() -> dict:
    args = request.args.to_dict()
    args.pop("page", None)
    args.pop("lang", None)
    return args


def csv_headers() -> dict[str, str]:
    return {
        "number": _("Number"), "council": _("Council"), "title": _("Title"),
        "addressee": _("Addressed to"), "status": _("Status"), "sent_on": _("Sent on"),
        "due_on": _("Answer due"), "extended": _("Deadline extended"),
        "registration_number": _("Registration number"),
        "responsible_officer": _("Responsible officer"), "answered_on": _("Answered on"),
        "answered_on_time": _("Answered on time"), "outcome": _("Result"),
        "decision_reference": _("Decision reference"), "implementation": _("Implementation"),
        "days_overdue": _("Days overdue"), "url": _("Link"),
        "body": _("Text of the recommendation"), "answer_text": _("Answer"),
    }


def decision_label(d) -> str:
    when = formatting.date_num(d.meeting_starts_at, current_locale())
    return _("Meeting No. %(number)s (%(date)s), %(position)s. § %(title)s",
             number=d.meeting_number, date=when, position=d.position, title=d.title)


def draft_form(council, rec=None):
    form = RecommendationForm(obj=rec) if rec is not None else RecommendationForm()
    form.addressee_id.choices = opts(rec_service.addressee_choices(council))
    current_item = rec.source_agenda_item_id if rec is not None else None
    decisions = rec_service.adopted_decisions(council, include_item=current_item)
    form.source_item_id.choices = opts(
        [(0, _("— none —")), *((d.item_id, decision_label(d)) for d in decisions)])
    if rec is not None and request.method == "GET":
        form.addressee_id.data = rec.addressee_id or 0
        form.source_item_id.data = rec.source_agenda_item_id or 0
    return form, decisions


def prefill_from_decision(form, council, decisions) -> None:
    """?meeting=<id>&item=<agenda item id>: start from an adopted decision of the minutes."""
    meeting_id, item_id = int_arg(request.args.get("meeting")), int_arg(request.args.get("item"))
    if not (meeting_id or item_id):
        return
    meeting = db.session.get(Meeting, meeting_id) if meeting_id else None
    item = db.session.get(AgendaItem, item_id) if item_id else None
    if (meeting is None or meeting.council_id != council.id
            or (item_id and (item is None or item.meeting_id != meeting.id))):
        abort(404)
    if item is None:
        return
    found = next((d for d in decisions if d.item_id == item.id), None)
    if found is None:
        flash(_("This agenda item has no adopted decision, so it cannot be the source of a "
                "recommendation. You can still write one without it."), "warning")
        return
    form.source_item_id.data = found.item_id
    form.title.data = found.title
    form.body.data = found.decision


ENUM_FIELDS = {"outcome": AnswerOutcome, "implementation": Implementation}


def conflict_rows(form, rec, names) -> list[tuple[str, object, object]]:
    """(label, saved value, your value), formatted the way the page shows them."""
    def show(value):
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, date):
            return formatting.date_num(value, current_locale())
        if hasattr(value, "value"):
            return label(value)
        return "" if value is None else value

    rows = []
    for name in names:
        field = getattr(form, name)
        yours = field.data
        enum_cls = ENUM_FIELDS.get(name)
        if enum_cls is not None and yours in set(enum_cls):
            yours = enum_cls(yours)
        rows.append((field.label.text, show(getattr(rec, name, None)), show(yours)))
    return rows


def require_version(form) -> None:
    """A form without the version it was opened at was not made by our page: 400, not 409."""
    if not (form.version.data or "").isdigit():
        abort(400)


def on_stale(form, rec, names):
    db.session.rollback()
    rows = conflict_rows(form, rec, names)
    form.version.data = rec.version
    form.version.raw_data = [str(rec.version)]
    return rows
