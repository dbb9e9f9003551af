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
from council.models import (
    Council,
    GlobalRole,
    MeetingStatus,
    Municipality,
    Person,
    RecommendationStatus,
    TerritorialUnit,
    User,
    utcnow,
)
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
    for bad in ("a%00b", "x" * 10_000, "%C4%A2%00"):
        for url in (f"/municipalities/{bad}", f"/municipalities/{bad}/calendar.ics",
                    f"/councils/?municipality={bad}", f"/about?municipality={bad}"):
            assert client.get(url).status_code == 404, url[:60]
        for url in (f"/recommendations/?municipality={bad}", f"/search?q=par&municipality={bad}"):
            assert client.get(url).status_code == 200, url[:60]  # a filter that is ignored
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


# --- pages that work on one municipality ----------------------------------------------------------

def test_the_council_list_asks_which_municipality_then_lists_its_councils(two, client):
    html = _html(client, "/councils/")
    assert 'href="/councils/?municipality=kuldiga"' in html
    assert 'href="/councils/?municipality=saldus"' in html
    assert "saldus-kursisu-pagasts" not in html
    html = _html(client, "/councils/?municipality=kuldiga")
    assert 'href="/councils/kuldiga-rumbas-pagasts"' in html
    assert "saldus-kursisu-pagasts" not in html
    assert 'class="breadcrumb"><a href="/municipalities/kuldiga">' in html
    assert '<select id="municipality-switch" name="municipality">' in html


def test_with_one_municipality_the_council_list_has_no_switcher(demo, client):
    html = _html(client, "/councils/")
    assert 'href="/councils/saldus-kursisu-pagasts"' in html
    assert "municipality-switch" not in html and 'class="breadcrumb"' not in html


def test_a_council_page_names_its_municipality(two, client):
    html = _html(client, "/councils/kuldiga-rumbas-pagasts")
    assert '<a href="/municipalities/kuldiga">Kuldīgas novada pašvaldība</a>' in html
    assert 'class="breadcrumb"><a href="/councils/?municipality=kuldiga">' in html


CHOOSERS = [("/councils/new", "/councils/new?municipality=kuldiga"),
            ("/people/", "/people/?municipality=kuldiga"),
            ("/people/new", "/people/new?municipality=kuldiga"),
            ("/admin/settings", "/admin/settings?municipality=kuldiga")]


def _officer_of_every_municipality():
    officer = factories.user(GlobalRole.OFFICER)
    db.session.commit()
    return officer.email


@pytest.fixture
def kuldiga_officer(two):
    officer = factories.user(GlobalRole.OFFICER, municipality_id=two["municipality"].id)
    db.session.commit()
    return officer.email


@pytest.mark.parametrize("role", [*ROLES, "officer of every municipality"])
def test_officer_pages_ask_which_municipality_instead_of_guessing(two, client, login_as, role):
    if role == "officer of every municipality":
        client.login(_officer_of_every_municipality())
    else:
        login_as(role)
    for url, link in CHOOSERS:
        response = client.get(url)
        allowed = role == "admin" or ("officer" in role and "settings" not in url)
        if role == "anonymous":
            assert response.status_code == 302 and "/login" in response.headers["Location"]
        elif not allowed:
            assert response.status_code == 403, (role, url)
        elif role == "officer":  # Saldus's officer works on Saldus without being asked
            html = response.get_data(as_text=True)
            assert response.status_code == 200, (role, url)
            assert "Izvēlieties vienu:" not in html and "Kuldīg" not in html, url
        else:
            html = response.get_data(as_text=True)
            assert response.status_code == 200, (role, url)
            assert f'href="{link}"' in html and "Izvēlieties vienu:" in html


@pytest.mark.parametrize("url", ["/councils/new", "/people/new", "/admin/settings",
                                 "/admin/settings/addressees/new"])
def test_a_post_that_names_no_municipality_writes_nothing(two, login_as, url):
    client = login_as("admin")
    assert client.post_form(url, {"name": "Kas tas?"}).status_code == 400


def test_new_council_in_the_second_municipality(two, client, kuldiga_officer):
    client.login(kuldiga_officer)
    # Kuldīga's officer works on Kuldīga, named or not: its territories, nobody else's.
    for url in ("/councils/new", "/councils/new?municipality=kuldiga"):
        html = _html(client, url)
        assert "Kurmāles pagasts" in html and "Kursīšu pagasts" not in html, url
    kurmale = db.session.scalar(select(TerritorialUnit.id).where(
        TerritorialUnit.name == "Kurmāles pagasts"))
    response = client.post_form("/councils/new?municipality=kuldiga", {
        "name": "Kurmāles pagasta iedzīvotāju padome", "territory_ids": [kurmale],
        "seats": "5", "bylaw_number": "Nr. 7", "bylaw_date": "2025-09-25", "bylaw_url": "",
        "established_on": "", "term_start": "2026-04-01", "term_end": "",
        "description": "", "contact_email": "", "place_locative": ""})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    council = db.session.scalars(select(Council).where(
        Council.name == "Kurmāles pagasta iedzīvotāju padome")).one()
    assert council.municipality.slug == "kuldiga"


def test_people_register_per_municipality(two, client):
    client.login(_officer_of_every_municipality())
    html = _html(client, "/people/?municipality=kuldiga")
    assert "Kārlis Rumbenieks" in html and "Ņina Žukova" not in html
    assert '<input type="hidden" name="municipality" value="kuldiga">' in html
    assert 'href="/people/new?municipality=kuldiga"' in html
    assert "Kārlis Rumbenieks" not in _html(client, "/people/?municipality=saldus")
    rumba = two["unit"].id
    response = client.post_form("/people/new?municipality=kuldiga", {
        "full_name": "Inese Ventiņa", "territory_id": str(rumba), "email": "", "phone": "",
        "birth_date": "", "citizenship": ""})
    assert response.status_code == 302
    assert "municipality=kuldiga" in response.headers["Location"]
    person = db.session.scalars(select(Person).where(
        Person.full_name == "Inese Ventiņa")).one()
    assert person.municipality.slug == "kuldiga"


def test_the_membership_form_registers_new_people_in_the_councils_municipality(
        two, client, kuldiga_officer):
    client.login(kuldiga_officer)
    html = _html(client, "/councils/kuldiga-rumbas-pagasts/members/new")
    assert "municipality=kuldiga" in html and "/people/new?" in html


def test_settings_of_the_chosen_municipality(two, login_as):
    client = login_as("admin")
    html = _html(client, "/admin/settings?municipality=kuldiga")
    assert 'value="Kuldīgas novada pašvaldība"' in html
    assert '<option value="kuldiga" selected>' in html
    muni = two["municipality"]
    data = {"version": str(muni.version), "name": muni.name, "address": "Baznīcas iela 1",
            "website": "", "default_seats": "9", "term_years": "4",
            "notice_days_regular": "5", "notice_days_extraordinary": "1",
            "quorum_rule": "more_than_half", "chair_casting_vote": "y",
            "answer_working_days": "10", "answer_extension_months": "1",
            "numbering_reset": "yearly", "min_member_age": "18"}
    response = client.post_form("/admin/settings?municipality=kuldiga", data)
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/settings?municipality=kuldiga"
    saldus = db.session.scalars(select(Municipality).where(
        Municipality.slug == "saldus")).one()
    db.session.refresh(muni)
    assert (muni.default_seats, saldus.default_seats) == (9, 7)
    response = client.post_form("/admin/settings/addressees/new?municipality=kuldiga",
                                {"addressee-kind": "dome", "addressee-name": "Kuldīgas dome"})
    assert response.status_code == 302
    assert [a.name for a in muni.addressees] == ["Kuldīgas dome"]
    assert client.get("/admin/settings?municipality=nav-tadas").status_code == 404
    addressee = muni.addressees[0]
    html = _html(client, f"/admin/settings/addressees/{addressee.id}/edit")
    assert 'href="/admin/settings?municipality=kuldiga"' in html


def test_about_page_per_municipality(two, client):
    html = _html(client, "/about")
    assert "likumā noteiktie" in html and 'id="municipality-switch"' in html
    assert "vismaz 16 gadus" in html
    html = _html(client, "/about?municipality=kuldiga")
    assert "vismaz 18 gadus" in html and "Kuldīgas novada pašvaldība" in html
    assert 'href="/councils/?municipality=kuldiga"' in html


def test_recommendations_filtered_by_municipality(two, client):
    html = _html(client, "/recommendations/")
    assert "Par apgaismojumu Rumbas ciemā" in html and 'id="municipality"' in html
    # with several municipalities the council filter waits for one: hundreds of councils
    # nationally are too many for one list
    assert 'id="council"' not in html and "lai izvēlētos kādu no tās padomēm" in html
    html = _html(client, "/recommendations/?municipality=kuldiga")
    assert "Par apgaismojumu Rumbas ciemā" in html and "Kursīšu" not in html
    assert f'<option value="{two["council"].id}">Rumbas pagasta iedzīvotāju padome' in html
    assert "<optgroup" not in html
    html = _html(client, f"/recommendations/?council={two['council'].id}")
    assert f'<option selected value="{two["council"].id}">' in html or \
        f'<option value="{two["council"].id}" selected>' in html
    assert '<option selected value="kuldiga">' in html  # the council brings its municipality
    assert "Par apgaismojumu Rumbas ciemā" in html and "Kursīšu" not in html
    csv = client.get("/recommendations.csv?municipality=kuldiga").get_data(as_text=True)
    assert "Par apgaismojumu Rumbas ciemā" in csv and "Kursīšu" not in csv
    html = _html(client, "/recommendations/?municipality=nav-tadas")  # ignored like any filter
    assert "Par apgaismojumu Rumbas ciemā" in html


def test_with_one_municipality_the_register_has_no_municipality_filter(demo, client):
    html = _html(client, "/recommendations/")
    assert 'id="municipality"' not in html
    assert "Kursīšu pagasta iedzīvotāju padome</option>" in html


def test_the_officers_dashboard_counts_one_municipality(two, login_as):
    client = login_as("officer")
    html = _html(client, "/recommendations/?municipality=kuldiga&overdue=1")
    table = html[html.index('id="per-council-title"'):]
    assert "Rumbas pagasta iedzīvotāju padome" in table and "Kursīšu" not in table
    assert 'href="/recommendations/?municipality=kuldiga&amp;overdue=1"' in html


def test_search_within_one_municipality(two, client):
    item = f'href="/meetings/{two["meeting"].id}#item-'
    assert item in _html(client, "/search?q=tiltu")
    html = _html(client, "/search?q=tiltu&municipality=kuldiga")
    assert item in html and 'href="/search?q=tiltu&amp;municipality=kuldiga&amp;kind=' in html
    html = _html(client, "/search?q=tiltu&municipality=saldus")
    assert item not in html and "nekas netika atrasts" in html
    assert '<option value="saldus" selected>' in html


def test_with_one_municipality_search_has_no_municipality_choice(demo, client):
    assert 'id="search-municipality"' not in _html(client, "/search?q=apgaismojum")


@pytest.mark.parametrize("url", ["/councils/", "/councils/?municipality=kuldiga",
                                 "/recommendations/", "/recommendations/?municipality=kuldiga",
                                 "/search?q=par&municipality=kuldiga"])
def test_municipality_scoped_lists_cost_the_same_for_small_and_large_data(two, client,
                                                                         count_queries, url):
    with count_queries() as small:
        assert client.get(url).status_code == 200
    _grow(two["municipality"], councils=12, meetings=2)
    for _ in range(10):
        _grow(factories.municipality(), councils=1, meetings=1)
    with count_queries() as large:
        assert client.get(url).status_code == 200
    assert small.count == large.count


def test_administrators_choose_councils_and_people_under_their_municipality(two, login_as):
    client = login_as("admin")
    user = factories.user(display_name="Rumbas sekretāre")
    db.session.commit()
    html = _html(client, f"/admin/users/{user.id}")
    assert '<optgroup label="Kuldīgas novada pašvaldība">' in html
    assert '<optgroup label="Saldus novada pašvaldība">' in html
    councils = html[html.index('id="role-council_id"'):]
    group = councils[councils.index('<optgroup label="Kuldīgas'):]
    group = group[:group.index("</optgroup>")]
    assert "Rumbas pagasta iedzīvotāju padome" in group and "Kursīšu" not in group
    response = client.post_form(f"/admin/users/{user.id}/roles", {
        "role-council_id": str(two["council"].id), "role-role": "secretary"})
    assert response.status_code == 302
    assert [r.council.slug for r in user.council_roles] == ["kuldiga-rumbas-pagasts"]


def _person_select(html):
    select_ = html[html.index('id="person_id"'):]
    return select_[:select_.index("</select>")]


def test_administrators_link_a_person_of_the_municipality_they_choose(two, login_as):
    client = login_as("admin")
    rumbenieks = two["person"]
    html = _html(client, "/admin/users/new")
    # a country's people are too many for one list: first the municipality
    assert 'id="people_of"' in html and "Rumbenieks" not in _person_select(html)
    assert _person_select(html).count("<option") == 1  # "— none —"
    html = _html(client, "/admin/users/new?people_of=kuldiga")
    people = _person_select(html)
    assert "Kārlis Rumbenieks" in people and "Ņina Žukova" not in people
    assert 'action="/admin/users/new?people_of=kuldiga"' in html
    response = client.post_form("/admin/users/new?people_of=kuldiga", {
        "email": "karlis@rumba.example", "display_name": "Kārlis Rumbenieks",
        "password": "garaparole123", "role": "none", "locale": "lv",
        "person_id": str(rumbenieks.id)})
    assert response.status_code == 302
    user = db.session.scalar(select(User).where(User.email == "karlis@rumba.example"))
    assert user.person_id == rumbenieks.id
    # the account page offers the linked person's municipality by itself
    people = _person_select(_html(client, f"/admin/users/{user.id}"))
    assert f'<option selected value="{rumbenieks.id}">Kārlis Rumbenieks' in people
    assert "Ņina Žukova" not in people
    # another municipality's people are offered beside the linked person, never instead
    people = _person_select(_html(client, f"/admin/users/{user.id}?people_of=saldus"))
    assert f'<option selected value="{rumbenieks.id}">Kārlis Rumbenieks' in people
    assert "Ņina Žukova" in people
    # a person of another municipality than the list offers is refused, with what was typed
    other = factories.person(two["municipality"], full_name="Līga Kalniņa")
    db.session.commit()
    response = client.post_form(f"/admin/users/{user.id}?people_of=saldus", {
        "email": "karlis@rumba.example", "display_name": "Kārlis R.", "role": "none",
        "locale": "lv", "person_id": str(other.id)})
    assert response.status_code == 400 and 'value="Kārlis R."' in response.get_data(as_text=True)


def test_with_one_municipality_admin_choices_are_not_grouped(demo, login_as):
    html = _html(login_as("admin"), "/admin/users/new")
    assert "<optgroup" not in html and "Ņina Žukova" in html
