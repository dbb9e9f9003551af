"""Language choice (Latvian first, English second) and the date/time filters for templates."""

from __future__ import annotations

from urllib.parse import quote

from flask import Flask, current_app, g, has_request_context, request
from flask_babel import get_locale, get_translations
from flask_login import current_user

from . import formatting
from .labels import label

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


def current_locale() -> str:
    loc = get_locale()
    return str(loc.language) if loc else "lv"


def _remember_language(response):
    lang = request.args.get("lang")
    if lang in current_app.config["LANGUAGES"]:
        response.set_cookie(
            current_app.config["LANG_COOKIE"], lang, max_age=LANG_COOKIE_MAX_AGE,
            samesite="Lax", secure=current_app.config["SESSION_COOKIE_SECURE"], httponly=True,
        )
    return response


def _tz() -> str:
    return current_app.config["BABEL_DEFAULT_TIMEZONE"]


def _translations():
    """The current language's catalogue, looked up once per request and language.

    Flask-Babel finds it anew for every string (context, domain, locale and cache key each
    time); a list page asks for hundreds of strings. `force_locale` and `refresh` give the
    request a new locale object, which is a new key here.
    """
    if not g:
        return get_translations()
    locale = get_locale()
    cached = g.get("_padome_translations")
    if cached is None or cached[0] is not locale:
        cached = g._padome_translations = (locale, get_translations())
    return cached[1]


def init_app(app: Flask) -> None:
    app.after_request(_remember_language)
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: _translations().ugettext(s),
        ngettext=lambda s, p, n: _translations().ungettext(s, p, n),
        pgettext=lambda c, s: _translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: _translations().unpgettext(c, s, p, n),
        newstyle=True,
    )
    filters = {
        "date_long": lambda v: formatting.date_long(v, current_locale(), _tz()),
        "date_num": lambda v: formatting.date_num(v, current_locale(), _tz()),
        "date_iso": lambda v: formatting.date_iso(v, _tz()),
        "time_hm": lambda v: formatting.time_hm(v, current_locale(), _tz()),
        "datetime_long": lambda v: formatting.datetime_long(v, current_locale(), _tz()),
        "datetime_num": lambda v: formatting.datetime_num(v, current_locale(), _tz()),
        "weekday": lambda v: formatting.weekday(v, current_locale(), _tz()),
    }
    app.jinja_env.filters.update(filters)
    app.jinja_env.filters["label"] = label
    app.jinja_env.globals["current_locale"] = current_locale
    app.jinja_env.globals["lang_url"] = lang_url


def lang_url(code: str) -> str:
    """This page in another language (the switch keeps the page and its query)."""
    args = request.args.to_dict(flat=False)
    args["lang"] = [code]
    query = "&".join(f"{quote(k)}={quote(v)}" for k, values in args.items() for v in values)
    return f"{request.path}?{query}"
