"""Anonymous residents see exactly the public data: private marker strings planted in closed
items, drafts, unconsented names, contact data and non-public recommendations appear in no
public response — HTML, calendar, CSV, Word or search."""

from datetime import timedelta
from io import BytesIO

import docx
import pytest
from sqlalchemy import select

from council.extensions import db
from council.models import (
    Council,
    Election,
    ItemRecord,
    Meeting,
    MeetingStatus,
    Minutes,
    Outcome,
    RecommendationStatus,
    utcnow,
)
from tests import factories

MARKERS = ["SLEGTSMARKIERIS", "MELNRAKSTAMARKIERIS", "NEPUBLISKSVARDS", "privats@marker.lv",
           "NEPUBLISKSPRIEKSLIKUMS", "PROJEKTALEMUMS", "ALUSPRIEKSLIKUMS"]


@pytest.fixture
def planted(demo):
    council = db.session.scalars(select(Council).where(
        Council.slug == "saldus-kursisu-pagasts")).one()
    soon = utcnow() + timedelta(days=3)
    public = factories.meeting(council, status=MeetingStatus.ANNOUNCED, starts_at=soon)
    factories.agenda_item(public, title="Atklāts jautājums")
    factories.agenda_item(public, title="SLEGTSMARKIERIS zemes noma", is_public=False,
                          description="SLEGTSMARKIERIS")
    draft = factories.meeting(council, status=MeetingStatus.DRAFT, starts_at=soon)
    factories.agenda_item(draft, title="MELNRAKSTAMARKIERIS")
    person = factories.person(council.municipality, full_name="NEPUBLISKSVARDS Ozols",
                              publish_consent=False, email="privats@marker.lv")
    factories.membership(council, person, voting=False)
    factories.recommendation(council, title="NEPUBLISKSPRIEKSLIKUMS", is_public=False,
                             status=RecommendationStatus.SENT)
    factories.recommendation(council, title="ALUSPRIEKSLIKUMS", status=RecommendationStatus.DRAFT)
    held = factories.meeting(council, status=MeetingStatus.HELD,
                             starts_at=utcnow() - timedelta(days=2))
    item = factories.agenda_item(held, title="Par ceļiem")
    minutes = Minutes(meeting=held)
    db.session.add(minutes)
    db.session.add(ItemRecord(minutes=minutes, agenda_item=item, outcome=Outcome.ADOPTED,
                              decision="PROJEKTALEMUMS"))
    db.session.commit()
    return council


def _public_urls(council):
    meetings = db.session.scalars(select(Meeting).where(Meeting.council_id == council.id)).all()
    urls = ["/", "/councils/", f"/councils/{council.slug}", "/about", "/calendar.ics",
            f"/councils/{council.slug}/calendar.ics", "/recommendations/",
            "/recommendations.csv", f"/councils/{council.slug}/elections/"]
    urls += [f"/councils/{council.slug}/elections/{e.id}" for e in db.session.scalars(
        select(Election).where(Election.council_id == council.id))]
    for m in meetings:
        urls += [f"/meetings/{m.id}", f"/meetings/{m.id}/calendar.ics",
                 f"/meetings/{m.id}/minutes", f"/meetings/{m.id}/agenda.docx",
                 f"/meetings/{m.id}/minutes.docx"]
    # Searched by a lower-case prefix, so an echo of the query never looks like a leak.
    urls += [f"/search?q={marker[:9].lower()}" for marker in MARKERS]
    return urls


def _text(response) -> str:
    if response.mimetype.endswith("wordprocessingml.document"):
        document = docx.Document(BytesIO(response.data))
        parts = [p.text for p in document.paragraphs]
        for table in document.tables:
            parts += [cell.text for row in table.rows for cell in row.cells]
        return "\n".join(parts)
    return response.get_data(as_text=True)


def test_no_private_marker_on_any_public_response(planted, client):
    seen = 0
    for url in _public_urls(planted):
        response = client.get(url)
        assert response.status_code in (200, 404), (url, response.status_code)
        # Reading leaves no trace either: a visitor gets no session cookie from any page.
        assert "Set-Cookie" not in response.headers, url
        if response.status_code == 200:
            seen += 1
            text = _text(response)
            leaked = [m for m in MARKERS if m in text]
            assert leaked == [], (url, leaked)
    assert seen > 20


def test_members_do_see_them(planted, login_as):
    client = login_as("member")
    html = client.get(f"/councils/{planted.slug}").get_data(as_text=True)
    assert "NEPUBLISKSVARDS" in html
    found = client.get("/search?q=slegtsmarkieris").get_data(as_text=True)
    assert "SLEGTSMARKIERIS" in found
