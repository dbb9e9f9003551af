"""/search for every role: grouped, paginated, highlighted safely, only what the user may see."""

import pytest

from council.extensions import db
from council.models import MeetingStatus
from tests import factories


@pytest.fixture
def data(demo):
    from sqlalchemy import select

    from council.models import Council

    council = db.session.scalars(select(Council).where(
        Council.slug == "saldus-kursisu-pagasts")).one()
    meeting = factories.meeting(council, status=MeetingStatus.ANNOUNCED)
    factories.agenda_item(meeting, title="Kursīšu <script>ūdenszīmes</script> apgāde")
    factories.agenda_item(meeting, title="Slēgtais ūdenszīmju jautājums", is_public=False)
    db.session.commit()
    return meeting


@pytest.mark.parametrize("role,closed_visible", [
    ("anonymous", False), ("member", True), ("secretary", True), ("other_secretary", False),
    ("officer", True), ("admin", True),
])
def test_search_by_role(data, login_as, role, closed_visible):
    client = login_as(role)
    response = client.get("/search?q=udenszim")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "<mark>ūdenszīmes</mark>" in html
    assert "&lt;script&gt;" in html and "<script>" not in html
    assert ("Slēgtais" in html) is closed_visible
    assert f'href="/meetings/{data.id}#item-' in html


@pytest.mark.parametrize("q", ["", "   ", "x" * 10_000, "ūdens\x00", "\"'*:&|!()", "%", "kind"])
def test_search_odd_input_never_fails(client, q):
    response = client.get("/search", query_string={"q": q, "kind": "nonsense", "page": "-1"})
    assert response.status_code == 200


def test_search_kind_filter_and_pagination(data, client):
    for i in range(25):
        factories.agenda_item(data, title=f"Ūdens jautājums {i}")
    db.session.commit()
    html = client.get("/search?q=udens&kind=agenda_item&page=2").get_data(as_text=True)
    assert "2. lapa no " in html
    assert 'aria-current="true"' in html


def test_search_in_english(client):
    html = client.get("/search?q=abc&lang=en").get_data(as_text=True)
    assert "Nothing found" in html


def test_search_says_when_there_are_more_matches_than_it_ranks(data, client, monkeypatch):
    from council.services import search as search_service

    monkeypatch.setattr(search_service, "WINDOW", 5)
    for i in range(7):
        factories.agenda_item(data, title=f"Ūdens jautājums {i}")
    db.session.commit()
    html = client.get("/search?q=udens&kind=agenda_item&lang=en").get_data(as_text=True)
    assert "Agenda items (5+)" in html
    assert "More than 5 results: the newest 5 of each kind are ranked here." in html
