"""Latvian (and English) formats for dates, times and counts. Pure: no Flask.

Used by the Jinja filters (council.i18n) and by the document builders (council.exports).
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from babel.dates import format_date as babel_format_date

DEFAULT_TZ = "Europe/Riga"

# Months in the locative, as Latvian documents write dates: "2026. gada 5. martā".
LV_MONTHS_LOCATIVE = (
    "janvārī", "februārī", "martā", "aprīlī", "maijā", "jūnijā",
    "jūlijā", "augustā", "septembrī", "oktobrī", "novembrī", "decembrī",
)
LV_WEEKDAYS = ("pirmdiena", "otrdiena", "trešdiena", "ceturtdiena", "piektdiena", "sestdiena",
               "svētdiena")


def local(dt: datetime, tz: str = DEFAULT_TZ) -> datetime:
    """An aware datetime in the municipality's zone."""
    return dt.astimezone(ZoneInfo(tz))


def _as_date(value: date | datetime, tz: str) -> date:
    if isinstance(value, datetime):
        return local(value, tz).date()
    return value


def date_long(value: date | datetime | None, locale: str = "lv", tz: str = DEFAULT_TZ) -> str:
    """'2026. gada 5. martā' / '5 March 2026'."""
    if value is None:
        return ""
    d = _as_date(value, tz)
    if locale.startswith("lv"):
        return f"{d.year}. gada {d.day}. {LV_MONTHS_LOCATIVE[d.month - 1]}"
    return babel_format_date(d, "long", locale="en_GB")


def date_num(value: date | datetime | None, locale: str = "lv", tz: str = DEFAULT_TZ) -> str:
    """'05.03.2026.' / '05/03/2026'."""
    if value is None:
        return ""
    d = _as_date(value, tz)
    if locale.startswith("lv"):
        return f"{d.day:02d}.{d.month:02d}.{d.year}."
    return f"{d.day:02d}/{d.month:02d}/{d.year}"


def date_iso(value: date | datetime | None, tz: str = DEFAULT_TZ) -> str:
    if value is None:
        return ""
    return _as_date(value, tz).isoformat()


def time_hm(value: datetime | None, locale: str = "lv", tz: str = DEFAULT_TZ,
            prefix: bool = True) -> str:
    """'plkst. 18.00' / '18:00'."""
    if value is None:
        return ""
    t = local(value, tz)
    if locale.startswith("lv"):
        text = f"{t.hour:02d}.{t.minute:02d}"
        return f"plkst. {text}" if prefix else text
    return f"{t.hour:02d}:{t.minute:02d}"


def weekday(value: date | datetime, locale: str = "lv", tz: str = DEFAULT_TZ) -> str:
    d = _as_date(value, tz)
    if locale.startswith("lv"):
        return LV_WEEKDAYS[d.weekday()]
    return babel_format_date(d, "EEEE", locale="en_GB")


def datetime_long(value: datetime | None, locale: str = "lv", tz: str = DEFAULT_TZ) -> str:
    """'2026. gada 5. martā, plkst. 18.00' / '5 March 2026, 18:00'."""
    if value is None:
        return ""
    return f"{date_long(value, locale, tz)}, {time_hm(value, locale, tz)}"


def datetime_num(value: datetime | None, locale: str = "lv", tz: str = DEFAULT_TZ) -> str:
    if value is None:
        return ""
    return f"{date_num(value, locale, tz)} {time_hm(value, locale, tz, prefix=False)}"


def count_or_nav(n: int | None) -> str:
    """Vote counts of zero are written 'nav' in Latvian protocols."""
    return "nav" if not n else str(n)


def date_dmy(value: date | datetime | None, tz: str = DEFAULT_TZ) -> str:
    """'05.03.2026' without the trailing dot: what spreadsheets read as a date (CSV)."""
    if value is None:
        return ""
    d = _as_date(value, tz)
    return f"{d.day:02d}.{d.month:02d}.{d.year}"
