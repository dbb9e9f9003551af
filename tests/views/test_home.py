"""The residents' home page: councils by territory, next meetings, latest decisions and
recommendations; a fixed number of queries; only public data."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from council.extensions import db
from council.models import Council, MeetingStatus, utcnow
from tests import factories


@pytest.mark.parametrize("lang,heading", [("lv", "Atrodiet savu padomi"),
                                          ("en", "Find your council")])
def test_home_in_both_languages(demo, client, lang, heading):
    html = client.get(f"/?lang={lang}").get_data(as_text=True)
    assert heading in html
    assert 'href="/councils/saldus-kursisu-pagasts"' in html  # two clicks to the council
    assert 'href="/about"' in html
    assert "Kursīšu pagasts" in html and "Zvārdes pagasts" in html  # every unit, with or without


def test_home_lists_next_public_meetings_only(demo, client):
    council = db.session.scalars(select(Council).where(
        Council.slug == "saldus-kursisu-pagasts")).one()
    soon = utcnow() + timedelta(hours=2)
    factories.meeting(council, status=MeetingStatus.ANNOUNCED, starts_at=soon,
                      place="Atklātā zāle")
    factories.meeting(council, status=MeetingStatus.ANNOUNCED, starts_at=soon,
                      place="Slēgtā zāle", is_public=False)
    factories.meeting(council, status=MeetingStatus.DRAFT, starts_at=soon, place="Melnraksta zāle")
    html = client.get("/").get_data(as_text=True)
    assert "Atklātā zāle" in html
    assert "Slēgtā zāle" not in html and "Melnraksta zāle" not in html


def test_home_query_count_is_constant(demo, client, count_queries):
    with count_queries() as small:
        client.get("/")
    council = db.session.scalars(select(Council).where(
        Council.slug == "saldus-kursisu-pagasts")).one()
    for i in range(40):
        meeting = factories.meeting(council, status=MeetingStatus.ANNOUNCED,
                                    starts_at=utcnow() + timedelta(days=i + 1))
        factories.agenda_item(meeting)
    with count_queries() as large:
        client.get("/")
    assert small.count == large.count


def test_home_without_a_municipality(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "flask seed-demo" in response.get_data(as_text=True)


def test_two_clicks_from_home_to_the_answer(demo, client):
    """home → council page: next meeting, past minutes and the municipality's answers."""
    home = client.get("/").get_data(as_text=True)
    assert 'href="/councils/saldus-kursisu-pagasts"' in home
    council = client.get("/councils/saldus-kursisu-pagasts").get_data(as_text=True)
    assert "Nākamā sēde" in council
    assert "Pašvaldības atbilde:" in council
    assert "/minutes" in council
