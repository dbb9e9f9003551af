"""An officer of one municipality in a real browser: the admin ties a new officer account to
Kuldīga in the account form, the officer's recommendation register and overdue dashboard start
from Kuldīga and leave Saldus out, a Saldus council's edit page refuses them, and the pages fit
a 360 px phone."""

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from council.extensions import db
from council.models import GlobalRole, Municipality
from tests import factories
from tests.browser.helpers import log_in, log_out, no_axe_violations, no_horizontal_overflow

pytestmark = pytest.mark.browser

OFFICER_EMAIL = "inese.rumbniece@kuldiga.example"
OFFICER_NAME = "Inese Rumbniece"
KULDIGA = "Kuldīgas novada pašvaldība"
KULDIGA_REC = "Par apgaismojumu Rumbas ciemā"
# A public Saldus demo recommendation, registered and past its deadline.
SALDUS_REC = "Par Kursīšu bibliotēkas darba laika pagarināšanu sestdienās"
SALDUS_COUNCIL = "saldus-kursisu-pagasts"


def _officer(server, *, of_kuldiga: bool) -> int:
    """Kuldīga beside the Saldus demo, and an officer account (for Kuldīga, or for none)."""
    with server.app.app_context():
        kuldiga = factories.kuldiga()["municipality"]
        officer = factories.user(GlobalRole.OFFICER, email=OFFICER_EMAIL,
                                 display_name=OFFICER_NAME,
                                 municipality_id=kuldiga.id if of_kuldiga else None)
        db.session.commit()
        officer_id = officer.id
        db.session.remove()
    return officer_id


@pytest.fixture
def new_officer(live_server):
    """An officer of every municipality, for the admin to tie to one: the account's id."""
    return _officer(live_server, of_kuldiga=False)


@pytest.fixture
def kuldiga_officer(live_server):
    return _officer(live_server, of_kuldiga=True)


def test_admin_ties_an_officer_to_kuldiga_who_then_works_only_on_kuldiga(
        page, live_server, new_officer):
    base = live_server.url

    # The admin opens the account from the users list and chooses Kuldīga.
    log_in(page, base, "admin@saldus.example")
    page.goto(base + "/admin/users")
    expect(page.locator("h1")).to_have_text("Lietotāji un lomas")
    row = page.get_by_role("row").filter(has_text=OFFICER_EMAIL)
    expect(row).to_contain_text("(visas pašvaldības)")
    row.get_by_role("link", name=OFFICER_NAME).click()
    expect(page).to_have_url(f"{base}/admin/users/{new_officer}")
    select_ = page.get_by_label("Amatpersona pašvaldībā")
    expect(select_.locator("option").first).to_have_text("Visas pašvaldības")
    expect(select_).to_have_value("0")
    select_.select_option(label=KULDIGA)
    page.get_by_role("button", name="Saglabāt", exact=True).click()
    expect(page.locator(".flash-success")).to_contain_text("Konts ir saglabāts.")
    expect(page).to_have_url(f"{base}/admin/users/{new_officer}")
    expect(page.get_by_label("Amatpersona pašvaldībā").locator("option:checked")).to_have_text(
        KULDIGA)
    page.get_by_role("link", name="Lietotāji un lomas").click()
    row = page.get_by_role("row").filter(has_text=OFFICER_EMAIL)
    expect(row).to_contain_text(f"({KULDIGA})")
    log_out(page)

    # The officer's overdue dashboard starts from Kuldīga: Rumba is there, Saldus is not.
    log_in(page, base, OFFICER_EMAIL)
    page.goto(base + "/recommendations/?overdue=1")
    expect(page.locator("h1")).to_have_text("Nokavētie priekšlikumi")
    expect(page.get_by_label("Pašvaldība").locator("option:checked")).to_have_text(KULDIGA)
    expect(page.get_by_role("heading", name="Pa padomēm")).to_be_visible()
    per_council = page.locator("section[aria-labelledby=per-council-title]")
    expect(per_council.get_by_role("link", name="Rumbas pagasta iedzīvotāju padome")) \
        .to_be_visible()
    expect(per_council).not_to_contain_text("Kursīšu")
    expect(page.get_by_role("link", name=KULDIGA_REC)).to_be_visible()
    expect(page.get_by_role("link", name=SALDUS_REC)).to_have_count(0)

    # The whole register starts from Kuldīga too.
    page.goto(base + "/recommendations/")
    expect(page.get_by_label("Pašvaldība").locator("option:checked")).to_have_text(KULDIGA)
    expect(page.get_by_role("link", name=KULDIGA_REC)).to_be_visible()
    expect(page.get_by_role("link", name=SALDUS_REC)).to_have_count(0)

    # A Saldus council is not theirs to manage.
    response = page.goto(f"{base}/councils/{SALDUS_COUNCIL}/edit")
    assert response is not None and response.status == 403


def test_officer_scope_pages_have_no_axe_violations_and_fit_a_phone(
        page, live_server, kuldiga_officer):
    base = live_server.url
    with live_server.app.app_context():  # both municipalities are there
        assert len(db.session.scalars(select(Municipality)).all()) == 2
        db.session.remove()
    for email, paths in [
        ("admin@saldus.example",
         ["/admin/users", f"/admin/users/{kuldiga_officer}", "/admin/users/new"]),
        (OFFICER_EMAIL, ["/recommendations/?overdue=1", "/recommendations/"]),
    ]:
        log_in(page, base, email)
        for width in (1280, 360):
            page.set_viewport_size({"width": width, "height": 800})
            for path in paths:
                page.goto(base + path)
                no_horizontal_overflow(page, (width, path))
                if width == 1280:
                    no_axe_violations(page)
        log_out(page)
