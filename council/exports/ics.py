"""iCalendar (RFC 5545) for meetings: one meeting or a feed that calendar clients subscribe to.

Pure: meetings (with council, municipality and agenda loaded) in, bytes out; no Flask.

What keeps subscribed calendars in sync without duplicates:
- UID ``meeting-<id>@<host>`` never derives from mutable data, so a postponed meeting is the
  same event with a new time;
- SEQUENCE is ``Meeting.sequence``, bumped by the service on every change subscribers should see;
- a cancelled meeting stays in the feed with ``STATUS:CANCELLED``;
- times carry ``TZID=Europe/Riga`` with a fixed RRULE-based VTIMEZONE (icalendar's
  ``add_missing_timezones`` writes long RDATE lists that other parsers misread);
- lines are folded at 75 octets between characters, never inside a multi-byte character.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo

from icalendar import (
    Calendar,
    Event,
    Timezone,
    TimezoneDaylight,
    TimezoneStandard,
    vDDDTypes,
    vDuration,
    vInt,
    vText,
    vUri,
)

from .. import formatting

PRODID = "-//Padome//Iedzīvotāju padomes//LV"
RIGA = "Europe/Riga"
REFRESH = timedelta(hours=1)
CLOSED_ITEM = "Slēgts jautājums"
EVENT_STATUS = {"cancelled": "CANCELLED", "draft": "TENTATIVE"}  # otherwise CONFIRMED


def riga_vtimezone() -> Timezone:
    """Europe/Riga with the EU rules as yearly RRULEs: +0200, +0300 from the last Sunday of March
    03.00 to the last Sunday of October 04.00 (both 01.00 UTC)."""
    tz = Timezone()
    tz.add("tzid", RIGA)
    tz.add("x-lic-location", RIGA)
    daylight = TimezoneDaylight()
    daylight.add("tzname", "EEST")
    daylight.add("tzoffsetfrom", timedelta(hours=2))
    daylight.add("tzoffsetto", timedelta(hours=3))
    daylight.add("dtstart", datetime(1970, 3, 29, 3, 0, 0))
    daylight.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1SU"})
    standard = TimezoneStandard()
    standard.add("tzname", "EET")
    standard.add("tzoffsetfrom", timedelta(hours=3))
    standard.add("tzoffsetto", timedelta(hours=2))
    standard.add("dtstart", datetime(1970, 10, 25, 4, 0, 0))
    standard.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1SU"})
    tz.add_component(daylight)
    tz.add_component(standard)
    return tz


@cache
def _shared_riga_vtimezone() -> Timezone:
    """One VTIMEZONE per process for every feed: it never changes, and calendar_bytes only
    serializes it (adding a component to a calendar does not modify it)."""
    return riga_vtimezone()


def summary(meeting) -> str:
    return f"{meeting.council.name} — sēde Nr. {meeting.number}"


def _zone(meeting) -> str:
    return meeting.council.municipality.timezone or RIGA


def _when(meeting, value: datetime) -> datetime:
    """Riga wall time (with TZID) when the municipality is in Riga; otherwise UTC."""
    if _zone(meeting) == RIGA:
        return value.astimezone(ZoneInfo(RIGA))
    return value.astimezone(UTC)


def agenda_lines(meeting, *, include_closed: bool) -> list[str]:
    """'1. Title' per item; a closed item is only its number and "Slēgts jautājums" unless
    ``include_closed`` (a member's own feed)."""
    lines = []
    for item in sorted(meeting.agenda_items, key=lambda i: i.position):
        if item.is_public or include_closed:
            line = f"{item.position}. {item.title}"
            if not item.is_public:
                line += " (slēgts jautājums)"
            if item.presenter:
                line += f" — ziņo {item.presenter}"
        else:
            line = f"{item.position}. {CLOSED_ITEM}"
        lines.append(line)
    return lines


def description(meeting, *, url: str, include_closed: bool) -> str:
    tz = _zone(meeting)
    parts = []
    status = getattr(meeting.status, "value", meeting.status)
    if status == "cancelled":
        parts.append(f"SĒDE ATCELTA. {meeting.cancel_reason}".strip())
    if meeting.postponed_from is not None and status != "cancelled":
        moved = formatting.datetime_num(meeting.postponed_from, "lv", tz)
        parts.append(f"Sēde pārcelta (iepriekš {moved}). {meeting.postpone_reason}".strip())
    kind = getattr(meeting.kind, "value", meeting.kind)
    heading = "Ārkārtas sēde" if kind == "extraordinary" else "Kārtējā sēde"
    if not meeting.is_public:
        heading += " (slēgta)"
    parts.append(f"{heading}, {formatting.datetime_long(meeting.starts_at, 'lv', tz)}.")
    if meeting.place:
        parts.append(f"Vieta: {meeting.place}")
    if meeting.online_url:
        parts.append(f"Tiešsaistē: {meeting.online_url}")
    items = agenda_lines(meeting, include_closed=include_closed)
    if items:
        parts.append("Darba kārtība:\n" + "\n".join(items))
    parts.append(f"Vairāk: {url}")
    return "\n\n".join(parts)


def meeting_event(meeting, *, host: str, url: str, include_closed: bool) -> Event:
    # Each value is given in its RFC 5545 type (TEXT, INTEGER, DATE-TIME, URI): from a plain
    # str or datetime, Event.add works the type out per property, which took over a quarter
    # of the time to build an event. The written lines are the same.
    status = getattr(meeting.status, "value", meeting.status)
    event = Event()
    event.add("uid", vText(f"meeting-{meeting.id}@{host}"))
    event.add("sequence", vInt(meeting.sequence or 0))
    # No METHOD: DTSTAMP then is the time the information was last revised.
    event.add("dtstamp", vDDDTypes(meeting.updated_at.astimezone(UTC)))
    event.add("created", vDDDTypes(meeting.created_at.astimezone(UTC)))
    event.add("last-modified", vDDDTypes(meeting.updated_at.astimezone(UTC)))
    event.add("dtstart", vDDDTypes(_when(meeting, meeting.starts_at)))
    event.add("dtend", vDDDTypes(_when(meeting, meeting.ends_at)))
    event.add("summary", vText(summary(meeting)))
    location = meeting.place or meeting.online_url
    if location:
        event.add("location", vText(location))
    event.add("url", vUri(url))
    event.add("description", vText(description(meeting, url=url,
                                               include_closed=include_closed)))
    event.add("status", vText(EVENT_STATUS.get(status, "CONFIRMED")))
    event.add("class", vText("PUBLIC" if meeting.is_public else "PRIVATE"))
    event.add("transp", vText("TRANSPARENT" if status == "cancelled" else "OPAQUE"))
    return event


def calendar_bytes(
    meetings: Iterable,
    *,
    name: str,
    host: str,
    url_for: Callable[[object], str],
    include_closed: bool = False,
    description_text: str = "",
    refresh: timedelta = REFRESH,
) -> bytes:
    """A VCALENDAR with one VEVENT per meeting. ``url_for(meeting)`` gives its page's address."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("name", name)
    if description_text:
        cal.add("x-wr-caldesc", description_text)
    cal.add("x-wr-timezone", RIGA)
    cal.add("refresh-interval", refresh, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(refresh))
    events = [meeting_event(m, host=host, url=url_for(m), include_closed=include_closed)
              for m in meetings]
    if any(_zone(m) == RIGA for m in meetings):
        cal.add_component(_shared_riga_vtimezone())
    for event in events:
        cal.add_component(event)
    return cal.to_ical()
