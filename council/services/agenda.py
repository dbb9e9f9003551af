"""The agenda (darba kārtība) of a meeting: ordered items, each public or closed.

Items keep contiguous positions 1…n. Changing the agenda of an announced meeting is a change
subscribers should see (their calendar entry carries the public agenda): a new SEQUENCE.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..models import AgendaItem, ItemRecord, Meeting, MeetingStatus
from ..permissions import can_edit_meeting
from . import InvalidTransition, NotAllowed, ValidationFailed, audit, expect_version
from .meetings import agenda_changed

EDITABLE_STATUSES = (MeetingStatus.DRAFT, MeetingStatus.ANNOUNCED)


@dataclass(frozen=True)
class ItemDetails:
    title: str
    description: str = ""
    presenter: str = ""
    expected_minutes: int | None = None
    is_public: bool = True


def _require(meeting: Meeting, actor) -> None:
    if not can_edit_meeting(actor, meeting):
        raise NotAllowed(_("You may not do this."))
    if meeting.status not in EDITABLE_STATUSES:
        raise InvalidTransition(_(
            "The agenda of a held or cancelled meeting can no longer be changed."))


def _apply(item: AgendaItem, details: ItemDetails) -> None:
    title = details.title.strip()
    if not title:
        raise ValidationFailed("title", _("Fill in this field."))
    minutes = details.expected_minutes
    if minutes is not None and not 1 <= minutes <= 600:
        raise ValidationFailed("expected_minutes", _("Enter a number from %(min)s to %(max)s.",
                                                     min=1, max=600))
    item.title = title
    item.description = details.description.strip()
    item.presenter = details.presenter.strip()
    item.expected_minutes = minutes
    item.is_public = details.is_public


def _renumber(meeting: Meeting) -> None:
    for position, item in enumerate(sorted(meeting.agenda_items,
                                           key=lambda i: (i.position, i.id or 0)), start=1):
        if item.position != position:
            item.position = position


def _summary(item: AgendaItem) -> str:
    meeting = item.meeting
    return f"{meeting.council.name}: Nr. {meeting.number}, {item.position}. {item.title}"


def add_item(meeting: Meeting, details: ItemDetails, *, actor) -> AgendaItem:
    _require(meeting, actor)
    item = AgendaItem(position=len(meeting.agenda_items) + 1, title="")
    _apply(item, details)
    meeting.agenda_items.append(item)
    _renumber(meeting)
    agenda_changed(meeting)
    db.session.flush()
    audit.record(actor, "agenda_item.create", item, summary=_summary(item), changes={
        "title": [None, item.title], "is_public": [None, item.is_public]})
    return item


def update_item(item: AgendaItem, details: ItemDetails, *, actor, version) -> AgendaItem:
    meeting = item.meeting
    _require(meeting, actor)
    expect_version(item, version)
    _apply(item, details)
    changes = audit.changes_of(item)
    if changes:
        agenda_changed(meeting)
    db.session.flush()
    audit.record(actor, "agenda_item.update", item, summary=_summary(item), changes=changes)
    return item


def remove_item(item: AgendaItem, *, actor) -> None:
    meeting = item.meeting
    _require(meeting, actor)
    recorded = db.session.scalar(
        select(ItemRecord.id).where(ItemRecord.agenda_item_id == item.id).limit(1))
    if recorded is not None:
        raise InvalidTransition(_(
            "The minutes already record this item, so it cannot be removed."))
    audit.record(actor, "agenda_item.delete", item, summary=_summary(item))
    meeting.agenda_items.remove(item)  # delete-orphan
    db.session.flush()
    _renumber(meeting)
    agenda_changed(meeting)
    db.session.flush()


def move_item(item: AgendaItem, direction: str, *, actor) -> AgendaItem:
    """One step "up" or "down" (buttons that work without JavaScript)."""
    meeting = item.meeting
    _require(meeting, actor)
    _renumber(meeting)
    items = sorted(meeting.agenda_items, key=lambda i: i.position)
    index = items.index(item)
    other = index - 1 if direction == "up" else index + 1
    if direction not in ("up", "down") or not 0 <= other < len(items):
        return item  # already first/last: nothing to do
    neighbour = items[other]
    item.position, neighbour.position = neighbour.position, item.position
    agenda_changed(meeting)
    db.session.flush()
    audit.record(actor, "agenda_item.move", item, summary=_summary(item),
                 changes={"position": [neighbour.position, item.position]})
    return item
