"""CSV the way Latvian Excel opens it: UTF-8 with a BOM, ";" between fields, DD.MM.YYYY dates.

Pure: loaded objects and the words to use in, bytes out. The caller translates headers and
enum labels (no Flask here).
"""

from __future__ import annotations

import csv
import functools
import io
from collections.abc import Callable, Iterable, Mapping
from datetime import date

from ..formatting import date_dmy

RECOMMENDATION_COLUMNS = (
    "number", "council", "title", "addressee", "status", "sent_on", "due_on", "extended",
    "registration_number", "responsible_officer", "answered_on", "answered_on_time", "outcome",
    "decision_reference", "implementation", "days_overdue", "url", "body", "answer_text",
)

# A cell starting with one of these is a formula to a spreadsheet: never run residents' text.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_date(value: date | None) -> str:
    """'05.03.2026' (no trailing dot, so Excel reads it as a date)."""
    return date_dmy(value)


def _text(value: str | None) -> str:
    value = value or ""
    return "'" + value if value.startswith(_FORMULA_START) else value


def to_bytes(header: Iterable[str], rows: Iterable[Iterable[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(list(header))
    writer.writerows(rows)
    return out.getvalue().encode("utf-8-sig")


def recommendations_csv(
    recommendations: Iterable,
    *,
    headers: Mapping[str, str],
    label: Callable[[object], str],
    yes_no: tuple[str, str],
    url: Callable[[object], str],
    days_overdue: Callable[[object], int],
) -> bytes:
    """One row per recommendation (rows with the attributes of
    `services.recommendations.ListedRecommendation`). `headers` names every column of
    RECOMMENDATION_COLUMNS."""
    yes, no = yes_no
    label = functools.cache(label)  # a few enum values, thousands of rows

    def flag(value: bool | None) -> str:
        return "" if value is None else (yes if value else no)

    rows = []
    for rec in recommendations:
        overdue = days_overdue(rec)
        rows.append([
            rec.code, _text(rec.council_name), _text(rec.title), _text(rec.addressee_name),
            label(rec.status), csv_date(rec.sent_on), csv_date(rec.due_on),
            flag(rec.was_extended) if rec.due_on else "", _text(rec.registration_number),
            _text(rec.officer_name), csv_date(rec.answered_on), flag(rec.answered_on_time),
            label(rec.outcome), _text(rec.decision_reference), label(rec.implementation),
            overdue or "", url(rec), _text(rec.body), _text(rec.answer_text),
        ])
    return to_bytes((headers[c] for c in RECOMMENDATION_COLUMNS), rows)
