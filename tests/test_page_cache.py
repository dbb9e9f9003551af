"""The page cache: pages are served from memory until any write, never across users or sessions."""

import pytest
import sqlalchemy as sa

from council import page_cache
from council.extensions import db
from council.models import Council, LoginFailure, MeetingStatus
from tests import factories


@pytest.fixture
def cached(app):
    app.config["PAGE_CACHE"] = True
    return app


@pytest.fixture
def council(cached):
    council = factories.council(name="Kursīšu pagasta iedzīvotāju padome")
    factories.meeting(council, status=MeetingStatus.ANNOUNCED)
    db.session.commit()
    return council


def _revision():
    return page_cache.revision()  # 0 while the row is missing (PostgreSQL runs truncate it)


def test_a_commit_with_writes_moves_the_revision_on_and_a_read_does_not(cached):
    before = _revision()
    db.session.scalars(sa.select(Council)).all()
    db.session.commit()
    assert _revision() == before
    factories.council()
    db.session.commit()
    assert _revision() == before + 1
    db.session.execute(sa.update(Council).values(description="Jauns apraksts"))
    db.session.commit()
    assert _revision() == before + 2
    factories.council()
    db.session.rollback()
    db.session.commit()
    assert _revision() == before + 2


def test_login_throttling_changes_no_page(cached):
    before = _revision()
    db.session.add(LoginFailure(email="x@example.lv", remote_addr="127.0.0.1"))
    db.session.commit()
    assert _revision() == before


def test_a_second_visit_is_served_from_memory(council, client, count_queries):
    url = f"/councils/{council.slug}"
    first = client.get(url)
    with count_queries() as q:
        second = client.get(url)
    assert second.get_data() == first.get_data() and second.status_code == 200
    assert q.count == 1  # the revision
    assert second.headers["Content-Security-Policy"] and "Set-Cookie" not in second.headers


def test_any_write_shows_at_once(council, client):
    url = f"/councils/{council.slug}"
    assert "Zaņas" not in client.get(url).get_data(as_text=True)
    council.name = "Zaņas pagasta iedzīvotāju padome"
    db.session.commit()
    assert "Zaņas pagasta" in client.get(url).get_data(as_text=True)
    db.session.execute(sa.update(Council).values(name="Ēdoles padome"))
    db.session.commit()
    assert "Ēdoles padome" in client.get(url).get_data(as_text=True)


def test_pages_expire(council, client, count_queries, monkeypatch):
    url = f"/councils/{council.slug}"
    client.get(url)
    clock = page_cache.time.monotonic() + 3600
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: clock)
    with count_queries() as q:
        client.get(url)
    assert q.count > 1


def test_no_cache_asks_for_a_fresh_page(council, client, count_queries):
    url = f"/councils/{council.slug}"
    client.get(url)
    with count_queries() as q:
        client.get(url, headers={"Cache-Control": "no-cache"})
    assert q.count > 1


def test_language_is_part_of_the_key(council, client):
    url = f"/councils/{council.slug}"
    assert 'lang="lv"' in client.get(url).get_data(as_text=True)
    english = client.get(url + "?lang=en")
    assert 'lang="en"' in english.get_data(as_text=True)
    assert "padome_lang=en" in english.headers["Set-Cookie"]  # added afresh, not cached


def test_visitors_get_no_cookies_and_never_anyone_elses_form_token(council, app):
    from tests.conftest import CSRF_META, Client

    app.test_client_class = Client  # a fresh request context each time, as in production
    first, second = app.test_client(), app.test_client()
    assert "Set-Cookie" not in first.get("/").headers
    login_first = first.get("/login").get_data(as_text=True)
    login_second = second.get("/login").get_data(as_text=True)

    def token(html):
        match = CSRF_META.search(html)
        return match.group(1) or match.group(2)

    assert token(login_first) != token(login_second)
    again = first.get("/login").get_data(as_text=True)
    assert token(again)  # its own session's token, valid for its form


def test_logged_in_pages_stay_with_their_user(demo, app):
    app.config["PAGE_CACHE"] = True
    from tests.conftest import DEMO_USERS, Client

    app.test_client_class = Client
    officer, member, visitor = app.test_client(), app.test_client(), app.test_client()
    officer.login(DEMO_USERS["officer"])
    member.login(DEMO_USERS["member"])
    for _ in range(2):
        as_officer = officer.get("/recommendations/?overdue=1").get_data(as_text=True)
        as_member = member.get("/recommendations/?overdue=1").get_data(as_text=True)
        as_visitor = visitor.get("/recommendations/?overdue=1").get_data(as_text=True)
        assert "officer@saldus.example" not in as_member + as_visitor
        assert 'name="csrf-token"' in as_officer and 'name="csrf-token"' not in as_visitor
        officer_token = as_officer.split('name="csrf-token" content="')[1].split('"')[0]
        member_token = as_member.split('name="csrf-token" content="')[1].split('"')[0]
        assert officer_token != member_token


def test_a_pending_message_is_shown_not_a_cached_page(demo, app):
    app.config["PAGE_CACHE"] = True
    from tests.conftest import DEMO_USERS, Client

    app.test_client_class = Client
    client = app.test_client()
    client.get("/login")
    client.login(DEMO_USERS["member"])
    page = client.get("/recommendations/")  # may hold a "logged in" message
    client.get("/recommendations/")
    with client.session_transaction() as session:
        session["_flashes"] = [("success", "Saglabāts — Ģirts")]
    shown = client.get("/recommendations/").get_data(as_text=True)
    assert "Saglabāts — Ģirts" in shown and page.status_code == 200


def test_calendar_etag_still_answers_304_from_memory(council, client):
    url = f"/councils/{council.slug}/calendar.ics"
    first = client.get(url)
    second = client.get(url, headers={"If-None-Match": first.headers["ETag"]})
    assert first.status_code == 200 and second.status_code == 304


def test_the_store_is_bounded():
    store = page_cache.PageStore(max_pages=2, max_bytes=80, seconds=60)
    for i in range(3):
        store.put(("k", i), page_cache.Page(200, [], b"x" * 5, page_cache.time.monotonic()))
    assert len(store) == 2 and store.get(("k", 0)) is None
    store.put(("big",), page_cache.Page(200, [], b"x" * 70, page_cache.time.monotonic()))
    assert store.get(("big",)) is None  # larger than an eighth of the store: never kept


def test_word_documents_are_kept_too(demo, app, count_queries):
    app.config["PAGE_CACHE"] = True
    from council.models import Meeting, Minutes, MinutesStatus
    from tests.conftest import Client

    app.test_client_class = Client
    meeting_id = db.session.scalar(
        sa.select(Meeting.id).join(Minutes, Minutes.meeting_id == Meeting.id)
        .where(Minutes.status == MinutesStatus.APPROVED, Meeting.is_public.is_(True)).limit(1))
    client = app.test_client()
    first = client.get(f"/meetings/{meeting_id}/minutes.docx")
    with count_queries() as q:
        second = client.get(f"/meetings/{meeting_id}/minutes.docx")
    assert first.status_code == second.status_code == 200 and q.count == 1
    assert second.get_data() == first.get_data() and second.get_data()[:2] == b"PK"
    assert second.headers["Content-Disposition"] == first.headers["Content-Disposition"]
