"""A real browser: an officer forms a council from nothing, adds three members, activates it,
ends one membership, and a resident sees the right roster on the public page."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.browser.helpers import log_in

pytestmark = pytest.mark.browser

PEOPLE = [  # name, position label, consent
    ("Rūdolfs Zirnis", "priekšsēdētājs", True),
    ("Lāsma Zirne", "padomes loceklis", True),
    ("Kristaps Avotiņš", "padomes loceklis", False),
]


def _add_member(page, name, position, consent, start):
    page.get_by_role("link", name="Pievienot locekli").first.click()
    page.get_by_role("link", name="Personas nav sarakstā: reģistrēt jaunu personu").click()
    page.get_by_label("Vārds un uzvārds").fill(name)
    page.get_by_label("Dzīvesvietas teritoriālā vienība").select_option(label="Zirņu pagasts")
    if consent:
        page.get_by_label("Piekrīt vārda publicēšanai").check()
    page.get_by_label("E-pasts").fill(f"privats.{len(name)}@example.lv")
    page.get_by_role("button", name="Reģistrēt").click()
    # back on the membership form with the new person chosen
    expect(page.get_by_role("heading", name="Pievienot locekli")).to_be_visible()
    assert name in page.get_by_label("Persona").locator("option:checked").inner_text()
    page.get_by_label("Amats").select_option(label=position)
    page.get_by_label("Padomes sastāvā no").fill(start)
    page.get_by_role("button", name="Iekļaut padomē").click()
    expect(page.locator(".flash-success")).to_contain_text(name)


def test_officer_forms_a_council_and_residents_see_the_roster(page, live_server):
    base = live_server.url
    today = datetime.now(ZoneInfo("Europe/Riga")).date()
    start = (today - timedelta(days=30)).isoformat()
    last_day = (today - timedelta(days=1)).isoformat()

    log_in(page, base, "officer@saldus.example")
    page.get_by_role("link", name="Padomes", exact=True).click()
    page.get_by_role("link", name="Jauna padome").click()
    page.get_by_label("Padomes nosaukums").fill("Zirņu pagasta iedzīvotāju padome")
    page.get_by_label("Zirņu pagasts").check()
    page.get_by_label("Vietu skaits").fill("5")
    page.get_by_label("Pilnvaru termiņa sākums").fill(start)
    page.get_by_label("Apraksts").fill("Zirņu iedzīvotāju balss pašvaldībā.")
    page.get_by_role("button", name="Izveidot padomi").click()
    expect(page).to_have_url(base + "/councils/saldus-zirnu-pagasts")
    expect(page.locator(".badge").first).to_have_text("tiek veidota")

    for name, position, consent in PEOPLE:
        _add_member(page, name, position, consent, start)

    page.get_by_role("link", name="Aktivizēt…").click()
    page.get_by_role("button", name="Aktivizēt").click()
    expect(page.locator(".flash-success")).to_have_text("Padome ir aktīva.")

    page.get_by_role("link", name="Izbeigt… Lāsma Zirne").click()
    page.get_by_label("Pēdējā diena padomes sastāvā").fill(last_day)
    page.get_by_label("Iemesls").select_option(label="atkāpies no amata")
    page.get_by_role("button", name="Izbeigt dalību").click()
    expect(page.locator(".flash-success")).to_contain_text("Lāsma Zirne")
    expect(page.locator("table.roster tbody tr")).to_have_count(2)

    page.get_by_role("button", name="Iziet").click()
    page.goto(base + "/councils/")
    page.get_by_role("link", name="Zirņu pagasta iedzīvotāju padome").click()
    roster = page.locator(".roster-public")
    expect(roster).to_contain_text("Rūdolfs Zirnis — priekšsēdētājs")
    expect(roster.locator("li")).to_have_count(1)
    expect(page.get_by_text("un vēl 1 loceklis")).to_be_visible()
    body = page.locator("main").inner_text()
    assert "Lāsma Zirne" not in body and "Kristaps Avotiņš" not in body
    assert "privats." not in page.content()
    expect(page.get_by_text("Zirņu iedzīvotāju balss pašvaldībā.")).to_be_visible()


def test_council_pages_fit_a_phone(page, live_server):
    page.set_viewport_size({"width": 360, "height": 740})
    log_in(page, live_server.url, "officer@saldus.example")
    for path in ("/councils/saldus-kursisu-pagasts", "/councils/new", "/people/",
                 "/councils/saldus-kursisu-pagasts/members/new",
                 "/councils/saldus-kursisu-pagasts/roles"):
        page.goto(live_server.url + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path


def test_formation_pages_have_no_accessibility_violations(page, live_server):
    from axe_playwright_python.sync_playwright import Axe

    page.goto(live_server.url + "/councils/saldus-saldus-pilseta")
    paths = ["/councils/saldus-saldus-pilseta", "/councils/new", "/people/new",
             "/councils/saldus-kursisu-pagasts/members/new", "/admin/settings"]
    found = {"public": Axe().run(page).response["violations"]}
    log_in(page, live_server.url, "admin@saldus.example")
    for path in paths:
        page.goto(live_server.url + path)
        found[path] = Axe().run(page).response["violations"]
    problems = {path: [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
                for path, violations in found.items() if violations}
    assert problems == {}
