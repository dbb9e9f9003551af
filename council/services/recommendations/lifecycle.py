"""Writes: drafting and one function per lifecycle verb.

Each verb checks, in this order: the actor's role (NotAllowed), the version the actor saw
(StaleVersion: the view shows both versions), the state (InvalidTransition), then the input
(ValidationFailed). It changes the record, adds a timeline event (the public history) and an
audit entry, and flushes. The caller commits.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask_babel import gettext as _
from sqlalchemy import func, select

from ... import formatting
from ...extensions import db
from ...i18n import current_locale
from ...models import (
    IMPLEMENTABLE_OUTCOMES,
    Addressee,
    AgendaItem,
    AnswerOutcome,
    Council,
    EventKind,
    Implementation,
    ItemRecord,
    Meeting,
    NumberingReset,
    Outcome,
    Recommendation,
    RecommendationEvent,
    RecommendationStatus,
    User,
    state_allows,
)
from ...permissions import can_draft_recommendations, is_officer_of, may_act_on_recommendation
from .. import InvalidTransition, NotAllowed, ValidationFailed, audit, expect_version, workdays

TITLE_MAX = 500
TEXT_MAX = 20_000
NOTE_MAX = 4_000
EARLIEST_DATE = date(2000, 1, 1)


def today_for(municipality) -> date:
    """Today in the municipality's time zone (deadlines are days in Latvia, not in UTC)."""
    return datetime.now(ZoneInfo(municipality.timezone or formatting.DEFAULT_TZ)).date()


def _d(day: date) -> str:
    return formatting.date_num(day, current_locale())


# --- checks -------------------------------------------------------------------------------------

def _check_role(actor, rec: Recommendation, verb: str) -> None:
    if not may_act_on_recommendation(actor, rec, verb):
        raise NotAllowed(_("You may not do this."))


def check_state(rec: Recommendation, verb: str) -> None:
    """Raise InvalidTransition, with the reason in words, when the state refuses the verb."""
    if state_allows(rec, verb):
        return
    messages = {
        "edit": _("Only a draft can be edited; this recommendation has already been sent."),
        "send": _("Only a draft can be sent."),
        "withdraw": _("Only a draft or a sent recommendation can be withdrawn."),
        "register": _("Only a sent recommendation can be registered."),
        "answer": _("Only a registered recommendation can be answered."),
        "extend": _("The deadline can be extended only while the answer is awaited."),
        "implementation": _("Implementation is tracked for answered recommendations that were "
                            "accepted or partly accepted."),
        "close": _("Only an answered recommendation can be closed."),
    }
    raise InvalidTransition(messages[verb])


def _text(field: str, value: str | None, *, limit: int, required: bool) -> str:
    value = (value or "").strip()
    if required and not value:
        raise ValidationFailed(field, _("Fill in this field."))
    if len(value) > limit:
        raise ValidationFailed(field, _("Use at most %(max)d characters.", max=limit))
    return value


def _day(field: str, value: date | None, *, today: date, not_before: date | None = None,
         not_before_message: str = "") -> date:
    if value is None:
        raise ValidationFailed(field, _("Fill in this field."))
    if value > today:
        raise ValidationFailed(field, _("The date cannot be in the future."))
    if value < EARLIEST_DATE:
        raise ValidationFailed(field, _("Check the year of this date."))
    if not_before is not None and value < not_before:
        raise ValidationFailed(field, not_before_message)
    return value


def _addressee(council: Council, addressee_id: int | None) -> Addressee:
    addressee = db.session.get(Addressee, addressee_id) if addressee_id else None
    if (addressee is None or addressee.municipality_id != council.municipality_id
            or not addressee.is_active):
        raise ValidationFailed("addressee_id", _("Choose who the recommendation is addressed to."))
    return addressee


def _source(council: Council, item_id: int | None, *, keep: int | None = None):
    """The meeting and agenda item of an adopted decision of this council (or None, None)."""
    if not item_id:
        return None, None
    row = db.session.execute(
        select(AgendaItem, ItemRecord.outcome)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .outerjoin(ItemRecord, ItemRecord.agenda_item_id == AgendaItem.id)
        .where(AgendaItem.id == item_id, Meeting.council_id == council.id)
    ).first()
    if row is None:
        raise ValidationFailed("source_item_id", _("Choose a decision of this council."))
    item, outcome = row
    if outcome != Outcome.ADOPTED and item_id != keep:
        raise ValidationFailed(
            "source_item_id", _("Only an adopted decision can be the source of a recommendation.")
        )
    return item.meeting, item


def _meeting_day(meeting: Meeting | None, tz: str) -> date | None:
    return formatting.local(meeting.starts_at, tz).date() if meeting is not None else None


def _event(rec: Recommendation, kind: EventKind, *, actor, on_date: date, from_status: str = "",
           to_status: str = "", note: str = "", due_on: date | None = None) -> None:
    db.session.add(RecommendationEvent(
        recommendation=rec, kind=kind, on_date=on_date, actor_id=getattr(actor, "id", None),
        from_status=from_status, to_status=to_status, note=note, due_on=due_on,
    ))


def _audit(actor, action: str, rec: Recommendation, changes: dict | None = None) -> None:
    db.session.flush()
    audit.record(actor, action, rec, summary=f"{rec.council.name} {rec.code}: {rec.title}",
                 changes=changes)


def _status_change(rec: Recommendation, to: RecommendationStatus, *, actor, on_date: date,
                   note: str = "", due_on: date | None = None) -> None:
    from_status = rec.status
    rec.status = to
    _event(rec, EventKind.STATUS, actor=actor, on_date=on_date, from_status=from_status.value,
           to_status=to.value, note=note, due_on=due_on)


# --- drafting -----------------------------------------------------------------------------------

def next_number(council: Council, year: int) -> int:
    stmt = select(func.max(Recommendation.number)).where(Recommendation.council_id == council.id)
    if council.municipality.numbering_reset == NumberingReset.YEARLY:
        stmt = stmt.where(Recommendation.year == year)
    return (db.session.scalar(stmt) or 0) + 1


def create_recommendation(council: Council, *, actor: User, title: str, body: str,
                          addressee_id: int | None, source_item_id: int | None = None,
                          is_public: bool = True, today: date | None = None) -> Recommendation:
    """A draft with the next number of the council and year ("2026/4").

    Two drafts created at the same moment can collide on the number; the unique constraint
    refuses the second and the caller may simply try again.
    """
    if not can_draft_recommendations(actor, council):
        raise NotAllowed(_("You may not do this."))
    today = today or today_for(council.municipality)
    title = _text("title", title, limit=TITLE_MAX, required=True)
    body = _text("body", body, limit=TEXT_MAX, required=True)
    addressee = _addressee(council, addressee_id)
    meeting, item = _source(council, source_item_id)
    rec = Recommendation(
        council=council, year=today.year, number=next_number(council, today.year), title=title,
        body=body, addressee=addressee, addressee_kind=addressee.kind,
        addressee_name=addressee.name, source_meeting=meeting, source_agenda_item=item,
        is_public=bool(is_public), status=RecommendationStatus.DRAFT,
    )
    db.session.add(rec)
    db.session.flush()
    _event(rec, EventKind.CREATED, actor=actor, on_date=today,
           to_status=RecommendationStatus.DRAFT.value)
    _audit(actor, "recommendation.create", rec, {
        "number": [None, rec.code], "title": [None, title], "addressee": [None, addressee.name],
        "is_public": [None, rec.is_public],
    })
    return rec


def update_recommendation(rec: Recommendation, *, actor: User, version, title: str, body: str,
                          addressee_id: int | None, source_item_id: int | None,
                          is_public: bool, today: date | None = None) -> Recommendation:
    """Edit a draft's text, addressee, source and publicity (optimistic locking)."""
    _check_role(actor, rec, "edit")
    expect_version(rec, version)
    check_state(rec, "edit")
    today = today or today_for(rec.council.municipality)
    rec.title = _text("title", title, limit=TITLE_MAX, required=True)
    rec.body = _text("body", body, limit=TEXT_MAX, required=True)
    addressee = _addressee(rec.council, addressee_id)
    rec.addressee = addressee
    rec.addressee_kind, rec.addressee_name = addressee.kind, addressee.name
    meeting, item = _source(rec.council, source_item_id, keep=rec.source_agenda_item_id)
    rec.source_meeting, rec.source_agenda_item = meeting, item
    rec.is_public = bool(is_public)
    changes = audit.changes_of(rec)
    if changes:
        _event(rec, EventKind.NOTE, actor=actor, on_date=today, note=", ".join(sorted(changes)))
        _audit(actor, "recommendation.update", rec, changes)
    return rec


# --- the council's side -------------------------------------------------------------------------

def send(rec: Recommendation, *, actor: User, version, sent_on: date | None, note: str = "",
         today: date | None = None) -> Recommendation:
    """Sent to the addressee: the answer deadline starts (working days, Latvian holidays)."""
    _check_role(actor, rec, "send")
    expect_version(rec, version)
    check_state(rec, "send")
    municipality = rec.council.municipality
    today = today or today_for(municipality)
    meeting_day = _meeting_day(rec.source_meeting, municipality.timezone)
    sent_on = _day("sent_on", sent_on, today=today, not_before=meeting_day,
                   not_before_message=_("The recommendation cannot be sent before the meeting "
                                        "that decided it (%(day)s).", day=_d(meeting_day))
                   if meeting_day else "")
    note = _text("note", note, limit=NOTE_MAX, required=False)
    due = workdays.answer_due_date(sent_on, working_days=municipality.answer_working_days)
    rec.sent_on, rec.due_on, rec.original_due_on = sent_on, due, due
    _status_change(rec, RecommendationStatus.SENT, actor=actor, on_date=sent_on, note=note,
                   due_on=due)
    _audit(actor, "recommendation.send", rec, {"status": ["draft", "sent"],
                                               "sent_on": [None, sent_on], "due_on": [None, due]})
    return rec


def withdraw(rec: Recommendation, *, actor: User, version, reason: str = "",
             today: date | None = None) -> Recommendation:
    _check_role(actor, rec, "withdraw")
    expect_version(rec, version)
    check_state(rec, "withdraw")
    today = today or today_for(rec.council.municipality)
    # Once the municipality has it, residents deserve to know why it was taken back.
    reason = _text("reason", reason, limit=NOTE_MAX,
                   required=rec.status != RecommendationStatus.DRAFT)
    old = rec.status.value
    _status_change(rec, RecommendationStatus.WITHDRAWN, actor=actor, on_date=today, note=reason)
    _audit(actor, "recommendation.withdraw", rec, {"status": [old, "withdrawn"],
                                                   "reason": [None, reason]})
    return rec


# --- the municipality's side --------------------------------------------------------------------

def _officer(user_id: int | None, rec: Recommendation) -> User:
    """The officer made responsible: an active officer of the recommendation's municipality."""
    user = db.session.get(User, user_id) if user_id else None
    if (user is None or not user.is_active
            or not is_officer_of(user, rec.council.municipality_id)):
        raise ValidationFailed("responsible_officer_id",
                               _("Choose the municipal officer responsible for the answer."))
    return user


def register(rec: Recommendation, *, actor: User, version, registration_number: str,
             responsible_officer_id: int | None, registered_on: date | None, note: str = "",
             today: date | None = None) -> Recommendation:
    _check_role(actor, rec, "register")
    expect_version(rec, version)
    check_state(rec, "register")
    today = today or today_for(rec.council.municipality)
    number = _text("registration_number", registration_number, limit=60, required=True)
    officer = _officer(responsible_officer_id, rec)
    registered_on = _day("registered_on", registered_on, today=today, not_before=rec.sent_on,
                         not_before_message=_("It cannot be registered before it was sent "
                                              "(%(day)s).", day=_d(rec.sent_on)))
    note = _text("note", note, limit=NOTE_MAX, required=False)
    rec.registration_number, rec.registered_on = number, registered_on
    rec.responsible_officer = officer
    changes = audit.changes_of(rec)
    _status_change(rec, RecommendationStatus.REGISTERED, actor=actor, on_date=registered_on,
                   note=note)
    _audit(actor, "recommendation.register", rec, {**changes, "status": ["sent", "registered"]})
    return rec


def answer(rec: Recommendation, *, actor: User, version, answered_on: date | None,
           outcome: AnswerOutcome | str | None, answer_text: str, decision_reference: str = "",
           today: date | None = None) -> Recommendation:
    """The answer on the merits; accepted ones then have their implementation tracked."""
    _check_role(actor, rec, "answer")
    expect_version(rec, version)
    check_state(rec, "answer")
    today = today or today_for(rec.council.municipality)
    answered_on = _day("answered_on", answered_on, today=today, not_before=rec.sent_on,
                       not_before_message=_("It cannot be answered before it was sent "
                                            "(%(day)s).", day=_d(rec.sent_on)))
    try:
        outcome = AnswerOutcome(outcome)
    except ValueError:
        raise ValidationFailed("outcome", _("Choose the outcome of the answer.")) from None
    rec.answer_text = _text("answer_text", answer_text, limit=TEXT_MAX, required=True)
    rec.decision_reference = _text("decision_reference", decision_reference, limit=200,
                                   required=False)
    rec.answered_on, rec.outcome = answered_on, outcome
    rec.implementation = (Implementation.NOT_STARTED if outcome in IMPLEMENTABLE_OUTCOMES
                          else None)
    changes = audit.changes_of(rec)
    _status_change(rec, RecommendationStatus.ANSWERED, actor=actor, on_date=answered_on,
                   note=rec.decision_reference)
    _audit(actor, "recommendation.answer", rec, {**changes, "status": ["registered", "answered"]})
    return rec


def extend(rec: Recommendation, *, actor: User, version, reason: str,
           new_due_on: date | None = None, decided_on: date | None = None,
           today: date | None = None) -> Recommendation:
    """More information is needed: a later due date within the legal limit, with a reason.

    The extension must have been decided (`decided_on`, default today) before the deadline
    ended; it may be recorded later.
    """
    _check_role(actor, rec, "extend")
    expect_version(rec, version)
    check_state(rec, "extend")
    municipality = rec.council.municipality
    today = today or today_for(municipality)
    decided_on = _day("decided_on", decided_on or today, today=today, not_before=rec.sent_on,
                      not_before_message=_("The date cannot be before sending (%(day)s).",
                                           day=_d(rec.sent_on)))
    if decided_on > rec.due_on:
        raise ValidationFailed("decided_on", _(
            "An extension must be decided by the deadline (%(day)s); after it the answer is "
            "overdue.", day=_d(rec.due_on)))
    reason = _text("reason", reason, limit=NOTE_MAX, required=True)
    limit = workdays.extension_limit(rec.sent_on,
                                     extension_months=municipality.answer_extension_months)
    new_due_on = new_due_on or limit
    if new_due_on <= rec.due_on:
        raise ValidationFailed("new_due_on", _("Choose a date after the current deadline "
                                               "(%(day)s).", day=_d(rec.due_on)))
    if new_due_on > limit:
        raise ValidationFailed("new_due_on", _("The deadline can be extended to %(day)s at the "
                                               "latest.", day=_d(limit)))
    old = rec.due_on
    rec.due_on, rec.extension_reason = new_due_on, reason
    _event(rec, EventKind.EXTENSION, actor=actor, on_date=decided_on, note=reason,
           due_on=new_due_on)
    _audit(actor, "recommendation.extend", rec, {"due_on": [old, new_due_on],
                                                 "extension_reason": [None, reason]})
    return rec


def record_implementation(rec: Recommendation, *, actor: User, version,
                          implementation: Implementation | str | None, on_date: date | None,
                          note: str = "", today: date | None = None) -> Recommendation:
    """A dated note on how the implementation goes, optionally with a new status."""
    _check_role(actor, rec, "implementation")
    expect_version(rec, version)
    check_state(rec, "implementation")
    today = today or today_for(rec.council.municipality)
    try:
        implementation = Implementation(implementation)
    except ValueError:
        raise ValidationFailed("implementation",
                               _("Choose the implementation status.")) from None
    on_date = _day("on_date", on_date, today=today, not_before=rec.answered_on,
                   not_before_message=_("The date cannot be before the answer (%(day)s).",
                                        day=_d(rec.answered_on)))
    note = _text("note", note, limit=NOTE_MAX, required=implementation == rec.implementation)
    old = rec.implementation
    rec.implementation = implementation
    _event(rec, EventKind.IMPLEMENTATION, actor=actor, on_date=on_date,
           from_status=old.value if old else "", to_status=implementation.value, note=note)
    _audit(actor, "recommendation.implementation", rec,
           {"implementation": [old, implementation], "note": [None, note]})
    return rec


def close(rec: Recommendation, *, actor: User, version, note: str = "",
          today: date | None = None) -> Recommendation:
    _check_role(actor, rec, "close")
    expect_version(rec, version)
    check_state(rec, "close")
    today = today or today_for(rec.council.municipality)
    note = _text("note", note, limit=NOTE_MAX, required=False)
    _status_change(rec, RecommendationStatus.CLOSED, actor=actor, on_date=today, note=note)
    _audit(actor, "recommendation.close", rec, {"status": ["answered", "closed"]})
    return rec
