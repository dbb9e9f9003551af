"""Council pages and formation: every route × role, bad input, optimistic locking, the status
verbs, council roles, privacy of the public page and constant query counts."""

from datetime import date

import pytest
from sqlalchemy import select

from council.extensions import db
from council.models import (
    AuditEntry,
    Council,
    CouncilRole,
    CouncilRoleKind,
    CouncilStatus,
    EndReason,
    Membership,
    Person,
    Position,
    TerritorialUnit,
    User,
)
from council.services.councils import today_in
from tests import factories
from tests.conftest import DEMO_USERS

ROLES = ["anonymous", "member", "secretary", "other_secretary", "officer", "admin"]
KURSISI = "saldus-kursisu-pagasts"
BLIDENE = "saldus-blidenes-pagasts"  # forming in the demo
ZANA = "saldus-zanas-pagasts"  # suspended in the demo


def _unit_id(name):
    return db.session.scalar(select(TerritorialUnit.id).where(TerritorialUnit.name == name))


def _council(slug):
    return db.session.scalars(select(Council).where(Council.slug == slug)).one()


def _new_council_data(**kw):
    data = {"name": "Zirņu pagasta iedzīvotāju padome",
            "territory_ids": [_unit_id("Zirņu pagasts")],
            "seats": "5", "bylaw_number": "Nr. 21", "bylaw_date": "2025-10-23",
            "bylaw_url": "https://likumi.lv/ta/id/1", "established_on": "",
            "term_start": "2026-04-01", "term_end": "", "description": "Zirņu padome.",
            "contact_email": "padome.zirni@saldus.example", "place_locative": ""}
    data.update(kw)
    return data


def _edit_data(council, **kw):
    data = {"version": str(council.version), "name": council.name,
            "territory_ids": [u.id for u in council.territories], "seats": str(council.seats),
            "bylaw_number": council.bylaw_number,
            "bylaw_date": council.bylaw_date.isoformat() if council.bylaw_date else "",
            "bylaw_url": council.bylaw_url,
            "established_on": council.established_on.isoformat() if council.established_on
            else "",
            "term_start": council.term_start.isoformat() if council.term_start else "",
            "term_end": council.term_end.isoformat() if council.term_end else "",
            "description": council.description, "contact_email": council.contact_email,
            "place_locative": council.place_locative}
    data.update(kw)
    return data


def _routes():
    kursisi = _council(KURSISI)
    grant = db.session.scalar(select(CouncilRole.id).where(CouncilRole.council_id == kursisi.id))
    return [
        ("GET", "/councils/new", None),
        ("POST", "/councils/new", _new_council_data),
        ("GET", f"/councils/{KURSISI}/edit", None),
        ("POST", f"/councils/{KURSISI}/edit", lambda: _edit_data(_council(KURSISI))),
        ("GET", f"/councils/{BLIDENE}/activate", None),
        ("POST", f"/councils/{BLIDENE}/activate", lambda: {"on": "2026-11-20"}),
        ("GET", f"/councils/{KURSISI}/suspend", None),
        ("POST", f"/councils/{KURSISI}/suspend", dict),
        ("GET", f"/councils/{KURSISI}/reactivate", None),
        ("POST", f"/councils/{KURSISI}/reactivate", dict),
        ("GET", f"/councils/{ZANA}/dissolve", None),
        ("POST", f"/councils/{ZANA}/dissolve", lambda: {"on": "2026-11-20"}),
        ("GET", f"/councils/{KURSISI}/roles", None),
        ("POST", f"/councils/{KURSISI}/roles",
         lambda: {"email": DEMO_USERS["other_secretary"], "role": "member_access"}),
        ("GET", f"/councils/{KURSISI}/roles/{grant}/revoke", None),
        ("POST", f"/councils/{KURSISI}/roles/{grant}/revoke", dict),
    ]


@pytest.mark.parametrize("role", ROLES)
def test_public_pages_for_every_role(demo, login_as, role):
    client = login_as(role)
    assert client.get("/councils/").status_code == 200
    for slug in (KURSISI, BLIDENE, ZANA):
        assert client.get(f"/councils/{slug}").status_code == 200
    assert client.get("/councils/nav-tadas").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_every_formation_route_for_every_role(demo, login_as, role):
    client = login_as(role)
    for method, url, data in _routes():
        if method == "GET":
            response = client.get(url)
        else:
            response = client.post_form(url, data())
        if role == "anonymous":
            assert response.status_code == 302 and "/login" in response.headers["Location"], url
        elif role in ("officer", "admin"):
            assert response.status_code in (200, 302), (url, response.status_code)
        else:
            assert response.status_code == 403, (role, url, response.status_code)
    if role in ("officer", "admin"):
        assert _council(BLIDENE).status == CouncilStatus.ACTIVE
        assert _council(ZANA).status == CouncilStatus.DISSOLVED
        assert _council(KURSISI).status == CouncilStatus.ACTIVE  # suspended, then reactivated
    else:
        assert _council(BLIDENE).status == CouncilStatus.FORMING


def test_posts_without_csrf_token_are_refused(demo, login_as):
    client = login_as("officer")
    response = client.post(f"/councils/{KURSISI}/suspend", data={})
    assert response.status_code == 400
    assert _council(KURSISI).status == CouncilStatus.ACTIVE


def test_officer_creates_a_council_with_the_settings_defaults(demo, login_as):
    client = login_as("officer")
    page = client.get("/councils/new").get_data(as_text=True)
    assert 'value="7"' in page  # the municipality's default seats
    assert 'value="Nr. 21"' in page  # the by-law of the other councils
    response = client.post_form("/councils/new", _new_council_data(seats="7"))
    assert response.status_code == 302
    assert response.headers["Location"] == "/councils/saldus-zirnu-pagasts"
    council = _council("saldus-zirnu-pagasts")
    assert council.status == CouncilStatus.FORMING
    assert council.term_end == date(2030, 3, 31)  # 4 years, the setting
    assert council.place_locative == "Zirņos"
    assert [u.name for u in council.territories] == ["Zirņu pagasts"]
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Zirņu pagasta iedzīvotāju padome" in html and "tiek veidota" in html


@pytest.mark.parametrize("field,value,message", [
    ("name", "", "Aizpildiet šo lauku"),
    ("name", "Ā" * 10_000, "ne vairāk kā"),
    ("name", "Zirņu\x00padome", "nav atļautas"),
    ("name", "Kursīšu pagasta iedzīvotāju padome", "jau ir padome"),
    ("seats", "", "Aizpildiet šo lauku"),
    ("seats", "septiņi", "Nederīgs vesels skaitlis"),
    ("seats", "0", "no 1 līdz 99"),
    ("seats", "9" * 10_000, "Nederīgs vesels skaitlis"),
    ("territory_ids", [], "vismaz vienu teritoriālo vienību"),
    ("territory_ids", ["abc"], "Izvēlieties no saraksta"),
    ("territory_ids", ["999999"], "Izvēlieties no saraksta"),
    ("term_start", "2026-02-31", "Nederīgs datums"),
    ("term_end", "2020-01-01", "jābeidzas pēc"),
    ("bylaw_date", "31.02.2026.", "Nederīgs datums"),
    ("bylaw_url", "javascript:alert(1)", "https://"),
    ("contact_email", "nav-epasts", "derīgu e-pasta adresi"),
    ("contact_email", "x" * 10_000 + "@example.lv", "ne vairāk kā"),
    ("description", "Ā" * 10_000, "ne vairāk kā"),
    ("description", "a\x00b", "nav atļautas"),
])
def test_create_bad_input_keeps_what_was_typed(demo, login_as, field, value, message):
    client = login_as("officer")
    data = _new_council_data(**{field: value})
    if field != "description":
        data["description"] = "Mūsu “padome” <b>"
    response = client.post_form("/councils/new", data)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert message in html
    if field != "description":
        assert "Mūsu “padome” &lt;b&gt;" in html
    if field != "name":
        assert 'value="Zirņu pagasta iedzīvotāju padome"' in html
    assert db.session.scalar(select(Council).where(Council.slug == "saldus-zirnu-pagasts")) is None


def test_two_officers_editing_the_same_council_never_overwrite_each_other(demo, client, app):
    council = _council(KURSISI)
    stale = _edit_data(council, description="Mana versija: ielu apgaismojums.")
    # someone else saves first
    other = app.test_client()
    other.login(DEMO_USERS["admin"])
    assert other.post_form(f"/councils/{KURSISI}/edit",
                           _edit_data(council, description="Viņu versija.")).status_code == 302
    client.login(DEMO_USERS["officer"])
    response = client.post_form(f"/councils/{KURSISI}/edit", stale)
    assert response.status_code == 409
    html = response.get_data(as_text=True)
    assert "Viņu versija." in html and "Mana versija: ielu apgaismojums." in html
    assert _council(KURSISI).description == "Viņu versija."
    new_version = str(_council(KURSISI).version)
    assert f'name="version" type="hidden" value="{new_version}"' in html
    # saving again on top of the version now shown goes through
    response = client.post_form(f"/councils/{KURSISI}/edit", {**stale, "version": new_version})
    assert response.status_code == 302
    assert _council(KURSISI).description == "Mana versija: ielu apgaismojums."


def test_edit_bad_input_and_reducing_seats_below_the_roster(demo, login_as):
    client = login_as("officer")
    council = _council(KURSISI)
    response = client.post_form(f"/councils/{KURSISI}/edit", _edit_data(council, seats="5"))
    assert response.status_code == 400
    assert "izbeidziet dalību" in response.get_data(as_text=True)
    response = client.post_form(f"/councils/{KURSISI}/edit",
                                _edit_data(council, name="x\x00", term_end="2026-02-30"))
    assert response.status_code == 400
    assert _council(KURSISI).seats == 7


def test_status_confirmation_pages_change_nothing_until_posted(demo, login_as):
    client = login_as("officer")
    page = client.get(f"/councils/{BLIDENE}/activate").get_data(as_text=True)
    assert "<form" in page and 'name="on"' in page
    assert _council(BLIDENE).status == CouncilStatus.FORMING
    response = client.post_form(f"/councils/{BLIDENE}/activate", {"on": "2026-02-31"})
    assert response.status_code == 400 and "Nederīgs datums" in response.get_data(as_text=True)
    client.post_form(f"/councils/{BLIDENE}/activate", {"on": "2026-11-20", "note": "Dome"})
    council = _council(BLIDENE)
    assert council.status == CouncilStatus.ACTIVE and council.established_on == date(2026, 11, 20)
    entry = db.session.scalars(select(AuditEntry).where(
        AuditEntry.action == "council.activate")).one()
    assert entry.actor.email == DEMO_USERS["officer"]


def test_a_verb_that_does_not_apply_redirects_with_a_message(demo, login_as):
    client = login_as("officer")
    response = client.get(f"/councils/{KURSISI}/activate")
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Aktivizēt var tikai padomi, kas tiek veidota." in html
    response = client.post_form(f"/councils/{KURSISI}/reactivate", {})
    assert response.status_code == 302
    assert _council(KURSISI).status == CouncilStatus.ACTIVE


def test_dissolving_ends_the_roster_and_the_page_says_so(demo, login_as):
    client = login_as("officer")
    page = client.get(f"/councils/{ZANA}/dissolve").get_data(as_text=True)
    assert "2 locekļu dalība" in page
    client.post_form(f"/councils/{ZANA}/dissolve", {"on": "2026-11-20"})
    council = _council(ZANA)
    assert council.status == CouncilStatus.DISSOLVED
    open_ = db.session.scalars(select(Membership).where(Membership.council_id == council.id,
                                                        Membership.end_on.is_(None))).all()
    assert open_ == []
    html = client.get(f"/councils/{ZANA}").get_data(as_text=True)
    assert "Pievienot locekli" not in html


# --- roles --------------------------------------------------------------------------------------

def test_officer_grants_and_revokes_council_roles(demo, login_as):
    client = login_as("officer")
    council = _council(KURSISI)
    response = client.post_form(f"/councils/{KURSISI}/roles",
                                {"email": "SEKRETARS2@saldus.example", "role": "member_access"})
    assert response.status_code == 302
    user = db.session.scalars(select(User).where(User.email == DEMO_USERS["other_secretary"])
                              ).one()
    grant = db.session.scalars(select(CouncilRole).where(
        CouncilRole.council_id == council.id, CouncilRole.user_id == user.id)).one()
    assert grant.role == CouncilRoleKind.MEMBER_ACCESS
    grant_id = grant.id
    again = client.post_form(f"/councils/{KURSISI}/roles",
                             {"email": DEMO_USERS["other_secretary"], "role": "member_access"})
    assert again.status_code == 400 and "jau ir" in again.get_data(as_text=True)
    for email, message in (("", "Aizpildiet"), ("nav@saldus.example", "Neviens aktīvs konts"),
                           ("x\x00@y.lv", "nav atļautas"), ("a" * 10_000, "ne vairāk kā")):
        response = client.post_form(f"/councils/{KURSISI}/roles",
                                    {"email": email, "role": "secretary"})
        assert response.status_code == 400 and message in response.get_data(as_text=True)
    response = client.post_form(f"/councils/{KURSISI}/roles",
                                {"email": DEMO_USERS["member"], "role": "chair"})
    assert response.status_code == 400
    # the new role gives access to the council's records
    client.logout()
    client.login(DEMO_USERS["other_secretary"])
    assert "Visas dalības padomē" in client.get(f"/councils/{KURSISI}").get_data(as_text=True)
    client.logout()
    client.login(DEMO_USERS["officer"])
    page = client.get(f"/councils/{KURSISI}/roles/{grant_id}/revoke").get_data(as_text=True)
    assert "Dace Jaunzeme" in page
    assert client.post_form(f"/councils/{KURSISI}/roles/{grant_id}/revoke").status_code == 302
    assert db.session.get(CouncilRole, grant_id) is None
    # a grant of another council is not found under this one
    other = db.session.scalar(select(CouncilRole.id).where(CouncilRole.council_id != council.id))
    assert client.get(f"/councils/{KURSISI}/roles/{other}/revoke").status_code == 404


# --- what residents and members see -------------------------------------------------------------

def _private_council():
    """A council with marker strings in private fields and a member without consent."""
    council = factories.council(
        factories.municipality(), slug="privatuma-padome", seats=5,
        contact_email="padome@publiska.example")
    muni = council.municipality
    today = today_in(muni)
    public = factories.person(muni, full_name="Publiskā Ilze", email="PRIVATE-EMAIL-1@x.lv",
                              phone="+371 20000001", publish_consent=True)
    hidden = factories.person(muni, full_name="SLEPENAIS-VARDS Jānis", email="PRIVATE-EMAIL-2@x.lv",
                              phone="+371 20000002", publish_consent=False)
    hidden2 = factories.person(muni, full_name="SLEPENAIS-VARDS Anna", publish_consent=False)
    past = factories.person(muni, full_name="BIJUSAIS Pēteris", publish_consent=True)
    factories.membership(council, public, position=Position.CHAIR, start_on=today)
    factories.membership(council, hidden, start_on=today)
    factories.membership(council, hidden2, start_on=today, voting=False)
    factories.membership(council, past, start_on=date(2020, 1, 1), end_on=date(2021, 1, 1),
                         end_reason=EndReason.RESIGNED)
    db.session.commit()
    return council


def test_public_page_shows_consenting_names_only_and_no_private_data(app, client):
    _private_council()
    html = client.get("/councils/privatuma-padome").get_data(as_text=True)
    assert "Publiskā Ilze" in html and "priekšsēdētājs" in html
    assert "un vēl 2 locekļi" in html
    assert "SLEPENAIS-VARDS" not in html
    assert "PRIVATE-EMAIL" not in html and "20000001" not in html and "20000002" not in html
    assert "BIJUSAIS" not in html  # no history for residents
    assert "padome@publiska.example" in html  # the council's own contact is public
    assert "4 vietas brīvas" not in html and "3 vietas brīvas" in html


def test_public_page_of_a_council_where_nobody_consented(app, client):
    council = factories.council(slug="klusa-padome")
    for _ in range(2):
        factories.membership(council, factories.person(council.municipality,
                                                       publish_consent=False),
                             start_on=today_in(council.municipality))
    db.session.commit()
    html = client.get("/councils/klusa-padome").get_data(as_text=True)
    assert "Padomē ir 2 locekļi." in html and "Ģirts Ābeļkalns" not in html


def test_members_see_the_whole_roster_history_and_contacts(demo, login_as):
    client = login_as("member")
    html = client.get(f"/councils/{KURSISI}").get_data(as_text=True)
    assert "Ņina Žukova" in html and "nina-zukova@example.lv" in html
    assert "Visas dalības padomē" in html and "Sekretāri" in html
    assert "Labot" not in html  # members read, officers manage
    public = client.get("/councils/saldus-saldus-pilseta").get_data(as_text=True)
    assert "Visas dalības padomē" not in public  # another council: the public page
    assert "Sanita Ķēniņa" not in public and "sanita" not in public


def test_officers_see_history_with_past_members_and_actions(demo, login_as):
    client = login_as("officer")
    html = client.get("/councils/saldus-saldus-pilseta").get_data(as_text=True)
    assert "Edgars Zariņš" in html and "Laura Kļaviņa" in html
    assert "1 vieta brīva" in html
    assert "Pievienot locekli" in html and "Apturēt darbību…" in html


def test_index_shows_councils_by_status_with_filled_seats(demo, login_as):
    html = login_as(None).get("/councils/").get_data(as_text=True)
    assert "aizpildītas 6 no 7 vietām" in html  # Saldus pilsēta has a vacancy
    assert "Blīdenes pagasta iedzīvotāju padome" in html
    assert "Jauna padome" not in html
    assert "Jauna padome" in login_as("officer").get("/councils/").get_data(as_text=True)


def _fill(council, n):
    muni = council.municipality
    today = today_in(muni)
    for i in range(n):
        factories.membership(council, factories.person(muni, publish_consent=i % 2 == 0),
                             position=Position.CHAIR if i == 0 else Position.MEMBER,
                             start_on=today)
    db.session.commit()


@pytest.mark.parametrize("viewer", ["anonymous", "member", "officer"])
def test_council_page_costs_the_same_queries_for_1_and_30_members(app, client, count_queries,
                                                                  viewer):
    small = factories.council(slug="maza", seats=40)
    large = factories.council(small.municipality, slug="liela", seats=40)
    _fill(small, 1)
    _fill(large, 30)
    if viewer != "anonymous":
        from council.models import GlobalRole
        user = factories.user(role=GlobalRole.OFFICER if viewer == "officer"
                              else GlobalRole.NONE)
        for council in (small, large):
            if viewer == "member":
                factories.council_role(user, council, CouncilRoleKind.MEMBER_ACCESS)
            factories.council_role(factories.user(), council, CouncilRoleKind.SECRETARY)
        db.session.commit()
        client.login(user.email)
    client.get("/councils/maza")  # warm up
    with count_queries() as q_small:
        small_html = client.get("/councils/maza").get_data(as_text=True)
    with count_queries() as q_large:
        large_html = client.get("/councils/liela").get_data(as_text=True)
    assert q_small.count == q_large.count, (q_small.statements, q_large.statements)
    if viewer == "anonymous":
        assert "un vēl 15 locekļi" in large_html
    else:
        assert large_html.count("Ģirts Ābeļkalns") >= 30
    assert small_html


def test_index_query_count_does_not_grow_with_councils(app, client, count_queries):
    muni = factories.municipality()
    factories.council(muni)
    db.session.commit()
    with count_queries() as small:
        client.get("/councils/")
    for _ in range(20):
        _fill(factories.council(muni), 2)
    with count_queries() as large:
        client.get("/councils/")
    assert small.count == large.count


def test_a_person_who_left_is_not_on_todays_public_roster(demo, client):
    html = client.get("/councils/saldus-saldus-pilseta").get_data(as_text=True)
    # He is still named among those elected in March (elections section), not on the roster.
    roster = html.split('id="roster-title"')[1].split("</section>")[0]
    assert "Laura Kļaviņa" in roster and "Edgars Zariņš" not in roster
    assert db.session.scalar(select(Person.id).where(Person.full_name == "Edgars Zariņš"))
