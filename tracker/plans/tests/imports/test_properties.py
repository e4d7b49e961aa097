"""Whatever they are fed, the parsers and the check report problems or refuse the file with
ImportRefused: they never fail with any other error."""

from __future__ import annotations

import io
import zipfile

import docx
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tracker.plans.imports import (
    ImportRefused,
    ParsedPlan,
    Workbook,
    guess_mapping,
    parse_word_plan,
    plan_from_sheet,
    read_upload,
)
from tracker.plans.imports.common import (
    FIELDS,
    numbered_title,
    parse_due_date,
    recognise_header,
    recognise_status,
    section_heading,
    split_owners,
)
from tracker.plans.imports.spreadsheet import ColumnMapping, Sheet
from tracker.plans.imports.validate import ReferenceData, check_plan
from tracker.plans.imports.word_plan import Paragraph, Table, plan_from_blocks

SLOW = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True
)
FAST = settings(max_examples=300, deadline=None, derandomize=True)

# Text python-docx can write: XML forbids control characters and lone surrogates.
xml_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    max_size=60,
)
plan_words = st.sampled_from(
    [
        "Action",
        "Who",
        "Progress",
        "Due",
        "Status",
        "Ref",
        "Ofsted recommendation 1",
        "Recommendation 2: Audit",
        "Expected Outcomes",
        "Completed",
        "Green",
        "Heads of Service Safeguards and Family Support",
        "31/03/2021",
        "",
        "✓",
    ]
)
cell_text = st.one_of(plan_words, xml_text)
references = ReferenceData(
    posts={"head of service safeguards": "Head of Service Safeguards"},
    recommendations={1: "Audit.", 2: "Meetings."},
)
status_choices = st.dictionaries(
    st.one_of(plan_words, xml_text), st.sampled_from(["completed:blue", "in_progress:", "x"])
)


def _check(parsed: ParsedPlan, choices: dict[str, str] | None = None) -> None:
    checked = check_plan(parsed, reference=references, status_choices=choices)
    assert all(str(problem) for problem in checked.problems)
    assert ParsedPlan.from_dict(parsed.to_dict()) == parsed
    for action in checked.actions:
        assert action.reference
        assert len(action.reference) <= 20


def _parse_or_refuse(filename: str, data: bytes) -> ParsedPlan | Workbook | None:
    try:
        return read_upload(filename=filename, data=data)
    except ImportRefused as refused:
        assert refused.message
        return None


@given(st.binary(max_size=4096), st.sampled_from(["plan.docx", "plan.xlsx", "plan.csv"]))
@FAST
def test_any_bytes_are_parsed_or_refused(data, filename):
    result = _parse_or_refuse(filename, data)
    if isinstance(result, Workbook):
        _check(plan_from_sheet(result, guess_mapping(result)))
    elif isinstance(result, ParsedPlan):
        _check(result)


@given(st.text(max_size=2000), st.sampled_from(["utf-8", "utf-16", "cp1252"]))
@FAST
def test_any_text_as_csv_is_parsed_or_refused(text, encoding):
    data = text.encode(encoding, errors="replace")
    result = _parse_or_refuse("plan.csv", data)
    if result is not None:
        assert isinstance(result, Workbook)
        _check(plan_from_sheet(result, guess_mapping(result)))


@given(
    st.dictionaries(
        st.sampled_from(
            [
                "[Content_Types].xml",
                "word/document.xml",
                "xl/workbook.xml",
                "_rels/.rels",
                "word/styles.xml",
                "xl/worksheets/sheet1.xml",
            ]
        ),
        st.one_of(
            st.binary(max_size=300),
            st.sampled_from([b"<w:document/>", b"<?xml version='1.0'?><a/>", b""]),
        ),
        max_size=5,
    ),
    st.sampled_from(["plan.docx", "plan.xlsx"]),
)
@SLOW
def test_any_zip_named_as_an_office_file_is_parsed_or_refused(entries, filename):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    result = _parse_or_refuse(filename, buffer.getvalue())
    if isinstance(result, ParsedPlan):
        _check(result)


@given(
    st.lists(
        st.one_of(
            cell_text.map(lambda text: ("paragraph", text)),
            st.lists(st.lists(cell_text, min_size=1, max_size=5), min_size=1, max_size=5).map(
                lambda rows: ("table", rows)
            ),
        ),
        max_size=8,
    )
)
@SLOW
def test_any_word_document_of_paragraphs_and_tables_is_parsed(blocks):
    document = docx.Document()
    for kind, content in blocks:
        if kind == "paragraph":
            document.add_paragraph(content)
            continue
        table = document.add_table(rows=0, cols=max(len(row) for row in content))
        for row in content:
            for cell, text in zip(table.add_row().cells, row, strict=False):
                cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)

    parsed = parse_word_plan(buffer.getvalue(), filename="plan.docx")
    _check(parsed)


@given(
    st.lists(
        st.one_of(
            st.builds(Paragraph, cell_text, st.booleans(), st.booleans()),
            st.lists(st.tuples(cell_text, cell_text, cell_text), max_size=6).map(
                lambda rows: Table(rows=tuple(rows))
            ),
        ),
        max_size=20,
    ),
    status_choices,
)
@FAST
def test_any_paragraphs_and_tables_read_as_a_plan(blocks, choices):
    _check(plan_from_blocks(blocks, filename="plan.docx", title="Plan"), choices)


@given(
    st.lists(st.lists(cell_text, max_size=6), max_size=12),
    st.dictionaries(st.integers(0, 7), st.sampled_from([name for name, _ in FIELDS]), max_size=8),
    st.integers(-1, 14),
    status_choices,
)
@FAST
def test_any_sheet_and_column_mapping_read_as_a_plan(rows, columns, header_row, choices):
    workbook = Workbook(format="csv", filename="plan.csv", sheets=[Sheet("Plan", rows)])
    parsed = plan_from_sheet(workbook, ColumnMapping(0, header_row, columns))
    _check(parsed, choices)


@given(st.text(max_size=300))
@FAST
def test_text_helpers_accept_any_text(text):
    titles, _note = split_owners(text)
    assert all(title.strip() for title in titles)
    recognise_status(text)
    parse_due_date(text)
    recognise_header(text)
    section_heading(text)
    numbered_title(text)
