"""Election pages: every route × role, a whole by-election through the pages, bad input,
immutability after certification, privacy of the public pages, vacancies, query counts."""

from datetime import UTC, date, datetime
from io import BytesIO

import docx
import pytest
from sqlalchemy import select

from council.extensions import db
from council.models import (
    Candidate,
    CandidateStatus,
    Council,
    CouncilRoleKind,
    Election,
    ElectionKind,
    ElectionStatus,
    EndReason,
    Membership,
    Person,
    User,
)
from council.services import elections as svc
from council.services import memberships
from tests import factories
from tests.conftest import DEMO_USERS

S = ElectionStatus
K = "saldus-kursisu-pagasts"
ROLES = ["anonymous", "member", "secretary", "other_secretary", "officer", "admin"]
RUNNERS = {"secretary", "officer", "admin"}
INSIDERS = RUNNERS | {"member"}


def council(slug=K) -> Council:
    return db.session.scalars(select(Council).where(Council.slug == slug)).one()


def user(role) -> User:
    return db.session.scalars(select(User).where(User.email == DEMO_USERS[role])).one()


def founding(slug=K) -> Election:
    return db.session.scalars(select(Election).where(
        Election.council_id == council(slug).id, Election.kind == ElectionKind.FOUNDING)).one()


def base(c, election_id):
    return f"/councils/{c.slug}/elections/{election_id}"


def counted(c, votes, **kw):
    election = factories.election(c, kind=ElectionKind.BY_ELECTION, seats=1, status=S.VOTING,
                                  **kw)
    cands = [factories.candidate(election) for _ in votes]
    svc.count_votes(election, svc.Count(None, sum(votes), 0, {
        x.id: v for x, v in zip(cands, votes, strict=True)}), actor=user("admin"))
    return election, cands


def election_form(**kw):
    values = {"kind": "by_election", "seats": "1", "held_on": "2026-12-10",
              "voting_ends_on": "2026-12-10", "place": "Kursīšu bibliotēka",
              "method": "resident_meeting", "votes_per_ballot": "1",
              "term_start": "2026-12-14", "term_end": "2030-03-31"}
    values.update(kw)
    return values


def _setup_routes():
    """Elections of Kursīšu council in every state a route needs, and a vacancy."""
    k = council()
    unit = str(k.territories[0].id)
    planned = factories.election(k, kind=ElectionKind.BY_ELECTION, seats=1)
    open_ = factories.election(k, kind=ElectionKind.BY_ELECTION, seats=1,
                               status=S.NOMINATIONS_OPEN)
    cand = factories.candidate(open_)
    tied, (a, b) = counted(k, [5, 5])
    done, _ = counted(k, [4], term_start=date(2026, 12, 1))
    steins = db.session.scalars(select(Membership).join(Membership.person).where(
        Person.full_name == "Māris Šteins")).one()
    memberships.end_membership(steins, end_on=date(2026, 10, 15), reason=EndReason.MOVED_AWAY,
                               actor=user("admin"))
    db.session.commit()
    vac = f"/councils/{K}/vacancies/{steins.id}"
    new_person = {"person_id": "0", "full_name": "Zigrīda Ūdre", "territory_id": unit,
                  "birth_date": "1990-01-01", "citizenship": "lv", "nominated_by": "x",
                  "nominated_on": "2026-11-20"}
    eligibility = {"birth_date": "1980-01-01", "citizenship": "lv", "territory_id": unit,
                   "version": str(cand.version), "eligibility_note": ""}
    reads = [
        ("GET", f"/councils/{K}/elections/", {}, 200),
        ("GET", base(k, open_.id), {}, 200),
        ("GET", base(k, founding().id), {}, 200),
        ("GET", base(k, founding().id) + "/protocol.docx", {}, 200),
    ]
    writes = [
        ("GET", f"/councils/{K}/elections/new", {}, 200),
        ("POST", f"/councils/{K}/elections/new", election_form(), 400),  # one at a time
        ("GET", base(k, planned.id) + "/edit", {}, 200),
        ("POST", base(k, planned.id) + "/edit",
         election_form(version=str(planned.version)), 302),
        ("POST", base(k, planned.id) + "/open-nominations", {}, 302),
        ("GET", base(k, open_.id) + "/candidates/new", {}, 200),
        ("POST", base(k, open_.id) + "/candidates/new", new_person, 302),
        ("GET", base(k, open_.id) + f"/candidates/{cand.id}/eligibility", {}, 200),
        ("POST", base(k, open_.id) + f"/candidates/{cand.id}/eligibility", eligibility, 302),
        ("GET", base(k, open_.id) + f"/candidates/{cand.id}/withdraw", {}, 200),
        ("POST", base(k, open_.id) + f"/candidates/{cand.id}/withdraw",
         {"withdrawn_on": "2026-11-21", "reason": ""}, 302),
        ("POST", base(k, open_.id) + "/close-nominations", {}, 302),
        ("POST", base(k, open_.id) + "/start-voting", {}, 302),
        ("GET", base(k, tied.id) + "/count", {}, 200),
        ("POST", base(k, tied.id) + "/count", {"ballots_cast": "10", "ballots_invalid": "0",
                                               f"votes_{a.id}": "5", f"votes_{b.id}": "5"}, 302),
        ("GET", base(k, tied.id) + "/draw-lots", {}, 200),
        ("POST", base(k, tied.id) + "/draw-lots",
         {"drawn_by": "Aina Kociņa", f"lot_{a.id}": "2", f"lot_{b.id}": "1"}, 302),
        ("GET", vac + "/fill", {}, 200),
        ("POST", vac + "/decline", {"candidate_id": "0"}, 302),
        ("GET", base(k, done.id) + "/certify", {}, 200),
        ("POST", base(k, done.id) + "/certify", {}, 302),  # takes the vacant seat
        ("GET", base(k, tied.id) + "/cancel", {}, 200),
        ("POST", base(k, tied.id) + "/cancel", {"reason": "Kļūda"}, 302),
    ]
    hidden = [("GET", base(k, planned.id), {}, 200)]
    return reads, writes, hidden


def _call(client, method, url, data):
    return client.get(url) if method == "GET" else client.post_form(url, data)


@pytest.mark.parametrize("role", ROLES)
def test_every_route_for_every_role(demo, client, login_as, role):
    reads, writes, hidden = _setup_routes()
    login_as(role)
    for method, url, data, code in reads:
        assert _call(client, method, url, data).status_code == code, (role, url)
    for method, url, data, code in hidden:
        response = _call(client, method, url, data)
        assert response.status_code == (code if role in INSIDERS else 404), (role, url)
    for method, url, data, code in writes:
        response = _call(client, method, url, data)
        if role == "anonymous":
            assert response.status_code == 302 and "/login" in response.headers["Location"]
        elif role in RUNNERS:
            assert response.status_code == code, (role, method, url, response.status_code)
        else:
            assert response.status_code == 403, (role, method, url, response.status_code)


def test_posts_need_the_csrf_token(demo, login_as):
    client = login_as("secretary")
    planned = factories.election(council(), kind=ElectionKind.BY_ELECTION, seats=1)
    response = client.post(base(council(), planned.id) + "/open-nominations", data={})
    assert response.status_code == 400
    assert db.session.get(Election, planned.id).status == S.PLANNED


# --- a whole by-election through the pages ------------------------------------------------------

def test_a_secretary_runs_a_by_election(demo, login_as):
    k = council()
    steins = db.session.scalars(select(Membership).join(Membership.person).where(
        Person.full_name == "Māris Šteins")).one()
    memberships.end_membership(steins, end_on=date(2026, 10, 15), reason=EndReason.RESIGNED,
                               actor=user("admin"))
    # The founding reserve declines one by one, so the page asks for a by-election.
    for c in founding().candidates:
        if c.status == CandidateStatus.RESERVE:
            c.reserve_declined_at = datetime(2026, 10, 20, tzinfo=UTC)
    client = login_as("secretary")
    page = client.get(f"/councils/{K}").get_data(as_text=True)
    assert "Rezerves saraksts ir tukšs: nepieciešamas papildu vēlēšanas." in page

    response = client.post_form(f"/councils/{K}/elections/new", election_form())
    assert response.status_code == 302
    url = response.headers["Location"]
    election = db.session.scalars(select(Election).order_by(Election.id.desc())).first()
    assert election.status == S.PLANNED and election.seats == 1
    assert client.post_form(url + "/open-nominations").status_code == 302
    unit = str(k.territories[0].id)
    for name, birth in (("Zigrīda Ūdre", "1985-05-05"), ("Ojārs Ķirsis", "1979-09-09"),
                        ("Jānis Jaunais", "2012-01-01")):
        response = client.post_form(url + "/candidates/new", {
            "person_id": "0", "full_name": name, "territory_id": unit, "birth_date": birth,
            "citizenship": "lv", "publish_consent": "y", "nominated_by": "pašizvirzījies",
            "nominated_on": "2026-11-20"})
        assert response.status_code == 302, response.get_data(as_text=True)
    statuses = {c.person.full_name: c.status for c in db.session.get(Election, election.id)
                .candidates}
    assert statuses["Jānis Jaunais"] == CandidateStatus.INELIGIBLE  # 14 years old
    client.post_form(url + "/close-nominations")
    client.post_form(url + "/start-voting")
    assert db.session.get(Election, election.id).status == S.VOTING
    cands = {c.person.full_name: c for c in db.session.get(Election, election.id).candidates}
    a, b = cands["Zigrīda Ūdre"], cands["Ojārs Ķirsis"]
    form = client.get(url + "/count").get_data(as_text=True)
    assert f'name="votes_{a.id}"' in form and f'name="votes_{cands["Jānis Jaunais"].id}"' \
        not in form
    response = client.post_form(url + "/count", {
        "voters_registered": "900", "ballots_cast": "60", "ballots_invalid": "2",
        f"votes_{a.id}": "29", f"votes_{b.id}": "29"})
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "jāizlozē" in page
    assert client.post_form(url + "/certify").status_code == 302  # refused: tie
    assert db.session.get(Election, election.id).status == S.COUNTED
    client.post_form(url + "/draw-lots", {"drawn_by": "Aina Kociņa", f"lot_{a.id}": "2",
                                          f"lot_{b.id}": "1", "notes": "Lozēja 19.11."})
    response = client.post_form(url + "/certify")
    assert response.status_code == 302
    election = db.session.get(Election, election.id)
    assert election.status == S.CERTIFIED
    new = db.session.scalars(select(Membership).where(Membership.election_id == election.id)
                             ).one()
    assert new.person.full_name == "Ojārs Ķirsis" and new.start_on == date(2026, 12, 14)
    assert cands["Zigrīda Ūdre"].reserve_order == 1

    data = client.get(url + "/protocol.docx")
    assert data.status_code == 200 and data.mimetype.endswith("wordprocessingml.document")
    text = "\n".join(p.text for p in docx.Document(BytesIO(data.data)).paragraphs)
    assert "Ojārs Ķirsis" in text and "Lozes vilka: Aina Kociņa" in text
    page = client.get(f"/councils/{K}").get_data(as_text=True)
    assert "Ojārs Ķirsis" in page


def test_a_vacancy_is_filled_from_the_reserve_list(demo, login_as):
    client = login_as("officer")
    ezere = council("saldus-ezeres-pagasts")
    page = client.get(f"/councils/{ezere.slug}").get_data(as_text=True)
    vacancy = svc.council_section(ezere, user("officer"), date(2026, 11, 25)).vacancies[0]
    nxt = vacancy.candidate
    assert f"Nākamais rezerves sarakstā: {nxt.person.full_name}." in page
    url = f"/councils/{ezere.slug}/vacancies/{vacancy.membership.id}/fill"
    form = client.get(url).get_data(as_text=True)
    assert nxt.person.full_name in form and 'name="start_on"' in form
    response = client.post_form(url, {"candidate_id": str(nxt.id), "start_on": "2026-10-10"})
    assert response.status_code == 400  # before the seat was freed
    assert "pēc dienas, kad iepriekšējais izstājās" in response.get_data(as_text=True)
    response = client.post_form(url, {"candidate_id": str(nxt.id), "start_on": "2026-11-26"})
    assert response.status_code == 302
    new = db.session.scalars(select(Membership).where(
        Membership.replaced_membership_id == vacancy.membership.id)).one()
    assert new.person_id == nxt.person_id and new.candidate_id == nxt.id
    assert db.session.get(Candidate, nxt.id).reserve_used_at is not None
    assert "Nākamais rezerves sarakstā" not in client.get(f"/councils/{ezere.slug}").get_data(
        as_text=True)
    assert client.get(url).status_code == 302  # no longer vacant


# --- bad input ----------------------------------------------------------------------------------

BAD_ELECTION = [
    ("place", "", "Aizpildiet šo lauku"),
    ("place", "x" * 10_000, "ne vairāk kā"),
    ("place", "Kursīši\x00", "nav atļautas"),
    ("seats", "-1", "no 1 līdz 99"),
    ("seats", "daudz", "vesels skaitlis"),
    ("seats", "9" * 10_000, "vesels skaitlis"),
    ("seats", "8", "7 vietas"),
    ("held_on", "2026-02-31", "Nederīgs datums"),
    ("held_on", "", "Aizpildiet šo lauku"),
    ("votes_per_ballot", "0", "no 1 līdz 99"),
    ("term_start", "2026-12-01", "pēc balsošanas beigām"),
]


@pytest.mark.parametrize("field,value,message", BAD_ELECTION)
def test_election_form_bad_input_keeps_typed_values(demo, login_as, field, value, message):
    client = login_as("secretary")
    before = db.session.scalar(select(db.func.count(Election.id)))
    response = client.post_form(f"/councils/{K}/elections/new", election_form(**{field: value}))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    if field != "place":
        assert 'value="Kursīšu bibliotēka"' in html
    assert db.session.scalar(select(db.func.count(Election.id))) == before


def _open_election():
    election = factories.election(council(), kind=ElectionKind.BY_ELECTION, seats=1,
                                  status=S.NOMINATIONS_OPEN)
    db.session.commit()
    return election


@pytest.mark.parametrize("field,value,message", [
    ("full_name", "", "Izvēlieties esošu personu"),
    ("full_name", "Ā" * 10_000, "ne vairāk kā"),
    ("full_name", "Anna\x00Liepa", "nav atļautas"),
    ("birth_date", "2000-02-31", "Nederīgs datums"),
    ("nominated_by", "", "Aizpildiet šo lauku"),
    ("nominated_on", "vakar", "Nederīgs datums"),
    ("email", "nav-epasts", "e-pasta adresi"),
    ("person_id", "999999", "izvēle"),
])
def test_nomination_bad_input(demo, login_as, field, value, message):
    client = login_as("secretary")
    election = _open_election()
    data = {"person_id": "0", "full_name": "Anna Liepa", "territory_id": "0",
            "birth_date": "1990-01-01", "citizenship": "lv", "nominated_by": "biedrība Ezerkrasts",
            "nominated_on": "2026-11-20", "email": ""}
    data[field] = value
    response = client.post_form(base(council(), election.id) + "/candidates/new", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and message in html
    if field != "nominated_by":
        assert 'value="biedrība Ezerkrasts"' in html
    assert db.session.get(Election, election.id).candidates == []


@pytest.mark.parametrize("values,message", [
    ({"ballots_cast": "-5"}, "no 0 līdz"),
    ({"ballots_cast": "piecdesmit"}, "vesels skaitlis"),
    ({"ballots_invalid": "61"}, "Nederīgo zīmju nevar būt vairāk"),
    ({"voters_registered": "10"}, "vairāk nekā reģistrēto"),
    ({"A": "59"}, "nevar būt vairāk balsu nekā derīgu"),
    ({"A": "30", "B": "29"}, "Kandidātiem kopā ir 59 balsis"),
    ({"A": ""}, "Aizpildiet šo lauku"),
    ({"A": "1\x00"}, "vesels skaitlis"),
])
def test_count_bad_input(demo, login_as, values, message):
    client = login_as("secretary")
    election, (a, b) = counted(council(), [1, 0])
    db.session.commit()
    data = {"voters_registered": "900", "ballots_cast": "60", "ballots_invalid": "2",
            f"votes_{a.id}": "20", f"votes_{b.id}": "10"}
    for key, value in values.items():
        data[{"A": f"votes_{a.id}", "B": f"votes_{b.id}"}.get(key, key)] = value
    response = client.post_form(base(council(), election.id) + "/count", data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and message in html
    assert 'value="900"' in html or values.get("voters_registered")
    assert db.session.get(Candidate, a.id).votes == 1


def test_draw_lots_bad_input(demo, login_as):
    client = login_as("secretary")
    election, (a, b) = counted(council(), [3, 3])
    db.session.commit()
    url = base(council(), election.id) + "/draw-lots"
    response = client.post_form(url, {"drawn_by": "Aina", f"lot_{a.id}": "1",
                                      f"lot_{b.id}": "1"})
    assert response.status_code == 400 and "citu vietu no 1 līdz 2" in response.get_data(
        as_text=True)
    response = client.post_form(url, {"drawn_by": "", f"lot_{a.id}": "1", f"lot_{b.id}": "7"})
    assert response.status_code == 400
    assert db.session.get(Candidate, a.id).lot_rank is None


def test_cancel_needs_a_reason(demo, login_as):
    client = login_as("secretary")
    election = _open_election()
    for reason in ("", "x" * 10_000, "a\x00b"):
        response = client.post_form(base(council(), election.id) + "/cancel", {"reason": reason})
        assert response.status_code == 400
    assert db.session.get(Election, election.id).status == S.NOMINATIONS_OPEN


def test_stale_edit_shows_both_versions(demo, login_as):
    client = login_as("secretary")
    election = factories.election(council(), kind=ElectionKind.BY_ELECTION, seats=1)
    db.session.commit()
    url = base(council(), election.id) + "/edit"
    stale = str(election.version)
    election.place = "Pagasta pārvalde"
    db.session.commit()
    response = client.post_form(url, election_form(place="Mana vieta", version=stale))
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Pagasta pārvalde" in html and 'value="Mana vieta"' in html
    assert db.session.get(Election, election.id).place == "Pagasta pārvalde"
    version = str(db.session.get(Election, election.id).version)
    assert client.post_form(url, election_form(place="Mana vieta", version=version)
                            ).status_code == 302


# --- certified: immutable through every route ---------------------------------------------------

def test_a_certified_election_refuses_every_edit_route(demo, login_as):
    client = login_as("admin")
    election = founding()
    url = base(council(), election.id)
    cand = election.candidates[0]
    before = (election.version, [(c.id, c.votes, c.status, c.version) for c in
                                 election.candidates])
    attempts = [
        ("/edit", election_form(version=str(election.version))),
        ("/open-nominations", {}), ("/close-nominations", {}), ("/start-voting", {}),
        ("/count", {"ballots_cast": "1", "ballots_invalid": "0"}),
        ("/draw-lots", {"drawn_by": "x"}), ("/certify", {}), ("/cancel", {"reason": "x"}),
        ("/candidates/new", {"person_id": "0", "full_name": "X", "nominated_by": "x",
                             "nominated_on": "2026-01-01"}),
        (f"/candidates/{cand.id}/withdraw", {"withdrawn_on": "2026-05-01"}),
        (f"/candidates/{cand.id}/eligibility", {"version": str(cand.version),
                                                "incompatible_office": "y"}),
    ]
    for path, data in attempts:
        response = client.post_form(url + path, data)
        assert response.status_code == 302, path
        assert response.headers["Location"].endswith(url), path
    db.session.expire_all()
    election = db.session.get(Election, election.id)
    assert election.status == S.CERTIFIED
    assert (election.version, [(c.id, c.votes, c.status, c.version) for c in
                               election.candidates]) == before


# --- public pages -------------------------------------------------------------------------------

def test_public_results_name_only_those_who_consented(demo, client):
    election = founding()
    hidden = next(c for c in election.candidates if not c.person.publish_consent)
    shown = next(c for c in election.candidates if c.person.publish_consent)
    html = client.get(base(council(), election.id)).get_data(as_text=True)
    assert shown.person.full_name in html
    assert hidden.person.full_name not in html
    assert f"Kandidāts Nr. {hidden.number}" in html
    assert "@" not in html.split("<main")[1].split("</main>")[0]  # no private e-mail
    assert "1975" not in html  # no birth dates
    data = client.get(base(council(), election.id) + "/protocol.docx").data
    text = "\n".join(p.text for p in docx.Document(BytesIO(data)).paragraphs)
    tables = "\n".join(cell.text for t in docx.Document(BytesIO(data)).tables
                       for row in t.rows for cell in row.cells)
    assert hidden.person.full_name not in text + tables
    assert f"Kandidāts Nr. {hidden.number}" in tables


def test_members_see_every_name_and_status(demo, login_as):
    client = login_as("member")
    election = founding()
    hidden = next(c for c in election.candidates if not c.person.publish_consent)
    html = client.get(base(council(), election.id)).get_data(as_text=True)
    assert hidden.person.full_name in html


def test_a_planned_election_is_not_public_and_counts_only_show_after_counting(demo, client):
    planned = factories.election(council(), kind=ElectionKind.BY_ELECTION, seats=1)
    db.session.commit()
    assert client.get(base(council(), planned.id)).status_code == 404
    assert client.get(base(council(), planned.id) + "/protocol.docx").status_code == 404
    planned.status = S.NOMINATIONS_OPEN
    factories.candidate(planned, person_=factories.eligible_person(
        council(), full_name="Slepena Persona", publish_consent=False))
    db.session.commit()
    html = client.get(base(council(), planned.id)).get_data(as_text=True)
    assert "Kandidāts Nr. 1" in html and "Slepena Persona" not in html
    assert client.get(base(council(), planned.id) + "/protocol.docx").status_code == 404


def test_an_unknown_election_or_wrong_council_is_404(demo, client):
    assert client.get(f"/councils/{K}/elections/99999").status_code == 404
    other = founding("saldus-saldus-pilseta")
    assert client.get(f"/councils/{K}/elections/{other.id}").status_code == 404
    assert client.get("/councils/nav-tadas/elections/").status_code == 404


# --- query counts -------------------------------------------------------------------------------

def _with_candidates(n):
    election, cands = counted(council(), list(range(n, 0, -1)))
    for i, c in enumerate(cands):
        c.person.publish_consent = i % 2 == 0
    db.session.commit()
    return election


@pytest.mark.parametrize("role", ["anonymous", "secretary"])
def test_election_page_queries_do_not_grow(demo, login_as, count_queries, role):
    client = login_as(role)
    counts = []
    for n in (5, 50):
        election = _with_candidates(n)
        url = base(council(), election.id)
        client.get(url)
        with count_queries() as q:
            assert client.get(url).status_code == 200
        counts.append(q.count)
        election.status = S.CANCELLED
        db.session.commit()
    assert counts[0] == counts[1], counts


def test_council_page_queries_do_not_grow(demo, client, count_queries):
    counts = []
    for n in (1, 8):
        for _ in range(n):
            e = factories.election(council(), kind=ElectionKind.BY_ELECTION, seats=1,
                                   status=S.CANCELLED)
            factories.candidate(e)
        db.session.commit()
        with count_queries() as q:
            assert client.get(f"/councils/{K}").status_code == 200
        counts.append(q.count)
    assert counts[0] == counts[1], counts


def test_secretary_role_of_another_council_gives_no_access(demo, login_as):
    other = user("other_secretary")
    assert all(r.role == CouncilRoleKind.SECRETARY for r in other.council_roles)
    client = login_as("other_secretary")
    assert client.get(f"/councils/{K}/elections/new").status_code == 403


# --- the other forms: eligibility, withdrawal, vacancy ------------------------------------------

@pytest.mark.parametrize("field,value,message", [
    ("birth_date", "2000-02-31", "Nederīgs datums"),
    ("eligibility_note", "x" * 10_000, "ne vairāk kā"),
    ("eligibility_note", "domes\x00deputāts", "nav atļautas"),
    ("citizenship", "mars", "izvēle"),
    ("territory_id", "-5", "izvēle"),
])
def test_eligibility_bad_input(demo, login_as, field, value, message):
    client = login_as("secretary")
    election = _open_election()
    cand = factories.candidate(election)
    db.session.commit()
    data = {"birth_date": "1980-01-01", "citizenship": "lv", "eligibility_note": "pārbaudīts",
            "territory_id": str(council().territories[0].id), "version": str(cand.version)}
    data[field] = value
    url = base(council(), election.id) + f"/candidates/{cand.id}/eligibility"
    response = client.post_form(url, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400 and message in html
    if field != "eligibility_note":
        assert 'value="pārbaudīts"' in html
    assert db.session.get(Candidate, cand.id).eligibility_note == ""


def test_eligibility_conflict_keeps_the_input(demo, login_as):
    client = login_as("secretary")
    election = _open_election()
    cand = factories.candidate(election)
    db.session.commit()
    stale = str(cand.version)
    cand.eligibility_note = "cits sekretārs pārbaudīja"
    db.session.commit()
    response = client.post_form(base(council(), election.id)
                                + f"/candidates/{cand.id}/eligibility", {
        "birth_date": "1980-01-01", "citizenship": "lv", "eligibility_note": "mana piezīme",
        "territory_id": str(council().territories[0].id), "version": stale})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "cits sekretārs pārbaudīja" in html and 'value="mana piezīme"' in html


@pytest.mark.parametrize("data,message", [
    ({"withdrawn_on": "2026-02-31"}, "Nederīgs datums"),
    ({"withdrawn_on": ""}, "Aizpildiet šo lauku"),
    ({"reason": "x" * 10_000}, "ne vairāk kā"),
    ({"reason": "a\x00b"}, "nav atļautas"),
])
def test_withdraw_bad_input(demo, login_as, data, message):
    client = login_as("secretary")
    election = _open_election()
    cand = factories.candidate(election)
    db.session.commit()
    response = client.post_form(base(council(), election.id) + f"/candidates/{cand.id}/withdraw",
                                {"withdrawn_on": "2026-11-21", "reason": "", **data})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert db.session.get(Candidate, cand.id).status == CandidateStatus.ELIGIBLE


@pytest.mark.parametrize("start_on,message", [
    ("2026-02-31", "Nederīgs datums"), ("", "Aizpildiet šo lauku"), ("x\x00", "Nederīgs")])
def test_vacancy_fill_bad_input(demo, login_as, start_on, message):
    client = login_as("officer")
    ezere = council("saldus-ezeres-pagasts")
    vacancy = svc.council_section(ezere, user("officer"), date(2026, 11, 25)).vacancies[0]
    url = f"/councils/{ezere.slug}/vacancies/{vacancy.membership.id}/fill"
    response = client.post_form(url, {"candidate_id": str(vacancy.candidate.id),
                                      "start_on": start_on})
    assert response.status_code == 400 and message in response.get_data(as_text=True)
    assert db.session.get(Candidate, vacancy.candidate.id).reserve_used_at is None
