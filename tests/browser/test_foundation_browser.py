"""A real browser: log in through the form, switch language and back, log out."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_login_switch_language_logout(page, live_server):
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Pieteikties").click()
    page.get_by_label("E-pasts").fill("sekretare@saldus.example")
    page.get_by_label("Parole").fill("padome-demo")
    page.get_by_role("button", name="Pieteikties").click()
    expect(page.locator(".flash-success")).to_be_visible()
    expect(page.get_by_role("link", name="Ģirts Ābele")).to_be_visible()

    page.get_by_role("link", name="EN — English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    page.get_by_role("link", name="Councils", exact=True).click()  # the choice is remembered
    expect(page.locator("html")).to_have_attribute("lang", "en")

    page.get_by_role("link", name="LV — latviešu").click()
    expect(page.locator("html")).to_have_attribute("lang", "lv")
    page.get_by_role("button", name="Iziet").click()
    expect(page.get_by_role("link", name="Pieteikties")).to_be_visible()
    page.goto(live_server.url + "/profile")
    expect(page).to_have_url(live_server.url + "/login?next=%2Fprofile")


def test_phone_width_has_no_horizontal_scroll(page, live_server):
    page.set_viewport_size({"width": 360, "height": 740})
    for path in ("/", "/councils/", "/login"):
        page.goto(live_server.url + path)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, path
