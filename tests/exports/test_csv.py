"""The recommendations CSV read back: BOM, ";", DD.MM.YYYY, Latvian text intact, no formulas."""

import csv
import io
from datetime import date

from council.exports.csv import RECOMMENDATION_COLUMNS, csv_date, recommendations_csv
from council.models import AnswerOutcome, Implementation, RecommendationStatus
from council.services.recommendations import ListedRecommendation


def _rec(**kw):
    return ListedRecommendation(**{
        "id": 7, "council_id": 3, "council_name": "Kursīšu pagasta iedzīvotāju padome",
        "year": 2026, "number": 4, "title": "Par ielu apgaismojumu Kursīšu centrā; Skolas ielā",
        "body": "Pirmā rindkopa.\nOtrā rindkopa ar \"pēdiņām\".", "is_public": True,
        "addressee_name": "Komunālās saimniecības nodaļa", "status": RecommendationStatus.ANSWERED,
        "sent_on": date(2026, 3, 5), "due_on": date(2026, 4, 2),
        "original_due_on": date(2026, 3, 19), "registration_number": "SND/2026/4-12/118",
        "officer_name": "Inese Kalēja",
        "answered_on": date(2026, 3, 30), "outcome": AnswerOutcome.PARTLY_ACCEPTED,
        "decision_reference": "prot. Nr. 14, 7. §", "implementation": Implementation.IN_PROGRESS,
        "answer_text": "Daļēji atbalstīts: ģērbtuves un ūdens.", **kw,
    })


def _build(recs):
    return recommendations_csv(
        recs, headers={c: c.upper() for c in RECOMMENDATION_COLUMNS},
        label=lambda v: "" if v is None else f"<{v.value}>", yes_no=("jā", "nē"),
        url=lambda r: f"https://padome.example/recommendations/{r.id}",
        days_overdue=lambda r: 3 if r.status == RecommendationStatus.SENT else 0,
    )


def _read(data: bytes) -> list[dict]:
    assert data.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0].count(";") == len(RECOMMENDATION_COLUMNS) - 1
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def test_csv_round_trip_keeps_latvian_text_and_dates():
    sent = _rec(id=8, number=5, status=RecommendationStatus.SENT, answered_on=None,
                outcome=None, implementation=None, original_due_on=date(2026, 4, 2),
                answer_text="", officer_name=None, title="Par gājēju celiņu")
    rows = _read(_build([_rec(), sent]))
    assert len(rows) == 2
    row = rows[0]
    assert row["NUMBER"] == "2026/4"
    assert row["COUNCIL"] == "Kursīšu pagasta iedzīvotāju padome"
    assert row["TITLE"] == "Par ielu apgaismojumu Kursīšu centrā; Skolas ielā"
    assert row["BODY"] == "Pirmā rindkopa.\nOtrā rindkopa ar \"pēdiņām\"."
    assert (row["SENT_ON"], row["DUE_ON"], row["ANSWERED_ON"]) == (
        "05.03.2026", "02.04.2026", "30.03.2026")
    assert (row["EXTENDED"], row["ANSWERED_ON_TIME"]) == ("jā", "jā")
    assert row["STATUS"] == "<answered>" and row["OUTCOME"] == "<partly_accepted>"
    assert row["RESPONSIBLE_OFFICER"] == "Inese Kalēja"
    assert row["ANSWER_TEXT"] == "Daļēji atbalstīts: ģērbtuves un ūdens."
    assert row["URL"] == "https://padome.example/recommendations/7"
    assert row["DAYS_OVERDUE"] == ""
    other = rows[1]
    assert (other["ANSWERED_ON"], other["ANSWERED_ON_TIME"], other["OUTCOME"]) == ("", "", "")
    assert (other["EXTENDED"], other["DAYS_OVERDUE"]) == ("nē", "3")


def test_header_only_when_empty():
    data = _build([])
    assert _read(data) == []
    assert data.endswith(b"\r\n")


def test_text_that_looks_like_a_formula_is_neutralised():
    rows = _read(_build([_rec(title="=HYPERLINK(\"http://x\")", registration_number="+1",
                              decision_reference="@SUM(A1)", answer_text="-2")]))
    assert rows[0]["TITLE"] == "'=HYPERLINK(\"http://x\")"
    assert rows[0]["REGISTRATION_NUMBER"] == "'+1"
    assert rows[0]["DECISION_REFERENCE"] == "'@SUM(A1)"
    assert rows[0]["ANSWER_TEXT"] == "'-2"


def test_csv_dates_have_no_trailing_dot():
    assert csv_date(date(2026, 3, 5)) == "05.03.2026"
    assert csv_date(None) == ""
