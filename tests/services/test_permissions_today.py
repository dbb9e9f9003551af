"""Permissions that depend on the day count days in Latvia, not on the server's UTC clock."""

from datetime import UTC, date, datetime

from council import permissions
from council.extensions import db
from council.models import EndReason, Position
from tests import factories


class _Clock(datetime):
    """1 April 2030, 01:30 in Riga — still 31 March on a UTC clock."""

    @classmethod
    def now(cls, tz=None):
        moment = datetime(2030, 3, 31, 22, 30, tzinfo=UTC)
        return moment.astimezone(tz) if tz is not None else moment.replace(tzinfo=None)


def test_a_term_starting_on_the_first_of_april_counts_just_after_midnight_in_riga(app,
                                                                              monkeypatch):
    council = factories.council()
    chair = factories.membership(council, position=Position.CHAIR, start_on=date(2030, 4, 1))
    user = factories.user(person_id=chair.person_id)
    leaving = factories.membership(council, start_on=date(2026, 4, 1), end_on=date(2030, 3, 31),
                                   end_reason=EndReason.TERM_END)
    former = factories.user(person_id=leaving.person_id)
    db.session.commit()
    monkeypatch.setattr(permissions, "datetime", _Clock)
    assert permissions.is_chair_of(user, council)
    assert council.id in permissions.council_access(user).member_of
    assert council.id not in permissions.council_access(former).member_of
    assert not permissions.is_chair_of(user, council, date(2030, 3, 31))
