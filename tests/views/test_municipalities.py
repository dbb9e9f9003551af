"""Several municipalities in one instance: `/` lists them, `/municipalities/<slug>` (and its
calendar) is one municipality's home page, unknown slugs are 404, every role sees the same
public pages, and the pages cost the same number of queries for small and large data."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import ics as ics_lib
import pytest
import vobject
from sqlalchemy import select

from council.extensions import db
from council.models import Council, MeetingStatus, RecommendationStatus, utcnow
from tests import factories

ROLES = ["anonymous", "member", "secretary", "officer", "admin"]
RIGA = ZoneInfo("Europe/Riga")


@pytest.fixture
def two(demo):
    """The Saldus demo and Kuldīgas novads."""
    records = factories.kuldiga()
    db.session.commit()
    return records


def _html(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


# --- `/` -----------------------------------------------------------------------------------------

def test_one_municipality_keeps_its_home_page_at_the_root(demo, client):
    html = _html(client, "/")
    assert "Saldus novada pašvaldība: iedzīvotāju padomes" in html
    assert "Atrodiet savu padomi" in html and "/municipalities/" not in html
    assert 'href="/calendar.ics"' in html


@pytest.mark.parametrize("lang,heading,councils", [
    ("lv", "Izvēlieties savu pašvaldību", "1 padome"),
    ("en", "Choose your municipality", "1 council"),
])
def test_several_municipalities_are_listed_at_the_root(two, client, lang, heading, councils):
    html = _html(client, f"/?lang={lang}")
    assert heading in html
    assert 'href="/municipalities/saldus"' in html and 'href="/municipalities/kuldiga"' in html
    # alphabetical: Kuldīgas before Saldus; counts of councils that are not dissolved
    assert html.index("Kuldīgas novada pašvaldība") < html.index("Saldus novada pašvaldība")
    assert councils in html
    assert "Atrodiet savu padomi" not in html and "Find your council" not in html
    assert 'href="/calendar.ics"' in html  # the whole instance


def test_the_list_shows_each_municipalitys_next_meeting(two, client):
    html = _html(client, "/")
    day = two["meeting"].starts_at.astimezone(RIGA).strftime("%d.%m.%Y.")
    assert f"nākamā sēde {day}" in html


# --- `/municipalities/<slug>` --------------------------------------------------------------------

def test_a_municipality_page_shows_only_its_own_councils_meetings_and_decisions(two, client):
    html = _html(client, "/municipalities/kuldiga")
    assert "Kuldīgas novada pašvaldība: iedzīvotāju padomes" in html
    assert 'href="/councils/kuldiga-rumbas-pagasts"' in html and "Kurmāles pagasts" in html
    assert "Rumbas tautas nams" in html  # the next meeting
    assert "Par Rumbas kapsētas žoga atjaunošanu" in html  # the latest decision
    assert "Par apgaismojumu Rumbas ciemā" in html  # the latest recommendation
    assert "Kursīšu pagasts" not in html and "saldus-kursisu-pagasts" not in html
    # links stay in the municipality; the breadcrumb leads back to the list
    assert 'class="breadcrumb"><a href="/">Visas pašvaldības</a>' in html
    assert 'href="/municipalities/kuldiga/calendar.ics"' in html
    assert 'href="/recommendations/?municipality=kuldiga"' in html
    assert 'href="/about?municipality=kuldiga"' in html
    assert "iedzīvotāji no 18 gadu vecuma" in html  # Kuldīga's own by-law


def test_the_saldus_page_in_an_instance_with_two(two, client):
    html = _html(client, "/municipalities/saldus")
    assert 'href="/councils/saldus-kursisu-pagasts"' in html
    assert "Rumbas" not in html


def test_with_one_municipality_its_page_is_the_home_page_without_a_way_up(demo, client):
    html = _html(client, "/municipalities/saldus")
    assert "Saldus novada pašvaldība: iedzīvotāju padomes" in html
    assert 'class="breadcrumb"' not in html
    assert 'href="/calendar.ics"' in html


def test_unknown_municipalities_are_404(two, client):
    for url in ("/municipalities/nav-tadas", "/municipalities/nav-tadas/calendar.ics",
                "/municipalities/KULDIGA", "/councils/?municipality=nav-tadas",
                "/about?municipality=nav-tadas"):
        assert client.get(url).status_code == 404, url
    response = client.get("/municipalities/")
    assert response.status_code == 302 and response.headers["Location"] == "/"


@pytest.mark.parametrize("role", ROLES)
def test_every_role_sees_the_same_public_municipality_pages(two, login_as, role):
    client = login_as(role)
    council = two["council"]
    factories.meeting(council, status=MeetingStatus.ANNOUNCED, is_public=False,
                      starts_at=utcnow() + timedelta(days=2), place="Slēgtā telpa")
    db.session.commit()
    for url in ("/", "/municipalities/kuldiga", "/municipalities/saldus"):
        assert "Slēgtā telpa" not in _html(client, url)
    body = client.get("/municipalities/kuldiga/calendar.ics").data
    assert "Slēgtā telpa" not in body.decode()


# --- calendars -----------------------------------------------------------------------------------

def _events(body: bytes):
    return icalendar.Calendar.from_ical(body).walk("VEVENT")


def test_municipality_calendar_holds_its_public_meetings_for_every_parser(two, client):
    response = client.get("/municipalities/kuldiga/calendar.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    assert 'filename="kuldiga.ics"' in response.headers["Content-Disposition"]
    body = response.data
    cal = icalendar.Calendar.from_ical(body)
    assert str(cal["x-wr-calname"]) == "Kuldīgas novada pašvaldība — iedzīvotāju padomju sēdes"
    summaries = {str(e["summary"]) for e in cal.walk("VEVENT")}
    assert summaries and all(s.startswith("Rumbas pagasta iedzīvotāju padome") for s in summaries)
    assert f"meeting-{two['meeting'].id}@localhost" in {str(e["uid"]) for e in _events(body)}
    text = body.decode("utf-8")
    assert {e.summary.value for e in vobject.readOne(text).vevent_list} == summaries
    assert {e.name for e in ics_lib.Calendar(text).events} == summaries
    for line in body.split(b"\r\n"):
        assert len(line) <= 75


def test_the_instance_calendar_covers_every_municipality(two, client):
    body = client.get("/calendar.ics").data
    cal = icalendar.Calendar.from_ical(body)
    assert str(cal["x-wr-calname"]) == "Iedzīvotāju padomju sēdes — visas pašvaldības"
    summaries = " ".join(str(e["summary"]) for e in cal.walk("VEVENT"))
    assert "Rumbas pagasta" in summaries and "Kursīšu pagasta" in summaries
    saldus = {str(e["uid"]) for e in _events(client.get("/municipalities/saldus/calendar.ics")
                                              .data)}
    kuldiga = {str(e["uid"]) for e in _events(client.get("/municipalities/kuldiga/calendar.ics")
                                               .data)}
    assert saldus and kuldiga and not saldus & kuldiga
    assert saldus | kuldiga == {str(e["uid"]) for e in cal.walk("VEVENT")}


def test_municipality_calendar_answers_304_until_one_of_its_meetings_changes(two, client):
    url = "/municipalities/kuldiga/calendar.ics"
    first = client.get(url)
    etag = first.headers["ETag"]
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    kursisi = db.session.scalars(select(Council).where(
        Council.slug == "saldus-kursisu-pagasts")).one()
    factories.meeting(kursisi, status=MeetingStatus.ANNOUNCED,
                      starts_at=utcnow() + timedelta(days=3))
    db.session.commit()
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
    factories.meeting(two["council"], status=MeetingStatus.ANNOUNCED,
                      starts_at=utcnow() + timedelta(days=4))
    db.session.commit()
    assert client.get(url, headers={"If-None-Match": etag}).status_code == 200


# --- query counts --------------------------------------------------------------------------------

def _grow(municipality, councils: int, meetings: int):
    """More of everything a municipality page shows: councils, announced and past meetings
    with approved decisions, recommendations."""
    start = datetime(2025, 1, 10, 16, 0, tzinfo=UTC)
    for n in range(councils):
        council = factories.council(municipality)
        for d in range(meetings):
            factories.public_decision(council, start + timedelta(days=n * meetings + d))
            factories.meeting(council, status=MeetingStatus.ANNOUNCED,
                              starts_at=utcnow() + timedelta(days=d + 1))
        factories.recommendation(council, status=RecommendationStatus.SENT)
    db.session.commit()


def test_the_municipality_list_costs_the_same_for_2_and_22_municipalities(two, client,
                                                                          count_queries):
    with count_queries() as small:
        assert client.get("/").status_code == 200
    for _ in range(20):
        _grow(factories.municipality(), councils=2, meetings=2)
    with count_queries() as large:
        html = _html(client, "/")
    assert html.count('href="/municipalities/') == 22
    assert small.count == large.count


@pytest.mark.parametrize("url", ["/municipalities/kuldiga",
                                 "/municipalities/kuldiga/calendar.ics"])
def test_a_municipality_page_costs_the_same_for_1_and_16_councils(two, client, count_queries,
                                                                  url):
    with count_queries() as small:
        assert client.get(url).status_code == 200
    _grow(two["municipality"], councils=15, meetings=4)
    with count_queries() as large:
        assert client.get(url).status_code == 200
    assert small.count == large.count
