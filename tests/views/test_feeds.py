"""Calendar feeds as a calendar client sees them: content, sync across postponement and
cancellation without duplicates, conditional requests, the personal token, query counts."""

import hashlib
import itertools
import re
from datetime import UTC, datetime, timedelta

import icalendar
import ics as ics_lib
import pytest
import vobject
from sqlalchemy import select

from council.extensions import db
from council.models import AuditEntry, Council, Meeting, MeetingStatus, User
from tests import factories

COUNCIL_FEED = "/councils/saldus-kursisu-pagasts/calendar.ics"
_numbers = itertools.count(700)


def kursisi():
    return db.session.scalars(select(Council).where(Council.slug == "saldus-kursisu-pagasts")).one()


def make(status=MeetingStatus.ANNOUNCED, days=30, public=True, council=None, items=1):
    starts = datetime.now(UTC).replace(microsecond=0) + timedelta(days=days)
    m = factories.meeting(council or kursisi(), starts_at=starts, status=status,
                          is_public=public, number=next(_numbers))
    for n in range(items):
        factories.agenda_item(m, title=f"Par ceļu greiderēšanu {n}")
    db.session.commit()
    return m


def events(body: bytes, uid: str | None = None):
    found = icalendar.Calendar.from_ical(body).walk("VEVENT")
    return [e for e in found if uid is None or str(e["uid"]) == uid]


def test_feeds_are_calendars(demo, client):
    for url in (COUNCIL_FEED, "/calendar.ics"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
        assert response.headers["ETag"] and response.headers["Last-Modified"]
        body = response.data
        cal = icalendar.Calendar.from_ical(body)
        assert "iedzīvotāju padome" in str(cal["x-wr-calname"]) or "pašvaldība" in str(
            cal["x-wr-calname"])
        assert len(cal.walk("VEVENT")) > 5
        uids = [str(e["uid"]) for e in cal.walk("VEVENT")]
        assert len(uids) == len(set(uids))
        assert all(re.fullmatch(r"meeting-\d+@localhost", uid) for uid in uids)
    assert client.get("/councils/nav-tadas/calendar.ics").status_code == 404


def test_a_subscriber_sees_announcement_postponement_and_cancellation_without_duplicates(
        demo, login_as):
    secretary = login_as("secretary")
    meeting = make(MeetingStatus.DRAFT, days=20)
    uid = f"meeting-{meeting.id}@localhost"
    subscriber = secretary.application.test_client()
    assert events(subscriber.get(COUNCIL_FEED).data, uid) == []  # drafts are not published

    assert secretary.post_form(f"/meetings/{meeting.id}/announce", {}).status_code == 302
    (announced,) = events(subscriber.get(COUNCIL_FEED).data, uid)
    assert announced["sequence"] == 0 and str(announced["status"]) == "CONFIRMED"
    first_start = announced.decoded("dtstart")

    new_day = (first_start + timedelta(days=7)).date().isoformat()
    version = str(db.session.get(Meeting, meeting.id).version)
    response = secretary.post_form(f"/meetings/{meeting.id}/postpone", {
        "date": new_day, "start_time": "18.00", "duration": "120",
        "reason": "Pēc iedzīvotāju lūguma", "version": version})
    assert response.status_code == 302
    (postponed,) = events(subscriber.get(COUNCIL_FEED).data, uid)
    assert postponed["sequence"] > announced["sequence"]
    assert postponed.decoded("dtstart").date().isoformat() == new_day
    assert postponed.decoded("dtstart").hour == 18
    assert "Pēc iedzīvotāju lūguma" in str(postponed["description"])

    assert secretary.post_form(f"/meetings/{meeting.id}/cancel",
                               {"reason": "Nav kvoruma"}).status_code == 302
    (cancelled,) = events(subscriber.get(COUNCIL_FEED).data, uid)
    assert str(cancelled["status"]) == "CANCELLED"
    assert cancelled["sequence"] > postponed["sequence"]
    assert "SĒDE ATCELTA. Nav kvoruma" in str(cancelled["description"])


def test_conditional_requests_answer_304_until_something_changes(demo, client):
    first = client.get(COUNCIL_FEED)
    etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
    again = client.get(COUNCIL_FEED, headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    assert again.headers["ETag"] == etag
    assert client.get(COUNCIL_FEED, headers={"If-Modified-Since": modified}).status_code == 304
    make(days=40)
    changed = client.get(COUNCIL_FEED, headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag
    meeting = make(days=41)
    one = client.get(f"/meetings/{meeting.id}/calendar.ics")
    assert client.get(f"/meetings/{meeting.id}/calendar.ics",
                      headers={"If-None-Match": one.headers["ETag"]}).status_code == 304


def test_feeds_hold_only_published_public_meetings_within_the_window(demo, client):
    public, closed = make(days=5), make(days=6, public=False)
    draft, old = make(MeetingStatus.DRAFT, days=7), make(MeetingStatus.HELD, days=-400)
    recent = make(MeetingStatus.HELD, days=-300)
    cancelled = make(MeetingStatus.CANCELLED, days=-10)
    uids = {str(e["uid"]) for e in events(client.get(COUNCIL_FEED).data)}
    everything = {str(e["uid"]) for e in events(client.get("/calendar.ics").data)}

    def uid(m):
        return f"meeting-{m.id}@localhost"

    for feed in (uids, everything):
        assert uid(public) in feed and uid(recent) in feed and uid(cancelled) in feed
        assert uid(closed) not in feed and uid(draft) not in feed and uid(old) not in feed
    other = db.session.scalars(select(Council).where(
        Council.slug == "saldus-saldus-pilseta")).one()
    elsewhere = make(days=8, council=other)
    assert uid(elsewhere) not in {str(e["uid"]) for e in events(client.get(COUNCIL_FEED).data)}
    assert uid(elsewhere) in {str(e["uid"]) for e in events(client.get("/calendar.ics").data)}


def _token_from(page: str) -> str:
    match = re.search(r"/feeds/([A-Za-z0-9_-]+)/calendar\.ics", page)
    assert match, page
    return match.group(1)


def test_personal_feed_created_shown_once_rotated_and_revoked(demo, login_as):
    closed = make(days=12, public=False)
    other = db.session.scalars(select(Council).where(
        Council.slug == "saldus-saldus-pilseta")).one()
    foreign = make(days=13, council=other)
    member = login_as("member")
    response = member.post_form("/profile/feed", {})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    token = _token_from(page)
    assert "webcal://localhost/feeds/" in page
    user = db.session.scalars(select(User).where(User.email == "biedrs@saldus.example")).one()
    assert user.feed_token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in member.get("/profile").get_data(as_text=True)  # shown once

    anonymous = member.application.test_client()
    feed = anonymous.get(f"/feeds/{token}/calendar.ics")
    assert feed.status_code == 200 and "private" in feed.headers["Cache-Control"]
    uids = {str(e["uid"]) for e in events(feed.data)}
    assert f"meeting-{closed.id}@localhost" in uids  # members' closed meetings too
    assert f"meeting-{foreign.id}@localhost" not in uids
    assert anonymous.get(f"/feeds/{token}/calendar.ics",
                         headers={"If-None-Match": feed.headers["ETag"]}).status_code == 304

    assert "Izveidot jaunu kalendāra adresi?" in member.get("/profile/feed").get_data(
        as_text=True)
    new_token = _token_from(member.post_form("/profile/feed", {}).get_data(as_text=True))
    assert new_token != token
    assert anonymous.get(f"/feeds/{token}/calendar.ics").status_code == 404
    assert anonymous.get(f"/feeds/{new_token}/calendar.ics").status_code == 200

    assert "<form" in member.get("/profile/feed/revoke").get_data(as_text=True)
    assert member.post_form("/profile/feed/revoke", {}).status_code == 302
    assert anonymous.get(f"/feeds/{new_token}/calendar.ics").status_code == 404
    actions = db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.action.like("user.feed_token%")).order_by(AuditEntry.id)).all()
    assert actions == ["user.feed_token_create", "user.feed_token_rotate",
                       "user.feed_token_revoke"]


def test_unknown_or_deactivated_tokens_are_404(demo, login_as):
    client = login_as("member")
    token = _token_from(client.post_form("/profile/feed", {}).get_data(as_text=True))
    anonymous = client.application.test_client()
    for bad in ("x", "A" * 43, "A" * 500, "%00"):
        assert anonymous.get(f"/feeds/{bad}/calendar.ics").status_code == 404
    user = db.session.scalars(select(User).where(User.email == "biedrs@saldus.example")).one()
    user.is_active = False
    db.session.commit()
    assert anonymous.get(f"/feeds/{token}/calendar.ics").status_code == 404


def test_token_pages_need_login(demo, client):
    assert client.get("/profile/feed").status_code == 302
    assert client.post_form("/profile/feed", {}).status_code == 302
    assert client.get("/profile/feed/revoke").status_code == 302


def test_council_feed_costs_the_same_for_5_and_500_meetings(app, client, count_queries):
    app.config["FEED_MAX_EVENTS"] = 600
    council = factories.council()
    for days in range(5):
        make(days=days + 1, council=council)

    def measure():
        url = f"/councils/{council.slug}/calendar.ics"
        with count_queries() as q:
            response = client.get(url)
        assert response.status_code == 200
        return q.count, len(events(response.data))

    small, n_small = measure()
    start = datetime.now(UTC) + timedelta(days=10)
    for n in range(495):
        m = factories.meeting(council, starts_at=start + timedelta(days=n), number=1000 + n,
                              status=MeetingStatus.ANNOUNCED)
        factories.agenda_item(m, title="Par ielu apgaismojumu")
    db.session.commit()
    large, n_large = measure()
    assert (n_small, n_large) == (5, 500)
    assert small == large


def test_a_feed_holds_the_nearest_meetings_up_to_its_limit_and_says_so(app, client,
                                                                       count_queries):
    app.config["FEED_MAX_EVENTS"] = 4
    council = factories.council()
    now = datetime.now(UTC)
    past = [factories.meeting(council, starts_at=now - timedelta(days=d), number=d,
                              status=MeetingStatus.HELD) for d in (30, 20, 10)]
    ahead = [factories.meeting(council, starts_at=now + timedelta(days=d), number=100 + d,
                               status=MeetingStatus.ANNOUNCED) for d in (1, 2)]
    db.session.commit()
    with count_queries() as q:
        response = client.get("/calendar.ics")
    kept = [ahead[0], ahead[1], past[2], past[1]]  # the nearest ahead, then the latest past
    uids = re.findall(r"UID:meeting-(\d+)@", response.get_data(as_text=True))
    assert sorted(int(u) for u in uids) == sorted(m.id for m in kept)
    calendar = icalendar.Calendar.from_ical(response.data)
    assert "tuvākās 4 sēdes" in str(calendar["X-WR-CALDESC"])
    for n in range(8):  # more ahead: the past ones give way, the cost stays
        factories.meeting(council, starts_at=now + timedelta(days=3 + n), number=200 + n,
                          status=MeetingStatus.ANNOUNCED)
    db.session.commit()
    with count_queries() as more:
        body = client.get("/calendar.ics").get_data(as_text=True)
    assert len(re.findall("BEGIN:VEVENT", body)) == 4 and more.count == q.count
    assert f"UID:meeting-{past[2].id}@" not in body
    app.config["FEED_MAX_EVENTS"] = 300
    assert "X-WR-CALDESC" not in client.get(f"/councils/{council.slug}/calendar.ics").get_data(
        as_text=True)


def test_personal_feed_query_count_is_constant(demo, login_as, count_queries):
    client = login_as("member")
    token = _token_from(client.post_form("/profile/feed", {}).get_data(as_text=True))
    anonymous = client.application.test_client()

    def measure():
        with count_queries() as q:
            assert anonymous.get(f"/feeds/{token}/calendar.ics").status_code == 200
        return q.count

    before = measure()
    for days in range(20):
        make(days=days + 2, items=3, public=bool(days % 2))
    assert measure() == before


@pytest.mark.parametrize("url", ["/calendar.ics", COUNCIL_FEED])
def test_feeds_validate_with_every_parser_and_keep_diacritics(demo, client, url):
    body = client.get(url).data
    text = body.decode("utf-8")
    assert "Kursīšu pagasta iedzīvotāju padome — sēde Nr." in text.replace("\r\n ", "")
    for line in body.split(b"\r\n"):
        assert len(line) <= 75
        line.decode("utf-8")
    cal = icalendar.Calendar.from_ical(body)
    summaries = {str(e["summary"]) for e in cal.walk("VEVENT")}
    assert {e.summary.value for e in vobject.readOne(text).vevent_list} == summaries
    assert {e.name for e in ics_lib.Calendar(text).events} == summaries
