"""Read a published Ofsted report on a local authority's children's services.

The first of the three import steps (`docs/conventions.md`): **parse** the PDF into plain
dataclasses, with where each thing was found and a warning for anything uncertain. Validating
against the sector's rules and saving are done by `tracker.inspections.imports.services`.
Nothing here touches Django, so the parser can be fed arbitrary bytes or text in tests.

Layouts read:

- ILACS reports from 2018: "Inspection of children's social care services" or "Inspection of
  local authority children's services" under the council's name (2018 to 2019), or "Inspection of
  <name> local authority children's services" / "Inspection of <council> children's services"
  (from late 2019); a judgement table of 4 rows (children in care and care leavers together, to
  2022) or 5 rows (from 2023), with the grade beside or below each wrapped row label; "What needs
  to improve" as bullets.
- Single inspection framework (SIF) reports, 2013 to 2018: headline sentence ("Children's services
  in X require improvement to be good", "The overall judgement is inadequate"), numbered
  judgement rows (1, 2, 2.1, 2.2, 3), the LSCB's judgement in its own section; "What does the
  local authority need to improve?" (with "Priority and immediate action" and "Areas for
  improvement") or "Recommendations", numbered, up to the local authority's strengths.
- ILACS letters (focused visits, monitoring visits) and JTAI letters, as far as they follow the
  same conventions ("What needs to improve…", "Areas for priority action", which may say there
  are none).

Inspection dates may wrap over lines and cover more than one visit ("5 to 9 December 2022 and
14 to 15 February 2023": from the first day to the last). Reports of the frameworks before the
SIF (November 2013) and the Board's review published on its own are refused, saying what they
are. Where the PDF says where each line starts, a line that starts right of a list's numbers
(a hanging indent) is a wrapped line of the item above, even if it starts with a number.

Page furniture (running titles, date-range footers, page numbers) is dropped wherever it falls,
including in the middle of a list; PDFium's line-break hyphen (U+FFFE) and soft hyphens become
real hyphens.
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tracker.inspections.imports.pdf_text import PageText, PdfTextError, pdf_pages

# Values of Inspection.Framework, Inspection.Kind, Grade, JudgementArea and Recommendation.Kind:
# plain strings here so the parser needs no Django (a test checks they match the models).
ILACS = "ILACS"
SIF = "SIF"
JTAI = "JTAI"

STANDARD = "standard"
SHORT = "short"
SIF_KIND = "sif"
FOCUSED_VISIT = "focused_visit"
MONITORING_VISIT = "monitoring_visit"
JTAI_KIND = "jtai"

OUTSTANDING = "outstanding"
GOOD = "good"
REQUIRES_IMPROVEMENT = "requires_improvement"
INADEQUATE = "inadequate"
GRADES = (OUTSTANDING, GOOD, REQUIRES_IMPROVEMENT, INADEQUATE)

IMPACT_OF_LEADERS = "impact_of_leaders"
HELP_AND_PROTECTION = "help_and_protection"
CHILDREN_IN_CARE_AND_CARE_LEAVERS = "children_in_care_and_care_leavers"
CHILDREN_IN_CARE = "children_in_care"
CARE_LEAVERS = "care_leavers"
OVERALL = "overall"
SIF_HELP_AND_PROTECTION = "sif_help_and_protection"
SIF_LOOKED_AFTER = "sif_looked_after"
SIF_ADOPTION = "sif_adoption"
SIF_CARE_LEAVERS = "sif_care_leavers"
SIF_LEADERSHIP = "sif_leadership"
LSCB = "lscb"
# The order judgements are listed in: the order of the report's table, with the SIF's headline
# ("overall") and the LSCB's separate judgement after the numbered rows (as in rules.SIF_AREAS).
AREA_ORDER = (
    IMPACT_OF_LEADERS,
    HELP_AND_PROTECTION,
    CHILDREN_IN_CARE_AND_CARE_LEAVERS,
    CHILDREN_IN_CARE,
    CARE_LEAVERS,
    SIF_HELP_AND_PROTECTION,
    SIF_LOOKED_AFTER,
    SIF_ADOPTION,
    SIF_CARE_LEAVERS,
    SIF_LEADERSHIP,
    OVERALL,
    LSCB,
)
AREA_NAMES = {
    IMPACT_OF_LEADERS: "the impact of leaders",
    HELP_AND_PROTECTION: "children who need help and protection",
    CHILDREN_IN_CARE_AND_CARE_LEAVERS: "children in care and care leavers",
    CHILDREN_IN_CARE: "children in care",
    CARE_LEAVERS: "care leavers",
    SIF_HELP_AND_PROTECTION: "children who need help and protection",
    SIF_LOOKED_AFTER: "children looked after and achieving permanence",
    SIF_ADOPTION: "adoption performance",
    SIF_CARE_LEAVERS: "care leavers",
    SIF_LEADERSHIP: "leadership, management and governance",
    OVERALL: "overall effectiveness",
    LSCB: "the Local Safeguarding Children Board",
}

RECOMMENDATION = "recommendation"
AREA_FOR_PRIORITY_ACTION = "area_for_priority_action"
AREA_FOR_IMPROVEMENT = "area_for_improvement"

NOT_OFSTED = "not_ofsted"
NOT_OFSTED_MESSAGE = "The selected file does not look like an Ofsted report on children's services"
# Ofsted reports on children's services under frameworks this service does not import.
NOT_IMPORTED = "not_imported"

# A short inspection is one week on site (Monday to Friday: 4 days from first to last); a
# standard inspection two (11 days). Anything between is flagged.
SHORT_INSPECTION_MAX_DAYS = 7
STANDARD_INSPECTION_MIN_DAYS = 10
# Days on site, Monday to Friday, of an inspection made in more than one visit.
SHORT_WEEKDAYS = 5
STANDARD_WEEKDAYS = 10


class ReportError(Exception):
    """A file that cannot be read as an Ofsted report. `message` is for the officer."""

    def __init__(self, code: str, message: str) -> None:
        self.code = code
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class ReportWarning:
    """Something the importer was unsure of. `field` says which part of the report it is about:
    local_authority, kind, dates, lead_inspector, judgements, recommendations or
    areas_for_priority_action."""

    field: str
    message: str


@dataclass
class ParsedJudgement:
    area: str
    grade: str
    text: str  # the grade as printed
    page: int | None = None

    @property
    def location(self) -> str:
        return f"page {self.page}" if self.page else ""


@dataclass
class ParsedRecommendation:
    number: int
    text: str
    kind: str = RECOMMENDATION
    page: int | None = None
    line: int | None = None

    @property
    def location(self) -> str:
        if self.page is None:
            return ""
        return f"page {self.page}, line {self.line}" if self.line else f"page {self.page}"


@dataclass
class ParsedReport:
    """Everything read from one report. Dates are None when they could not be read."""

    local_authority: str = ""
    framework: str = ""
    kind: str = ""
    inspection_start: datetime.date | None = None
    inspection_end: datetime.date | None = None
    published_on: datetime.date | None = None
    lead_inspector: str = ""
    judgements: list[ParsedJudgement] = field(default_factory=list)
    recommendations: list[ParsedRecommendation] = field(default_factory=list)
    areas_for_priority_action: list[ParsedRecommendation] = field(default_factory=list)
    # The SIF's recommendations to the Local Safeguarding Children Board: shown, not imported.
    lscb_recommendations: list[ParsedRecommendation] = field(default_factory=list)
    warnings: list[ReportWarning] = field(default_factory=list)
    page_count: int = 0
    fingerprint: str = ""  # SHA-256 of the report's text, to recognise it when imported again

    def warn(self, field_name: str, message: str) -> None:
        warning = ReportWarning(field_name, message)
        if warning not in self.warnings:
            self.warnings.append(warning)

    def to_json(self, *, file: str | None = None) -> dict[str, Any]:
        """The command-line contract's object (plus a few extra keys after the contract's)."""
        data: dict[str, Any] = {} if file is None else {"file": file}
        data.update(
            {
                "local_authority": self.local_authority,
                "framework": self.framework,
                "kind": self.kind,
                "inspection_start": _iso(self.inspection_start),
                "inspection_end": _iso(self.inspection_end),
                "lead_inspector": self.lead_inspector,
                "judgements": [
                    {"area": j.area, "grade": j.grade, "text": j.text} for j in self.judgements
                ],
                "recommendations": [_item_json(r) for r in self.recommendations],
                "warnings": [w.message for w in self.warnings],
                "published_on": _iso(self.published_on),
                "areas_for_priority_action": [
                    _item_json(r) for r in self.areas_for_priority_action
                ],
                "lscb_recommendations": [_item_json(r) for r in self.lscb_recommendations],
            }
        )
        return data

    def to_dict(self) -> dict[str, Any]:
        """A JSON-serialisable copy that `from_dict` turns back into the same report."""
        return {
            "local_authority": self.local_authority,
            "framework": self.framework,
            "kind": self.kind,
            "inspection_start": _iso(self.inspection_start),
            "inspection_end": _iso(self.inspection_end),
            "published_on": _iso(self.published_on),
            "lead_inspector": self.lead_inspector,
            "judgements": [
                {"area": j.area, "grade": j.grade, "text": j.text, "page": j.page}
                for j in self.judgements
            ],
            "recommendations": [_item_dict(r) for r in self.recommendations],
            "areas_for_priority_action": [_item_dict(r) for r in self.areas_for_priority_action],
            "lscb_recommendations": [_item_dict(r) for r in self.lscb_recommendations],
            "warnings": [{"field": w.field, "message": w.message} for w in self.warnings],
            "page_count": self.page_count,
            "fingerprint": self.fingerprint,
        }

    @classmethod
    def from_dict(cls, data: Any) -> ParsedReport:
        """The report `to_dict` wrote. Raises ValueError when the data is not such a report."""
        try:
            return cls(
                local_authority=_str(data["local_authority"]),
                framework=_str(data["framework"]),
                kind=_str(data["kind"]),
                inspection_start=_date_or_none(data["inspection_start"]),
                inspection_end=_date_or_none(data["inspection_end"]),
                published_on=_date_or_none(data.get("published_on")),
                lead_inspector=_str(data["lead_inspector"]),
                judgements=[
                    ParsedJudgement(
                        area=_str(j["area"]),
                        grade=_str(j["grade"]),
                        text=_str(j["text"]),
                        page=_int_or_none(j.get("page")),
                    )
                    for j in data["judgements"]
                ],
                recommendations=[_item_from_dict(r) for r in data["recommendations"]],
                areas_for_priority_action=[
                    _item_from_dict(r) for r in data.get("areas_for_priority_action", [])
                ],
                lscb_recommendations=[
                    _item_from_dict(r) for r in data.get("lscb_recommendations", [])
                ],
                warnings=[
                    ReportWarning(_str(w["field"]), _str(w["message"]))
                    for w in data.get("warnings", [])
                ],
                page_count=_int_or_none(data.get("page_count")) or 0,
                fingerprint=_str(data.get("fingerprint", "")),
            )
        except (KeyError, TypeError, AttributeError) as error:
            raise ValueError("Not a parsed report") from error


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _item_json(item: ParsedRecommendation) -> dict[str, Any]:
    data: dict[str, Any] = {"number": item.number, "text": item.text}
    if item.kind != RECOMMENDATION:
        data["kind"] = item.kind
    return data


def _item_dict(item: ParsedRecommendation) -> dict[str, Any]:
    return {
        "number": item.number,
        "text": item.text,
        "kind": item.kind,
        "page": item.page,
        "line": item.line,
    }


def _item_from_dict(data: Any) -> ParsedRecommendation:
    number = _int_or_none(data["number"])
    if number is None:
        raise TypeError("number")
    return ParsedRecommendation(
        number=number,
        text=_str(data["text"]),
        kind=_str(data.get("kind", RECOMMENDATION)),
        page=_int_or_none(data.get("page")),
        line=_int_or_none(data.get("line")),
    )


def _str(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected a string")
    return value


def _int_or_none(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    raise TypeError("expected a whole number")


def _date_or_none(value: Any) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(_str(value))
    except ValueError as error:
        raise TypeError("expected an ISO date") from error


# Entry points --------


def parse_report(data: bytes) -> ParsedReport:
    """Read a published report from the PDF's bytes.

    Raises ReportError when the file is not a PDF, is password protected, has no text, or is not
    an Ofsted report on a local authority's children's services. Anything merely uncertain is a
    warning on the report instead.
    """
    try:
        pages = pdf_pages(data)
    except PdfTextError as error:
        raise ReportError(error.code, error.message) from None
    return parse_report_pages(pages)


def parse_report_pages(pages: Sequence[str | PageText]) -> ParsedReport:
    """Read a report from its pages' text (as PDFium extracts it). Plain text, without where
    each line starts, is read as well, with a little less certainty about where list items
    start."""
    document = _Document.from_pages(pages)
    report = ParsedReport(page_count=len(pages))
    _read_identity(document, report)
    report.fingerprint = hashlib.sha256(
        "\n".join(line.text for line in document.body).encode()
    ).hexdigest()
    dates = _read_dates(document, report)
    _read_kind(report, dates)
    _read_lead_inspector(document, report)
    _read_judgements(document, report)
    _read_lists(document, report)
    return report


# Text clean-up and page furniture --------

_CHARACTERS = str.maketrans(
    {
        "\ufffe": "-",  # PDFium's mark for a hyphen at a line break ("17-year\ufffeolds")
        "\u00ad": "-",  # soft hyphen
        "\x02": "-",  # older PDFium builds' line-break hyphen
        "\u2010": "-",
        "\u2011": "-",
        "\u00a0": " ",
        "\u2007": " ",
        "\u202f": " ",
        "\t": " ",
        "\u200b": None,
        "\u200c": None,
        "\u200d": None,
        "\u2060": None,
        "\ufeff": None,
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
    }
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"
_MONTH_WORD = rf"(?:{_MONTHS}|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)"
_DATE_RANGE = (
    rf"\d{{1,2}}(?:\s+{_MONTH_WORD})?(?:\s+\d{{4}})?\s*(?:to|–|—|-|and)\s*"
    rf"\d{{1,2}}\s+{_MONTH_WORD}\s+\d{{4}}"
)
# The footer's inspection dates (over one visit or more), with the page number after them.
_DATE_RANGE_LINE = re.compile(
    rf"{_DATE_RANGE}(?:\s*(?:and|&|,)\s*{_DATE_RANGE})*(?:\s+\d{{1,3}})?", re.IGNORECASE
)
_PAGE_WORD_LINE = re.compile(r"page\s+\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?", re.IGNORECASE)
_BARE_NUMBER_LINE = re.compile(r"\d{1,3}(?:\s*(?:of|/)\s*\d{1,3})?")
_RUNNING_TITLE = re.compile(
    r"(?:Inspection of|Focused visit to|Monitoring visit (?:to|of)) .{1,100} "
    r"children[’']s (?:social care )?services(?:\s+\d{1,3})?",
)
_EDGE_LINES = 3
_BULLETS = frozenset("◼■▪•●►▶➢➤✓❖◆◾")


def _clean(text: str) -> str:
    return " ".join(_CONTROL.sub("", text.translate(_CHARACTERS)).split())


def _shape(text: str) -> str:
    """A line with its numbers blanked out, to spot running headers and footers."""
    return re.sub(r"\d+", "#", text.lower())


def _is_bullet_char(char: str) -> bool:
    return char in _BULLETS or "\uf000" <= char <= "\uf0ff"


@dataclass(frozen=True)
class _Line:
    text: str
    page: int  # 1-based
    number: int  # 1-based, on its page
    left: float | None = None  # points from the page's left edge to the first character


@dataclass
class _Document:
    raw: list[list[_Line]]  # every page's lines, cleaned, furniture and all
    body: list[_Line]  # the report's own lines, in order, page furniture dropped

    @classmethod
    def from_pages(cls, pages: Sequence[str | PageText]) -> _Document:
        raw: list[list[_Line]] = []
        for page_index, page in enumerate(pages, start=1):
            lefts = page.line_lefts if isinstance(page, PageText) else ()
            lines = []
            for number, text in enumerate(str(page).splitlines(), start=1):
                cleaned = _clean(text)
                if cleaned:
                    left = lefts[number - 1] if number <= len(lefts) else None
                    lines.append(_Line(cleaned, page_index, number, left))
            raw.append(lines)
        repeated = _repeated_edge_shapes(raw)
        body: list[_Line] = []
        for lines in raw:
            last = len(lines) - 1
            for index, line in enumerate(lines):
                at_edge = index < _EDGE_LINES or index > last - _EDGE_LINES
                if not _is_furniture(line.text, at_edge=at_edge, repeated=repeated):
                    body.append(line)
        return cls(raw=raw, body=body)

    def raw_text(self, *, pages: int) -> str:
        return " ".join(line.text for lines in self.raw[:pages] for line in lines)


def _repeated_edge_shapes(raw: Sequence[Sequence[_Line]]) -> frozenset[str]:
    """Lines found at the top or bottom of many pages: running headers and footers."""
    if len(raw) < 3:
        return frozenset()
    counts: Counter[str] = Counter()
    for lines in raw:
        edges = [*lines[:_EDGE_LINES], *lines[-_EDGE_LINES:]]
        counts.update({_shape(line.text) for line in edges})
    threshold = max(2, math.ceil(0.4 * len(raw)))
    return frozenset(
        shape
        for shape, count in counts.items()
        if count >= threshold and len(shape) >= 4 and not _is_bullet_char(shape[0])
    )


def _is_furniture(text: str, *, at_edge: bool, repeated: frozenset[str]) -> bool:
    if _PAGE_WORD_LINE.fullmatch(text) or _RUNNING_TITLE.fullmatch(text):
        return True
    if _DATE_RANGE_LINE.fullmatch(text):
        return True
    if _shape(text) in repeated:
        return True
    return at_edge and _BARE_NUMBER_LINE.fullmatch(text) is not None


# Who, what and when --------

_APOSTROPHE = "[’'`]"
_SIF_TITLE = re.compile(
    r"(?P<before>.*?)\b(?:Re-?inspection|Inspection) of services for children in need of help "
    r"and protection",
    re.IGNORECASE,
)
_ILACS_OLD_TITLE = re.compile(
    rf"(?P<before>.*?)\bInspection of children{_APOSTROPHE}s social care services",
    re.IGNORECASE,
)
# The council's name on its own line(s) above the title.
_ILACS_NAME_ABOVE_TITLE = re.compile(
    rf"(?P<before>.*?)\bInspection of local authority children{_APOSTROPHE}s services",
    re.IGNORECASE,
)
# "Inspection of Barnsley local authority children's services" or "Inspection of Derby City
# Council children's services".
_ILACS_TITLE = re.compile(
    rf"\bInspection of (?P<la>.{{2,100}}?)(?: local authority)? children{_APOSTROPHE}s services",
    re.IGNORECASE,
)
_NOT_IMPORTED_INSTEAD = "which this service does not import: import an ILACS or SIF report instead"
# Titles of the frameworks before the single inspection framework (November 2013), and of the
# Local Safeguarding Children Board's review when it was published on its own.
_OLDER_TITLES = (
    (
        re.compile(
            r"\bInspection of (?:the )?(?:local authority )?services for looked after children",
            re.IGNORECASE,
        ),
        "This is an inspection of services for looked after children and care leavers from "
        f"before November 2013, {_NOT_IMPORTED_INSTEAD}",
    ),
    (
        re.compile(
            r"\bInspection of local authority arrangements for the protection of children",
            re.IGNORECASE,
        ),
        "This is an inspection of local authority arrangements for the protection of children "
        f"from before November 2013, {_NOT_IMPORTED_INSTEAD}",
    ),
    (
        re.compile(
            r"\bInspection of safeguarding and looked after children(?:[’']s)? services",
            re.IGNORECASE,
        ),
        "This is an inspection of safeguarding and looked after children services from before "
        f"November 2013, {_NOT_IMPORTED_INSTEAD}",
    ),
)
_LSCB_REVIEW_TITLE = re.compile(
    r"\bReview of the effectiveness of the local safeguarding children board", re.IGNORECASE
)
_LSCB_REVIEW_MESSAGE = (
    "This is a review of a Local Safeguarding Children Board on its own, which this service does "
    "not import: import the local authority’s ILACS or SIF report instead"
)
_VISIT_TITLE = re.compile(
    rf"\b(?P<which>Focused|Monitoring) visit (?:to|of|on) (?P<la>.{{2,100}}?)"
    rf"(?: local authority)? children{_APOSTROPHE}s services",
    re.IGNORECASE,
)
_JTAI_TITLE = re.compile(
    r"\bJoint (?:targeted area )?inspection of (?:the )?multi-agency (?:response|arrangements)"
    r"(?P<rest>.{0,200})",
    re.IGNORECASE,
)
_DATES_LABEL = re.compile(r"Inspection dates?\s*:?\s*(?P<dates>.*)", re.IGNORECASE)
_PUBLISHED_LABEL = re.compile(r"(?:Report )?published\s*:?\s*(?P<date>.*)", re.IGNORECASE)
_HEAD_LINES = 14


def _read_identity(document: _Document, report: ParsedReport) -> None:
    """The kind of report and whose it is, from its title; refuse anything that is not one."""
    # The title is above the "Inspection dates" line, on the first page or after a cover page.
    title_page: Sequence[_Line] = document.raw[0] if document.raw else []
    has_dates_label = False
    for lines in document.raw[:2]:
        if any(_DATES_LABEL.match(line.text) for line in lines[:_HEAD_LINES]):
            title_page, has_dates_label = lines, True
            break
    head_lines = []
    for line in title_page[:_HEAD_LINES]:
        if _DATES_LABEL.match(line.text):
            break
        head_lines.append(line.text)
    head = re.sub(r"^\d{1,3}\s+", "", " ".join(head_lines))[:1500]
    opening = document.raw_text(pages=2)[:8000]

    is_sif = _SIF_TITLE.match(head)
    if not is_sif:
        _refuse_other_frameworks(head)

    if (match := is_sif) and has_dates_label:
        report.framework, report.kind = SIF, SIF_KIND
        report.local_authority = _tidy_name(match.group("before"))
    elif (
        match := _ILACS_OLD_TITLE.match(head) or _ILACS_NAME_ABOVE_TITLE.match(head)
    ) and has_dates_label:
        # The council's name on its own line(s) above the title.
        report.framework = ILACS
        report.local_authority = _tidy_name(match.group("before"))
    elif (match := _ILACS_TITLE.search(head)) and has_dates_label:
        report.framework = ILACS
        report.local_authority = _tidy_name(re.sub(r"^the\s+", "", match.group("la"), flags=re.I))
    elif (match := _VISIT_TITLE.search(opening)) and "ofsted" in opening.lower():
        report.framework = ILACS
        report.kind = (
            FOCUSED_VISIT if match.group("which").lower() == "focused" else MONITORING_VISIT
        )
        report.local_authority = _tidy_name(match.group("la"))
    elif (match := _JTAI_TITLE.search(opening)) and "ofsted" in opening.lower():
        report.framework, report.kind = JTAI, JTAI_KIND
        place = re.search(
            r"\bin (?P<la>[A-Z][^.,;:]{1,80}?)(?:[.,;:]|\s+(?:Between|From)\b|$)",
            match.group("rest"),
        )
        report.local_authority = _tidy_name(place.group("la")) if place else ""
    else:
        raise ReportError(NOT_OFSTED, NOT_OFSTED_MESSAGE)
    if not report.local_authority:
        report.warn("local_authority", "The report's title does not name the local authority")


def _refuse_other_frameworks(head: str) -> None:
    """Refuse, saying what it is, an Ofsted report on children's services that this service does
    not import: those of the frameworks before 2013, and the Board's review on its own (within
    a SIF report it follows the SIF's title, which is read before this)."""
    for pattern, message in _OLDER_TITLES:
        if pattern.search(head):
            raise ReportError(NOT_IMPORTED, message)
    if _LSCB_REVIEW_TITLE.search(head):
        raise ReportError(NOT_IMPORTED, _LSCB_REVIEW_MESSAGE)


def _tidy_name(text: str) -> str:
    return " ".join(text.split()).strip(" ,.:;-–")[:200]


# A line that holds nothing but dates ("15 February 2023", "and 14 to 15 February 2023").
_DATE_WORDS_LINE = re.compile(
    rf"(?:(?:\d{{1,2}}(?:st|nd|rd|th)?|\d{{4}}|{_MONTH_WORD}|to|until|and|&|[–—,-])\s*)+",
    re.IGNORECASE,
)
_DATE_LINK_START = re.compile(r"(?:to|until|and|&|[–—,-])(?:\s|$|(?=\d))", re.IGNORECASE)
_DATES_CONTINUE_LINES = 3


def _read_dates(document: _Document, report: ParsedReport) -> _DateReading:
    """The first and last day on site, and the publication date where the report prints it."""
    text = ""
    for lines in document.raw[:3]:
        for index, line in enumerate(lines):
            match = _DATES_LABEL.match(line.text)
            if match:
                text = _dates_text(match.group("dates"), lines[index + 1 :])
                break
        if text:
            break
    if not text:
        opening = document.raw_text(pages=2)[:8000]
        letter = re.search(
            r"visit to .{1,150}? (?:on|between|from) (?P<dates>[^.]{4,80}?\d{4})",
            opening,
            re.IGNORECASE,
        ) or re.search(r"\b(?:Between|From) (?P<dates>[^,]{4,80}?\d{4}),", opening, re.IGNORECASE)
        text = letter.group("dates") if letter else ""
    reading = _read_date_text(text)
    start, end = reading.start, reading.end
    if start is None or end is None:
        report.warn("dates", "The inspection dates could not be read: enter them")
    elif reading.is_back_to_front:
        report.warn("dates", "The inspection dates read back to front: check them")
    else:
        for problem in reading.problems:
            report.warn("dates", problem)
    report.inspection_start, report.inspection_end = start, end

    for lines in document.raw[:2]:
        for line in lines:
            published = _PUBLISHED_LABEL.fullmatch(line.text)
            if published:
                _, report.published_on = parse_date_range(published.group("date"))
                return reading
    return reading


def _dates_text(first: str, following: Sequence[_Line]) -> str:
    """The dates after the label, with the lines they wrap onto.

    The next line is taken when the label's own line has no dates; a following line, when it
    holds nothing but dates and either the dates so far are unfinished (they end with "to" or "and",
    or without a year) or it starts with "and", "to" or a dash ("and 14 to 15 February 2023").
    """
    text = first
    for position, line in enumerate(following[:_DATES_CONTINUE_LINES]):
        if not re.search(r"\d", text):
            if position:
                break
            text = f"{text} {line.text}".strip()
            continue
        unfinished = not re.search(r"\d{4}\W*$", text)
        if _DATE_WORDS_LINE.fullmatch(line.text) and (
            unfinished or _DATE_LINK_START.match(line.text)
        ):
            text = f"{text} {line.text}"
            continue
        break
    return text


_DATE_TOKEN = re.compile(
    rf"\b(?P<year>\d{{4}})\b|\b(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\b|\b(?P<month>{_MONTH_WORD})\b|"
    r"(?P<and>\band\b|&|,)",
    re.IGNORECASE,
)
_MONTH_NUMBERS = {name[:3]: number for number, name in enumerate(_MONTHS.split("|"), start=1)}
_MONTH_NAMES = {number: name.title() for number, name in enumerate(_MONTHS.split("|"), start=1)}


@dataclass
class _DateReading:
    """The days read from a line of inspection dates, in the visits they were printed in
    ("5 to 9 December 2022 and 14 to 15 February 2023" is two visits), with anything that had
    to be assumed."""

    visits: list[tuple[datetime.date | None, datetime.date | None]] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    @property
    def start(self) -> datetime.date | None:
        return self.visits[0][0] if self.visits else None

    @property
    def end(self) -> datetime.date | None:
        return self.visits[-1][1] if self.visits else None

    @property
    def is_back_to_front(self) -> bool:
        days = [day for visit in self.visits for day in visit]
        return any(
            earlier is not None and later is not None and later < earlier
            for earlier, later in itertools.pairwise(days)
        )

    def weekdays_on_site(self) -> int | None:
        """Monday to Friday days within the visits, or None if a visit's days are unknown."""
        total = 0
        for first, last in self.visits:
            if first is None or last is None or last < first:
                return None
            total += sum(
                (first + datetime.timedelta(days=offset)).weekday() < 5
                for offset in range((last - first).days + 1)
            )
        return total


def parse_date_range(text: str) -> tuple[datetime.date | None, datetime.date | None]:
    """The first and last dates in text such as "11 to 15 September 2023",
    "25 April to 19 May 2016", "28 June 2021 to 9 July 2021" or "5 to 9 December 2022 and 14 to
    15 February 2023"; (None, None) if unreadable.

    A date without its month or year takes them from the next one that has them.
    """
    reading = _read_date_text(text)
    return reading.start, reading.end


def _read_date_text(text: str) -> _DateReading:
    """Read the days and visits in a line of dates (see parse_date_range).

    "and" between two ranges starts another visit. A last date printed without its year (which
    Ofsted does not do, but a wrapped line can lose) takes the year of the date before it, the
    next year if its month is earlier, and says so.
    """
    entries: list[list[int | None]] = []  # [day, month, year]
    visit_starts: set[int] = {0}
    joined = False
    for match in _DATE_TOKEN.finditer(text[:200]):
        if match.group("and"):
            joined = True
        elif match.group("day"):
            if joined and entries:
                visit_starts.add(len(entries))
            joined = False
            entries.append([int(match.group("day")), None, None])
        elif not entries:
            continue
        elif match.group("month"):
            if entries[-1][1] is None:
                entries[-1][1] = _MONTH_NUMBERS[match.group("month")[:3].lower()]
        elif entries[-1][2] is None:
            entries[-1][2] = int(match.group("year"))
    reading = _DateReading()
    if not entries:
        return reading
    for index in range(len(entries) - 2, -1, -1):
        later = entries[index + 1]
        if entries[index][1] is None:
            entries[index][1] = later[1]
        if entries[index][2] is None and later[2] is not None:
            month, later_month = entries[index][1], later[1]
            crosses_new_year = month is not None and later_month is not None and month > later_month
            entries[index][2] = later[2] - 1 if crosses_new_year else later[2]
    last = entries[-1]
    if last[1] is not None and last[2] is None and len(entries) > 1:
        _, month, year = entries[-2]
        if month is not None and year is not None:
            last[2] = year + 1 if last[1] < month else year
            reading.problems.append(
                f"The inspection dates do not say which year {last[0]} {_MONTH_NAMES[last[1]]} "
                f"was in, so it was taken to be {last[2]}: check the dates"
            )
    # Single days joined by "and" ("9 and 10 October 2019") are one visit over those days.
    if all(index in visit_starts for index in range(len(entries))):
        visit_starts = {0}
    bounds = [*sorted(visit_starts), len(entries)]
    for first, after in itertools.pairwise(bounds):
        reading.visits.append((_date(entries[first]), _date(entries[after - 1])))
    return reading


def _date(entry: list[int | None]) -> datetime.date | None:
    day, month, year = entry
    if day is None or month is None or year is None:
        return None
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def _read_kind(report: ParsedReport, dates: _DateReading) -> None:
    """ILACS standard or short: the report does not say, but a short inspection is one week on
    site and a standard inspection two. An inspection made in two visits is told by its days on
    site, Monday to Friday (5 for a short inspection, 10 for a standard one), and flagged."""
    if report.framework != ILACS or report.kind:
        return
    start, end = report.inspection_start, report.inspection_end
    weekdays = dates.weekdays_on_site()
    if len(dates.visits) > 1 and weekdays is not None and start is not None and end is not None:
        report.kind = SHORT if weekdays <= (SHORT_WEEKDAYS + STANDARD_WEEKDAYS) // 2 else STANDARD
        report.warn(
            "kind",
            f"The inspection was made in {len(dates.visits)} visits, {weekdays} weekdays on site "
            f"in all, so it was taken as a {report.kind} inspection: check it",
        )
        return
    if start is not None and end is not None and end >= start:
        days = (end - start).days
        report.kind = SHORT if days <= SHORT_INSPECTION_MAX_DAYS else STANDARD
        if SHORT_INSPECTION_MAX_DAYS - 2 < days < STANDARD_INSPECTION_MIN_DAYS:
            report.warn(
                "kind",
                f"Inspectors were on site for {days + 1} days, so this was taken as a "
                f"{report.kind} inspection: check it",
            )
        return
    report.kind = STANDARD
    report.warn(
        "kind",
        "Whether this was a standard or a short inspection could not be worked out from the "
        "dates: check it",
    )


_LEAD_LABEL = re.compile(r"Lead (?:social care )?inspectors?\s*:\s*(?P<name>.*)", re.IGNORECASE)
_INSPECTOR_TITLE = re.compile(
    rf",?\s*(?:(?:His|Her) Majesty{_APOSTROPHE}s Inspector|HMI|Ofsted Inspector|"
    r"Social Care Regulatory Inspector)\b.*$",
    re.IGNORECASE,
)
_NAME = re.compile(r"[A-Z][\w’'\-.]*(?: (?:[A-Z][\w’'\-.]*|de|van|von|du|la|le|da|di)){1,5}")


def _read_lead_inspector(document: _Document, report: ParsedReport) -> None:
    for lines in document.raw:
        for index, line in enumerate(lines):
            match = _LEAD_LABEL.match(line.text)
            if not match:
                continue
            name = match.group("name")
            if not name and index + 1 < len(lines):
                name = lines[index + 1].text
            name = _INSPECTOR_TITLE.sub("", name).strip(" ,.;:")
            if name:
                report.lead_inspector = name[:200]
                if not _NAME.fullmatch(name):
                    report.warn("lead_inspector", f"Check the lead inspector's name: “{name[:80]}”")
                return
    if report.kind in (FOCUSED_VISIT, MONITORING_VISIT, JTAI_KIND):
        signed = _letter_signatory(document)
        if signed:
            report.lead_inspector = signed
            report.warn(
                "lead_inspector",
                f"The lead inspector was taken to be the letter's signatory, {signed}: check it",
            )
            return
    report.warn("lead_inspector", "The report does not say who the lead inspector was")


def _letter_signatory(document: _Document) -> str:
    lines = document.body
    for index, line in enumerate(lines):
        if line.text.lower().startswith("yours sincerely"):
            for following in lines[index + 1 : index + 3]:
                if _NAME.fullmatch(following.text):
                    return following.text[:200]
    return ""


# Judgements --------

_GRADE = r"outstanding|good|inadequate|requires?\s+improvement(?:\s+to\s+be\s+good)?"
_GRADE_RE = re.compile(rf"\b(?:{_GRADE})\b", re.IGNORECASE)
_ILACS_LABELS = (
    (CHILDREN_IN_CARE_AND_CARE_LEAVERS, r"children\s+in\s+care\s+and\s+care\s+leavers"),
    (IMPACT_OF_LEADERS, r"impact\s+of\s+leaders"),
    (HELP_AND_PROTECTION, r"who\s+need\s+help\s+and\s+protection"),
    (CHILDREN_IN_CARE, r"children\s+in\s+care"),
    (CARE_LEAVERS, r"care\s+leavers"),
    (OVERALL, r"overall\s+effectiveness"),
)
_SIF_LABELS = (
    (SIF_HELP_AND_PROTECTION, r"who\s+need\s+help\s+and\s+protection"),
    (SIF_LOOKED_AFTER, r"children\s+looked\s+after\s+and\s+achieving\s+permanence"),
    (SIF_ADOPTION, r"adoption\s+performance"),
    (SIF_CARE_LEAVERS, r"care\s+leavers"),
    (SIF_LEADERSHIP, r"leadership,?\s+management\s+and\s+governance"),
)
_TABLE_HEADER = re.compile(r"Judgements?(?:\s+Grades?)?", re.IGNORECASE)
# "Children's services in Solihull require improvement to be good", "The overall judgement is
# that children's services are inadequate" or "The overall judgement is inadequate"; a footnote's
# number may follow the grade.
_SIF_SERVICES = (
    rf"(?:the\s+local\s+authority{_APOSTROPHE}s\s+)?children{_APOSTROPHE}s\s+services"
    r"(?:\s+in\s+[^.]{1,80}?)?\s+(?:are\s+|is\s+)?"
)
_SIF_HEADLINE = re.compile(
    rf"(?:overall\s+judgement\s+(?:is|was)\s*:?\s+(?:that\s+)?(?:{_SIF_SERVICES})?|{_SIF_SERVICES})"
    rf"(?P<grade>{_GRADE})(?![^\W\d_])",
    re.IGNORECASE,
)
_LSCB_LINE = re.compile(
    r"(?:Review\s+of\s+)?(?:the\s+)?(?:effectiveness\s+of\s+the\s+)?"
    r"(?:Local\s+Safeguarding\s+Children\s+Board|LSCB)"
    rf"(?:\s+\(LSCB\))?(?:\s+is|\s+are|\s*:)?\s+(?P<grade>{_GRADE})\.?",
    re.IGNORECASE,
)
_TABLE_MAX_LINES = 30


def grade_from_text(text: str) -> str | None:
    """The four-point scale's value for a grade as printed ("Requires improvement to be good",
    "require improvement", "Good"...), or None."""
    words = " ".join(text.lower().split())
    if words in ("outstanding", "good", "inadequate"):
        return words
    if re.fullmatch(r"requires?\s+improvement(?:\s+to\s+be\s+good)?", words):
        return REQUIRES_IMPROVEMENT
    return None


def _read_judgements(document: _Document, report: ParsedReport) -> None:
    if report.framework == SIF:
        found = _read_sif_judgements(document, report)
    elif report.kind in (STANDARD, SHORT):
        found = _read_ilacs_judgements(document, report)
    else:
        return  # visits and JTAIs make no graded judgements
    order = {area: index for index, area in enumerate(AREA_ORDER)}
    report.judgements = sorted(found, key=lambda j: order.get(j.area, len(order)))


def _read_ilacs_judgements(document: _Document, report: ParsedReport) -> list[ParsedJudgement]:
    """The table under its "Judgement Grade" header or, failing that, from its first row."""
    lines = [line for line in document.body if line.page <= 3]
    starts = [i + 1 for i, line in enumerate(lines) if _TABLE_HEADER.fullmatch(line.text)][:1]
    starts += [i for i, line in enumerate(lines) if "impact of leaders" in line.text.lower()][:1]
    if not starts:
        report.warn("judgements", "No judgement table was found: enter the grades")
        return []
    readings = [_read_table(lines[start:], _ILACS_LABELS, last_area=OVERALL) for start in starts]
    judgements, problems = max(
        readings,
        key=lambda reading: (
            any(j.area == OVERALL for j in reading[0]),
            not reading[1],
            len(reading[0]),
        ),
    )
    for problem in problems:
        report.warn("judgements", problem)
    if not any(j.area == OVERALL for j in judgements):
        report.warn("judgements", "The overall effectiveness grade was not found: enter it")
    return judgements


def _read_sif_judgements(document: _Document, report: ParsedReport) -> list[ParsedJudgement]:
    judgements: list[ParsedJudgement] = []
    # The headline sentence, on the first page (or the second, after a cover page).
    for page in (1, 2):
        text = " ".join(line.text for line in document.body if line.page == page)[:6000]
        headline = _SIF_HEADLINE.search(text)
        grade = grade_from_text(headline.group("grade")) if headline else None
        if headline and grade:
            printed = " ".join(headline.group("grade").split())
            judgements.append(ParsedJudgement(OVERALL, grade, printed, page=page))
            break
    else:
        report.warn("judgements", "The overall judgement was not found: enter it")

    lines = [line for line in document.body if line.page <= 3]
    start = next(
        (i for i, line in enumerate(lines) if re.search(r"who need help and", line.text, re.I)),
        None,
    )
    if start is None:
        report.warn("judgements", "No judgement table was found: enter the grades")
    else:
        table, problems = _read_table(lines[start:], _SIF_LABELS, last_area=SIF_LEADERSHIP)
        judgements += table
        for problem in problems:
            report.warn("judgements", problem)

    body = document.body
    for index, line in enumerate(body):
        candidates = [line.text]
        if index + 1 < len(body):
            candidates.append(f"{line.text} {body[index + 1].text}")
        for candidate in candidates:
            match = _LSCB_LINE.fullmatch(candidate)
            grade = grade_from_text(match.group("grade")) if match else None
            if match and grade:
                printed = " ".join(match.group("grade").split())
                judgements.append(ParsedJudgement(LSCB, grade, printed, page=line.page))
                return judgements
    return judgements


def _read_table(
    lines: Sequence[_Line],
    labels: Sequence[tuple[str, str]],
    *,
    last_area: str,
) -> tuple[list[ParsedJudgement], list[str]]:
    """Pair the table's row labels with its grades, in order.

    The labels wrap over lines and the grade may sit on the label's last line, on a line of its
    own, or (in some layouts) before the label; other layouts list every label and then every
    grade. Whichever it is, the n-th label goes with the n-th grade. Reading stops once the last
    row's label has been read and there are as many grades as labels.
    """
    label_re = re.compile(
        "|".join(f"(?P<a{i}>{pattern})" for i, (_, pattern) in enumerate(labels)), re.IGNORECASE
    )
    areas = [area for area, _ in labels]
    window = list(lines[:_TABLE_MAX_LINES])
    found_labels: list[str] = []
    found_grades: list[str] = []
    text = ""
    for position, line in enumerate(window):
        text = f"{text} {line.text}" if text else line.text
        if (
            re.search(r"improvement(?:\s+to)?$", text, re.IGNORECASE)
            and position + 1 < len(window)
            and re.match(r"(?:to\s+)?be\s+good\b", window[position + 1].text, re.IGNORECASE)
        ):
            continue  # "Requires improvement (to)" / "(to) be good": read the grade whole
        found_labels = []
        for match in label_re.finditer(text):
            group = next(name for name, value in match.groupdict().items() if value)
            found_labels.append(areas[int(group[1:])])
        found_grades = [match.group() for match in _GRADE_RE.finditer(text)]
        if last_area in found_labels and len(found_grades) >= len(found_labels):
            break
    problems: list[str] = []
    if len(found_labels) != len(found_grades):
        problems.append(
            f"The judgement table has {len(found_labels)} rows but {len(found_grades)} grades "
            "were read: check the grades"
        )
    page = window[0].page if window else None
    judgements: list[ParsedJudgement] = []
    seen: set[str] = set()
    for area, printed in zip(found_labels, found_grades, strict=False):
        printed = " ".join(printed.split())
        grade = grade_from_text(printed)
        if grade is None:
            continue
        if area in seen:
            problems.append(f"The table grades {AREA_NAMES[area]} twice: check it")
            continue
        seen.add(area)
        judgements.append(ParsedJudgement(area, grade, printed, page=page))
    return judgements, problems


# Recommendations and areas for priority action --------

_WHAT_NEEDS_TO_IMPROVE = re.compile(r"What needs to improve\b.{0,80}")
_SIF_LA_IMPROVE = re.compile(r"What does the local authority need to improve\??")
_SIF_LSCB_IMPROVE = re.compile(
    r"What does the (?:LSCB|Local Safeguarding Children Board|Board) need to improve\??"
)
_RECOMMENDATIONS = re.compile(r"Recommendations?:?")
_PRIORITY_ACTION = re.compile(r"Areas? for priority action:?")
_IMPROVEMENT_AREAS = re.compile(r"Areas? for (?:improvement|development):?")
_SIF_SUBHEADINGS = (
    (re.compile(r"Priority and immediate actions?:?"), AREA_FOR_PRIORITY_ACTION),
    (re.compile(r"Immediate actions?:?"), AREA_FOR_PRIORITY_ACTION),
    (_IMPROVEMENT_AREAS, AREA_FOR_IMPROVEMENT),
    (_RECOMMENDATIONS, RECOMMENDATION),
)
_LSCB_SECTION = re.compile(
    r"(?:The )?(?:Local Safeguarding Children Board|LSCB)(?: \(LSCB\))?|"
    r"(?:Review of the )?(?:effectiveness of the )?Local Safeguarding Children Board(?: \(LSCB\))?",
)
_HEADING = re.compile(
    r"(?:The experiences and progress of|The impact of leaders|Overall effectiveness|"
    r"Information about|Summary for children|Summary of findings|Inspection findings|"
    r"Inspection judgements|Executive summary|Contents$|Areas? for priority action|"
    r"What needs to improve|What does the|Recommendations?:?$|Priority and immediate action|"
    r"Areas? for improvement|The local authority$|The local authority[’']s strengths|"
    r"Local leadership|Next steps|Yours sincerely|Main findings|Findings$|Progress since|"
    r"The Local Safeguarding Children Board|Leadership, management and governance|"
    r"Children who need help and protection|Children looked after and achieving|"
    r"Adoption performance|Experiences and progress of care leavers|Evaluation of progress|"
    r"Headline findings|Summary$|Introduction$)"
)
_NUMBERED = re.compile(r"(?P<number>\d{1,3})[.)](?!\d)\s*(?P<text>.*)")
_TERMINAL = re.compile(r"[.?!;][’”'\")\]]*$")
# The paragraph that follows a SIF report's recommendations: "The local authority has the
# following strengths:" (numbered or not, perhaps wrapped), or a heading for it.
_STRENGTHS = re.compile(
    r"(?:\d{1,3}[.)]\s*)?[^.]{0,80}?\bhas\s+the\s+following\s+(?:key\s+|main\s+)?strengths\b.*",
    re.IGNORECASE,
)
_STRENGTHS_HEADING = re.compile(  # with its capital, unlike a wrapped line's "strengths"
    r"(?:(?:The (?:local authority|LSCB|Board)[’']s|Key|Main) strengths|Strengths):?"
)
# A section that says it has nothing in it: "There are no areas for priority action."
_NONE_LISTED = re.compile(
    r"(?:There\s+(?:are|were|is)\s+no|No|Inspectors\s+(?:identified|found)\s+no|"
    r"Inspectors\s+did\s+not\s+identify\s+any)\s+(?:new\s+|further\s+)?"
    r"(?:areas?\s+(?:for|of)\s+priority\s+action|priority\s+actions?|"
    r"areas?\s+for\s+improvement|recommendations)\b.*|(?-i:None)\.?",
    re.IGNORECASE,
)
# How far right of the list's bullets or numbers a line must start to be a wrapped line of an
# item rather than a new one (Ofsted's hanging indents put the text 14 to 45 points in).
_INDENT_TOLERANCE = 6.0
_LIST_PREAMBLE_MAX = 4
_PARAGRAPHS_MAX_LINES = 60
_LOOKAHEAD = 4
_JOINING_WORDS = frozenset({"and", "or", "to", "nor"})


@dataclass
class _Item:
    number: int | None
    kind: str
    parts: list[str]
    page: int
    line: int
    left: float | None = None  # where its bullet or number sits

    @property
    def text(self) -> str:
        return _join(self.parts)


def _join(parts: Iterable[str]) -> str:
    """Wrapped lines joined with single spaces; a word broken at a hyphen is joined without one
    ("decision-" + "making"), but "16-" + "and 17-year-olds" keeps its space."""
    text = ""
    for part in parts:
        part = part.strip()
        if not part:
            continue
        if not text:
            text = part
            continue
        first_word = part.split()[0]
        if (
            re.search(r"[^\W\d_]-$", text)
            and part[0].islower()
            and first_word.strip(",.;:") not in _JOINING_WORDS
        ):
            text += part
        else:
            text += " " + part
    return " ".join(text.split())


def _bullet_text(text: str) -> str | None:
    if text and _is_bullet_char(text[0]):
        return text[1:].strip()
    return None


def _read_lists(document: _Document, report: ParsedReport) -> None:
    body = document.body
    if report.framework == SIF:
        lscb_start = next(
            (
                i
                for i, line in enumerate(body)
                if line.page > 1 and _LSCB_SECTION.fullmatch(line.text)
            ),
            len(body),
        )
        report.recommendations = _first_list(
            body,
            lambda text, i: (
                i < lscb_start
                and (_SIF_LA_IMPROVE.fullmatch(text) or _RECOMMENDATIONS.fullmatch(text))
            ),
            kind=RECOMMENDATION,
            subheadings=True,
            report=report,
            field_name="recommendations",
        )
        report.lscb_recommendations = _first_list(
            body,
            lambda text, i: (
                _SIF_LSCB_IMPROVE.fullmatch(text)
                or (i > lscb_start and _RECOMMENDATIONS.fullmatch(text))
            ),
            kind=RECOMMENDATION,
            subheadings=True,
            report=None,
            field_name="lscb_recommendations",
        )
        if not report.recommendations:
            report.warn(
                "recommendations",
                "No “What does the local authority need to improve?” or “Recommendations” "
                "section was found: add the recommendations by hand",
            )
        return
    if report.framework == JTAI:
        report.recommendations = _first_list(
            body,
            lambda text, i: _IMPROVEMENT_AREAS.fullmatch(text),
            kind=AREA_FOR_IMPROVEMENT,
            subheadings=False,
            report=report,
            field_name="recommendations",
        )
    else:
        report.recommendations = _first_list(
            body,
            lambda text, i: _WHAT_NEEDS_TO_IMPROVE.fullmatch(text),
            kind=RECOMMENDATION,
            subheadings=False,
            report=report,
            field_name="recommendations",
        )
        if not report.recommendations and report.kind in (STANDARD, SHORT):
            report.warn(
                "recommendations",
                "No “What needs to improve” section was found: add the recommendations by hand",
            )
    report.areas_for_priority_action = _first_list(
        body,
        lambda text, i: _PRIORITY_ACTION.fullmatch(text),
        kind=AREA_FOR_PRIORITY_ACTION,
        subheadings=False,
        report=report,
        field_name="areas_for_priority_action",
    )


def _first_list(
    body: Sequence[_Line],
    is_heading: Any,
    *,
    kind: str,
    subheadings: bool,
    report: ParsedReport | None,
    field_name: str,
) -> list[ParsedRecommendation]:
    """The items under the first heading that has any (a table of contents has none).

    When no heading has bullets or numbered items under it (a PDF whose bullets were drawn as
    pictures), the first heading's paragraphs are read as the items, with a warning.
    """
    headings = [index for index, line in enumerate(body) if is_heading(line.text, index)]
    for index in headings:
        if _says_none(body, index + 1):
            return []
        items, problems = _read_list(body, index + 1, kind=kind, subheadings=subheadings)
        if not items:
            continue
        if report is not None:
            for problem in problems:
                report.warn(field_name, problem)
        return items
    for index in headings:
        items = _read_paragraphs(body, index + 1, kind=kind)
        if not items:
            continue
        if report is not None:
            report.warn(
                field_name,
                "The list's bullets could not be read, so each paragraph was taken as one item: "
                "check where each one starts and ends",
            )
        return items
    return []


def _says_none(body: Sequence[_Line], start: int) -> bool:
    """Whether the section starting at `start` says it has nothing in it ("There are no areas
    for priority action"), before any item or heading."""
    for line in body[start : start + _LIST_PREAMBLE_MAX]:
        if _NONE_LISTED.fullmatch(_bullet_text(line.text) or line.text):
            return True
        if _HEADING.match(line.text) or _new_item(line.text, None, []) is not None:
            return False
    return False


def _read_paragraphs(body: Sequence[_Line], start: int, *, kind: str) -> list[ParsedRecommendation]:
    items: list[_Item] = []
    for index in range(start, min(start + _PARAGRAPHS_MAX_LINES, len(body))):
        line = body[index]
        text = line.text
        if _HEADING.match(text) or _ends_list(body, index):
            break
        if _NUMBERED.fullmatch(text) and not (items and _continues(items, line, "number")):
            break
        if _BARE_NUMBER_LINE.fullmatch(text):
            continue
        if not items or (_TERMINAL.search(items[-1].text) and not text[0].islower()):
            items.append(_Item(None, kind, [text], line.page, line.number))
        else:
            items[-1].parts.append(text)
    return [
        ParsedRecommendation(number, item.text, kind, item.page, item.line)
        for number, item in enumerate(items, start=1)
    ]


def _read_list(
    body: Sequence[_Line], start: int, *, kind: str, subheadings: bool
) -> tuple[list[ParsedRecommendation], list[str]]:
    """Read bullets or numbered paragraphs from `start` until the list ends.

    A line that is not a new item continues the item before it when that item has not ended a
    sentence, when the line starts in lower case, or when another item follows within a few
    lines (an item of more than one sentence). A heading, or a complete item followed by
    anything else, ends the list.
    """
    items: list[_Item] = []
    mode: str | None = None
    preamble = 0
    index = start
    ended_on: str | None = None
    while index < len(body):
        line = body[index]
        text = line.text
        if subheadings and (sub := _subheading_kind(text)):
            kind = sub
            index += 1
            continue
        if (
            subheadings
            and _NONE_LISTED.fullmatch(text)
            and index + 1 < len(body)
            and _subheading_kind(body[index + 1].text)
        ):
            index += 1  # "Priority and immediate action" / "There are none" / the next part
            continue
        if _ends_list(body, index):
            break
        new_item = _starts_item(line, mode, items)
        if new_item is not None:
            mode, number, item_text = new_item
            items.append(_Item(number, kind, [item_text], line.page, line.number, line.left))
            index += 1
            continue
        current = items[-1] if items else None
        if current is None:
            if _HEADING.match(text) or preamble >= _LIST_PREAMBLE_MAX:
                break
            preamble += 1
            index += 1
            continue
        if _HEADING.match(text) or (
            mode == "bullet" and _NUMBERED.fullmatch(text) and not _continues(items, line, mode)
        ):
            break
        sentence_open = not _TERMINAL.search(current.text)
        if sentence_open or text[0].islower() or _item_follows(body, index + 1, mode, items):
            current.parts.append(text)
            index += 1
            continue
        ended_on = text
        break

    parsed: list[ParsedRecommendation] = []
    problems: list[str] = []
    counters: Counter[str] = Counter()
    for item in items:
        text = item.text
        if not text:
            continue
        counters[item.kind] += 1
        number = item.number if item.number is not None else counters[item.kind]
        parsed.append(ParsedRecommendation(number, text, item.kind, item.page, item.line))
    if parsed and not _TERMINAL.search(parsed[-1].text):
        problems.append(
            f"Check item {parsed[-1].number} of the list: it does not end with a full stop, so "
            "the end of the list may have been misread"
        )
    if parsed and ended_on is not None and index < len(body) and not _HEADING.match(ended_on):
        problems.append(
            f"Check the list ends at item {parsed[-1].number}: it is followed by “{ended_on[:60]}”"
        )
    problems.extend(
        f"Check item {item.number} of the list: it is unusually long, so text after the list may "
        "have been included"
        for item in parsed
        if len(item.text) > 1500
    )
    return parsed, problems


def _subheading_kind(text: str) -> str | None:
    for pattern, kind in _SIF_SUBHEADINGS:
        if pattern.fullmatch(text):
            return kind
    return None


def _ends_list(body: Sequence[_Line], index: int) -> bool:
    """Whether the line at `index` starts what follows a list: the local authority's strengths
    (after a SIF report's recommendations), or a sentence saying there is nothing to list."""
    text = body[index].text
    if index + 1 < len(body) and re.search(r"\bfollowing$", text, re.IGNORECASE):
        text = f"{text} {body[index + 1].text}"  # "… has the following" / "strengths:"
    return bool(
        _STRENGTHS.fullmatch(text)
        or _STRENGTHS_HEADING.fullmatch(body[index].text)
        or _NONE_LISTED.fullmatch(_bullet_text(text) or text)
    )


def _continues(items: Sequence[_Item], line: _Line, mode: str | None) -> bool:
    """Whether a line that starts with a number ("17. children in care…") is a wrapped line of
    the last item rather than a new one: it starts right of where the list's bullets or numbers
    sit on its page (where the PDF says so), or the item's sentence is unfinished and (in a
    numbered list, where the number could be the next item's) the line goes on in lower case."""
    marker = next(
        (item.left for item in reversed(items) if item.page == line.page and item.left), None
    )
    if line.left is not None and marker is not None and line.left - marker > _INDENT_TOLERANCE:
        return True
    if _TERMINAL.search(items[-1].text):
        return False
    numbered = _NUMBERED.fullmatch(line.text)
    rest = numbered.group("text") if numbered else line.text
    return mode != "number" or rest[:1].islower()


def _starts_item(
    line: _Line, mode: str | None, items: Sequence[_Item]
) -> tuple[str, int | None, str] | None:
    """As `_new_item`, but a number that the item before wraps onto does not start an item."""
    new_item = _new_item(line.text, mode, items)
    if new_item is not None and new_item[0] == "number" and items and _continues(items, line, mode):
        return None
    return new_item


def _new_item(
    text: str, mode: str | None, items: Sequence[_Item]
) -> tuple[str, int | None, str] | None:
    """("bullet" or "number", the printed number, the item's first line) if `text` starts one."""
    bullet = _bullet_text(text)
    if bullet is not None and mode in (None, "bullet"):
        return "bullet", None, bullet
    numbered = _NUMBERED.fullmatch(text)
    if numbered and mode in (None, "number"):
        number = int(numbered.group("number"))
        previous = items[-1].number if items else None
        if (previous is None and number >= 1) or (previous is not None and number == previous + 1):
            return "number", number, numbered.group("text")
    return None


def _item_follows(
    body: Sequence[_Line], index: int, mode: str | None, items: Sequence[_Item]
) -> bool:
    """Whether another item of the list starts within the next few lines, before any heading."""
    for line in body[index : index + _LOOKAHEAD]:
        if _starts_item(line, mode, items) is not None:
            return True
        if _HEADING.match(line.text) or (mode == "bullet" and _NUMBERED.fullmatch(line.text)):
            return False
    return False
