"""The agenda: add, edit, remove, reorder; closed items; changes subscribers must see."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from council.extensions import db
from council.models import AuditEntry, ItemRecord, MeetingStatus, Minutes
from council.services import InvalidTransition, NotAllowed, StaleVersion, ValidationFailed
from council.services import agenda as svc
from council.services.agenda import ItemDetails
from tests import factories


@pytest.fixture
def setup(app):
    council = factories.council()
    secretary = factories.user()
    factories.council_role(secretary, council)
    meeting = factories.meeting(council, starts_at=datetime(2026, 6, 2, 15, tzinfo=UTC))
    db.session.commit()
    return meeting, secretary


def titles(meeting):
    return [i.title for i in sorted(meeting.agenda_items, key=lambda i: i.position)]


def add(meeting, secretary, title, **kw):
    return svc.add_item(meeting, ItemDetails(title=title, **kw), actor=secretary)


def test_add_edit_reorder_remove(setup):
    meeting, secretary = setup
    first = add(meeting, secretary, "Par ielu apgaismojumu", presenter="Jānis Kalniņš",
                expected_minutes=20)
    second = add(meeting, secretary, "Par ceļu greiderēšanu")
    third = add(meeting, secretary, "Dažādi")
    assert [i.position for i in (first, second, third)] == [1, 2, 3]
    svc.move_item(third, "up", actor=secretary)
    assert titles(meeting) == ["Par ielu apgaismojumu", "Dažādi", "Par ceļu greiderēšanu"]
    svc.move_item(first, "up", actor=secretary)  # already first: nothing happens
    svc.move_item(second, "down", actor=secretary)  # already last
    assert titles(meeting) == ["Par ielu apgaismojumu", "Dažādi", "Par ceļu greiderēšanu"]
    svc.update_item(second, ItemDetails(title="Par grants ceļu greiderēšanu", is_public=False),
                    actor=secretary, version=second.version)
    assert second.is_public is False and second.title == "Par grants ceļu greiderēšanu"
    svc.remove_item(first, actor=secretary)
    assert titles(meeting) == ["Dažādi", "Par grants ceļu greiderēšanu"]
    assert [i.position for i in sorted(meeting.agenda_items, key=lambda i: i.position)] == [1, 2]
    actions = db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.object_type == "AgendaItem")).all()
    assert {"agenda_item.create", "agenda_item.move", "agenda_item.update",
            "agenda_item.delete"} <= set(actions)


@pytest.mark.parametrize("field,kw", [
    ("title", {"title": "   "}),
    ("expected_minutes", {"title": "X", "expected_minutes": 0}),
    ("expected_minutes", {"title": "X", "expected_minutes": 601}),
])
def test_bad_item_is_a_field_error(setup, field, kw):
    meeting, secretary = setup
    with pytest.raises(ValidationFailed) as e:
        svc.add_item(meeting, ItemDetails(**kw), actor=secretary)
    assert e.value.field == field


def test_stale_item_version(setup):
    meeting, secretary = setup
    item = add(meeting, secretary, "Par kultūras nama remontu")
    stale = item.version
    svc.update_item(item, ItemDetails(title="Par kultūras nama jumta remontu"), actor=secretary,
                    version=stale)
    db.session.flush()
    with pytest.raises(StaleVersion):
        svc.update_item(item, ItemDetails(title="Cits"), actor=secretary, version=stale)


def test_announced_agenda_changes_bump_the_sequence_drafts_do_not(setup):
    meeting, secretary = setup
    item = add(meeting, secretary, "Par līdzdalības budžetu")
    assert meeting.sequence == 0
    meeting.status = MeetingStatus.ANNOUNCED
    add(meeting, secretary, "Dažādi")
    assert meeting.sequence == 1
    svc.move_item(item, "down", actor=secretary)
    assert meeting.sequence == 2
    svc.update_item(item, ItemDetails(title=item.title), actor=secretary, version=item.version)
    assert meeting.sequence == 2  # nothing changed


@pytest.mark.parametrize("status", [MeetingStatus.HELD, MeetingStatus.CANCELLED])
def test_held_or_cancelled_agenda_is_final(setup, status):
    meeting, secretary = setup
    item = add(meeting, secretary, "Par autobusu kustību")
    meeting.status = status
    with pytest.raises(InvalidTransition):
        add(meeting, secretary, "Vēl viens")
    with pytest.raises(InvalidTransition):
        svc.remove_item(item, actor=secretary)
    with pytest.raises(InvalidTransition):
        svc.move_item(item, "up", actor=secretary)


def test_an_item_in_the_minutes_cannot_be_removed(setup):
    meeting, secretary = setup
    item = add(meeting, secretary, "Par autobusu kustību")
    minutes = Minutes(meeting=meeting)
    db.session.add(minutes)
    db.session.add(ItemRecord(minutes=minutes, agenda_item=item))
    db.session.flush()
    with pytest.raises(InvalidTransition):
        svc.remove_item(item, actor=secretary)


def test_others_may_not_change_the_agenda(setup):
    meeting, _secretary = setup
    with pytest.raises(NotAllowed):
        add(meeting, factories.user(), "Par ko citu")
