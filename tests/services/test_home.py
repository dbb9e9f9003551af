"""A municipality's home page: the latest decisions and recommendations come from its own
councils, newest first, and cost the same number of queries for 1 council or 25."""

from datetime import UTC, datetime, timedelta

from council.extensions import db
from council.models import Outcome, RecommendationStatus
from council.services import home
from tests import factories

START = datetime(2026, 1, 10, 16, 0, tzinfo=UTC)


def _ids(rows):
    return [r.id for r in rows]


def test_latest_decisions_are_the_municipalitys_own_newest_first(app):
    saldus, other = factories.municipality(), factories.municipality()
    a, b = factories.council(saldus), factories.council(saldus)
    mine = [factories.public_decision(council, START + timedelta(days=day))
            for day, council in [(1, a), (2, b), (3, a), (4, b), (5, a), (6, b)]]
    factories.public_decision(factories.council(other), START + timedelta(days=30))
    page = home.home_page(saldus)
    assert _ids(page.decisions) == _ids(reversed(mine[1:]))


def test_meetings_without_a_public_adopted_decision_do_not_hide_older_decisions(app):
    """Six newer meetings of the same council hold nothing to show: the walk goes past them."""
    muni = factories.municipality()
    council = factories.council(muni)
    older = factories.public_decision(council, START, title="Par parka soliņiem")
    for day in range(1, 7):
        meeting = factories.held_meeting(council, items=0, starts_at=START + timedelta(days=day))
        closed = factories.agenda_item(meeting, is_public=False)
        rejected = factories.agenda_item(meeting)
        factories.decision(meeting, closed)
        factories.decision(meeting, rejected, outcome=Outcome.REJECTED)
        factories.approve(meeting.minutes)
    unapproved = factories.held_meeting(council, items=0, starts_at=START + timedelta(days=9))
    factories.decision(unapproved)  # minutes still a draft
    private = factories.held_meeting(council, items=0, starts_at=START + timedelta(days=10),
                                     is_public=False)
    factories.approve(factories.decision(private).minutes)
    assert _ids(home.home_page(muni).decisions) == [older.id]


def test_decisions_of_one_meeting_keep_the_agenda_order(app):
    muni = factories.municipality()
    council = factories.council(muni)
    meeting = factories.held_meeting(council, items=0, starts_at=START)
    records = [factories.decision(meeting, factories.agenda_item(meeting)) for _ in range(3)]
    factories.approve(meeting.minutes)
    assert _ids(home.home_page(muni).decisions) == _ids(records)


def test_latest_recommendations_are_public_sent_and_of_the_municipality(app):
    muni, other = factories.municipality(), factories.municipality()
    a, b = factories.council(muni), factories.council(muni)
    sent = []
    for n in range(6):
        rec = factories.recommendation(a if n % 2 else b, status=RecommendationStatus.SENT)
        rec.updated_at = START + timedelta(days=n)
        sent.append(rec)
    factories.recommendation(a, status=RecommendationStatus.DRAFT)
    factories.recommendation(a, status=RecommendationStatus.SENT, is_public=False)
    factories.recommendation(factories.council(other), status=RecommendationStatus.SENT)
    db.session.flush()
    assert _ids(home.home_page(muni).recommendations) == _ids(reversed(sent[1:]))


def test_a_municipality_without_councils(app):
    page = home.home_page(factories.municipality())
    assert page.decisions == [] and page.recommendations == [] and page.councils_by_unit == []


def test_query_count_is_the_same_for_1_and_25_councils(app, count_queries):
    muni = factories.municipality()
    council = factories.council(muni)
    factories.public_decision(council, START)
    factories.recommendation(council, status=RecommendationStatus.SENT)
    db.session.commit()
    with count_queries() as small:
        home.home_page(muni)
    for n in range(24):
        council = factories.council(muni)
        for day in range(3):
            factories.public_decision(council, START + timedelta(days=n * 3 + day))
        factories.recommendation(council, status=RecommendationStatus.ANSWERED)
    db.session.commit()
    db.session.expire_all()
    with count_queries() as large:
        page = home.home_page(muni)
    assert small.count == large.count
    assert len(page.decisions) == len(page.recommendations) == home.LATEST


def test_a_municipality_with_more_councils_than_one_compound_query_allows(app, monkeypatch):
    """SQLite takes at most 500 terms in one UNION ALL: longer lists are nested."""
    monkeypatch.setattr(home, "MAX_COMPOUND", 2)
    home._decisions_stmt.cache_clear()
    home._recommendations_stmt.cache_clear()
    muni = factories.municipality()
    records = [factories.public_decision(factories.council(muni), START + timedelta(days=d))
               for d in range(7)]
    recs = [factories.recommendation(r.minutes.meeting.council, status=RecommendationStatus.SENT)
            for r in records]
    try:
        page = home.home_page(muni)
    finally:
        home._decisions_stmt.cache_clear()
        home._recommendations_stmt.cache_clear()
    assert _ids(page.decisions) == _ids(reversed(records[2:]))
    assert len(page.recommendations) == home.LATEST and set(_ids(page.recommendations)) <= set(
        _ids(recs))
