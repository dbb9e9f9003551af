"""Public pages: home, about, health."""

import pytest


@pytest.mark.parametrize("lang,heading", [
    ("lv", "Kas ir iedzīvotāju padome un ko tā var?"),
    ("en", "What is a resident council and what can it do?"),
])
def test_about_page_in_both_languages_uses_settings(demo, client, lang, heading):
    html = client.get(f"/about?lang={lang}").get_data(as_text=True)
    assert heading in html
    assert "10" in html and "16" in html  # answer period and minimum age from the settings


def test_about_page_without_a_municipality(client):
    html = client.get("/about").get_data(as_text=True)
    assert "10 darbdienu" in html
