"""Municipality settings under /admin/settings: admins only, ranges, conflicts, addressees,
and new councils taking their defaults from here."""

import pytest
from sqlalchemy import select

from council.extensions import db
from council.models import Addressee, AuditEntry, Municipality, QuorumRule
from tests.conftest import DEMO_USERS

ROLES = ["anonymous", "member", "secretary", "other_secretary", "officer", "admin"]


def _saldus():
    return db.session.scalars(select(Municipality).where(Municipality.slug == "saldus")).one()


def _data(**kw):
    m = _saldus()
    data = {"version": str(m.version), "name": m.name, "address": m.address,
            "website": m.website, "default_seats": "7", "term_years": "4",
            "notice_days_regular": "5", "notice_days_extraordinary": "1",
            "quorum_rule": "more_than_half", "chair_casting_vote": "y",
            "answer_working_days": "10", "answer_extension_months": "1",
            "numbering_reset": "yearly", "min_member_age": "16"}
    data.update(kw)
    return {k: v for k, v in data.items() if v is not None}


@pytest.mark.parametrize("role", ROLES)
def test_every_settings_route_for_every_role(demo, login_as, role):
    client = login_as(role)
    addressee = db.session.scalar(select(Addressee.id).order_by(Addressee.id))
    routes = [
        ("GET", "/admin/settings", None),
        ("POST", "/admin/settings", lambda: _data()),
        ("POST", "/admin/settings/addressees/new",
         lambda: {"addressee-kind": "official", "addressee-name": "Pagasta pārvaldes vadītājs"}),
        ("GET", f"/admin/settings/addressees/{addressee}/edit", None),
        ("POST", f"/admin/settings/addressees/{addressee}/edit",
         lambda: {"kind": "dome", "name": "Saldus novada dome", "position": "0",
                  "is_active": "y"}),
    ]
    for method, url, data in routes:
        response = client.get(url) if method == "GET" else client.post_form(url, data())
        if role == "anonymous":
            assert response.status_code == 302 and "/login" in response.headers["Location"], url
        elif role == "admin":
            assert response.status_code == (200 if method == "GET" else 302), (
                url, response.status_code)
        else:
            assert response.status_code == 403, (role, url, response.status_code)


def test_settings_page_documents_defaults_and_ranges(demo, login_as):
    html = login_as("admin").get("/admin/settings").get_data(as_text=True)
    assert "Noklusējums: 7." in html and "No 1 līdz 99." in html
    assert "Noklusējums: vairāk nekā puse" in html or "Noklusējums: " in html
    tile = login_as(None).get("/admin/").get_data(as_text=True)
    assert "/admin/settings" in tile


def test_new_councils_take_seats_and_term_from_the_settings(demo, login_as):
    client = login_as("admin")
    response = client.post_form("/admin/settings", _data(
        default_seats="9", term_years="3", quorum_rule="two_thirds", chair_casting_vote=None))
    assert response.status_code == 302
    m = _saldus()
    assert (m.default_seats, m.term_years, m.quorum_rule, m.chair_casting_vote) == (
        9, 3, QuorumRule.TWO_THIRDS, False)
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "municipality.update_settings")).one()
    assert entry.changes["default_seats"] == [7, 9]
    page = client.get("/councils/new").get_data(as_text=True)
    assert 'id="seats" name="seats" required type="number" value="9"' in page or \
        'value="9"' in page
    assert "pilnvaru termiņš ir 3 gadi" in page


@pytest.mark.parametrize("field,value,message", [
    ("default_seats", "", "Aizpildiet šo lauku"),
    ("default_seats", "0", "no 1 līdz 99"),
    ("default_seats", "100", "no 1 līdz 99"),
    ("default_seats", "septiņi", "Nederīgs vesels skaitlis"),
    ("term_years", "11", "no 1 līdz 10"),
    ("notice_days_regular", "-1", "no 0 līdz 60"),
    ("notice_days_extraordinary", "31", "no 0 līdz 30"),
    ("answer_working_days", "0", "no 1 līdz 90"),
    ("answer_working_days", "9" * 10_000, "Nederīgs vesels skaitlis"),
    ("answer_extension_months", "5", "no 1 līdz 4"),
    ("min_member_age", "15", "no 16 līdz 30"),
    ("quorum_rule", "everyone", "Izvēlieties no saraksta"),
    ("numbering_reset", "", "Izvēlieties no saraksta"),
    ("name", "", "Aizpildiet šo lauku"),
    ("name", "Saldus\x00", "nav atļautas"),
    ("name", "Ā" * 10_000, "ne vairāk kā"),
    ("website", "saldus.lv", "https://"),
    ("address", "Striķu iela 3\x00", "nav atļautas"),
])
def test_bad_settings_are_refused_and_the_input_kept(demo, login_as, field, value, message):
    client = login_as("admin")
    response = client.post_form("/admin/settings", _data(**{field: value, "term_years": "3"}
                                                         if field != "term_years"
                                                         else {field: value}))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    if field != "term_years":
        assert 'id="term_years" name="term_years" required type="number" value="3"' in html \
            or 'value="3"' in html
    assert _saldus().term_years == 4


def test_two_admins_editing_settings(demo, login_as, app):
    stale = _data(notice_days_regular="7")
    other = app.test_client()
    other.login(DEMO_USERS["admin"])
    assert other.post_form("/admin/settings", _data(notice_days_regular="10")).status_code == 302
    client = login_as("admin")
    response = client.post_form("/admin/settings", stale)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert 'value="7"' in html and "<td>10</td>" in html
    assert _saldus().notice_days_regular == 10


def test_addressees(demo, login_as):
    client = login_as("admin")
    response = client.post_form("/admin/settings/addressees/new", {
        "addressee-kind": "official", "addressee-name": "Pagasta pārvaldes vadītājs"})
    assert response.status_code == 302
    added = db.session.scalars(select(Addressee).where(
        Addressee.name == "Pagasta pārvaldes vadītājs")).one()
    assert added.position == 6
    for data, message in (({"addressee-name": ""}, "Aizpildiet šo lauku"),
                          ({"addressee-name": "saldus novada dome"}, "jau ir sarakstā"),
                          ({"addressee-name": "x\x00"}, "nav atļautas"),
                          ({"addressee-kind": "king"}, "Izvēlieties no saraksta")):
        form = {"addressee-kind": "dome", "addressee-name": "Jauns", **data}
        response = client.post_form("/admin/settings/addressees/new", form)
        assert response.status_code == 400 and message in response.get_data(as_text=True)
    response = client.post_form(f"/admin/settings/addressees/{added.id}/edit", {
        "kind": "official", "name": "Pagasta pārvaldes vadītāja", "position": "0"})
    assert response.status_code == 302
    added = db.session.get(Addressee, added.id)
    assert (added.name, added.position, added.is_active) == (
        "Pagasta pārvaldes vadītāja", 0, False)
    for data, message in (({"position": "-1"}, "no 0 līdz 999"), ({"position": ""}, "Aizpildiet"),
                          ({"name": "Ā" * 10_000}, "ne vairāk kā")):
        form = {"kind": "official", "name": "X", "position": "1", **data}
        response = client.post_form(f"/admin/settings/addressees/{added.id}/edit", form)
        assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert client.get("/admin/settings/addressees/999999/edit").status_code == 404
