"""Whatever the parsers are fed, they only ever report problems: they never crash."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path

import pypdfium2 as pdfium
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.inspections.imports.ofsted_report import (
    ParsedReport,
    ReportError,
    parse_date_range,
    parse_report,
    parse_report_pages,
)
from tracker.inspections.imports.pdf_text import PageText

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ofsted-reports"
SETTINGS = settings(deadline=None, max_examples=200, suppress_health_check=[HealthCheck.too_slow])


def _fixture_lines() -> list[str]:
    lines: list[str] = []
    for path in sorted(FIXTURES.glob("*.pdf")):
        document = pdfium.PdfDocument(path.read_bytes())
        for page in document:
            lines += page.get_textpage().get_text_range().splitlines()[:40]
    return lines


# Lines that steer the parser into each of its paths, mixed with the reports' own lines and noise.
KEY_LINES = [
    "Inspection of Testshire local authority children’s services",
    "Inspection of children’s social care services",
    "Inspection of services for children in need of help and protection",
    "Focused visit to Testshire local authority children’s services",
    "Joint targeted area inspection of the multi-agency response to abuse in Testshire.",
    "Ofsted",
    "Inspection dates: 31 February 2022 to 0 May 99999",
    "Inspection dates: 11 to 15 September 2023",
    "Inspection dates:",
    "Report published: 7 July 2016",
    "Lead inspector:",
    "Lead inspector: Jo Bloggs, His Majesty’s Inspector",
    "Judgement Grade",
    "Overall effectiveness",
    "Requires improvement to",
    "be good",
    "Children’s services in Testshire require improvement to be good",
    "The Local Safeguarding Children Board (LSCB)",
    "The Local Safeguarding Children Board is good",
    "What needs to improve?",
    "What does the local authority need to improve?",
    "What does the LSCB need to improve?",
    "Priority and immediate action",
    "Areas for improvement",
    "Areas for priority action",
    "Recommendations",
    "◼",
    "◼ An item.",
    "\uf0b7 An item without a full stop",
    "1. A numbered item.",
    "2.",
    "Page 2 of 9",
    "3",
    "1 to 5 May 2023 4",
    "year\ufffe",
    "Yours sincerely",
    "The overall judgement is inadequate",
    "There are no areas for priority action.",
    "The local authority has the following",
    "strengths:",
    "17. children in care",
    "and 14 to 15 February 2023",
    "Inspection of local authority arrangements for the protection of children",
    "Review of the effectiveness of the local safeguarding children board",
]
TITLES = [
    ["Inspection of Testshire local authority", "children’s services"],
    ["1", "Testshire Council", "Inspection of children’s social care services"],
    [
        "Metropolitan Borough of Testshire",
        "Inspection of services for children in need of help and",
        "protection, children looked after and care leavers",
    ],
    ["Ofsted", "Focused visit to Testshire local authority children’s services"],
    ["Inspection of Derby City Council", "children’s services"],
    ["Royal Borough of Testshire", "Inspection of local authority children’s services"],
    [],
]
LINES = st.one_of(
    st.sampled_from(KEY_LINES),
    st.sampled_from(KEY_LINES),
    st.sampled_from(_fixture_lines()),
    st.text(max_size=60),
)


@st.composite
def report_like_pages(draw: st.DrawFn) -> list[str]:
    """A title and dates, then report-like lines and noise, over a few pages."""
    first = [
        *draw(st.sampled_from(TITLES)),
        draw(st.sampled_from([*KEY_LINES[6:9], "Inspection dates: 28 June 2021 to 9 July 2021"])),
        *draw(st.lists(LINES, max_size=30)),
    ]
    rest = draw(st.lists(st.lists(LINES, max_size=30), max_size=3))
    return ["\r\n".join(lines) for lines in [first, *rest]]


def _check(report: ParsedReport) -> None:
    json.dumps(report.to_json(file="x.pdf"))
    assert ParsedReport.from_dict(json.loads(json.dumps(report.to_dict()))) == report


@SETTINGS
@given(st.binary(max_size=2048))
def test_parse_report_on_arbitrary_bytes_only_reports_problems(data):
    with contextlib.suppress(ReportError):
        _check(parse_report(data))


@SETTINGS
@given(st.binary(max_size=2048))
def test_parse_report_on_bytes_that_start_like_a_pdf_only_reports_problems(data):
    with contextlib.suppress(ReportError):
        _check(parse_report(b"%PDF-1.4\n" + data))


@SETTINGS
@given(st.integers(min_value=0, max_value=20_000), st.binary(min_size=1, max_size=64))
def test_parse_report_on_a_damaged_real_report_only_reports_problems(offset, patch):
    data = bytearray((FIXTURES / "sunderland-ilacs-published-2021-08-20.pdf").read_bytes())
    data[offset : offset + len(patch)] = patch
    with contextlib.suppress(ReportError):
        _check(parse_report(bytes(data)))


@SETTINGS
@given(st.lists(st.text(), max_size=4))
def test_parse_report_pages_on_arbitrary_text_only_reports_problems(pages):
    with contextlib.suppress(ReportError):
        _check(parse_report_pages(pages))


@SETTINGS
@given(report_like_pages())
def test_parse_report_pages_on_report_like_text_only_reports_problems(pages):
    with contextlib.suppress(ReportError):
        _check(parse_report_pages(pages))


@SETTINGS
@given(st.text(max_size=120))
def test_parse_date_range_never_raises(text):
    start, end = parse_date_range(text)
    assert start is None or end is None or start.year > 0


@SETTINGS
@given(
    report_like_pages(),
    st.lists(st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True)), max_size=40),
)
def test_parse_report_pages_with_any_line_positions_only_reports_problems(pages, lefts):
    with contextlib.suppress(ReportError):
        _check(parse_report_pages([PageText(page, tuple(lefts)) for page in pages]))
