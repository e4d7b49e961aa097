import dataclasses
import datetime
import io
import re
import xml.etree.ElementTree as ET
import zipfile

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn

from tracker.reporting.documents.word import build_word
from tracker.reporting.tests.papers.paper_data import LONG_WORD, make_board_paper_data

APPENDIX_HEADERS = ["Ref", "Action", "Who", "Due", "Progress"]


def _open(data):
    return Document(io.BytesIO(build_word(data)))


def _headings(document):
    return [
        (p.style.name, p.text)
        for p in document.paragraphs
        if p.style.name == "Title" or p.style.name.startswith("Heading")
    ]


def _header_texts(table):
    return [cell.text for cell in table.rows[0].cells]


def _appendix_tables(document):
    return [t for t in document.tables if _header_texts(t) == APPENDIX_HEADERS]


def _all_text(document):
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


@pytest.fixture(scope="module")
def data():
    return make_board_paper_data(actions=20, sections=4)


@pytest.fixture(scope="module")
def document(data):
    return _open(data)


def test_build_word_headings_use_real_styles_in_order(document):
    headings = _headings(document)

    assert headings[:6] == [
        ("Title", "Improvement plan update"),
        ("Heading 1", "1. Summary"),
        ("Heading 2", "Progress by section"),
        ("Heading 2", "Progress by theme"),
        ("Heading 2", "Overdue actions"),
        ("Heading 2", "Charts"),
    ]
    level_one = [text for style, text in headings if style == "Heading 1"]
    assert level_one == [
        "1. Summary",
        "2. Changes since the last meeting",
        "3. Highlight reports",
        "4. Performance scorecard",
        "5. Coverage",
        "Appendix: the improvement plan",
    ]
    appendix = headings[headings.index(("Heading 1", "Appendix: the improvement plan")) :]
    assert appendix[1:5] == [
        ("Heading 2", "1. Strengthen senior leaders’ oversight of frontline practice"),
        ("Heading 3", "Recommendations"),
        ("Heading 3", "Aim"),
        ("Heading 3", "Expected outcomes"),
    ]


def test_build_word_changes_are_listed_by_kind(document):
    headings = _headings(document)
    start = headings.index(("Heading 1", "2. Changes since the last meeting"))

    assert [text for _, text in headings[start + 1 : start + 9]] == [
        "Status changes",
        "BRAG changes",
        "New actions",
        "Completed actions",
        "Re-baselined due dates",
        "Removed actions",
        "New risks",
        "Risk score changes",
    ]
    rebaselined = next(
        t
        for t in document.tables
        if _header_texts(t) == ["Ref", "Action", "Before", "After", "Reason"]
    )
    assert [c.text for c in rebaselined.rows[1].cells][2:] == [
        "31 March 2026",
        "31 May 2026",
        "Partners’ data & systems not ready",
    ]
    # A new action has nothing "before", so that column is left out.
    assert any(_header_texts(t) == ["Ref", "Action", "After"] for t in document.tables)
    assert "No changes." in [p.text for p in document.paragraphs]


def test_build_word_summary_tables_count_by_section_and_theme(document, data):
    by_status = [t for t in document.tables if _header_texts(t)[:2] == ["Section", "Actions"]]
    assert len(by_status) == 1
    table = by_status[0]
    assert _header_texts(table) == [
        "Section",
        "Actions",
        "Not started",
        "In progress",
        "Completed",
        "Business as usual",
        "Verified as embedded",
        "Complete",
        "Overdue",
    ]
    # One row per section, then the whole plan.
    assert len(table.rows) == 1 + len(data.section_rows) + 1
    total = [c.text for c in table.rows[-1].cells]
    summary = data.plan_summary
    assert total[0] == "Whole plan"
    assert total[1] == str(summary.total) == "20"
    assert total[-2:] == [f"{summary.percent_complete}%", str(summary.overdue)]

    by_brag = next(
        t for t in document.tables if _header_texts(t)[:2] == ["Theme", "Blue (complete)"]
    )
    assert _header_texts(by_brag)[1:] == [
        "Blue (complete)",
        "Green (on track)",
        "Amber (at risk)",
        "Red (off track)",
        "Not rated",
    ]
    assert len(by_brag.rows) == 1 + len(data.theme_rows) + 1
    assert f"The plan has 20 actions: {summary.complete} complete" in _all_text(document)


def test_build_word_overdue_table_lists_every_overdue_action(document, data):
    table = next(
        t for t in document.tables if _header_texts(t) == ["Ref", "Action", "Who", "Due", "Status"]
    )

    assert len(table.rows) - 1 == len(data.overdue) > 0
    assert [row.cells[0].text for row in table.rows[1:]] == [a.reference for a in data.overdue]


def test_build_word_appendix_has_a_row_per_action(document, data):
    tables = _appendix_tables(document)

    assert len(tables) == len(data.appendix)
    assert sum(len(t.rows) - 1 for t in tables) == 20
    references = [row.cells[0].text for t in tables for row in t.rows[1:]]
    assert references == [a.reference for s in data.appendix for a in s.actions]


def test_build_word_appendix_row_reads_status_brag_and_progress_in_words(document, data):
    section, position, action = next(
        (s, i, a)
        for s, section in enumerate(data.appendix)
        for i, a in enumerate(section.actions)
        if a.brag == "red" and a.is_overdue
    )
    row = _appendix_tables(document)[section].rows[1 + position]
    cells = [c.text for c in row.cells]

    assert cells[0] == action.reference
    assert cells[3].endswith("\nOverdue")
    assert cells[4].startswith("In progress. BRAG: Red (off track)\n")
    assert f"{action.progress_on.day} {action.progress_on:%B %Y}: Audit of" in cells[4]


def test_build_word_shows_rebaselined_due_dates_uk_style(document, data):
    action = next(a for s in data.appendix for a in s.actions if a.is_rebaselined)
    row = next(
        r
        for t in _appendix_tables(document)
        for r in t.rows[1:]
        if r.cells[0].text == action.reference
    )

    due = row.cells[3].text.split("\n")[0]
    assert re.fullmatch(r"\d{1,2} [A-Z][a-z]+ \d{4} \(was \d{1,2} [A-Z][a-z]+ \d{4}\)", due)
    assert due == (
        f"{action.due_on.day} {action.due_on:%B %Y} "
        f"(was {action.original_due_on.day} {action.original_due_on:%B %Y})"
    )
    assert not re.search(r"\d{4}-\d{2}-\d{2}", _all_text(document))


def test_build_word_every_table_repeats_its_header_row_and_has_a_caption(document):
    assert len(document.tables) > 5
    for table in document.tables:
        header = table.rows[0]._tr
        assert header.trPr is not None
        assert header.trPr.find(qn("w:tblHeader")) is not None
        assert header.trPr.find(qn("w:cantSplit")) is not None
        caption = table._tbl.tblPr.find(qn("w:tblCaption"))
        assert caption is not None and caption.get(qn("w:val")).startswith("Table ")
        # Body rows are not marked as headers.
        for row in table.rows[1:]:
            properties = row._tr.trPr
            assert properties is None or properties.find(qn("w:tblHeader")) is None


def test_build_word_charts_have_alternative_text_and_a_caption(document):
    shapes = document.inline_shapes

    assert len(shapes) == 2
    descriptions = [shape._inline.docPr.get("descr") for shape in shapes]
    titles = [shape._inline.docPr.get("title") for shape in shapes]
    assert descriptions[0].startswith("Bar chart of progress by section: 20 actions in 4 sections")
    assert descriptions[1].startswith("Bar chart of actions by BRAG rating on 6 dates")
    assert titles == [
        "Figure 1: Progress by section (actions by BRAG rating)",
        "Figure 2: BRAG ratings over time",
    ]
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert "Figure 1: Progress by section (actions by BRAG rating)" in captions


def test_build_word_charts_are_native_chart_parts_not_pictures(data):
    """Each chart is a native Word chart (`word_charts.py`): a chart part related from the
    document, with its content type, shown by a graphic frame; nothing rasterised."""
    package = build_word(data)

    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        names = archive.namelist()
        types = ET.fromstring(archive.read("[Content_Types].xml"))  # noqa: S314 (our output)
        relationships = ET.fromstring(archive.read("word/_rels/document.xml.rels"))  # noqa: S314
        body = archive.read("word/document.xml").decode()
    assert [n for n in names if n.startswith("word/charts/")] == [
        "word/charts/chart1.xml",
        "word/charts/chart2.xml",
    ]
    assert not [n for n in names if n.endswith((".png", ".svg"))]
    content_types = {e.get("PartName"): e.get("ContentType") for e in types if e.get("PartName")}
    assert content_types["/word/charts/chart1.xml"] == (
        "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
    )
    targets = {
        element.get("Id"): (element.get("Type").rsplit("/", 1)[1], element.get("Target"))
        for element in relationships
    }
    frames = re.findall(
        r'<a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">'
        r'<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
        r'r:id="(rId\d+)"/>',
        body,
    )
    assert [targets[frame] for frame in frames] == [
        ("chart", "charts/chart1.xml"),
        ("chart", "charts/chart2.xml"),
    ]
    reopened = Document(io.BytesIO(package))
    assert len(reopened.inline_shapes) == 2


def test_build_word_special_characters_survive(document):
    text = _all_text(document)

    assert "The “front door” – contact <and> referral" in text
    assert "step-down arrangements with partners so that “every child’s plan” is < 20" in text
    assert LONG_WORD in text
    assert "Children’s Services Improvement Plan 2025–27 (ILACS & JTAI)" in text


def test_build_word_document_properties_page_set_up_and_landscape_appendix(document):
    properties = document.core_properties
    assert properties.title == (
        "Improvement plan update: Children’s Services Improvement Plan 2025–27 (ILACS & JTAI)"
    )
    assert properties.author == "Solihull Metropolitan Borough Council"
    assert properties.language == "en-GB"
    first, appendix = document.sections
    assert first.orientation == WD_ORIENT.PORTRAIT
    assert (round(first.page_width.mm), round(first.page_height.mm)) == (210, 297)
    assert appendix.orientation == WD_ORIENT.LANDSCAPE
    assert (round(appendix.page_width.mm), round(appendix.page_height.mm)) == (297, 210)
    languages = document.styles.element.findall(f".//{qn('w:docDefaults')}//{qn('w:lang')}")
    assert [lang.get(qn("w:val")) for lang in languages] == ["en-GB"]


def test_build_word_highlight_reports_show_narrative_and_lists(document):
    headings = _headings(document)
    start = headings.index(("Heading 1", "3. Highlight reports"))

    assert headings[start + 1 : start + 8] == [
        ("Heading 2", "Leadership & governance: highlight report"),
        ("Heading 3", "Summary"),
        ("Heading 3", "Impact on children"),
        ("Heading 3", "Achievements"),
        ("Heading 3", "Key updates"),
        ("Heading 3", "Exceptions"),
        ("Heading 3", "Risks"),
    ]
    paragraphs = [(p.style.name, p.text) for p in document.paragraphs]
    assert ("Normal", "Thematic lead: Director of Children’s Services") in paragraphs
    assert ("Normal", "Period: 15 January 2026 to 2 March 2026") in paragraphs
    assert ("Normal", "Submitted by Jo Bloggs on 2 March 2026 at 3:05pm") in paragraphs
    assert ("Normal", "Caseloads < 20.") in paragraphs
    assert ("List Bullet", "Action 1.1 completed: MASH & early help co-located") in paragraphs
    # The first report has no exceptions.
    assert ("Normal", "None recorded.") in paragraphs


def _table_captioned(document, caption):
    for table in document.tables:
        found = table._tbl.tblPr.find(qn("w:tblCaption"))
        if found is not None and found.get(qn("w:val")).endswith(caption):
            return table
    raise AssertionError(f"No table captioned {caption!r}")


def test_build_word_scorecard_gives_each_measure_latest_target_rag_trend_and_england(document):
    headings = _headings(document)
    assert ("Heading 1", "4. Performance scorecard") in headings
    table = _table_captioned(document, "Performance scorecard")

    assert [c.text for c in table.rows[0].cells] == [
        "Measure",
        "Latest value",
        "Target",
        "RAG",
        "Trend",
        "England average",
    ]
    rows = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert rows == [
        [
            "CIN-03 Re-referrals within 12 months\nLower is better",
            "23.5%\nFebruary 2026",
            "20%",
            "Red",
            "Worse than January 2026",
            "21.4%",
        ],
        [
            "WF-01 Social worker vacancy rate\nLower is better",
            "No value yet",
            "No target",
            "Not rated",
            "No values yet",
            "Not published",
        ],
    ]


def test_build_word_coverage_gives_totals_by_kind_and_lists_the_open_gaps(document):
    texts = [p.text for p in document.paragraphs]
    assert "5. Coverage" in texts
    assert any(text.startswith("1 gap is open") for text in texts)
    totals = _table_captioned(document, "Coverage gaps by kind")
    assert [c.text for c in totals.rows[2].cells] == [
        "Expected outcome no measure shows",
        "1",
        "4",
        "25%",
    ]
    gaps = _table_captioned(document, "Open gaps")
    assert [c.text for c in gaps.rows[1].cells] == [
        "Expected outcome no measure shows",
        "Section 2: Audits show better practice",
    ]


def test_build_word_says_when_no_measures_are_linked_or_coverage_was_not_worked_out():
    document = _open(make_board_paper_data(actions=4, sections=1, with_impact=False))

    texts = [p.text for p in document.paragraphs]
    assert "No measures are linked to this plan's sections, themes or outcomes yet." in texts
    assert "The plan's coverage was not worked out for this paper." in texts


def test_build_word_says_when_there_is_no_earlier_meeting():
    document = _open(make_board_paper_data(actions=4, sections=1, with_changes=False))

    texts = [p.text for p in document.paragraphs]
    index = texts.index("2. Changes since the last meeting")
    assert texts[index + 1] == "There is no earlier meeting to compare with."


def test_build_word_says_when_nothing_changed_and_no_reports_were_submitted():
    document = _open(
        make_board_paper_data(actions=4, sections=1, empty_changes=True, highlight_reports=0)
    )

    texts = [p.text for p in document.paragraphs]
    assert "No changes between 15 January 2026 and 12 March 2026." in texts
    assert "Status changes" not in texts
    assert "No highlight reports have been submitted for this meeting." in texts


def test_build_word_handles_a_plan_with_no_actions():
    data = make_board_paper_data(actions=0, sections=2, brag_points=0, highlight_reports=0)

    document = _open(data)

    texts = [p.text for p in document.paragraphs]
    assert "The plan has no actions yet." in texts
    assert "No actions are overdue." in texts
    assert "There are no actions to chart yet." in texts
    assert "There is no BRAG history to chart yet." in texts
    assert texts.count("This section has no actions yet.") == 2
    assert len(document.inline_shapes) == 0
    assert _appendix_tables(document) == []


def test_build_word_handles_a_plan_with_no_sections():
    data = make_board_paper_data(actions=0, sections=0, brag_points=0)

    texts = [p.text for p in _open(data).paragraphs]

    assert texts.count("The plan has no sections yet.") == 2  # summary and appendix
    assert "The plan has no themes yet." in texts


def test_build_word_drops_characters_word_cannot_hold():
    data = make_board_paper_data(actions=1, sections=1)
    section = data.appendix[0]
    action = dataclasses.replace(section.actions[0], description="Bell\x07 and tab\x0b here")
    data = dataclasses.replace(data, appendix=(dataclasses.replace(section, actions=(action,)),))

    row = _appendix_tables(_open(data))[0].rows[1]

    assert row.cells[1].text == "Bell and tab here"


def test_build_word_with_no_due_date_and_no_owner():
    data = make_board_paper_data(actions=1, sections=1)
    section = data.appendix[0]
    action = dataclasses.replace(
        section.actions[0], due_on=None, original_due_on=None, who=(), owner_note="", progress=""
    )
    data = dataclasses.replace(data, appendix=(dataclasses.replace(section, actions=(action,)),))

    cells = [c.text for c in _appendix_tables(_open(data))[0].rows[1].cells]

    assert cells[2] == "Not assigned"
    assert cells[3] == "No due date"
    assert cells[4].endswith("No progress recorded yet.")


def test_build_word_front_matter_names_the_meeting_and_date(document):
    texts = [p.text for p in document.paragraphs[:6]]

    assert "Report to Improvement Board, 12 March 2026." in texts
    assert "The plan as it stood on 12 March 2026. Produced on 1 March 2026 at 9:30am." in texts
    assert document.sections[0].footer.paragraphs[0].text.startswith("Page ")


def test_build_word_names_the_sources_who_issued_them_and_each_sections_priority_area(
    document,
):
    texts = [p.text for p in document.paragraphs]

    front = texts[: texts.index("1. Summary")]
    assert "The plan answers:" in front
    assert (
        "Joint targeted area inspection (JTAI), 13 January 2025 to 17 January 2025, published "
        "4 March 2025. Issued by Ofsted, CQC, HMICFRS and HMI Probation."
    ) in front
    assert "ILACS standard inspection, 2 June 2025 to 13 June 2025. Issued by Ofsted." in front
    appendix = texts[texts.index("Appendix: the improvement plan") :]
    # Sections 1 and 3 deliver a priority area, 2 and 4 none.
    assert appendix.count("Priority area: Help at the “front door” & the MASH") == 2
    section_two = appendix[appendix.index(next(t for t in appendix if t.startswith("2. "))) :]
    assert not section_two[1].startswith("Priority area")


def test_build_word_for_a_date_rather_than_a_meeting():
    data = make_board_paper_data(actions=2, sections=1, meeting="", as_of=datetime.date(2026, 5, 1))

    document = _open(data)

    texts = [p.text for p in document.paragraphs]
    assert not any(t.startswith("Report to") for t in texts)
    assert document.core_properties.subject == "Position at 1 May 2026"


@pytest.mark.django_db
def test_build_word_never_queries_the_database(django_assert_num_queries):
    data = make_board_paper_data(actions=4, sections=2)

    with django_assert_num_queries(0):
        build_word(data)


def test_build_word_writes_the_body_as_well_formed_xml_that_reads_back_the_same():
    """The body goes into the package as text, never parsed (`_WordWriter._finish`): it must
    be well formed and read back as written, hostile text included, the package otherwise
    as python-docx saved it."""
    from lxml import etree

    data = make_board_paper_data(actions=3, sections=2)
    section = data.appendix[0]
    hostile = "Quotes \" and ' & ampersands <b>not bold</b> ]]> tab\there\nsecond line"
    action = dataclasses.replace(section.actions[0], description=hostile, owner_note=hostile)
    data = dataclasses.replace(
        data,
        plan_title=f"Plan {hostile}",
        appendix=(dataclasses.replace(section, actions=(action, *section.actions[1:])),),
    )
    content = build_word(data)

    with zipfile.ZipFile(io.BytesIO(content)) as package:
        names = package.namelist()
        body = package.read("word/document.xml")
    root = etree.fromstring(body)  # raises if not well formed
    assert body.startswith(b"<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n")
    assert root.tag == qn("w:document")
    reread = Document(io.BytesIO(content))
    assert "Quotes \" and ' & ampersands <b>not bold</b> ]]> tab\there" in _all_text(reread)
    assert len(names) == len(set(names))  # the part replaced, not added
    assert "word/styles.xml" in names and "[Content_Types].xml" in names
