"""A real browser: a secretary sends a recommendation drafted from an adopted decision, an
officer registers and answers it, and a resident follows the whole timeline."""

from datetime import UTC, datetime, timedelta

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from council.extensions import db
from council.models import (
    AgendaItem,
    Council,
    ItemRecord,
    Meeting,
    MeetingStatus,
    Minutes,
    Outcome,
)
from tests.browser.helpers import log_in, log_out

pytestmark = pytest.mark.browser

SLUG = "saldus-kursisu-pagasts"


def _adopted_decision(app) -> tuple[int, int]:
    """The minutes feature comes later: write a held meeting with an adopted item directly."""
    with app.app_context():
        council = db.session.scalars(select(Council).where(Council.slug == SLUG)).one()
        starts = datetime.now(UTC).replace(microsecond=0) - timedelta(days=3)
        meeting = Meeting(council=council, year=starts.year, number=42, starts_at=starts,
                          ends_at=starts + timedelta(hours=2), place="Kursīšu pagasta pārvalde",
                          status=MeetingStatus.HELD, is_public=True)
        item = AgendaItem(meeting=meeting, position=1,
                          title="Par ielu apgaismojumu Kursīšu centrā")
        minutes = Minutes(meeting=meeting)
        db.session.add_all([meeting, item, minutes, ItemRecord(
            minutes=minutes, agenda_item=item, outcome=Outcome.ADOPTED,
            decision="Ierosināt pašvaldībai uzstādīt trīs laternas Skolas ielā.",
            votes_for=5, votes_against=0, votes_abstain=1)])
        db.session.commit()
        ids = meeting.id, item.id
        db.session.remove()
    return ids


def test_from_decision_to_answer_and_public_timeline(page, live_server):
    base = live_server.url
    meeting_id, item_id = _adopted_decision(live_server.app)

    log_in(page, base, "sekretare@saldus.example")
    page.goto(f"{base}/councils/{SLUG}/recommendations/new?meeting={meeting_id}&item={item_id}")
    expect(page.get_by_label("Nosaukums")).to_have_value("Par ielu apgaismojumu Kursīšu centrā")
    expect(page.get_by_label("Priekšlikuma teksts")).to_have_value(
        "Ierosināt pašvaldībai uzstādīt trīs laternas Skolas ielā.")
    page.get_by_label("Adresāts").select_option(label="Komunālās saimniecības nodaļa")
    page.get_by_role("button", name="Saglabāt melnrakstu").click()
    expect(page.locator(".flash-success")).to_contain_text("saglabāts")
    rec_url = page.url
    page.get_by_role("link", name="Nosūtīt pašvaldībai…").click()
    expect(page.locator(".notice")).to_contain_text("darbdienas")
    page.get_by_role("button", name="Atzīmēt kā nosūtītu").click()
    expect(page.locator(".flash-success")).to_contain_text("Atbildes termiņš")
    log_out(page)

    log_in(page, base, "officer@saldus.example")
    page.goto(base + "/recommendations/?status=sent")
    expect(page.get_by_role("link", name="Par ielu apgaismojumu Kursīšu centrā")).to_have_count(1)
    page.goto(rec_url)
    page.get_by_role("link", name="Reģistrēt…").click()
    page.get_by_label("Reģistrācijas numurs").fill("SND/2026/4-12/777")
    page.get_by_role("button", name="Reģistrēt").click()
    expect(page.locator(".flash-success")).to_be_visible()
    page.get_by_role("link", name="Ierakstīt atbildi…").click()
    page.get_by_label("Rezultāts").select_option(label="atbalstīts")
    page.get_by_label("Atbilde", exact=True).fill(
        "Laternas tiks uzstādītas līdz oktobrim no komunālās nodaļas budžeta.")
    page.get_by_label("Atsauce uz lēmumu (nav obligāta)").fill("Rīkojums Nr. 2-7/777")
    page.get_by_role("button", name="Ierakstīt atbildi").click()
    expect(page.locator(".flash-success")).to_be_visible()
    log_out(page)

    page.goto(rec_url)  # a resident, not logged in
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Par ielu apgaismojumu Kursīšu centrā")
    timeline = page.locator(".timeline li")
    expect(timeline).to_have_count(4)
    expect(timeline.nth(0)).to_contain_text("Izveidots projekts")
    expect(timeline.nth(1)).to_contain_text("Nosūtīts: Komunālās saimniecības nodaļa")
    expect(timeline.nth(2)).to_contain_text("SND/2026/4-12/777")
    expect(timeline.nth(3)).to_contain_text("Atbildēts: atbalstīts")
    expect(page.locator(".answer-box")).to_contain_text("Laternas tiks uzstādītas")
    expect(page.get_by_role("link", name="sēde Nr. 42")).to_have_attribute(
        "href", f"/meetings/{meeting_id}")
    expect(page.get_by_text("1. § Par ielu apgaismojumu Kursīšu centrā")).to_be_visible()


def test_register_works_on_a_phone(page, live_server):
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ("/recommendations/", "/recommendations/?overdue=1", f"/councils/{SLUG}"):
        page.goto(live_server.url + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path
    page.goto(live_server.url + "/recommendations/")
    page.get_by_role("link", name="Par autobusa pieturas nojumes atjaunošanu pie Kursīšu skolas"
                     ).click()
    expect(page.locator(".timeline li")).to_have_count(6)


def test_recommendation_pages_have_no_accessibility_violations(page, live_server):
    from axe_playwright_python.sync_playwright import Axe

    for path in ("/recommendations/", "/recommendations/2", f"/councils/{SLUG}"):
        page.goto(live_server.url + path)
        violations = Axe().run(page).response["violations"]
        assert violations == [], (path, [(v["id"], [n["target"] for n in v["nodes"]])
                                         for v in violations])
