"""Latvian first: every string in the code is translated; dates read the Latvian way."""

import subprocess
import sys
from datetime import UTC, date, datetime
from pathlib import Path

from babel.messages.pofile import read_po

from council import formatting

ROOT = Path(__file__).resolve().parent.parent


def test_every_message_has_a_latvian_translation(tmp_path):
    pot = tmp_path / "messages.pot"
    subprocess.run(
        [sys.executable, "-c", "from babel.messages.frontend import main; main()", "-q",
         "extract", "-F", "council/translations/babel.cfg", "-k", "_l", "-k", "lazy_gettext",
         # Babel skips directories starting with "_" by default: templates/_macros has strings.
         "--ignore-dirs", ".* __pycache__",
         "-o", str(pot), "."],
        cwd=ROOT, check=True,
    )
    with pot.open("rb") as f:
        template = read_po(f)
    with (ROOT / "council/translations/lv/LC_MESSAGES/messages.po").open("rb") as f:
        catalog = read_po(f)
    missing = []
    for message in template:
        if not message.id:
            continue
        found = catalog.get(message.id, context=message.context)
        strings = found.string if found else None
        if isinstance(strings, tuple | list):
            ok = all(strings)
        else:
            ok = bool(strings)
        if not ok or (found and found.fuzzy):
            missing.append(message.id)
    assert missing == [], f"untranslated (run `make messages-update`, then translate): {missing}"


def test_latvian_dates():
    d = date(2025, 3, 5)
    assert formatting.date_long(d) == "2025. gada 5. martā"
    assert formatting.date_num(d) == "05.03.2025."
    assert formatting.date_long(d, "en") == "5 March 2025"
    assert [formatting.date_long(date(2026, m, 1)).split()[-1] for m in (1, 6, 7, 12)] == [
        "janvārī", "jūnijā", "jūlijā", "decembrī"]


def test_times_are_shown_in_riga_across_daylight_saving():
    winter = datetime(2026, 1, 15, 16, 0, tzinfo=UTC)  # UTC+2
    summer = datetime(2026, 7, 15, 15, 0, tzinfo=UTC)  # UTC+3
    assert formatting.time_hm(winter) == "plkst. 18.00"
    assert formatting.time_hm(summer) == "plkst. 18.00"
    assert formatting.time_hm(summer, "en") == "18:00"
    late = datetime(2026, 3, 31, 22, 30, tzinfo=UTC)  # already 1 April in Riga
    assert formatting.date_num(late) == "01.04.2026."


def test_zero_votes_are_nav():
    assert formatting.count_or_nav(0) == "nav"
    assert formatting.count_or_nav(None) == "nav"
    assert formatting.count_or_nav(5) == "5"


def test_labels_keep_equal_values_of_different_enums_apart(app):
    from council.labels import label
    from council.models import MeetingStatus, MinutesStatus, Position

    assert label(Position.SECRETARY) == "sekretārs"
    assert label(MeetingStatus.CANCELLED)
    assert label(MinutesStatus.DRAFT)


def test_a_lists_labels_are_the_labels_of_each_member(app):
    """labels_of: a table's labels looked up once, the same text as `label` in each language."""
    from council.labels import ENUMS, label, labels_of
    from council.models import AnswerOutcome, RecommendationStatus

    for lang in ("lv", "en"):
        with app.app_context(), app.test_request_context(f"/?lang={lang}"):
            for enum_cls in (RecommendationStatus, AnswerOutcome, *ENUMS.values()):
                labels = labels_of(enum_cls.__name__)
                assert labels == {m: label(m) for m in enum_cls}, (lang, enum_cls)
            assert labels_of("RecommendationStatus")[RecommendationStatus.CLOSED] == (
                "slēgts" if lang == "lv" else "closed")


def test_the_request_language_follows_force_locale_and_refresh(app):
    """Strings, labels and dates are looked up through a per-request cache; switching the
    language inside a request (as Flask-Babel's force_locale and refresh do) still shows."""
    from flask_babel import force_locale, refresh

    from council.i18n import current_locale, gettext, ngettext
    from council.labels import label
    from council.models import RecommendationStatus

    with app.test_request_context("/?lang=lv"):
        assert current_locale() == "lv"
        assert gettext("Recommendations") == "Priekšlikumi"
        assert label(RecommendationStatus.CLOSED) == "slēgts"
        with force_locale("en"):
            assert current_locale() == "en"
            assert gettext("Recommendations") == "Recommendations"
            assert label(RecommendationStatus.CLOSED) == "closed"
            assert ngettext("%(num)d recommendation", "%(num)d recommendations", 3) \
                == "3 recommendations"
        assert gettext("Recommendations") == "Priekšlikumi"
        refresh()
        assert gettext("Recommendations") == "Priekšlikumi"
    with app.app_context(), app.test_request_context("/?lang=en"):  # a request of its own
        assert label(RecommendationStatus.CLOSED) == "closed"
        assert gettext("Recommendations") == "Recommendations"


def test_templates_translate_escape_and_format_like_jinjas_own_i18n(app):
    from markupsafe import Markup

    from council.models import RecommendationStatus

    env = app.jinja_env
    with app.test_request_context("/?lang=lv"):
        html = env.from_string(
            "{{ _('Recommendations') }}|{{ _('Responsible: %(name)s', name=who) }}|"
            "{{ ngettext('%(num)d recommendation', '%(num)d recommendations', 5) }}|"
            "{{ _('100%%') }}|{% trans %}Recommendations{% endtrans %}|{{ s|label }}")
        assert html.render(who="<b>Ēriks & Co</b>", s=RecommendationStatus.CLOSED) == (
            "Priekšlikumi|Atbildīgais: &lt;b&gt;Ēriks &amp; Co&lt;/b&gt;|5 priekšlikumi|100%|"
            "Priekšlikumi|slēgts")
        # Outside autoescaping (text and calendar templates) nothing is escaped.
        text = env.from_string("{% autoescape false %}{{ _('Responsible: %(name)s', name=who) }}"
                               "{% endautoescape %}")
        assert text.render(who="Ēriks & Co") == "Atbildīgais: Ēriks & Co"
        assert not isinstance(text.render(who="x"), Markup)
