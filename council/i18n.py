"""Language choice (Latvian first, English second) and the date/time filters for templates."""

from __future__ import annotations

from urllib.parse import quote

from flask import Flask, current_app, g, has_request_context, request
from flask_babel import LazyString, get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

from . import formatting

LANG_COOKIE_MAX_AGE = 365 * 24 * 3600


def select_locale() -> str:
    if not has_request_context():
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    asked = request.args.get("lang")
    if asked in languages:
        return asked
    cookie = request.cookies.get(current_app.config["LANG_COOKIE"])
    if cookie in languages:
        return cookie
    user = current_user._get_current_object() if current_user else None
    if user is not None and user.is_authenticated and user.locale in languages:
        return user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def _babel_state():
    """Flask-Babel's per-request namespace (`g._flask_babel`) once it has chosen the locale.

    Its own `get_locale` finds the namespace through several context lookups on every call,
    and a list page asks hundreds of times (every string, label and date). `force_locale` and
    `refresh` change the namespace, so reading it each time still follows them. None outside
    an application context.
    """
    try:
        state = g._get_current_object().__dict__.get("_flask_babel")
    except RuntimeError:  # no application context
        return None
    if state is None or getattr(state, "babel_locale", None) is None:
        get_locale()  # chooses the locale and keeps it on the namespace
        state = g._flask_babel
    return state


def _locale():
    state = _babel_state()
    return state.babel_locale if state is not None else None


def current_locale() -> str:
    loc = _locale()
    return loc.language if loc else "lv"


def _remember_language(response):
    lang = request.args.get("lang")
    if lang in current_app.config["LANGUAGES"]:
        response.set_cookie(
            current_app.config["LANG_COOKIE"], lang, max_age=LANG_COOKIE_MAX_AGE,
            samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True,
        )
    return response


def translations():
    """The current language's catalogue, looked up once per request and language.

    Flask-Babel finds it anew for every string (context, domain, locale and cache key each
    time). It is kept next to the locale it belongs to; `force_locale` and `refresh` give the
    request a new locale object, which finds its catalogue again.
    """
    state = _babel_state()
    if state is None:
        return get_translations()
    locale = state.babel_locale
    cached = getattr(state, "padome_translations", None)
    if cached is None or cached[0] is not locale:
        cached = state.padome_translations = (locale, get_translations())
    return cached[1]


def gettext(string: str, **variables) -> str:
    text = translations().ugettext(string)
    return text % variables if variables else text


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("num", num)
    return translations().ungettext(singular, plural, num) % variables


def lazy_gettext(string: str, **variables) -> LazyString:
    """For strings declared before any request (form labels, messages): translated when shown."""
    return LazyString(gettext, string, **variables)


def _shown(context, text: str, variables: dict) -> str:
    if context.eval_ctx.autoescape:
        # The catalogue is ours (trusted markup); `%` escapes the variables.
        text = Markup(text)  # noqa: S704
    # Always a format string, as in Jinja's own ("%%" is "%"), but no formatting when there is
    # nothing to format.
    return text % variables if variables or "%" in text else text


# Templates call these directly: Jinja's own i18n callables reach the catalogue through three
# context calls per string (4 µs of the 7 a string cost). Same behaviour: the translation is a
# format string, escaped as Markup where the template autoescapes.
@pass_context
def _template_gettext(context, string: str, **variables) -> str:
    return _shown(context, translations().ugettext(string), variables)


@pass_context
def _template_ngettext(context, singular: str, plural: str, num: int, **variables) -> str:
    variables.setdefault("num", num)
    return _shown(context, translations().ungettext(singular, plural, num), variables)


def init_app(app: Flask) -> None:
    from .labels import label, labels_of  # labels translate through this module

    app.after_request(_remember_language)
    env = app.jinja_env
    # The i18n extension (for `{% trans %}`), then the direct callables in its place.
    env.install_gettext_callables(gettext=gettext, ngettext=ngettext, newstyle=True)
    env.globals.update(_=_template_gettext, gettext=_template_gettext,
                       ngettext=_template_ngettext)
    tz = app.config["BABEL_DEFAULT_TIMEZONE"]
    filters = {
        "date_long": lambda v: formatting.date_long(v, current_locale(), tz),
        "date_num": lambda v: formatting.date_num(v, current_locale(), tz),
        "date_iso": lambda v: formatting.date_iso(v, tz),
        "time_hm": lambda v: formatting.time_hm(v, current_locale(), tz),
        "datetime_long": lambda v: formatting.datetime_long(v, current_locale(), tz),
        "datetime_num": lambda v: formatting.datetime_num(v, current_locale(), tz),
        "weekday": lambda v: formatting.weekday(v, current_locale(), tz),
    }
    env.filters.update(filters)
    env.filters["label"] = label
    env.globals["labels_of"] = labels_of
    app.jinja_env.globals["current_locale"] = current_locale
    app.jinja_env.globals["lang_url"] = lang_url


def lang_url(code: str) -> str:
    """This page in another language (the switch keeps the page and its query)."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [code]
    query = "&".join(f"{quote(k)}={quote(v)}" for k, values in args.items() for v in values)
    return f"{request.path}?{query}"
