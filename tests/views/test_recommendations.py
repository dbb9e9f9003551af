"""Recommendation pages: every route × every role, the whole flow over HTTP, CSV, bad input,
optimistic locking, drafting from an adopted decision, and query counts."""

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from council.extensions import db
from council.models import (
    Addressee,
    AnswerOutcome,
    AuditEntry,
    Council,
    MeetingStatus,
    Outcome,
    Recommendation,
    RecommendationEvent,
    RecommendationStatus,
    User,
)
from council.services import recommendations as svc
from tests import factories as f
from tests.conftest import DEMO_USERS

ROLES = ["anonymous", "member", "secretary", "other_secretary", "officer", "admin"]
KURSISI = "saldus-kursisu-pagasts"
S = RecommendationStatus


def _id(title_start: str) -> int:
    return db.session.scalar(select(Recommendation.id).where(
        Recommendation.title.startswith(title_start)))


def _demo_ids():
    return {
        "draft": _id("Par suņu pastaigu"),
        "sent": _id("Par gājēju celiņa izbūvi"),  # public, overdue, not registered
        "hidden": _id("Par pamestas ēkas"),  # not public, sent
        "registered": _id("Par Kursīšu bibliotēkas"),
        "answered": _id("Par autobusa pieturas"),
    }


def _council(slug=KURSISI) -> Council:
    return db.session.scalars(select(Council).where(Council.slug == slug)).one()


def _addressee_id() -> int:
    return db.session.scalar(select(Addressee.id).where(Addressee.name == "Saldus novada dome"))


def _text(response) -> str:
    return response.get_data(as_text=True)


def _version(response) -> str:
    return re.search(r'name="version" type="hidden" value="(\d+)"', _text(response)).group(1)


# --- routes × roles -----------------------------------------------------------------------------

OK, LOGIN, FORBIDDEN, MISSING = 200, 302, 403, 404
COUNCIL_WRITE = {"anonymous": LOGIN, "member": FORBIDDEN, "secretary": OK,
                 "other_secretary": FORBIDDEN, "officer": FORBIDDEN, "admin": OK}
DRAFT_WRITE = {**COUNCIL_WRITE, "other_secretary": MISSING}  # a draft is not theirs to see
OFFICER_WRITE = {"anonymous": LOGIN, "member": FORBIDDEN, "secretary": FORBIDDEN,
                 "other_secretary": FORBIDDEN, "officer": OK, "admin": OK}
INSIDERS_ONLY = {"anonymous": MISSING, "member": OK, "secretary": OK,
                 "other_secretary": MISSING, "officer": OK, "admin": OK}


def _get_matrix(ids):
    everyone = dict.fromkeys(ROLES, OK)
    return [
        ("/recommendations/", everyone),
        ("/recommendations/?overdue=1", everyone),
        ("/recommendations/?overdue=soon&sort=council&status=sent&outcome=accepted&year=2026",
         everyone),
        ("/recommendations.csv", everyone),
        ("/recommendations/mine", {**everyone, "anonymous": LOGIN}),
        (f"/recommendations/{ids['sent']}", everyone),
        (f"/recommendations/{ids['answered']}", everyone),
        (f"/recommendations/{ids['draft']}", INSIDERS_ONLY),
        (f"/recommendations/{ids['hidden']}", INSIDERS_ONLY),
        (f"/councils/{KURSISI}", everyone),
        (f"/councils/{KURSISI}/recommendations/new", COUNCIL_WRITE),
        (f"/recommendations/{ids['draft']}/edit", DRAFT_WRITE),
        (f"/recommendations/{ids['draft']}/send", DRAFT_WRITE),
        (f"/recommendations/{ids['sent']}/withdraw", COUNCIL_WRITE),
        (f"/recommendations/{ids['sent']}/register", OFFICER_WRITE),
        (f"/recommendations/{ids['registered']}/answer", OFFICER_WRITE),
        (f"/recommendations/{ids['registered']}/extend", OFFICER_WRITE),
        (f"/recommendations/{ids['answered']}/implementation", OFFICER_WRITE),
        (f"/recommendations/{ids['answered']}/close", OFFICER_WRITE),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_every_route_for_every_role(demo, login_as, role):
    client = login_as(role)
    ids = _demo_ids()
    for url, expected in _get_matrix(ids):
        response = client.get(url)
        assert response.status_code == expected[role], (role, url, response.status_code)
        if expected[role] == LOGIN:
            assert "/login" in response.headers["Location"]
    # POSTs are authorised before the input is even looked at.
    for url, expected in _get_matrix(ids):
        if not re.search(r"/(new|edit|send|withdraw|register|answer|extend|implementation|"
                         r"close)$", url):
            continue
        response = client.post_form(url, {})
        if expected[role] == OK:
            assert response.status_code == 400, (role, url, response.status_code)
        else:
            assert response.status_code == expected[role], (role, url, response.status_code)


def test_a_secretary_cannot_answer_and_an_officer_cannot_edit_draft_text(demo, client):
    ids = _demo_ids()
    client.login(DEMO_USERS["secretary"])
    page = client.get(f"/recommendations/{ids['registered']}")
    assert "/answer" not in _text(page)
    response = client.post_form(f"/recommendations/{ids['registered']}/answer", {
        "answered_on": "2026-01-05", "outcome": "accepted", "answer_text": "Jā.", "version": "1"})
    assert response.status_code == 403
    client.logout()
    client.login(DEMO_USERS["officer"])
    draft = db.session.get(Recommendation, ids["draft"])
    page = client.get(f"/recommendations/{ids['draft']}")
    assert page.status_code == 200 and "/edit" not in _text(page)
    response = client.post_form(f"/recommendations/{ids['draft']}/edit", {
        "title": "Ierēdņa teksts", "body": "Cits", "addressee_id": _addressee_id(),
        "source_item_id": "0", "version": str(draft.version)})
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(Recommendation, ids["draft"]).title.startswith("Par suņu pastaigu")


def test_anonymous_users_never_see_non_public_or_drafts(demo, client):
    listing = _text(client.get("/recommendations/"))
    assert "Par pamestas ēkas" not in listing and "Par suņu pastaigu" not in listing
    assert "Par gājēju celiņa izbūvi" in listing
    for query in ("", "?status=draft", f"?council={_council().id}", "?overdue=1"):
        data = client.get("/recommendations.csv" + query).get_data().decode("utf-8-sig")
        assert "Par pamestas ēkas" not in data and "Par suņu pastaigu" not in data, query
    council_page = _text(client.get(f"/councils/{KURSISI}"))
    assert "Par pamestas ēkas" not in council_page and "Par suņu pastaigu" not in council_page
    assert "Par gājēju celiņa izbūvi" in council_page
    client.login(DEMO_USERS["officer"])
    data = client.get("/recommendations.csv").get_data().decode("utf-8-sig")
    assert "Par pamestas ēkas" in data and "Par suņu pastaigu" in data


# --- the whole flow -----------------------------------------------------------------------------

def test_secretary_sends_officer_answers_resident_follows(demo, client):
    client.login(DEMO_USERS["secretary"])
    today = svc.today_for(_council().municipality)
    number = svc.next_number(_council(), today.year)
    response = client.post_form(f"/councils/{KURSISI}/recommendations/new", {
        "title": "Par soliņiem pie Ezerenes ezera", "body": "Padome lūdz uzstādīt 3 soliņus.",
        "addressee_id": _addressee_id(), "source_item_id": "0", "is_public": "y"})
    assert response.status_code == 302
    rec = db.session.scalars(select(Recommendation).where(
        Recommendation.title == "Par soliņiem pie Ezerenes ezera")).one()
    assert rec.status == S.DRAFT and rec.code == f"{today.year}/{number}"
    assert client.get(f"/recommendations/{rec.id}").status_code == 200
    form = client.get(f"/recommendations/{rec.id}/send")
    assert today.isoformat() in _text(form)
    response = client.post_form(f"/recommendations/{rec.id}/send", {
        "sent_on": today.isoformat(), "version": _version(form)})
    assert response.status_code == 302
    client.logout()

    client.login(DEMO_USERS["officer"])
    officer = db.session.scalars(select(User).where(User.email == DEMO_USERS["officer"])).one()
    form = client.get(f"/recommendations/{rec.id}/register")
    response = client.post_form(f"/recommendations/{rec.id}/register", {
        "registration_number": "SND/2026/4-12/300", "responsible_officer_id": officer.id,
        "registered_on": today.isoformat(), "version": _version(form)})
    assert response.status_code == 302
    form = client.get(f"/recommendations/{rec.id}/answer")
    response = client.post_form(f"/recommendations/{rec.id}/answer", {
        "answered_on": today.isoformat(), "outcome": "accepted",
        "answer_text": "Soliņi tiks uzstādīti līdz jūnijam.",
        "decision_reference": "Izpilddirektora rīkojums Nr. 2-7/300", "version": _version(form)})
    assert response.status_code == 302, _text(response)[:3000]
    client.logout()

    page = _text(client.get(f"/recommendations/{rec.id}"))
    for text in ("Izveidots projekts", "Nosūtīts: Saldus novada dome", "SND/2026/4-12/300",
                 "Atbildēts: atbalstīts", "Soliņi tiks uzstādīti līdz jūnijam.",
                 "Izpilddirektora rīkojums Nr. 2-7/300", "Ģirts Ābele", "Inese Kalēja"):
        assert text in page, text
    actions = db.session.scalars(select(AuditEntry.action).where(
        AuditEntry.object_type == "Recommendation", AuditEntry.object_id == rec.id)).all()
    assert actions == ["recommendation.create", "recommendation.send",
                       "recommendation.register", "recommendation.answer"]


def test_timeline_shows_extension_and_implementation(demo, client):
    page = _text(client.get(f"/recommendations/{_demo_ids()['answered']}"))
    assert "Atbildes termiņš pagarināts līdz" in page
    assert "Pagarinājuma iemesls: Nepieciešams saskaņojums" in page
    assert "Īstenošana: tiek īstenots." in page
    assert "daļēji atbalstīts" in page


def test_invalid_transition_flashes_and_redirects(demo, client):
    ids = _demo_ids()
    client.login(DEMO_USERS["officer"])
    response = client.get(f"/recommendations/{ids['answered']}/register")
    assert response.status_code == 302
    page = _text(client.get(response.headers["Location"]))
    assert "Reģistrēt var tikai nosūtītu priekšlikumu." in page
    rec = db.session.get(Recommendation, ids["answered"])
    response = client.post_form(f"/recommendations/{ids['answered']}/register", {
        "registration_number": "X", "responsible_officer_id": rec.responsible_officer_id,
        "registered_on": "2026-01-05", "version": str(rec.version)})
    assert response.status_code == 302


# --- CSV ----------------------------------------------------------------------------------------

def test_csv_opens_in_latvian_excel(demo, client):
    council = _council()
    response = client.get(f"/recommendations.csv?council={council.id}&status=answered")
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    data = response.get_data()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
    assert rows[0][:3] == ["Numurs", "Padome", "Nosaukums"]
    assert len(rows) == 2  # the one answered Kursīši recommendation
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Nosaukums"] == "Par autobusa pieturas nojumes atjaunošanu pie Kursīšu skolas"
    assert row["Padome"] == "Kursīšu pagasta iedzīvotāju padome"
    assert row["Statuss"] == "atbildēts" and row["Rezultāts"] == "daļēji atbalstīts"
    assert row["Termiņš pagarināts"] == "jā" and row["Atbildēts termiņā"] == "jā"
    assert re.fullmatch(r"\d\d\.\d\d\.\d{4}", row["Nosūtīšanas datums"])
    assert row["Saite"].endswith(f"/recommendations/{_demo_ids()['answered']}")
    assert row["Atbildīgais darbinieks"] == "Inese Kalēja"
    assert row["Reģistrācijas numurs"].startswith("SND/2026/")
    assert row["Priekšlikuma teksts"] and row["Atbilde"] and row["Adresāts"]
    assert row["Īstenošana"] and row["Atbildes termiņš"]


def test_csv_of_overdue_lists_days_overdue(demo, login_as):
    client = login_as("officer")
    data = client.get("/recommendations.csv?overdue=1").get_data().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(data, newline=""), delimiter=";"))
    assert len(rows) == 3
    assert all(int(r["Kavētas dienas"]) > 0 for r in rows)


# --- bad input ----------------------------------------------------------------------------------

@pytest.mark.parametrize("field,value,message", [
    ("title", "", "Aizpildiet šo lauku"),
    ("title", "x" * 10_000, "ne vairāk kā"),
    ("title", "Par\x00celiņu", "nav atļautas"),
    ("body", "", "Aizpildiet šo lauku"),
    ("body", "x" * 20_001, "ne vairāk kā"),
    ("addressee_id", "999999", "Nederīga izvēle"),
    ("addressee_id", "nav-skaitlis", ""),
    ("source_item_id", "999999", ""),
])
def test_drafting_bad_input_keeps_the_rest(demo, login_as, field, value, message):
    client = login_as("secretary")
    data = {"title": "Par soliņiem", "body": "Teksts ar garumzīmēm: ļ ņ ķ ģ.",
            "addressee_id": _addressee_id(), "source_item_id": "0", "is_public": "y",
            field: value}
    response = client.post_form(f"/councils/{KURSISI}/recommendations/new", data)
    assert response.status_code == 400
    page = _text(response)
    assert message in page
    if field != "body":
        assert "Teksts ar garumzīmēm: ļ ņ ķ ģ." in page


@pytest.mark.parametrize("data,message", [
    ({"answered_on": ""}, "Aizpildiet šo lauku"),
    ({"answered_on": "2026-13-45"}, "datums"),
    ({"answered_on": "2999-01-01"}, "nākotnē"),
    ({"outcome": "maybe"}, "Nederīga izvēle"),
    ({"answer_text": "\x00"}, "nav atļautas"),
    ({"answer_text": "x" * 20_001}, "ne vairāk kā"),
])
def test_answer_bad_input(demo, login_as, data, message):
    client = login_as("officer")
    rec_id = _demo_ids()["registered"]
    form = client.get(f"/recommendations/{rec_id}/answer")
    payload = {"answered_on": date.today().isoformat(), "outcome": "accepted",
               "answer_text": "Atbilde ar garumzīmēm.", "version": _version(form), **data}
    response = client.post_form(f"/recommendations/{rec_id}/answer", payload)
    assert response.status_code == 400
    assert message in _text(response)


def test_extension_beyond_the_limit_is_refused_with_the_limit(demo, login_as):
    client = login_as("officer")
    rec_id = _demo_ids()["hidden"]  # sent two working days ago
    form = client.get(f"/recommendations/{rec_id}/extend")
    rec = db.session.get(Recommendation, rec_id)
    response = client.post_form(f"/recommendations/{rec_id}/extend", {
        "new_due_on": (rec.sent_on + timedelta(days=200)).isoformat(), "reason": "Vajag.",
        "decided_on": rec.sent_on.isoformat(), "version": _version(form)})
    assert response.status_code == 400
    assert "ne vēlāk kā līdz" in _text(response)


@pytest.mark.parametrize("url", [
    "/recommendations/?council=abc&status=bogus&outcome=%00&year=abc&overdue=x&sort=evil&page=-1",
    "/recommendations/?council=99999999999999999999999&year=99999999999999999999",
    "/recommendations.csv?council=99999999999999999999999&year=-5",
    "/recommendations/mine?overdue=1&sort=%00",
])
def test_bad_filters_are_ignored(demo, login_as, url):
    assert login_as("officer").get(url).status_code == 200


def test_a_page_past_the_end_of_the_register_shows_its_last_page(demo, client):
    """A stale link or bookmark must not claim that nothing matches the filters."""
    first = _text(client.get("/recommendations/"))
    stale = _text(client.get("/recommendations/?page=50"))
    assert "Neviens priekšlikums neatbilst" not in stale
    assert "Par autobusa pieturas" in stale
    assert _rows(stale) == _rows(first)


def _rows(html: str) -> list[str]:
    return re.findall(r'<th scope="row"><a href="([^"]+)"', html)


def test_unknown_ids_are_404(demo, login_as):
    client = login_as("admin")
    for url in ("/recommendations/999999", "/recommendations/99999999999999999999999",
                "/recommendations/999999/answer", "/councils/nav-tadas/recommendations/new"):
        assert client.get(url).status_code == 404, url


# --- optimistic locking -------------------------------------------------------------------------

def test_stale_edit_shows_both_versions_and_keeps_input(demo, login_as):
    client = login_as("secretary")
    rec_id = _demo_ids()["draft"]
    form = client.get(f"/recommendations/{rec_id}/edit")
    old_version = _version(form)
    rec = db.session.get(Recommendation, rec_id)
    rec.title = "Kolēģa virsraksts"
    db.session.commit()
    response = client.post_form(f"/recommendations/{rec_id}/edit", {
        "title": "Mans virsraksts", "body": "Mans teksts", "addressee_id": _addressee_id(),
        "source_item_id": "0", "is_public": "y", "version": old_version})
    assert response.status_code == 409
    page = _text(response)
    assert "Kolēģa virsraksts" in page and "Mans virsraksts" in page and "Mans teksts" in page
    assert _version(response) == str(int(old_version) + 1)
    response = client.post_form(f"/recommendations/{rec_id}/edit", {
        "title": "Mans virsraksts", "body": "Mans teksts", "addressee_id": _addressee_id(),
        "source_item_id": "0", "is_public": "y", "version": _version(response)})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Recommendation, rec_id).title == "Mans virsraksts"


def test_stale_answer_answers_409(demo, login_as):
    client = login_as("officer")
    rec_id = _demo_ids()["registered"]
    form = client.get(f"/recommendations/{rec_id}/answer")
    response = client.post_form(f"/recommendations/{rec_id}/answer", {
        "answered_on": date.today().isoformat(), "outcome": "rejected",
        "answer_text": "Mana atbilde", "version": str(int(_version(form)) - 1)})
    assert response.status_code == 409
    assert "Mana atbilde" in _text(response)


# --- drafting from an adopted decision ----------------------------------------------------------

def _held_meeting(council, **kw):
    meeting = f.meeting(council, status=MeetingStatus.HELD, number=kw.pop("number", None),
                        starts_at=datetime(2026, 3, 5, 16, 0, tzinfo=UTC), **kw)
    return meeting


def test_new_from_an_adopted_decision_is_prefilled(demo, login_as):
    council = _council()
    meeting = _held_meeting(council)
    record = f.decision(meeting, f.agenda_item(meeting, title="Par ielu apgaismojumu Kursīšos"),
                        text="Ierosināt pašvaldībai uzstādīt trīs laternas.")
    rejected = f.decision(meeting, outcome=Outcome.REJECTED)
    foreign = _held_meeting(_council("saldus-saldus-pilseta"))
    db.session.commit()
    client = login_as("secretary")
    url = f"/councils/{KURSISI}/recommendations/new"
    page = _text(client.get(f"{url}?meeting={meeting.id}&item={record.agenda_item_id}"))
    assert "Par ielu apgaismojumu Kursīšos" in page
    assert "Ierosināt pašvaldībai uzstādīt trīs laternas." in page
    assert f'<option selected value="{record.agenda_item_id}">' in page
    assert client.get(f"{url}?meeting={foreign.id}&item={record.agenda_item_id}"
                      ).status_code == 404
    assert client.get(f"{url}?meeting={meeting.id}&item=999999").status_code == 404
    page = _text(client.get(f"{url}?meeting={meeting.id}&item={rejected.agenda_item_id}"))
    assert "nav pieņemta lēmuma" in page
    assert client.get(f"{url}?meeting=abc&item=").status_code == 200
    response = client.post_form(url, {
        "title": "Par ielu apgaismojumu Kursīšos", "body": "Teksts",
        "addressee_id": _addressee_id(), "source_item_id": record.agenda_item_id,
        "is_public": "y"})
    assert response.status_code == 302
    rec = db.session.scalars(select(Recommendation).where(
        Recommendation.source_agenda_item_id == record.agenda_item_id)).one()
    assert rec.source_meeting_id == meeting.id
    client.logout()
    # Once sent, residents follow it back to the meeting that made it.
    rec.status, rec.sent_on, rec.due_on = S.SENT, date(2026, 3, 6), date(2026, 3, 20)
    db.session.commit()
    page = _text(client.get(f"/recommendations/{rec.id}"))
    assert f"/meetings/{meeting.id}" in page and "1. § Par ielu apgaismojumu Kursīšos" in page
    assert "Ierosināt pašvaldībai uzstādīt trīs laternas." in page


# --- dashboard and council page -----------------------------------------------------------------

def test_officer_dashboard_shows_overdue_with_days_and_counts_per_council(demo, login_as):
    client = login_as("officer")
    page = _text(client.get("/recommendations/?overdue=1"))
    assert "Nokavētie priekšlikumi" in page
    assert page.count('class="overdue"') == 3
    assert re.search(r"kavēts \d+ dien", page)
    assert "Pa padomēm" in page and "Saldus pilsētas iedzīvotāju padome" in page
    mine = _text(client.get("/recommendations/mine"))
    assert "Mani darbi" in mine and "Par velonovietņu" in mine
    assert "Par suņu pastaigu" not in mine  # a draft is the council's work


def test_secretary_my_work_lists_the_councils_open_work(demo, login_as):
    page = _text(login_as("secretary").get("/recommendations/mine"))
    assert "Par suņu pastaigu" in page and "Par gājēju celiņa izbūvi" in page
    assert "Par velonovietņu" not in page  # another council


def test_council_page_shows_recommendations_and_share_on_time(demo, client):
    page = _text(client.get(f"/councils/{KURSISI}"))
    assert "Priekšlikumi pašvaldībai" in page
    assert "Atbildēts termiņā: 2 no 4 (50 %)." in page
    client.login(DEMO_USERS["secretary"])
    page = _text(client.get(f"/councils/{KURSISI}"))
    assert f"/councils/{KURSISI}/recommendations/new" in page


# --- query counts -------------------------------------------------------------------------------

def _many(council, n, **kw):
    addressee = db.session.scalars(select(Addressee).where(
        Addressee.municipality_id == council.municipality_id)).first()
    officer = db.session.scalars(select(User).where(User.email == DEMO_USERS["officer"])).one()
    start = 1000 + (db.session.scalar(select(db.func.max(Recommendation.number))) or 0)
    for i in range(n):
        status = [S.SENT, S.REGISTERED, S.ANSWERED, S.DRAFT][i % 4]
        db.session.add(Recommendation(
            council=council, year=2025, number=start + i, title=f"Priekšlikums Nr. {i} ķēķis",
            body="Teksts", addressee=addressee, addressee_name=addressee.name, status=status,
            sent_on=None if status == S.DRAFT else date(2025, 5, 5),
            due_on=None if status == S.DRAFT else date(2025, 5, 19),
            responsible_officer=officer if status != S.DRAFT else None, **kw))
    db.session.commit()


def _count(client, count_queries, url):
    client.get(url)  # warm up (first-request work is not the page's cost)
    with count_queries() as q:
        response = client.get(url)
    assert response.status_code == 200
    return q.count


PAGES = ["/recommendations/", "/recommendations/?overdue=1", "/recommendations.csv?year=2025",
         f"/councils/{KURSISI}"]


@pytest.mark.parametrize("role,url", [
    *(("anonymous", url) for url in PAGES), *(("member", url) for url in PAGES),
    *(("officer", url) for url in PAGES), ("officer", "/recommendations/mine"),
    ("secretary", "/recommendations/mine"),
])
def test_pages_cost_the_same_for_5_and_500(demo, login_as, count_queries, role, url):
    client = login_as(role)
    council = _council()
    _many(council, 5)
    small = _count(client, count_queries, url)
    _many(council, 495)
    assert _count(client, count_queries, url) == small


def test_detail_page_costs_the_same_for_few_and_many_events(demo, login_as, count_queries):
    client = login_as("member")
    rec_id = _demo_ids()["answered"]
    url = f"/recommendations/{rec_id}"
    small = _count(client, count_queries, url)
    users = db.session.scalars(select(User)).all()
    for i in range(40):
        db.session.add(RecommendationEvent(
            recommendation_id=rec_id, kind="implementation", on_date=date(2026, 1, 1),
            actor=users[i % len(users)], to_status="in_progress", note=f"Piezīme {i}"))
    db.session.commit()
    assert _count(client, count_queries, url) == small


def test_dashboard_lists_the_councils_furthest_behind_first(demo, login_as, monkeypatch):
    from council.views import recommendations as views

    client = login_as("officer")
    full = client.get("/recommendations/?overdue=1&lang=en").get_data(as_text=True)
    rows = full.split('id="per-council-title"')[1].split("</table>")[0].count('<th scope="row">')
    assert rows >= 2 and "councils furthest behind" not in full
    monkeypatch.setattr(views, "PER_COUNCIL_ROWS", 1)
    short = client.get("/recommendations/?overdue=1&lang=en").get_data(as_text=True)
    table = short.split('id="per-council-title"')[1].split("</table>")[0]
    assert table.count('<th scope="row">') == 1
    assert "The 1 councils furthest behind." in short


def _squeezed(html) -> str:
    html = re.sub(r"\s+", " ", str(html))
    return re.sub(r"\s*(<[^>]*>)\s*", r"\1", html).strip()


def test_the_register_tables_cells_are_the_single_item_macros(demo, app):
    """The register writes the status, deadline and answer cells out (three macro calls were a
    fifth of a row's cost); they must stay what status_badge, deadline and answer_cell give
    the recommendation page, in every state and deadline kind."""
    council = _council()
    today = svc.today_for(council.municipality)
    f.recommendation(council, status=RecommendationStatus.REGISTERED, sent_on=today,
                     due_on=today + timedelta(days=1))  # due soon
    f.recommendation(council, status=RecommendationStatus.REGISTERED, sent_on=today,
                     due_on=today + timedelta(days=40),
                     original_due_on=today + timedelta(days=10))  # extended
    f.recommendation(council, status=RecommendationStatus.ANSWERED, sent_on=date(2026, 1, 5),
                     due_on=date(2026, 1, 19), answered_on=date(2026, 2, 2),
                     outcome=AnswerOutcome.REJECTED)  # late
    f.recommendation(council, status=RecommendationStatus.WITHDRAWN, sent_on=date(2026, 1, 5))
    db.session.commit()
    admin = db.session.scalars(select(User).where(User.email == DEMO_USERS["admin"])).one()
    rows = svc.export_list(admin, svc.Filters(), today=today)
    states = svc.deadline_states(rows, today)
    assert {s.kind for s in states.values()} >= {"overdue", "soon", "waiting", "on_time", "late"}
    assert any(r.was_extended for r in rows) and any(r.status.value == "withdrawn" for r in rows)
    with app.test_request_context("/recommendations/"):
        macros = app.jinja_env.get_template("recommendations/_macros.html").module
        table = str(macros.rec_table(rows, states, "recommendations.index", {}, "newest", "x"))
        for rec in rows:
            state = states[rec.id]
            row = next(r for r in table.split("<tr")[1:]
                       if f'href="/recommendations/{rec.id}"' in r)
            for cell in (macros.status_badge(rec), macros.deadline(rec, state),
                         macros.answer_cell(rec, state)):
                assert _squeezed(cell) in _squeezed(row), (rec.title, state.kind)
