"""Meeting pages: every route × role, the secretary's flows, bad input, closed items, locking,
the council section, the dashboard and constant query counts."""

import itertools
from datetime import UTC, datetime, time, timedelta
from io import BytesIO
from zoneinfo import ZoneInfo

import pytest
from docx import Document
from sqlalchemy import select

from council.extensions import db
from council.models import AgendaItem, AuditEntry, Council, Meeting, MeetingStatus
from tests import factories

RIGA = ZoneInfo("Europe/Riga")
ROLES = ["anonymous", "member", "secretary", "other_secretary", "officer", "admin"]
_numbers = itertools.count(500)
CLOSED_TITLE = "Par Ņinas Žukovas iesniegumu"


def kursisi():
    return db.session.scalars(select(Council).where(Council.slug == "saldus-kursisu-pagasts")).one()


def riga_day(days):
    return (datetime.now(RIGA) + timedelta(days=days)).date()


def at(days, hour=18):
    return datetime.combine(riga_day(days), time(hour, 0), tzinfo=RIGA).astimezone(UTC)


def make(status=MeetingStatus.ANNOUNCED, days=30, public=True, items=2, council=None):
    council = council or kursisi()
    m = factories.meeting(council, starts_at=at(days), status=status, is_public=public,
                          number=next(_numbers))
    for n in range(items):
        closed = n == 1
        factories.agenda_item(m, title=CLOSED_TITLE if closed else f"Par ielu apgaismojumu {n}",
                              is_public=not closed, presenter="Jānis Kalniņš")
    db.session.commit()
    return m


def html(response):
    return response.get_data(as_text=True)


# --- routes × roles -------------------------------------------------------------------------------

READERS = {"anonymous", "member", "secretary", "other_secretary", "officer", "admin"}
COUNCIL = {"member", "secretary", "officer", "admin"}  # who sees drafts and closed meetings
WRITERS = {"secretary", "admin"}


def expected_read(role, audience):
    return 200 if role in audience else 404


def expected_write(role, visible_to):
    if role == "anonymous":
        return 302
    if role not in visible_to:
        return 404
    return 200 if role in WRITERS else 403


@pytest.mark.parametrize("role", ROLES)
def test_every_route_for_every_role(demo, login_as, role):
    pub, draft, closed = make(), make(MeetingStatus.DRAFT), make(public=False)
    item = pub.agenda_items[0]
    client = login_as(role)
    reads = [
        (f"/meetings/{pub.id}", READERS), (f"/meetings/{draft.id}", COUNCIL),
        (f"/meetings/{closed.id}", COUNCIL), (f"/meetings/{pub.id}/agenda.docx", READERS),
        (f"/meetings/{draft.id}/agenda.docx", COUNCIL),
        (f"/meetings/{pub.id}/calendar.ics", READERS),
        (f"/meetings/{closed.id}/calendar.ics", COUNCIL),
        ("/councils/saldus-kursisu-pagasts/meetings", READERS),
        ("/councils/saldus-kursisu-pagasts", READERS),
        ("/meetings/999999", set()),
    ]
    for url, audience in reads:
        response = client.get(url)
        assert response.status_code == expected_read(role, audience), (role, url)
    writes = [
        f"/meetings/{pub.id}/edit", f"/meetings/{pub.id}/postpone", f"/meetings/{pub.id}/cancel",
        f"/meetings/{pub.id}/hold", f"/meetings/{pub.id}/items/new",
        f"/meetings/{pub.id}/items/{item.id}/edit", f"/meetings/{pub.id}/items/{item.id}/delete",
    ]
    for url in writes:
        response = client.get(url)
        assert response.status_code == expected_write(role, READERS), (role, url)
    for url in (f"/meetings/{draft.id}/edit", f"/meetings/{draft.id}/announce",
                f"/meetings/{draft.id}/delete"):
        response = client.get(url)
        assert response.status_code == expected_write(role, COUNCIL), (role, url)
    new = client.get("/councils/saldus-kursisu-pagasts/meetings/new")
    assert new.status_code == expected_write(role, READERS)
    dashboard = client.get("/dashboard")
    assert dashboard.status_code == (302 if role == "anonymous" else 200)


@pytest.mark.parametrize("role", ["anonymous", "member", "other_secretary", "officer"])
def test_refused_posts_change_nothing(demo, login_as, role):
    pub, draft = make(), make(MeetingStatus.DRAFT)
    item = pub.agenda_items[0]
    client = login_as(role)
    posts = [
        (f"/meetings/{pub.id}/cancel", {"reason": "x"}),
        (f"/meetings/{pub.id}/postpone", {"date": "2030-01-10", "start_time": "18.00",
                                          "duration": "60", "reason": "x", "version": "1"}),
        (f"/meetings/{pub.id}/hold", {}),
        (f"/meetings/{pub.id}/edit", {"date": "2030-01-10", "start_time": "18.00",
                                      "duration": "60", "kind": "regular", "place": "X"}),
        (f"/meetings/{pub.id}/items/new", {"item-title": "Jauns"}),
        (f"/meetings/{pub.id}/items/{item.id}/move", {"direction": "down"}),
        (f"/meetings/{pub.id}/items/{item.id}/delete", {}),
        (f"/meetings/{draft.id}/announce", {"acknowledge_short_notice": "y"}),
        (f"/meetings/{draft.id}/delete", {}),
        ("/councils/saldus-kursisu-pagasts/meetings/new",
         {"date": "2030-01-10", "start_time": "18.00", "duration": "60", "kind": "regular",
          "place": "X"}),
    ]
    before = db.session.scalar(select(db.func.count(AuditEntry.id)))
    for url, data in posts:
        response = client.post_form(url, data)
        assert response.status_code in (302, 403, 404), (url, response.status_code)
        if role == "anonymous":
            assert "/login" in response.headers["Location"]
    assert db.session.scalar(select(db.func.count(AuditEntry.id))) == before
    assert db.session.get(Meeting, pub.id).status == MeetingStatus.ANNOUNCED
    assert db.session.get(Meeting, draft.id).status == MeetingStatus.DRAFT
    assert len(db.session.get(Meeting, pub.id).agenda_items) == 2


def test_posts_need_csrf(demo, login_as):
    pub = make()
    client = login_as("secretary")
    response = client.post(f"/meetings/{pub.id}/cancel", data={"reason": "Nav kvoruma"})
    assert response.status_code == 400
    assert db.session.get(Meeting, pub.id).status == MeetingStatus.ANNOUNCED


# --- the secretary's flows ------------------------------------------------------------------------

def form_data(days=30, **kw):
    data = {"date": riga_day(days).isoformat(), "start_time": "18.00", "end_time": "20:00",
            "duration": "", "kind": "regular", "place": "Kursīšu pagasta pārvalde",
            "online_url": "", "is_public": "y", "number": ""}
    data.update(kw)
    return data


def test_secretary_creates_builds_the_agenda_and_announces(demo, login_as):
    client = login_as("secretary")
    response = client.post_form("/councils/saldus-kursisu-pagasts/meetings/new", form_data())
    assert response.status_code == 302
    meeting = db.session.scalars(select(Meeting).order_by(Meeting.id.desc())).first()
    assert response.headers["Location"].endswith(f"/meetings/{meeting.id}")
    assert meeting.status == MeetingStatus.DRAFT
    assert meeting.starts_at.astimezone(RIGA).hour == 18
    url = f"/meetings/{meeting.id}"
    for title in ("Par ielu apgaismojumu", "Par ceļu greiderēšanu", "Dažādi"):
        response = client.post_form(f"{url}/items/new", {"item-title": title, "item-is_public": "y",
                                                         "item-presenter": "Jānis Kalniņš"})
        assert response.status_code == 302 and "#item-" in response.headers["Location"]
    items = db.session.get(Meeting, meeting.id).agenda_items
    assert [i.title for i in items] == ["Par ielu apgaismojumu", "Par ceļu greiderēšanu", "Dažādi"]
    client.post_form(f"{url}/items/{items[2].id}/move", {"direction": "up"})
    db.session.expire_all()
    assert [i.title for i in db.session.get(Meeting, meeting.id).agenda_items][1] == "Dažādi"
    page = html(client.get(url))
    assert "Izsludināt…" in page and "Pievienot darba kārtības jautājumu" in page
    assert "Announce" not in page
    response = client.post_form(f"{url}/announce", {})
    assert response.status_code == 302
    meeting = db.session.get(Meeting, meeting.id)
    assert meeting.status == MeetingStatus.ANNOUNCED
    flash = html(client.get(url))
    assert "Sēde ir izsludināta" in flash


def test_short_notice_asks_for_confirmation(demo, login_as):
    client = login_as("secretary")
    meeting = make(MeetingStatus.DRAFT, days=2)
    page = html(client.get(f"/meetings/{meeting.id}/announce"))
    assert "Nolikums prasa par kārtējo sēdi paziņot vismaz 5 dienas iepriekš" in page
    response = client.post_form(f"/meetings/{meeting.id}/announce", {})
    assert response.status_code == 400
    assert "Atzīmējiet šo" in html(response)
    assert db.session.get(Meeting, meeting.id).status == MeetingStatus.DRAFT
    response = client.post_form(f"/meetings/{meeting.id}/announce",
                                {"acknowledge_short_notice": "y"})
    assert response.status_code == 302
    assert db.session.get(Meeting, meeting.id).status == MeetingStatus.ANNOUNCED


def test_announce_without_agenda_is_explained(demo, login_as):
    client = login_as("secretary")
    meeting = make(MeetingStatus.DRAFT, items=0)
    response = client.post_form(f"/meetings/{meeting.id}/announce", {})
    assert response.status_code == 400
    assert "vismaz vienu darba kārtības jautājumu" in html(response)


def test_postpone_cancel_and_hold_through_the_pages(demo, login_as):
    client = login_as("secretary")
    meeting = make(days=20)
    page = html(client.get(f"/meetings/{meeting.id}/postpone"))
    assert f'value="{riga_day(20).isoformat()}"' in page and 'value="18.00"' in page
    response = client.post_form(f"/meetings/{meeting.id}/postpone", form_data(
        days=27, reason="Ceļu dienests var ierasties tikai nākamnedēļ", version=meeting.version))
    assert response.status_code == 302
    meeting = db.session.get(Meeting, meeting.id)
    assert meeting.is_postponed and meeting.sequence == 1
    page = html(client.get(f"/meetings/{meeting.id}"))
    assert "Pārcelta." in page and "Ceļu dienests var ierasties" in page
    response = client.post_form(f"/meetings/{meeting.id}/cancel", {"reason": ""})
    assert response.status_code == 400 and "Aizpildiet šo lauku" in html(response)
    response = client.post_form(f"/meetings/{meeting.id}/cancel", {"reason": "Nav kvoruma"})
    assert response.status_code == 302
    assert db.session.get(Meeting, meeting.id).status == MeetingStatus.CANCELLED
    page = html(client.get(f"/meetings/{meeting.id}"))
    assert "Šī sēde ir atcelta." in page and "Nav kvoruma" in page
    past = make(days=-1)
    assert client.post_form(f"/meetings/{past.id}/hold", {}).status_code == 302
    assert db.session.get(Meeting, past.id).status == MeetingStatus.HELD
    future = make(days=3)
    client.post_form(f"/meetings/{future.id}/hold", {})
    assert db.session.get(Meeting, future.id).status == MeetingStatus.ANNOUNCED


def test_delete_a_draft_after_confirmation(demo, login_as):
    client = login_as("secretary")
    draft_id = make(MeetingStatus.DRAFT).id
    assert "<form" in html(client.get(f"/meetings/{draft_id}/delete"))
    assert db.session.get(Meeting, draft_id) is not None
    response = client.post_form(f"/meetings/{draft_id}/delete", {})
    assert response.status_code == 302
    assert db.session.get(Meeting, draft_id) is None
    announced = make()
    client.post_form(f"/meetings/{announced.id}/delete", {})
    assert db.session.get(Meeting, announced.id) is not None


def test_agenda_item_edit_and_remove(demo, login_as):
    client = login_as("secretary")
    meeting = make()
    first, second = meeting.agenda_items
    url = f"/meetings/{meeting.id}/items/{first.id}"
    seen_version = first.version
    response = client.post_form(f"{url}/edit", {
        "item-title": "Par ielu apgaismojumu Kursīšu centrā", "item-is_public": "y",
        "item-expected_minutes": "20", "item-version": str(seen_version)})
    assert response.status_code == 302
    assert db.session.get(AgendaItem, first.id).title == "Par ielu apgaismojumu Kursīšu centrā"
    response = client.post_form(f"{url}/edit", {"item-title": "Vecā versija",
                                                "item-version": str(seen_version)})
    assert response.status_code == 409
    assert "Vecā versija" in html(response) and "mainīja kāds cits" in html(response)
    assert client.post_form(f"{url}/delete", {}).status_code == 302
    db.session.expire_all()
    remaining = db.session.get(Meeting, meeting.id).agenda_items
    assert [(i.id, i.position) for i in remaining] == [(second.id, 1)]
    assert db.session.get(Meeting, meeting.id).sequence == 2  # announced: subscribers see it


def test_stale_meeting_edit_shows_both_versions_and_keeps_input(demo, login_as):
    client = login_as("secretary")
    meeting = make(MeetingStatus.DRAFT)
    version = meeting.version
    meeting.place = "Kultūras nams"
    db.session.commit()
    response = client.post_form(f"/meetings/{meeting.id}/edit", form_data(
        place="Skolas zāle", version=str(version)))
    assert response.status_code == 409
    page = html(response)
    assert "Kultūras nams" in page and 'value="Skolas zāle"' in page
    assert f'name="version" type="hidden" value="{meeting.version}"' in page
    response = client.post_form(f"/meetings/{meeting.id}/edit", form_data(
        place="Skolas zāle", version=str(db.session.get(Meeting, meeting.id).version)))
    assert response.status_code == 302
    assert db.session.get(Meeting, meeting.id).place == "Skolas zāle"


def test_changes_to_an_announced_meeting_are_highlighted(demo, login_as):
    client = login_as("secretary")
    meeting = make(days=20)
    response = client.post_form(f"/meetings/{meeting.id}/edit", form_data(
        days=20, place="Kursīšu kultūras nams", version=str(meeting.version)))
    assert response.status_code == 302
    member = login_as("member")
    member.logout()
    member.login("biedrs@saldus.example")
    page = html(member.get(f"/meetings/{meeting.id}"))
    assert "Mainīts pēc izsludināšanas" in page
    assert "vieta: bija Kursīšu pagasta pārvalde, tagad Kursīšu kultūras nams" in page
    assert "Kursīšu kultūras nams" in html(member.get("/dashboard"))


@pytest.mark.parametrize("field,value,message", [
    ("date", "2026-02-31", "Ievadiet īstu datumu"),
    ("date", "31.02.2026.", "Ievadiet īstu datumu"),
    ("date", "", "Aizpildiet šo lauku"),
    ("start_time", "pusseptiņos", "Ievadiet laiku"),
    ("start_time", "25.00", "Ievadiet laiku"),
    ("start_time", "", "Aizpildiet šo lauku"),
    ("end_time", "17:00", "Sēdei jābeidzas pēc tās sākuma"),
    ("end_time", "vakarā", "Ievadiet laiku"),
    ("duration", "divas stundas", "Nederīgs vesels skaitlis"),
    ("place", "Ā" * 10_000, "ne vairāk kā 300"),
    ("place", "Kursīši\x00", "nav atļautas"),
    ("place", "", "Norādiet vietu"),
    ("online_url", "javascript:alert(1)", "https://"),
    ("number", "0", "Ievadiet skaitli no 1 līdz 9999"),
    ("kind", "secret", "Nederīga izvēle"),
    ("date", "0001-01-01", "no 2000. līdz 2100. gadam"),
    ("date", "9999-12-31", "no 2000. līdz 2100. gadam"),
])
def test_bad_input_is_a_form_error_and_keeps_what_was_typed(demo, login_as, field, value,
                                                            message):
    client = login_as("secretary")
    count = db.session.scalar(select(db.func.count(Meeting.id)))
    data = form_data(place="Kursīšu pagasta pārvalde, Skolas iela 1")
    data[field] = value
    response = client.post_form("/councils/saldus-kursisu-pagasts/meetings/new", data)
    assert response.status_code == 400
    page = html(response)
    assert message in page, page[page.find("form-errors"):][:600]
    if field != "place":
        assert 'value="Kursīšu pagasta pārvalde, Skolas iela 1"' in page
    if field in ("start_time", "end_time") and value:
        assert f'value="{value}"' in page
    assert db.session.scalar(select(db.func.count(Meeting.id))) == count


@pytest.mark.parametrize("data", [
    {"item-title": ""}, {"item-title": "x" * 10_000}, {"item-title": "A\x00"},
    {"item-title": "Labs", "item-expected_minutes": "0"},
    {"item-title": "Labs", "item-expected_minutes": "daudz"},
])
def test_bad_agenda_item_input(demo, login_as, data):
    client = login_as("secretary")
    meeting = make(items=0)
    response = client.post_form(f"/meetings/{meeting.id}/items/new", data)
    assert response.status_code == 400
    assert db.session.get(Meeting, meeting.id).agenda_items == []


def test_bad_move_direction_and_foreign_item(demo, login_as):
    client = login_as("secretary")
    meeting, other = make(), make()
    item = meeting.agenda_items[0]
    response = client.post_form(f"/meetings/{meeting.id}/items/{item.id}/move",
                                {"direction": "sideways"})
    assert response.status_code == 302
    response = client.get(f"/meetings/{other.id}/items/{item.id}/edit")
    assert response.status_code == 404


# --- closed items and the public ------------------------------------------------------------------

def test_closed_items_never_reach_the_public(demo, login_as):
    meeting = make()
    client = login_as(None)
    page = html(client.get(f"/meetings/{meeting.id}"))
    assert "Par ielu apgaismojumu 0" in page and CLOSED_TITLE not in page
    assert "Slēgts jautājums" in page
    doc = Document(BytesIO(client.get(f"/meetings/{meeting.id}/agenda.docx").data))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "Par ielu apgaismojumu 0" in text and CLOSED_TITLE not in text
    for url in (f"/meetings/{meeting.id}/calendar.ics", "/calendar.ics",
                "/councils/saldus-kursisu-pagasts/calendar.ics"):
        body = client.get(url).data.decode().replace("\r\n ", "")
        assert "Par ielu apgaismojumu 0" in body and "Ņinas" not in body, url
    council_page = html(client.get("/councils/saldus-kursisu-pagasts"))
    assert CLOSED_TITLE not in council_page


def test_members_see_closed_items(demo, login_as):
    meeting = make()
    client = login_as("member")
    assert CLOSED_TITLE in html(client.get(f"/meetings/{meeting.id}"))
    doc = Document(BytesIO(client.get(f"/meetings/{meeting.id}/agenda.docx").data))
    assert any(CLOSED_TITLE in p.text for p in doc.paragraphs)
    assert "Ņinas" in client.get(f"/meetings/{meeting.id}/calendar.ics").data.decode().replace(
        "\r\n ", "")


def test_agenda_docx_download(demo, client):
    meeting = make()
    response = client.get(f"/meetings/{meeting.id}/agenda.docx")
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    assert "attachment" in response.headers["Content-Disposition"]
    assert f"nr-{meeting.number}.docx" in response.headers["Content-Disposition"]


# --- council page, list, dashboard ----------------------------------------------------------------

def test_council_page_shows_meetings_and_calendar_links(demo, login_as):
    make(days=3)
    client = login_as(None)
    page = html(client.get("/councils/saldus-kursisu-pagasts"))
    assert "Nākamā sēde" in page and "Notikušās sēdes" in page
    assert 'href="webcal://localhost/councils/saldus-kursisu-pagasts/calendar.ics"' in page
    assert 'href="/councils/saldus-kursisu-pagasts/calendar.ics"' in page
    assert "Jauna sēde" not in page and "Melnraksti" not in page
    secretary = login_as("secretary")
    page = html(secretary.get("/councils/saldus-kursisu-pagasts"))
    assert "Jauna sēde" in page and "Melnraksti (redz tikai padome)" in page


def test_dashboard_for_member_secretary_and_officer(demo, login_as):
    meeting = make(days=10)
    client = login_as("member")
    page = html(client.get("/dashboard"))
    assert f"/meetings/{meeting.id}" in page and CLOSED_TITLE in page
    assert "Kas jādara" not in page
    client.logout()
    client.login("sekretare@saldus.example")
    page = html(client.get("/dashboard"))
    assert "Kas jādara" in page and "Sēžu melnraksti" in page
    assert "Notikušas sēdes bez apstiprināta protokola" in page
    client.logout()
    client.login("officer@saldus.example")
    assert "Jūs neesat nevienā padomē" in html(client.get("/dashboard"))


def test_profile_offers_the_personal_calendar(demo, login_as):
    page = html(login_as("member").get("/profile"))
    assert 'id="calendar-feed"' in page and "Izveidot manu kalendāra adresi" in page


# --- query counts ---------------------------------------------------------------------------------

def _count(client, count_queries, url):
    client.get(url)  # warm up (language cookie, caches)
    with count_queries() as q:
        response = client.get(url)
    assert response.status_code == 200, url
    return q.count


@pytest.mark.parametrize("role", ["anonymous", "secretary"])
def test_meeting_page_costs_the_same_with_few_or_many_items(demo, login_as, count_queries, role):
    client = login_as(role)
    few, many = make(items=1), make(items=20)
    assert _count(client, count_queries, f"/meetings/{few.id}") == _count(
        client, count_queries, f"/meetings/{many.id}")


def test_council_pages_and_dashboard_cost_the_same_with_more_meetings(demo, login_as,
                                                                      count_queries):
    client = login_as("member")
    urls = ["/councils/saldus-kursisu-pagasts", "/councils/saldus-kursisu-pagasts/meetings",
            "/dashboard"]
    before = [_count(client, count_queries, url) for url in urls]
    for days in range(1, 40):
        make(days=days, items=3)
    make(MeetingStatus.DRAFT, days=50)
    after = [_count(client, count_queries, url) for url in urls]
    assert before == after


def test_huge_or_unknown_ids_are_404(demo, login_as):
    client = login_as("secretary")
    for url in ("/meetings/99999999999999999999", "/meetings/99999999999999999999/edit",
                "/meetings/99999999999999999999/calendar.ics", "/meetings/0/agenda.docx",
                "/councils/nav-tadas/meetings/new", "/councils/nav-tadas/meetings"):
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("reason", ["", "Ā" * 10_000, "Nav\x00kvoruma"])
def test_bad_cancel_reason(demo, login_as, reason):
    client = login_as("secretary")
    meeting = make()
    response = client.post_form(f"/meetings/{meeting.id}/cancel", {"reason": reason})
    assert response.status_code == 400
    assert db.session.get(Meeting, meeting.id).status == MeetingStatus.ANNOUNCED


def test_moving_an_announced_meeting_closer_warns_about_notice(demo, login_as):
    client = login_as("secretary")
    meeting = make(days=20)
    data = form_data(days=2, version=str(meeting.version))
    response = client.post_form(f"/meetings/{meeting.id}/edit", data)
    assert response.status_code == 400
    page = html(response)
    assert "Nolikums prasa" in page and 'name="acknowledge_short_notice"' in page
    assert db.session.get(Meeting, meeting.id).starts_at == meeting.starts_at
    response = client.post_form(f"/meetings/{meeting.id}/edit",
                                {**data, "acknowledge_short_notice": "y"})
    assert response.status_code == 302
    assert db.session.get(Meeting, meeting.id).starts_at == at(2)


def test_lifecycle_pages_for_the_wrong_state_explain_and_go_back(demo, login_as):
    client = login_as("secretary")
    draft, announced = make(MeetingStatus.DRAFT), make()
    for url in (f"/meetings/{draft.id}/hold", f"/meetings/{draft.id}/cancel",
                f"/meetings/{draft.id}/postpone", f"/meetings/{announced.id}/announce"):
        response = client.get(url)
        assert response.status_code == 302, url
    held = make(MeetingStatus.HELD, days=-3)
    response = client.get(f"/meetings/{held.id}/edit")
    assert response.status_code == 302
    assert "vairs nevar mainīt" in html(client.get(response.headers["Location"]))
