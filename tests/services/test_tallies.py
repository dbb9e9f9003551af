"""The recommendation tallies: the database keeps them equal to the recommendations after every
kind of write, and the register counts with them whenever they can answer."""

from datetime import date

import pytest
import sqlalchemy as sa
from flask_login import AnonymousUserMixin

from council.extensions import db
from council.models import (
    AnswerOutcome,
    GlobalRole,
    Recommendation,
    RecommendationStatus,
    RecommendationTally,
)
from council.models.tallies import TALLY_TRIGGERS
from council.services import recommendations as svc
from tests import factories as f
from tests.services.test_recommendations import CALLS, TODAY, draft
from tests.services.test_recommendations import w as w  # noqa: F401 (the fixture)

S = RecommendationStatus


def tallies() -> dict:
    rows = db.session.execute(sa.select(
        RecommendationTally.status, RecommendationTally.is_public, RecommendationTally.council_id,
        RecommendationTally.n).where(RecommendationTally.n != 0))
    return {(status, bool(public), council): n for status, public, council, n in rows}


def recounted() -> dict:
    rows = db.session.execute(sa.select(
        Recommendation.status, Recommendation.is_public, Recommendation.council_id,
        sa.func.count()).group_by(Recommendation.status, Recommendation.is_public,
                                  Recommendation.council_id))
    return {(str(status), bool(public), council): n for status, public, council, n in rows}


def assert_kept():
    db.session.flush()
    assert tallies() == recounted()


def trigger_names() -> set[str]:
    with db.engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            rows = conn.execute(sa.text("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                                        "AND name LIKE 'recommendation_tallies%'"))
        else:
            rows = conn.execute(sa.text("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal "
                                        "AND tgname LIKE 'recommendation_tallies%'"))
        return {row[0] for row in rows}


def test_the_test_database_has_the_tally_triggers(app):
    assert trigger_names() == TALLY_TRIGGERS[db.engine.dialect.name]


def test_the_lifecycle_keeps_the_tallies(w):
    rec = draft(w)
    assert_kept()
    assert tallies() == {("draft", True, w.council.id): 1}
    for verb in ("send", "register", "answer", "close"):
        CALLS[verb](w, rec, w.officer if verb != "send" else w.secretary)
        db.session.commit()
        assert_kept()
    assert tallies() == {("closed", True, w.council.id): 1}
    withdrawn = draft(w)
    CALLS["withdraw"](w, withdrawn, w.secretary)
    db.session.commit()
    assert_kept()
    assert tallies() == {("closed", True, w.council.id): 1, ("withdrawn", True, w.council.id): 1}


def test_publicity_council_deletes_and_bulk_loads_keep_the_tallies(w):
    recs = [f.recommendation(w.council, status=status)
            for status in (S.DRAFT, S.SENT, S.SENT, S.ANSWERED)]
    assert_kept()
    recs[1].is_public = False  # the publicity changes
    assert_kept()
    recs[2].council = w.other  # moved to another council
    assert_kept()
    recs[3].outcome = AnswerOutcome.ACCEPTED  # a change that moves no tally
    recs[3].title = "Par jaunu nosaukumu"
    assert_kept()
    db.session.delete(recs[0])
    assert_kept()
    db.session.execute(sa.update(Recommendation).where(Recommendation.id == recs[3].id)
                       .values(status=S.CLOSED))  # a bulk update, no ORM events
    assert_kept()
    db.session.execute(sa.insert(Recommendation), [  # a bulk load (the scale generator's way)
        {"council_id": w.other.id, "year": 2025, "number": n, "title": "Par parku",
         "body": "Teksts.", "addressee_name": "Dome", "status": S.CLOSED, "is_public": n % 2 == 0}
        for n in range(1, 8)])
    assert_kept()
    db.session.execute(sa.delete(Recommendation).where(Recommendation.council_id == w.other.id))
    assert_kept()
    db.session.commit()
    assert tallies() == {("sent", False, w.council.id): 1, ("closed", True, w.council.id): 1}


FILTERS = [
    svc.Filters(), svc.Filters(status=S.CLOSED), svc.Filters(status=S.DRAFT),
    svc.Filters(status=S.SENT, sort="due"), svc.Filters(council_id=-1),
    svc.Filters(outcome=AnswerOutcome.ACCEPTED), svc.Filters(year=2025),
    svc.Filters(deadline="overdue"), svc.Filters(deadline="soon", status=S.SENT),
]


@pytest.mark.parametrize("filters", FILTERS, ids=repr)
def test_the_register_counts_what_it_lists(w, filters):
    """Counted from the tallies (council and status filters only) or from the recommendations
    (an outcome, a year, a deadline): always as many as the list holds, for every viewer."""
    for council in (w.council, w.other):
        for status in S:
            for public in (True, False):
                f.recommendation(council, status=status, is_public=public,
                                 outcome=AnswerOutcome.ACCEPTED if status == S.CLOSED else None,
                                 year=2025 if public else 2026,
                                 due_on=date(2026, 11, 20) if status != S.DRAFT else None)
    db.session.commit()
    if filters.council_id == -1:
        filters = svc.Filters(council_id=w.council.id, status=S.SENT)
    viewers = [AnonymousUserMixin(), w.outsider, w.member, w.secretary, w.other_secretary,
               w.officer]
    tallied = filters.outcome is None and filters.year is None and not filters.deadline
    for user in viewers:
        count = svc.list_count_stmt(user, filters, today=TODAY)
        listed = db.session.scalars(svc.list_ids_stmt(user, filters, today=TODAY)).all()
        assert db.session.scalar(count) == len(listed), (user, filters)
        assert ("recommendation_tallies" in str(count)) == tallied
    municipal = svc.Filters(municipality_id=w.muni.id, status=filters.status)
    assert db.session.scalar(svc.list_count_stmt(w.outsider, municipal, today=TODAY)) == len(
        db.session.scalars(svc.list_ids_stmt(w.outsider, municipal, today=TODAY)).all())


def test_a_register_with_nothing_counts_nothing(app):
    officer = f.user(GlobalRole.OFFICER)
    db.session.commit()
    for user in (AnonymousUserMixin(), officer):
        assert db.session.scalar(svc.list_count_stmt(user, svc.Filters(), today=TODAY)) == 0
