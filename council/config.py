"""Default configuration. Layered in ``create_app``:
defaults here → instance/config.py → FLASK_* environment → DATABASE_URL → test_config."""

from datetime import timedelta


class Config:
    SECRET_KEY = None  # must come from instance/config.py or FLASK_SECRET_KEY
    SQLALCHEMY_DATABASE_URI = None  # default: sqlite in the instance folder
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SQLALCHEMY_RECORD_QUERIES = False

    # Cookies: Secure by default; the demo on http://127.0.0.1 turns it off in instance/config.py.
    SESSION_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_NAME = "padome_session"
    REMEMBER_COOKIE_SECURE = True
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    PERMANENT_SESSION_LIFETIME = timedelta(hours=12)

    WTF_CSRF_TIME_LIMIT = 8 * 3600
    MAX_CONTENT_LENGTH = 2 * 1024 * 1024

    BABEL_DEFAULT_LOCALE = "lv"
    BABEL_DEFAULT_TIMEZONE = "Europe/Riga"
    LANGUAGES = ("lv", "en")
    LANG_COOKIE = "padome_lang"

    # Login throttling: this many failures for one e-mail (or one address) within the window.
    LOGIN_MAX_FAILURES = 5
    LOGIN_FAILURE_WINDOW = timedelta(minutes=15)
    LOGIN_MAX_FAILURES_PER_IP = 30

    PER_PAGE = 25
    # The domain in calendar UIDs (meeting-<id>@<host>). Set it once in production so UIDs stay
    # the same whichever address a calendar subscribed through; default: the request's host.
    CALENDAR_UID_HOST = None
    # Meetings in one feed at most (services/feeds.py). Saldus's 13 councils hold about 180 in
    # the feed window; a whole national instance 5,000, and each event costs half a millisecond.
    FEED_MAX_EVENTS = 300
    PASSWORD_HASH_METHOD = "scrypt"  # noqa: S105 - a method name, not a password

    # Pages kept in each worker's memory (page_cache.py): a write anywhere makes them stale.
    PAGE_CACHE = True
    PAGE_CACHE_SECONDS = 60
    PAGE_CACHE_MAX_PAGES = 500
    PAGE_CACHE_MAX_BYTES = 32 * 1024 * 1024
