"""The residents' site in a real browser: axe finds nothing on the public pages, the council
page fits a 360 px phone, and a resident gets from home to the municipality's answer using
only the keyboard."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect
from sqlalchemy import select

from council.extensions import db
from council.models import (
    Meeting,
    Minutes,
    MinutesStatus,
    Recommendation,
    RecommendationStatus,
)

pytestmark = pytest.mark.browser
SLUG = "saldus-kursisu-pagasts"


def _ids(server):
    with server.app.app_context():
        minutes_meeting = db.session.scalar(
            select(Meeting.id).join(Minutes, Minutes.meeting_id == Meeting.id)
            .where(Minutes.status == MinutesStatus.APPROVED, Meeting.is_public.is_(True))
            .order_by(Meeting.starts_at.desc()))
        rec = db.session.scalar(select(Recommendation.id).where(
            Recommendation.is_public.is_(True),
            Recommendation.status.in_([RecommendationStatus.ANSWERED,
                                       RecommendationStatus.CLOSED]))
            .order_by(Recommendation.id))
        db.session.remove()
    return minutes_meeting, rec


def test_public_pages_have_no_axe_violations(page, live_server):
    meeting_id, rec_id = _ids(live_server)
    paths = ["/", f"/councils/{SLUG}", f"/meetings/{meeting_id}",
             f"/meetings/{meeting_id}/minutes", f"/recommendations/{rec_id}",
             "/recommendations/", "/search?q=apgaismojum", "/about", "/about?lang=en"]
    for path in paths:
        page.goto(live_server.url + path)
        violations = Axe().run(page).response["violations"]
        assert violations == [], (path, [(v["id"], [n["target"] for n in v["nodes"]])
                                         for v in violations])


def test_council_page_fits_a_phone(page, live_server):
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ("/", f"/councils/{SLUG}", "/about", "/search?q=ielu"):
        page.goto(live_server.url + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path


def _tab_to(page, text: str, limit: int = 400) -> None:
    """Press Tab until the focused element's text contains `text`, then press Enter."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate("document.activeElement && document.activeElement.innerText")
        if focused and text in focused:
            page.keyboard.press("Enter")
            return
    raise AssertionError(f"could not reach {text!r} with the keyboard")


def test_resident_reaches_the_answer_with_the_keyboard_only(page, live_server):
    page.goto(live_server.url + "/")
    _tab_to(page, "Kursīšu pagasts")
    expect(page).to_have_url(f"{live_server.url}/councils/{SLUG}")
    expect(page.locator("h1")).to_contain_text("Kursīšu pagasta iedzīvotāju padome")
    _tab_to(page, "Protokols")  # the latest past meeting's approved minutes
    expect(page.locator("h1")).to_contain_text("protokol", ignore_case=True)
    page.go_back()
    expect(page).to_have_url(f"{live_server.url}/councils/{SLUG}")
    # The council's recommendations are listed with their status: open one and read its
    # timeline, from the meeting that made it to the municipality's answer.
    _tab_to(page, "2026/")
    expect(page).to_have_url(re.compile(r"/recommendations/\d+$"))
    timeline = page.locator("main").inner_text().lower()
    assert "nosūtīts" in timeline
