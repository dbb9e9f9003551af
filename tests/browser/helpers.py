"""What the browser tests share: logging in and out through the forms, and the checks every
page gets (axe, and no sideways scrolling on a phone)."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

DEMO_PASSWORD = "padome-demo"


def log_in(page, base, email):
    page.goto(base + "/login")
    page.get_by_label("E-pasts").fill(email)
    page.get_by_label("Parole").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Pieteikties").click()
    expect(page.locator(".flash-success")).to_be_visible()


def log_out(page):
    page.get_by_role("button", name="Iziet").click()
    expect(page.get_by_role("link", name="Pieteikties")).to_be_visible()


def no_axe_violations(page):
    violations = Axe().run(page).response["violations"]
    assert violations == [], [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]


def no_horizontal_overflow(page, where):
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, where
