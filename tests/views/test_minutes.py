"""Minutes pages: every route × role in each state, bad input, optimistic locking, approval
through the pages, the public version, query counts."""

from datetime import timedelta
from io import BytesIO

import docx
import pytest
from flask import render_template
from sqlalchemy import select

from council.extensions import db
from council.models import (
    AttendanceStatus,
    CouncilRoleKind,
    GlobalRole,
    ItemRecord,
    MinutesStatus,
    Outcome,
)
from council.services import minutes as svc
from tests import factories as f
from tests.minutes_helpers import (
    approve,
    attend,
    complete,
    form_fields,
    reload,
    scenario,
    start,
    vote_item,
)

ROLES = ["anonymous", "member", "chair", "secretary", "other_secretary", "officer", "admin"]


@pytest.fixture
def s(app):
    s = scenario()
    other = f.council(s.council.municipality)
    s.other_secretary = f.user()
    f.council_role(s.other_secretary, other, CouncilRoleKind.SECRETARY)
    s.officer = f.user(GlobalRole.OFFICER)
    db.session.commit()
    return s


def _client(client, s, role):
    users = {"member": s.member_user, "chair": s.chair_user, "secretary": s.secretary,
             "other_secretary": s.other_secretary, "officer": s.officer, "admin": s.admin}
    if role != "anonymous":
        client.login(users[role].email)
    return client


def _url(s, suffix=""):
    return f"/meetings/{s.meeting.id}/minutes{suffix}"


def _status(response):
    if response.status_code == 302 and "/login" in response.headers["Location"]:
        return "login"
    return response.status_code


# --- routes × roles -----------------------------------------------------------------------------

DRAFT = {  # path: {role: status}
    "": dict(anonymous=404, member=200, chair=200, secretary=200, other_secretary=404,
             officer=200, admin=200),
    ".docx": dict(anonymous=404, member=200, chair=200, secretary=200, other_secretary=404,
                  officer=200, admin=200),
    "/edit": dict(anonymous="login", member=403, chair=403, secretary=200, other_secretary=403,
                  officer=403, admin=200),
    "/items/{item}": dict(anonymous="login", member=403, chair=403, secretary=200,
                          other_secretary=403, officer=403, admin=200),
    "/approve": dict(anonymous="login", member=403, chair=200, secretary=200,
                     other_secretary=403, officer=403, admin=200),
    "/errata": dict(anonymous="login", member=403, chair=403, secretary=302,
                    other_secretary=403, officer=403, admin=302),
}
APPROVED = {
    "": dict(anonymous=200, member=200, chair=200, secretary=200, other_secretary=200,
             officer=200, admin=200),
    ".docx": dict(anonymous=200, member=200, chair=200, secretary=200, other_secretary=200,
                  officer=200, admin=200),
    "/edit": dict(anonymous="login", member=403, chair=403, secretary=302, other_secretary=403,
                  officer=403, admin=302),
    "/items/{item}": dict(anonymous="login", member=403, chair=403, secretary=302,
                          other_secretary=403, officer=403, admin=302),
    "/approve": dict(anonymous="login", member=403, chair=302, secretary=302,
                     other_secretary=403, officer=403, admin=302),
    "/errata": dict(anonymous="login", member=403, chair=403, secretary=200,
                    other_secretary=403, officer=403, admin=200),
}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", ["draft", "approved"])
def test_every_get_route_for_every_role(s, client, role, state):
    complete(s)
    if state == "approved":
        approve(s)
    db.session.commit()
    _client(client, s, role)
    for path, expected in (DRAFT if state == "draft" else APPROVED).items():
        response = client.get(_url(s, path.format(item=s.items[0].id)))
        assert _status(response) == expected[role], (state, role, path, response.status_code)


@pytest.mark.parametrize("role,expected", [
    ("anonymous", "login"), ("member", 403), ("chair", 403), ("other_secretary", 403),
    ("officer", 403), ("secretary", 302), ("admin", 302),
])
def test_start_for_every_role(s, client, role, expected):
    _client(client, s, role)
    response = client.post_form(_url(s, "/start"))
    assert _status(response) == expected
    db.session.expire_all()
    assert (reload(s).meeting.minutes is not None) == (expected == 302)


@pytest.mark.parametrize("role,expected", [
    ("anonymous", "login"), ("member", 403), ("chair", 403), ("other_secretary", 403),
    ("officer", 403), ("secretary", 302), ("admin", 302),
])
def test_every_post_route_for_every_role(s, client, role, expected):
    start(s)
    attend(s)
    db.session.commit()
    _client(client, s, role)
    secretary_view = client.get(_url(s, "/edit")).get_data(as_text=True)
    posts = [_url(s, "/edit"), _url(s, f"/items/{s.items[2].id}")]
    for url in posts:
        data = form_fields(secretary_view, url) if role in ("secretary", "admin") else {}
        if url.endswith(str(s.items[2].id)) and role in ("secretary", "admin"):
            data = form_fields(client.get(url).get_data(as_text=True), url)
            data["outcome"] = "noted"
        response = client.post_form(url, data)
        assert _status(response) == expected, (role, url, response.get_data(as_text=True)[:500])


def test_a_closed_meetings_minutes_are_not_public(app, client):
    s = scenario(meeting_public=False)
    complete(s)
    approve(s)
    db.session.commit()
    assert client.get(_url(s)).status_code == 404
    assert client.get(_url(s, ".docx")).status_code == 404
    client.login(s.member_user.email)
    assert client.get(_url(s)).status_code == 200


def test_a_meeting_without_minutes(s, client):
    assert client.get(_url(s)).status_code == 404
    assert client.get("/meetings/999999/minutes").status_code == 404
    client.login(s.secretary.email)
    page = client.get(_url(s)).get_data(as_text=True)
    assert "Sākt protokolu" in page
    assert f'action="/meetings/{s.meeting.id}/minutes/start"' in page
    assert client.get(_url(s, ".docx")).status_code == 404


def test_post_without_csrf_token_is_refused(s, client):
    client.login(s.secretary.email)
    response = client.post(_url(s, "/start"), data={})
    assert response.status_code == 400
    assert reload(s).meeting.minutes is None


# --- the whole flow through the pages -----------------------------------------------------------

def _save_item(client, s, index, changes):
    url = _url(s, f"/items/{s.items[index].id}")
    data = form_fields(client.get(url).get_data(as_text=True), url)
    data.update(changes)
    return client.post_form(url, data)


def test_secretary_records_approves_and_adds_an_erratum(s, client):
    client.login(s.secretary.email)
    assert client.post_form(_url(s, "/start")).status_code == 302
    page = client.get(_url(s, "/edit")).get_data(as_text=True)
    assert "lemttiesīga" in page.lower()
    data = form_fields(page, _url(s, "/edit"))
    rows = {v: k.rsplit("-", 1)[0] for k, v in data.items() if k.endswith("person_id")}
    maris = rows[str(s.pid("Māris Šteins"))]
    data.update({f"{maris}-status": "excused", f"{maris}-reason": "slimības dēļ",
                 "guests-0-name": "Anna Liepa", "guests-0-capacity": "pārvaldes vadītāja",
                 "opened": "18:05", "closed": "19:40"})
    response = client.post_form(_url(s, "/edit"), data)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    assert _save_item(client, s, 0, {"votes_for": "4", "votes_against": "1",
                                     "votes_abstain": "0", "outcome": "adopted",
                                     "decision": "Uzstādīt laternas."}).status_code == 302
    assert _save_item(client, s, 1, {"outcome": "postponed"}).status_code == 302
    assert _save_item(client, s, 2, {"outcome": "noted", "next": "following"}).status_code == 302

    page = client.get(_url(s, "/approve")).get_data(as_text=True)
    data = form_fields(page, _url(s, "/approve"))
    assert len(data["content_hash"]) == 64
    response = client.post_form(_url(s, "/approve"), data)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    minutes = reload(s).meeting.minutes
    assert minutes.status == MinutesStatus.APPROVED and minutes.approved_by_id == s.secretary.id
    assert minutes.content_hash == data["content_hash"]
    page = client.get(_url(s)).get_data(as_text=True)
    assert minutes.content_hash in page
    assert "Sēde slēgta plkst. 19.40" in page
    response = client.post_form(_url(s, "/errata"), {"text": "1. § lasīt “6 laternas”."})
    assert response.status_code == 302
    page = client.get(_url(s)).get_data(as_text=True)
    assert "Labojums Nr. 1" in page and "1. § lasīt “6 laternas”." in page


def test_approved_minutes_refuse_every_edit_route(s, client):
    complete(s)
    approve(s)
    db.session.commit()
    client.login(s.secretary.email)
    before = db.session.scalars(select(ItemRecord.decision).order_by(ItemRecord.id)).all()
    edit = client.post_form(_url(s, "/edit"), {"opened": "10:00"})
    item = client.post_form(_url(s, f"/items/{s.items[0].id}"), {"decision": "Cits."})
    again = client.post_form(_url(s, "/approve"), {})
    assert (edit.status_code, item.status_code, again.status_code) == (409, 409, 409)
    assert "apstiprināts" in edit.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalars(select(ItemRecord.decision).order_by(ItemRecord.id)).all() == before
    follow = client.get(_url(s, "/edit"), follow_redirects=True).get_data(as_text=True)
    assert "vairs nevar mainīt" in follow


def test_approval_page_explains_what_is_missing(s, client):
    start(s)
    db.session.commit()
    client.login(s.secretary.email)
    page = client.get(_url(s, "/approve")).get_data(as_text=True)
    assert "Protokolu vēl nevar apstiprināt" in page and "izvēlieties iznākumu" in page
    assert "<button type=\"submit\" class=\"button primary\">Apstiprināt protokolu" not in page
    response = client.post_form(_url(s, "/approve"), {"content_hash": "x", "chair_person_id": "0",
                                                      "approved_at_meeting_id": "0"})
    assert response.status_code in (400, 409)
    assert reload(s).meeting.minutes.status == MinutesStatus.DRAFT


def test_approval_refuses_content_changed_since_the_page_was_opened(s, client):
    complete(s)
    db.session.commit()
    client.login(s.secretary.email)
    data = form_fields(client.get(_url(s, "/approve")).get_data(as_text=True), _url(s, "/approve"))
    vote_item(reload(s), 2, outcome=Outcome.NOTED, decision="Jauns teksts.")
    db.session.commit()
    response = client.post_form(_url(s, "/approve"), data)
    assert response.status_code == 409
    assert "mainījies" in response.get_data(as_text=True)
    assert reload(s).meeting.minutes.status == MinutesStatus.DRAFT


def test_the_chair_approves_in_person(s, client):
    complete(s)
    db.session.commit()
    client.login(s.chair_user.email)
    data = form_fields(client.get(_url(s, "/approve")).get_data(as_text=True), _url(s, "/approve"))
    assert client.post_form(_url(s, "/approve"), data).status_code == 302
    minutes = reload(s).meeting.minutes
    assert minutes.approved_by_id == s.chair_user.id
    assert minutes.approved_by_chair.full_name == "Ilze Bērziņa"


# --- bad input ----------------------------------------------------------------------------------

@pytest.mark.parametrize("field,value,message", [
    ("opened", "25:61", "Nederīgs laiks."),
    ("closed", "pusastoņos", "Nederīgs laiks."),
    ("chair_title", "x" * 10_000, "ne vairāk kā 200"),
    ("recorder_name", "Anna\x00Liepa", "nav atļautas"),
    ("guests-0-name", "Ā" * 10_000, "ne vairāk kā 200"),
    ("attendance-0-arrived", "24:00", "Nederīgs laiks."),
])
def test_attendance_page_bad_input_keeps_what_was_typed(s, client, field, value, message):
    start(s)
    db.session.commit()
    client.login(s.secretary.email)
    data = form_fields(client.get(_url(s, "/edit")).get_data(as_text=True), _url(s, "/edit"))
    data.update({"recorder_title": "padomes sekretārs (ievadīts)", field: value})
    response = client.post_form(_url(s, "/edit"), data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    assert "padomes sekretārs (ievadīts)" in html
    if "\x00" not in value and len(value) < 100:
        assert f'value="{value}"' in html


def test_attendance_page_service_errors_land_on_the_row(s, client):
    start(s)
    db.session.commit()
    client.login(s.secretary.email)
    data = form_fields(client.get(_url(s, "/edit")).get_data(as_text=True), _url(s, "/edit"))
    data["attendance-1-status"] = "excused"
    data["closed"], data["opened"] = "17:00", "18:00"
    response = client.post_form(_url(s, "/edit"), data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "Sēdi nevar slēgt agrāk" in html
    data["closed"] = "19:00"
    html = client.post_form(_url(s, "/edit"), data).get_data(as_text=True)
    assert 'id="attendance-1-reason-error"' in html and "slimības dēļ" in html
    assert "Lūdzu, izlabojiet atzīmētos laukus." in html


@pytest.mark.parametrize("changes,message", [
    ({"votes_for": "daudz"}, "Nederīgs vesels skaitlis."),
    ({"votes_for": "-1"}, "Ievadiet skaitli no 0 līdz 999."),
    ({"reported_by": "J" * 10_000}, "ne vairāk kā 200"),
    ({"discussion": "Teksts\x00ar nulli"}, "nav atļautas"),
    ({"decision": "x" * 20_001}, "ne vairāk kā 20000"),
    ({"votes_for": "7", "votes_against": "0", "votes_abstain": "0", "outcome": "adopted"},
     "Ierakstītas 7 balsis"),
    ({"votes_for": "1", "votes_against": "4", "votes_abstain": "0", "outcome": "adopted"},
     "Iznākumam jābūt “noraidīts”"),
    ({"outcome": "sveiks"}, "Not a valid choice"),
])
def test_item_page_bad_input_keeps_what_was_typed(s, client, changes, message):
    start(s)
    attend(s)
    db.session.commit()
    client.login(s.secretary.email)
    url = _url(s, f"/items/{s.items[0].id}")
    data = form_fields(client.get(url).get_data(as_text=True), url)
    data.update({"discussion_participants": "Līga Ozoliņa, Ilze Bērziņa", **changes})
    response = client.post_form(url, data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html or message.replace("Not a valid choice", "Nederīga izvēle") in html
    assert 'value="Līga Ozoliņa, Ilze Bērziņa"' in html


def test_an_empty_item_form_saves_a_draft_and_a_long_decision_is_fine(s, client):
    start(s)
    attend(s)
    db.session.commit()
    client.login(s.secretary.email)
    assert _save_item(client, s, 0, {"decision": "Ā" * 10_000}).status_code == 302
    record = reload(s).meeting.minutes.item_records[0]
    assert record.decision == "Ā" * 10_000 and record.outcome is None


def test_erratum_bad_input(s, client):
    complete(s)
    approve(s)
    db.session.commit()
    client.login(s.secretary.email)
    for data, message in [({"text": ""}, "Aizpildiet šo lauku."),
                          ({"text": "x" * 10_000}, "ne vairāk kā 5000"),
                          ({"text": "a\x00b"}, "nav atļautas"),
                          ({"text": "Labs.", "on_date": "2026-02-31"}, "Nederīgs datums"),
                          ({"text": "Labs.", "on_date": "2020-01-01"}, "starp apstiprināšanas")]:
        response = client.post_form(_url(s, "/errata"), data)
        assert response.status_code == 400, data
        assert message in response.get_data(as_text=True), data
    assert reload(s).meeting.minutes.errata == []


# --- optimistic locking -------------------------------------------------------------------------

def test_item_conflict_shows_both_versions_and_keeps_the_users_text(s, client):
    start(s)
    attend(s)
    db.session.commit()
    client.login(s.secretary.email)
    url = _url(s, f"/items/{s.items[0].id}")
    mine = form_fields(client.get(url).get_data(as_text=True), url)
    vote_item(reload(s), 0, outcome=Outcome.NOTED, decision="Kolēģa lēmuma teksts.")
    db.session.commit()
    mine.update({"decision": "Mans lēmuma teksts.", "outcome": "noted"})
    response = client.post_form(url, mine)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Kamēr jūs labojāt šo ierakstu, to mainīja kāds cits" in html
    assert "Kolēģa lēmuma teksts." in html and "Mans lēmuma teksts." in html
    again = form_fields(html, url)
    assert again["decision"] == "Mans lēmuma teksts."  # kept in the form
    assert client.post_form(url, again).status_code == 302  # saving again overwrites knowingly
    assert reload(s).meeting.minutes.item_records[0].decision == "Mans lēmuma teksts."


def test_attendance_conflict_shows_both_versions(s, client):
    start(s)
    db.session.commit()
    client.login(s.secretary.email)
    mine = form_fields(client.get(_url(s, "/edit")).get_data(as_text=True), _url(s, "/edit"))
    attend(reload(s), opened=svc.local_time(s.meeting, s.meeting.starts_at))
    db.session.commit()
    mine["recorder_title"] = "sekretārs (mans)"
    response = client.post_form(_url(s, "/edit"), mine)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "to mainīja kāds cits" in html and "sekretārs (mans)" in html


# --- what each reader sees ----------------------------------------------------------------------

def test_public_and_member_versions_of_the_page(s, client):
    complete(s)
    attend(s, statuses={"Māris Šteins": AttendanceStatus.EXCUSED},
           reasons={"Māris Šteins": "slimības dēļ"},
           guests=[svc.GuestInput("Pēteris Ozols", "iedzīvotājs", is_private=True)])
    approve(s)
    db.session.commit()
    public = client.get(_url(s)).get_data(as_text=True)
    assert "Slēgts jautājums" in public and "Iznomāt zemes vienību" not in public
    assert "Ēriks Krūmiņš" not in public and "N. N." in public
    assert "slimības dēļ" not in public
    assert "Pēteris Ozols" not in public and "vēl 1 privātpersona" in public
    assert "recommendations/new" not in public
    client.login(s.member_user.email)
    member = client.get(_url(s)).get_data(as_text=True)
    assert "Iznomāt zemes vienību" in member and "Ēriks Krūmiņš" in member
    assert "Pēteris Ozols" in member and "Publiskajā versijā redzams tikai šī" in member
    assert "recommendations/new" not in member
    client.logout()
    client.login(s.secretary.email)
    secretary = client.get(_url(s)).get_data(as_text=True)
    link = (f"/councils/{s.council.slug}/recommendations/new?meeting={s.meeting.id}"
            f"&amp;item={s.items[0].id}")
    assert link in secretary


def test_docx_download(s, client):
    complete(s)
    db.session.commit()
    client.login(s.member_user.email)
    response = client.get(_url(s, ".docx"))
    assert response.status_code == 200
    assert response.mimetype.endswith("wordprocessingml.document")
    assert "protokols-2026-nr-3-projekts.docx" in response.headers["Content-Disposition"]
    document = docx.Document(BytesIO(response.data))
    assert document.sections[0].header.paragraphs[0].text == "PROJEKTS"


def test_pages_work_in_english(s, client):
    complete(s)
    db.session.commit()
    client.login(s.secretary.email)
    for path in ("", "/edit", f"/items/{s.items[0].id}", "/approve"):
        html = client.get(_url(s, path) + "?lang=en").get_data(as_text=True)
        assert '<html lang="en">' in html, path


def test_meeting_section_partial(s, app):
    with app.test_request_context("/"):
        html = render_template("minutes/_meeting_section.html",
                               minutes_section=svc.meeting_section(s.meeting, s.secretary))
        assert f"/meetings/{s.meeting.id}/minutes/start" in html
        complete(s)
        html = render_template("minutes/_meeting_section.html",
                               minutes_section=svc.meeting_section(s.meeting, s.secretary))
        assert f"/meetings/{s.meeting.id}/minutes/edit" in html
        assert f"/meetings/{s.meeting.id}/minutes/approve" in html
        html = render_template("minutes/_meeting_section.html",
                               minutes_section=svc.meeting_section(s.meeting, s.outsider))
        assert "minutes" not in html


# --- query counts -------------------------------------------------------------------------------

def _meeting_with_items(n, s):
    meeting = f.held_meeting(s.council, items=0, number=10 + n,
                             starts_at=s.meeting.starts_at + timedelta(days=n))
    for i in range(n):
        f.agenda_item(meeting, title=f"Jautājums {i + 1}", is_public=i % 3 != 1)
    s.meeting = meeting
    s.items = list(meeting.agenda_items)
    start(s)
    attend(s, statuses={"Māris Šteins": AttendanceStatus.EXCUSED},
           reasons={"Māris Šteins": "slimības dēļ"})
    for i in range(n):
        if i % 2:
            vote_item(s, i, named={"Ilze Bērziņa": "for", "Jānis Kalniņš": "for"},
                      recused={"Līga Ozoliņa": "radinieks"})
        else:
            vote_item(s, i, counts=(5, 0, 0))
    approve(s)
    svc.add_erratum(s.minutes, text="Labojums.", on_date=None, actor=s.secretary)
    db.session.commit()
    return meeting.id


@pytest.mark.parametrize("role", ["anonymous", "secretary"])
def test_query_counts_do_not_grow_with_the_agenda(s, client, count_queries, role):
    small, large = _meeting_with_items(3, s), _meeting_with_items(30, s)
    _client(client, s, role)
    counts = {}
    for path in ("", ".docx"):
        for meeting_id in (small, large):
            client.get(f"/meetings/{meeting_id}/minutes{path}")  # warm up
            with count_queries() as q:
                response = client.get(f"/meetings/{meeting_id}/minutes{path}")
            assert response.status_code == 200
            counts[(path, meeting_id)] = q.count
        assert counts[(path, small)] == counts[(path, large)], (path, counts)


def test_draft_page_query_count_is_fixed_too(s, client, count_queries):
    client.login(s.secretary.email)
    counts = []
    for n in (3, 30):
        meeting = f.held_meeting(s.council, items=n, number=40 + n)
        s.meeting = meeting
        start(s)
        db.session.commit()
        for path in ("", "/edit", f"/items/{meeting.agenda_items[0].id}", "/approve"):
            client.get(f"/meetings/{meeting.id}/minutes{path}")
            with count_queries() as q:
                assert client.get(f"/meetings/{meeting.id}/minutes{path}").status_code == 200
            counts.append((n, path, q.count))
    small = [c for n, _p, c in counts if n == 3]
    large = [c for n, _p, c in counts if n == 30]
    assert small == large, counts
