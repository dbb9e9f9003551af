"""Two municipalities in a real browser: from the list on `/` to a municipality and on to one
of its councils and back, axe finds nothing on the new pages, and they fit a 360 px phone."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from council.extensions import db
from tests import factories

pytestmark = pytest.mark.browser


@pytest.fixture
def two_municipalities(live_server):
    with live_server.app.app_context():
        factories.kuldiga()
        db.session.commit()
        db.session.remove()
    return live_server


PAGES = ["/", "/municipalities/kuldiga", "/councils/", "/councils/?municipality=kuldiga",
         "/about", "/recommendations/?municipality=kuldiga", "/search?q=rumbas"]


def test_from_the_list_to_a_municipality_and_its_council_and_back(page, two_municipalities):
    base = two_municipalities.url
    page.goto(base + "/")
    expect(page.get_by_role("heading", name="Izvēlieties savu pašvaldību")).to_be_visible()
    page.get_by_role("link", name="Kuldīgas novada pašvaldība").click()
    expect(page).to_have_url(base + "/municipalities/kuldiga")
    expect(page.locator("h1")).to_have_text("Kuldīgas novada pašvaldība: iedzīvotāju padomes")
    expect(page.get_by_text("Rumbas tautas nams")).to_be_visible()  # its next meeting
    page.get_by_role("link", name="Rumbas pagasts").click()
    expect(page).to_have_url(base + "/councils/kuldiga-rumbas-pagasts")
    expect(page.locator("h1")).to_have_text("Rumbas pagasta iedzīvotāju padome")
    page.get_by_role("link", name="Kuldīgas novada pašvaldība").click()
    expect(page).to_have_url(base + "/municipalities/kuldiga")
    page.get_by_role("link", name="Visas pašvaldības").first.click()
    expect(page).to_have_url(base + "/")
    page.get_by_role("link", name="Saldus novada pašvaldība").click()
    expect(page.get_by_role("link", name="Kursīšu pagasts")).to_be_visible()


def test_the_municipality_switcher_works_without_javascript(browser, two_municipalities):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(two_municipalities.url + "/councils/?municipality=saldus")
    page.get_by_label("Pašvaldība").select_option(label="Kuldīgas novada pašvaldība")
    page.get_by_role("button", name="Rādīt").click()
    expect(page).to_have_url(two_municipalities.url + "/councils/?municipality=kuldiga")
    expect(page.get_by_role("link", name="Rumbas pagasta iedzīvotāju padome")).to_be_visible()
    context.close()


def test_municipality_pages_have_no_axe_violations_and_fit_a_phone(page, two_municipalities):
    for width in (1280, 360):
        page.set_viewport_size({"width": width, "height": 800})
        for path in PAGES:
            page.goto(two_municipalities.url + path)
            overflow = page.evaluate(
                "document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 0, (width, path)
            if width == 1280:
                violations = Axe().run(page).response["violations"]
                assert violations == [], (path, [(v["id"], [n["target"] for n in v["nodes"]])
                                                 for v in violations])
