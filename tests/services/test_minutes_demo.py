"""The minutes demo step: approved minutes with absences, a recusal, a named vote and an
erratum for past held Saldus meetings, a draft for the latest; idempotent; harmless alone."""

from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select

from council.demo import foundation
from council.demo import minutes as demo_minutes
from council.exports import protocol
from council.extensions import db
from council.models import (
    AttendanceStatus,
    Council,
    Erratum,
    Meeting,
    Minutes,
    MinutesStatus,
    NamedVote,
    Recusal,
)
from tests import factories as f


@pytest.fixture
def saldus(app):
    """Only the foundation demo (Saldus, the Kursīši roster, users): no meetings yet."""
    for _line in foundation.seed("padome-demo"):
        pass
    db.session.commit()
    return app


def test_without_held_meetings_the_step_only_says_so(saldus):
    lines = list(demo_minutes.seed("padome-demo"))
    assert lines == ["Minutes: no held meetings without minutes (the meetings demo creates them)."]
    assert db.session.scalar(select(func.count(Minutes.id))) == 0


def test_demo_minutes_for_held_meetings(saldus):
    kursisi = db.session.scalars(
        select(Council).where(Council.slug == "saldus-kursisu-pagasts")).one()
    for number, month in enumerate((5, 7, 9), start=1):
        meeting = f.held_meeting(kursisi, items=0, number=number,
                                 starts_at=datetime(2026, month, 12, 15, 0, tzinfo=UTC))
        f.agenda_item(meeting, title="Par ielu apgaismojumu Kursīšu centrā",
                      presenter="Jānis Kalniņš")
        f.agenda_item(meeting, title="Par zemes nomu", is_public=False)
        f.agenda_item(meeting, title="Par sporta laukuma atjaunošanu")
        f.agenda_item(meeting, title="Dažādi")
    db.session.commit()

    lines = list(demo_minutes.seed("padome-demo"))
    assert lines == ["Minutes: 2 approved, 1 drafts."]
    db.session.commit()
    minutes = db.session.scalars(select(Minutes).join(Minutes.meeting)
                                 .order_by(Meeting.starts_at)).all()
    assert [m.status for m in minutes] == [MinutesStatus.APPROVED, MinutesStatus.APPROVED,
                                           MinutesStatus.DRAFT]
    first = minutes[0]
    assert first.approved_at_meeting == minutes[1].meeting
    assert first.content_hash == protocol.content_hash(first)
    assert db.session.scalar(select(func.count(Erratum.id))) == 1
    assert db.session.scalar(select(func.count(Recusal.id))) >= 2
    assert db.session.scalar(select(func.count(NamedVote.id))) >= 10
    statuses = {a.status for m in minutes for a in m.meeting.attendances}
    assert {AttendanceStatus.EXCUSED, AttendanceStatus.ABSENT, AttendanceStatus.REMOTE} <= statuses
    assert all(r.outcome for m in minutes for r in m.item_records)

    assert list(demo_minutes.seed("padome-demo")) == [
        "Minutes: no held meetings without minutes (the meetings demo creates them)."]
    assert db.session.scalar(select(func.count(Minutes.id))) == 3
