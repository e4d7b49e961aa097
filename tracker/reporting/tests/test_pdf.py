"""The board paper as a PDF, laid out by Typst: its text, its pages, and the tags a screen
reader needs (structure tree, headings, tables with header cells, lists, figures with
alternative text, language, title). Each paper is built once per module and the tests read
it."""

import dataclasses
import io
import json
import xml.etree.ElementTree as ET

import pypdfium2
import pytest
from pypdf import PdfReader

from tracker.reporting.documents import charts, pdf
from tracker.reporting.documents.outline import paper_outline
from tracker.reporting.documents.pdf import build_pdf
from tracker.reporting.tests.papers.paper_data import make_board_paper_data


def _pages_text(pdf: bytes) -> list[str]:
    document = pypdfium2.PdfDocument(pdf)
    try:
        texts = []
        for page in document:
            text_page = page.get_textpage()
            texts.append(text_page.get_text_bounded())
            text_page.close()
            page.close()
        return texts
    finally:
        document.close()


def _flat(pages: list[str]) -> str:
    """The text on one line: words hyphenated at line ends joined again, lines as spaces."""
    text = "\n".join(pages).replace("\u2010\r\n", "").replace("\u2010\n", "")
    return " ".join(text.split())


def _struct_elements(node, found):
    """Every structure element under `node`: (type, alternative text)."""
    node = node.get_object()
    if isinstance(node, list):
        for child in node:
            _struct_elements(child, found)
        return found
    if not hasattr(node, "get"):
        return found
    if "/S" in node:
        found.append((node["/S"], node.get("/Alt")))
    if "/K" in node:
        _struct_elements(node["/K"], found)
    return found


@pytest.fixture(scope="module")
def built():
    progress = []
    data = make_board_paper_data(actions=20, sections=4)
    pdf = build_pdf(data, on_progress=lambda percent, message: progress.append((percent, message)))
    return {"data": data, "pdf": pdf, "progress": progress, "pages": _pages_text(pdf)}


def test_build_pdf_text_has_headings_numbers_and_rows(built):
    text = _flat(built["pages"])
    summary = built["data"].plan_summary

    for heading in (
        "Improvement plan update",
        "1. Summary",
        "2. Changes since the last meeting",
        "3. Highlight reports",
        "4. Performance scorecard",
        "5. Coverage",
        "Appendix: the improvement plan",
        "Re-baselined due dates",
    ):
        assert heading in text
    assert (
        f"The plan has 20 actions: {summary.complete} complete ({summary.percent_complete}%)"
        in text
    )
    assert "Report to Improvement Board, 12 March 2026." in text
    assert "Table 1: Actions by status, by section" in text
    for section in built["data"].appendix:
        for action in section.actions:
            assert f" {action.reference} " in text
    assert "BRAG: Red (off track)" in text
    assert "Partners’ data & systems not ready" in text
    assert "The plan answers:" in text
    assert "Issued by Ofsted, CQC, HMICFRS and HMI Probation." in text
    assert "Priority area: Help at the “front door” & the MASH" in text


def test_build_pdf_shows_uk_dates_and_special_characters(built):
    text = _flat(built["pages"])

    assert "(was " in text
    assert "The plan as it stood on 12 March 2026." in text
    assert "Children’s Services Improvement Plan 2025–27 (ILACS & JTAI)" in text
    assert "“every child’s plan” is < 20" in text
    assert "The “front door” – contact <and> referral" in text


def test_build_pdf_numbers_pages_and_names_the_plan_in_the_margin(built):
    pages = built["pages"]

    assert 5 <= len(pages) <= 20
    assert f"Page 1 of {len(pages)}" in pages[0]
    assert f"Page {len(pages)} of {len(pages)}" in pages[-1]
    assert "Children’s Services Improvement Plan 2025–27 (ILACS & JTAI)" in pages[-1]


def test_build_pdf_is_tagged_with_language_and_title(built):
    reader = PdfReader(io.BytesIO(built["pdf"]))
    catalog = reader.trailer["/Root"]

    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"]) is True
    assert catalog["/Lang"] == "en-GB"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"]) is True
    assert reader.metadata.title == (
        "Improvement plan update: Children’s Services Improvement Plan 2025–27 (ILACS & JTAI)"
    )
    assert reader.metadata.author == "Solihull Metropolitan Borough Council"
    # It says it is PDF/UA-1, so checkers hold it to that standard.
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp


def test_build_pdf_structure_has_headings_tables_and_described_figures(built):
    reader = PdfReader(io.BytesIO(built["pdf"]))
    elements = _struct_elements(reader.trailer["/Root"]["/StructTreeRoot"], [])
    types = [kind for kind, _ in elements]

    for kind in (
        "/H1",
        "/H2",
        "/H3",
        "/H4",
        "/Table",
        "/THead",
        "/TBody",
        "/TR",
        "/TH",
        "/TD",
        "/Caption",
        "/L",
        "/LI",
        "/LBody",
    ):
        assert kind in types
    assert types.count("/H1") == 1
    figures = [alt for kind, alt in elements if kind == "/Figure"]
    assert len(figures) == 2
    assert figures[0].startswith("Bar chart of progress by section: 20 actions in 4 sections")
    assert figures[1].startswith("Bar chart of actions by BRAG rating on 6 dates")


def test_build_pdf_puts_the_appendix_on_landscape_pages(built):
    reader = PdfReader(io.BytesIO(built["pdf"]))
    first, last = reader.pages[0].mediabox, reader.pages[-1].mediabox

    assert first.width < first.height
    assert last.width > last.height


def test_build_pdf_reports_progress_in_increasing_steps(built):
    percents = [percent for percent, _ in built["progress"]]

    assert len(percents) >= 4
    assert percents == sorted(set(percents))
    assert percents[-1] == 100
    assert all(message for _, message in built["progress"])
    assert any(message.startswith("Writing the PDF (") for _, message in built["progress"])


@pytest.mark.django_db
def test_build_pdf_handles_a_plan_with_no_actions_without_querying(django_assert_num_queries):
    data = make_board_paper_data(
        actions=0, sections=1, brag_points=0, highlight_reports=0, with_changes=False
    )

    with django_assert_num_queries(0):
        pdf = build_pdf(data)

    text = _flat(_pages_text(pdf))
    assert "The plan has no actions yet." in text
    assert "There is no earlier meeting to compare with." in text
    assert "No highlight reports have been submitted for this meeting." in text
    assert "This section has no actions yet." in text
    assert "/StructTreeRoot" in PdfReader(io.BytesIO(pdf)).trailer["/Root"]


# Users' text that would be Typst markup or code if it were ever pasted into the Typst file.
HOSTILE = (
    '#import "@preview/cetz:0.3.0": * #read("/etc/passwd") $x^2$ *bold* _emphasis_ '
    "@ref <label> ] [ } { \\ \\\\ `raw` // not a comment /* nor this */ #set page(width: 1cm) "
    '= not a heading ~ -- --- "quoted" \\u{1F600} #(1 + 1)'
)


def _hostile_data():
    data = make_board_paper_data(actions=3, sections=1, plan_title=f"Plan {HOSTILE}")
    section = data.appendix[0]
    actions = tuple(
        dataclasses.replace(action, description=f"Do {HOSTILE}", progress=f"Said {HOSTILE}")
        for action in section.actions
    )
    section = dataclasses.replace(section, title=f"Section {HOSTILE}", actions=actions)
    rows = tuple(dataclasses.replace(row, label=f"Row {HOSTILE}") for row in data.section_rows)
    return dataclasses.replace(
        data,
        local_authority=f"Council {HOSTILE}",
        meeting=f"Meeting {HOSTILE}",
        appendix=(section,),
        section_rows=rows,
    )


def test_build_pdf_prints_users_text_as_text_never_as_typst_markup_or_code():
    data = _hostile_data()

    pdf = build_pdf(data)

    # Spaces aside: a table cell may wrap a line after "/etc/".
    text = "".join(_flat(_pages_text(pdf)).split())
    hostile = "".join(HOSTILE.split())
    for prefix in ("Plan", "Council", "ReporttoMeeting", "Do", "Said", "Section"):
        assert f"{prefix}{hostile}" in text
    assert "root:" not in text  # nothing was read from the disk
    reader = PdfReader(io.BytesIO(pdf))
    assert reader.metadata.title == f"Improvement plan update: Plan {HOSTILE}"
    assert reader.metadata.author == f"Council {HOSTILE}"
    assert reader.pages[0].mediabox.width > 500  # "#set page(width: 1cm)" did nothing
    # Headings are still the outline's headings, whatever the text says.
    elements = _struct_elements(reader.trailer["/Root"]["/StructTreeRoot"], [])
    assert [kind for kind, _ in elements].count("/H1") == 1


def test_charts_escape_users_text_in_svg():
    data = make_board_paper_data(actions=3, sections=1)
    rows = tuple(
        dataclasses.replace(row, label='<b>"1" & #x</b> ]]> $5m') for row in data.section_rows
    )

    svg = charts.progress_by_section_svg(rows)

    root = ET.fromstring(svg.encode())  # noqa: S314 (our own output)
    assert '<b>"1" & #x</b> ]]> $5m' in "".join(root.itertext())
    assert "<b>" not in svg


def test_a_paper_typst_cannot_lay_out_fails_with_the_compilers_message(monkeypatch, tmp_path):
    broken = tmp_path / "paper.typ"
    broken.write_text('#panic("the layout broke")\n')
    monkeypatch.setattr(pdf, "TYPST_SOURCE", broken)

    with pytest.raises(RuntimeError, match="the layout broke"):
        build_pdf(make_board_paper_data(actions=1, sections=1))


def test_a_compile_that_does_not_finish_is_stopped_and_named(monkeypatch, tmp_path):
    endless = tmp_path / "paper.typ"
    endless.write_text("#let f(n) = f(n + 1)\n#f(0)\n")
    monkeypatch.setattr(pdf, "TYPST_SOURCE", endless)
    monkeypatch.setattr(pdf, "COMPILE_TIMEOUT_SECONDS", 0.01)

    with pytest.raises(RuntimeError, match=r"still working after 0\.01 seconds"):
        build_pdf(make_board_paper_data(actions=1, sections=1))


def test_a_row_too_long_for_one_page_may_split_and_the_others_stay_whole():
    data = make_board_paper_data(actions=3, sections=1)
    section = data.appendix[0]
    long_progress = " ".join(f"Update {number} on the work so far." for number in range(400))
    actions = (
        dataclasses.replace(section.actions[0], progress=long_progress),
        *section.actions[1:],
    )
    data = dataclasses.replace(data, appendix=(dataclasses.replace(section, actions=actions),))
    paper = json.loads(pdf.paper_json(data, paper_outline(data), description="", keywords=[]))
    appendix = [b for b in paper["parts"][-1]["blocks"] if b["kind"] == "table"]

    assert appendix[0]["split"] == [0]

    text = _flat(_pages_text(build_pdf(data)))
    assert "Update 0 on the work so far." in text
    assert "Update 399 on the work so far." in text


def test_build_pdf_sets_pounds_dashes_and_quotes_in_the_system_fonts():
    data = make_board_paper_data(actions=3, sections=1, plan_title="Plan – £5m, it’s “ours”")

    document = build_pdf(data)

    assert "Plan – £5m, it’s “ours”" in _flat(_pages_text(document))
    reader = PdfReader(io.BytesIO(document))
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    # Only the paper's own families: Typst's embedded fonts are not loaded.
    assert fonts
    assert all(name.startswith(("Arial", "LiberationSans", "DejaVuSans")) for name in fonts)
