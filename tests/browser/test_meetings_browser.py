"""A real browser: the secretary schedules and announces a meeting with three agenda items, a
member finds it on the dashboard, a resident sees only the public items."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in, log_out, no_axe_violations

pytestmark = pytest.mark.browser

ITEMS = [("Par ielu apgaismojumu Kursīšu centrā", True),
         ("Par Ņinas Žukovas iesniegumu par zemes nomu", False),
         ("Par kultūras nama remontu", True)]


def test_secretary_announces_member_sees_it_public_sees_public_items(page, live_server):
    base = live_server.url
    day = (datetime.now(ZoneInfo("Europe/Riga")) + timedelta(days=20)).date()

    log_in(page, base, "sekretare@saldus.example")
    page.goto(base + "/councils/saldus-kursisu-pagasts")
    page.get_by_role("link", name="Jauna sēde").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jauna sēde")
    no_axe_violations(page)
    page.locator("#date").fill(day.isoformat())
    page.locator("#start_time").fill("18.00")
    page.locator("#end_time").fill("20.00")
    page.locator("#place").fill("Kursīšu pagasta pārvalde, Skolas iela 1")
    page.get_by_role("button", name="Saglabāt melnrakstu").click()
    expect(page.locator(".flash-success")).to_contain_text("melnraksts")
    meeting_url = page.url
    assert re.search(r"/meetings/\d+$", meeting_url)

    for title, public in ITEMS:
        page.locator("#item-title").fill(title)
        page.locator("#item-presenter").fill("Jānis Kalniņš")
        if not public:
            page.locator("#item-is_public").uncheck()
        page.get_by_role("button", name="Pievienot jautājumu").click()
        expect(page.locator(".flash-success")).to_be_visible()
    expect(page.locator("ol.agenda > li")).to_have_count(3)
    # Reorder without JavaScript: the last item one place up, then back.
    page.get_by_role("button", name=re.compile(r"^Uz augšu\W+Par kultūras nama remontu$")).click()
    expect(page.locator("ol.agenda > li").nth(1)).to_contain_text("Par kultūras nama remontu")
    page.get_by_role("button", name=re.compile(r"^Uz leju\W+Par kultūras nama remontu$")).click()
    expect(page.locator("ol.agenda > li").nth(2)).to_contain_text("Par kultūras nama remontu")

    page.get_by_role("link", name="Izsludināt…").click()
    page.get_by_role("button", name="Izsludināt sēdi").click()
    expect(page.locator(".flash-success")).to_contain_text("Sēde ir izsludināta")
    expect(page.locator(".badges")).not_to_contain_text("melnraksts")
    log_out(page)

    log_in(page, base, "biedrs@saldus.example")
    page.get_by_role("link", name="Mans pārskats").click()
    card = page.locator("article.meeting-card").filter(has_text="Par ielu apgaismojumu Kursīšu")
    expect(card).to_have_count(1)
    expect(card).to_contain_text("Par Ņinas Žukovas iesniegumu par zemes nomu")
    expect(card).to_contain_text("slēgts jautājums")
    no_axe_violations(page)
    log_out(page)

    page.goto(meeting_url)
    agenda = page.locator("ol.agenda")
    expect(agenda).to_contain_text("Par ielu apgaismojumu Kursīšu centrā")
    expect(agenda).to_contain_text("Par kultūras nama remontu")
    expect(agenda).to_contain_text("Slēgts jautājums")
    expect(page.locator("body")).not_to_contain_text("Ņinas")
    expect(page.get_by_role("link", name="Labot sēdi")).to_have_count(0)
    no_axe_violations(page)


def test_meeting_pages_fit_a_phone(page, live_server):
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, live_server.url, "sekretare@saldus.example")
    page.goto(live_server.url + "/councils/saldus-kursisu-pagasts")
    links = page.locator("section.council-meetings a[href^='/meetings/']")
    first_meeting = links.first.get_attribute("href")
    for path in ("/dashboard", "/councils/saldus-kursisu-pagasts",
                 "/councils/saldus-kursisu-pagasts/meetings",
                 "/councils/saldus-kursisu-pagasts/meetings/new", first_meeting, "/profile"):
        page.goto(live_server.url + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path
