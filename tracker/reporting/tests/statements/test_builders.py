"""The Statement of Action's builders, on plain data: how actions are grouped by organisation,
joint actions, actions with no organisation, and the Word and PDF documents (their text, their
tags for screen readers, and users' text shown as text whatever it holds)."""

from __future__ import annotations

import dataclasses
import io
import zipfile

import docx
import pytest
from pypdf import PdfReader

from tracker.reporting.documents.outline import Block
from tracker.reporting.documents.pdf import build_statement_pdf
from tracker.reporting.documents.statement_outline import (
    organisation_parts,
    source_sentence,
    statement_outline,
)
from tracker.reporting.documents.word import build_statement_word
from tracker.reporting.tests.statements.statement_data import (
    COUNCIL,
    HEALTH,
    JTAI,
    POLICE,
    make_action,
    make_statement_data,
)
from tracker.reporting.tests.test_pdf import _flat, _pages_text, _struct_elements

# Users' text that would be markup or code in HTML, a template, Typst or WordprocessingML.
HOSTILE = (
    '<script>alert("x")</script> {{ secret }} {% now %} #import "@preview/x:0.1.0": * '
    '#read("/etc/passwd") $x^2$ *bold* @ref <label> ] [ \\ & </w:t>'
)


def _parts(data):
    return [
        (p.organisation, [(a.reference, others) for a, others in p.actions])
        for p in organisation_parts(data)
    ]


# Grouping -------------------------------------------------------------------------------------


def test_parts_put_the_local_authority_first_then_the_others_alphabetically():
    parts = _parts(make_statement_data())

    assert [name for name, _ in parts] == [COUNCIL, HEALTH, POLICE]


def test_a_joint_action_is_listed_under_each_owner_and_names_the_others():
    parts = dict(_parts(make_statement_data()))

    assert ("1.2", (POLICE,)) in parts[HEALTH]
    assert ("1.2", (HEALTH,)) in parts[POLICE]
    assert ("2.2", (POLICE,)) in parts[COUNCIL]
    assert ("2.2", (COUNCIL,)) in parts[POLICE]
    assert ("1.1", ()) in parts[COUNCIL]


def test_an_action_with_no_organisation_is_the_local_authoritys():
    parts = dict(_parts(make_statement_data()))

    assert ("2.1", ()) in parts[COUNCIL]
    assert [ref for ref, _ in parts[COUNCIL]] == ["1.1", "2.1", "2.2"]  # the plan's order


def test_a_partner_named_twice_lists_the_action_once_and_not_as_joint():
    data = make_statement_data(actions=(make_action("1.1", organisations=(POLICE, POLICE)),))

    assert _parts(data) == [(POLICE, [("1.1", ())])]


def test_the_local_authority_has_no_part_when_it_owns_nothing():
    data = make_statement_data(actions=(make_action("1.1", organisations=(POLICE,)),))

    assert [name for name, _ in _parts(data)] == [POLICE]


def test_alphabetical_order_ignores_case():
    data = make_statement_data(
        actions=(
            make_action("1.1", organisations=("zebra trust",)),
            make_action("1.2", organisations=("Alpha Academy",)),
            make_action("1.3", organisations=("beta police",)),
        )
    )

    assert [name for name, _ in _parts(data)] == ["Alpha Academy", "beta police", "zebra trust"]


def test_counts_per_organisation_count_joint_actions_under_each():
    parts = {p.organisation: p for p in organisation_parts(make_statement_data())}

    council, police = parts[COUNCIL], parts[POLICE]
    assert (council.total, council.joint, council.complete, council.overdue) == (3, 1, 0, 1)
    assert (police.total, police.joint, police.complete, police.overdue) == (2, 2, 1, 0)
    assert [council.brag_count(b) for b in ("blue", "green", "amber", "red", "")] == [0, 1, 1, 0, 1]


def test_source_sentence_names_kind_dates_and_the_issuing_bodies():
    assert source_sentence(JTAI) == (
        "Joint targeted area inspection (JTAI), 7 March 2022 to 11 March 2022, published "
        "20 April 2022. Issued by Ofsted, CQC, HMICFRS and HMI Probation."
    )
    one_day = dataclasses.replace(JTAI, ended_on=JTAI.started_on, published_on=None, issued_by="")
    assert source_sentence(one_day) == "Joint targeted area inspection (JTAI), 7 March 2022."


def test_outline_has_a_title_page_a_summary_and_a_landscape_part_per_organisation():
    parts = statement_outline(make_statement_data())

    portrait, landscape = parts
    assert landscape.landscape is True
    assert Block("page_break") in portrait.blocks
    headings = [(b.level, b.text) for part in parts for b in part.blocks if b.kind == "heading"]
    assert headings == [
        (0, "Statement of Action"),
        (1, "In response to"),
        (1, "Summary by organisation"),
        (1, f"Part 1: {COUNCIL}"),
        (1, f"Part 2: {HEALTH}"),
        (1, f"Part 3: {POLICE}"),
    ]
    summary = next(b for b in portrait.blocks if b.kind == "table")
    assert summary.headers == (
        "Organisation", "Actions", "Joint", "Complete", "Blue", "Green", "Amber", "Red",
        "Not rated", "Overdue",
    )  # fmt: skip
    assert summary.rows[-1][0] == ((("All actions (each once)", True),),)
    # Every action once: 1.2 and 2.2 are joint.
    assert [cell[0][0][0] for cell in summary.rows[-1][1:4]] == ["4", "2", "1"]


def test_outline_of_a_plan_with_no_actions_or_sources_says_so():
    parts = statement_outline(make_statement_data(actions=(), sources=()))

    texts = [b.text for part in parts for b in part.blocks if b.kind == "paragraph"]
    assert "The plan is not linked to an inspection or review yet." in texts
    assert "The plan has no actions yet." in texts
    assert not [b for part in parts for b in part.blocks if b.kind == "table"]


# Word -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def word():
    return docx.Document(io.BytesIO(build_statement_word(make_statement_data())))


def _word_text(document) -> str:
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            lines.extend(cell.text for cell in row.cells)
    return "\n".join(lines)


def test_word_has_title_headings_and_properties(word):
    styles = [
        (p.style.name, p.text)
        for p in word.paragraphs
        if p.style.name.startswith(("Title", "Heading"))
    ]

    assert styles[0] == ("Title", "Statement of Action")
    assert ("Heading 1", f"Part 1: {COUNCIL}") in styles
    assert (
        word.core_properties.title
        == "Statement of Action: Statement of Action: JTAI of the front door"
    )
    assert word.core_properties.language == "en-GB"
    assert word.core_properties.keywords == "improvement plan; Statement of Action"


def test_word_tables_have_repeating_header_rows_and_captions(word):
    _summary, *parts = word.tables
    assert len(parts) == 3
    for table in word.tables:
        header = table.rows[0]._tr
        assert header.find(".//{*}tblHeader") is not None
        assert table._tbl.find(".//{*}tblCaption") is not None
    assert [c.text for c in parts[0].rows[0].cells] == [
        "Ref", "Action", "Answers", "Who", "Due", "Status", "Latest progress",
    ]  # fmt: skip


def test_word_rows_show_what_each_action_answers_its_owner_due_date_status_and_progress(word):
    council = word.tables[1]
    first = [cell.text for cell in council.rows[1].cells]

    assert first[0] == "1.1"
    assert "Section 1. The front door (priority area: The front door)" in first[1]
    assert first[2] == "Area for priority action 1: “The quality of strategy meetings”"
    assert first[3] == "Head of Service Safeguarding"
    assert first[4] == "31 March 2026\nOverdue"
    assert first[5] == "In progress\nBRAG: Amber"
    assert first[6] == "30 November 2026: Thresholds drafted.\nSigned off by the partnership."
    joint = [cell.text for cell in council.rows[3].cells]
    assert "Joint action with West Midlands Police" in joint[1]
    assert joint[4] == "31 March 2026 (was 31 December 2025)"
    no_owner = [cell.text for cell in council.rows[2].cells]
    assert no_owner[2:5] == ["Not linked to a recommendation", "Not assigned", "No due date"]
    assert no_owner[6] == "No progress recorded yet."


def test_word_title_page_names_the_sources_and_the_date(word):
    text = _word_text(word)

    assert "Issued by Ofsted, CQC, HMICFRS and HMI Probation." in text
    assert "This statement shows the plan as it stood on 7 December 2026." in text
    body = word.element.body.xml
    assert body.index('w:type="page"') < body.index("Summary by organisation")


def _hostile():
    data = make_statement_data()
    actions = tuple(
        dataclasses.replace(
            a,
            description=f"Do {HOSTILE}",
            progress=f"Said {HOSTILE}",
            who=(f"Who {HOSTILE}",),
            answers=((f"Finding {HOSTILE}", f"Text {HOSTILE}"),),
            organisations=tuple(f"Org {HOSTILE}" if o == POLICE else o for o in a.organisations),
        )
        for a in data.actions
    )
    return dataclasses.replace(
        data, plan_title=f"Plan {HOSTILE}", local_authority=COUNCIL, actions=actions
    )


def test_word_shows_hostile_text_as_text():
    content = build_statement_word(_hostile())
    document = docx.Document(io.BytesIO(content))

    text = _word_text(document)
    for prefix in ("Do", "Said", "Who", "Finding", "Part 3: Org"):
        assert f"{prefix} {HOSTILE}" in text
    assert f"“Text {HOSTILE}”" in text
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        xml = package.read("word/document.xml").decode()
    assert "<script>" not in xml
    assert "&lt;script&gt;" in xml


# PDF --------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pdf():
    return build_statement_pdf(make_statement_data())


def test_pdf_text_has_the_title_page_summary_and_parts(pdf):
    pages = _pages_text(pdf)
    text = _flat(pages)

    assert "Statement of Action" in pages[0]
    assert "Summary by organisation" not in pages[0]  # the title page is a page of its own
    assert "Issued by Ofsted, CQC, HMICFRS and HMI Probation." in text
    for number, name in enumerate((COUNCIL, HEALTH, POLICE), 1):
        assert f"Part {number}: {name}" in text
    assert "Joint action with West Midlands Police" in text
    assert "“The quality of strategy meetings”" in text
    assert "All actions (each once) 4" in text


def test_pdf_is_tagged_with_language_title_headings_and_table_headers(pdf):
    reader = PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]

    assert catalog["/Lang"] == "en-GB"
    assert bool(catalog["/MarkInfo"]["/Marked"]) is True
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"]) is True
    assert (
        reader.metadata.title == "Statement of Action: Statement of Action: JTAI of the front door"
    )
    assert reader.metadata.author == COUNCIL
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    types = [kind for kind, _ in _struct_elements(catalog["/StructTreeRoot"], [])]
    for kind in ("/H1", "/H2", "/Table", "/THead", "/TH", "/TD", "/Caption", "/L", "/LI"):
        assert kind in types
    assert types.count("/H1") == 1
    assert types.count("/Table") == 4
    first, last = reader.pages[0].mediabox, reader.pages[-1].mediabox
    assert first.width < first.height
    assert last.width > last.height


def test_pdf_shows_hostile_text_as_text_never_as_typst_markup():
    content = build_statement_pdf(_hostile())

    text = "".join(_flat(_pages_text(content)).split())
    hostile = "".join(HOSTILE.split())
    for prefix in ("Plan", "Do", "Said", "Who", "Finding", "Org"):
        assert f"{prefix}{hostile}" in text
    assert "root:" not in text
    reader = PdfReader(io.BytesIO(content))
    assert reader.metadata.title == f"Statement of Action: Plan {HOSTILE}"
    types = [kind for kind, _ in _struct_elements(reader.trailer["/Root"]["/StructTreeRoot"], [])]
    assert types.count("/H1") == 1


@pytest.mark.django_db
def test_builders_never_query(django_assert_num_queries):
    data = make_statement_data()

    with django_assert_num_queries(0):
        build_statement_word(data)
        build_statement_pdf(data)
