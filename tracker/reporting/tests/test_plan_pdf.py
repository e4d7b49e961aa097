"""The plan itself as a PDF (`plan_pdf.build_plan_pdf`): the CSV's rows laid out to print,
tagged for a screen reader, with users' text printed as text. Pure: rows in, bytes out."""

import dataclasses
import datetime
import io

import pytest
from pypdf import PdfReader

from tracker.reporting.documents import plan_pdf
from tracker.reporting.documents.data import PlanRows
from tracker.reporting.documents.pdf import page_count
from tracker.reporting.documents.plan_pdf import build_plan_pdf, plan_typst_source
from tracker.reporting.tests.papers.paper_data import make_board_paper_data
from tracker.reporting.tests.test_pdf import HOSTILE, _flat, _pages_text, _struct_elements

PLAN_TITLE = "Children’s Services Improvement Plan 2025–27 (ILACS & JTAI)"


def _rows(actions: int = 20, sections: int = 4, **changes) -> PlanRows:
    data = make_board_paper_data(actions=actions, sections=sections)
    rows = PlanRows(
        as_of=datetime.date(2026, 12, 7),
        appendix=data.appendix,
        plan_title=PLAN_TITLE,
        local_authority="Solihull Metropolitan Borough Council",
    )
    return dataclasses.replace(rows, **changes)


@pytest.fixture(scope="module")
def built():
    rows = _rows()
    document = build_plan_pdf(rows)
    return {"rows": rows, "pdf": document, "pages": _pages_text(document)}


def test_build_plan_pdf_heads_the_plan_with_authority_title_and_date(built):
    first = _flat(built["pages"][:1])

    assert first.startswith(
        f"{PLAN_TITLE}, as at 7 December 2026 Solihull Metropolitan Borough Council {PLAN_TITLE} "
        "The improvement plan as at 7 December 2026 20 actions in 4 sections."
    )


def test_build_plan_pdf_lists_every_action_under_its_section(built):
    text = _flat(built["pages"])
    appendix = built["rows"].appendix

    for section in appendix:
        assert f"{section.number}. {section.title}" in text
        for action in section.actions:
            assert action.description in text
    assert text.count("Ref Action Who Due Status BRAG Latest progress") >= len(appendix)
    overdue = [a for s in appendix for a in s.actions if a.is_overdue]
    assert overdue
    assert text.count("Overdue") == len(overdue)


def test_build_plan_pdf_shows_uk_dates_moved_dates_and_full_progress(built):
    text = _flat(built["pages"])
    actions = [a for s in built["rows"].appendix for a in s.actions]
    moved = next(a for a in actions if a.is_rebaselined)
    updated = next(a for a in actions if a.progress_on and "\n" in a.progress)

    assert f"was {moved.original_due_on.day} {moved.original_due_on:%B %Y}" in text
    # The date of the latest update, then all its lines, nothing cut short.
    first, second = updated.progress.split("\n", 1)
    assert f"{updated.progress_on.day} {updated.progress_on:%B %Y} {first} {second}" in text
    assert "2026-" not in text


def test_build_plan_pdf_is_tagged_landscape_with_language_and_title(built):
    reader = PdfReader(io.BytesIO(built["pdf"]))
    catalog = reader.trailer["/Root"]

    assert "/StructTreeRoot" in catalog
    assert bool(catalog["/MarkInfo"]["/Marked"]) is True
    assert catalog["/Lang"] == "en-GB"
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"]) is True
    assert reader.metadata.title == f"{PLAN_TITLE} (as at 7 December 2026)"
    assert reader.metadata.author == "Solihull Metropolitan Borough Council"
    xmp = catalog["/Metadata"].get_object().get_data().decode()
    assert "<pdfuaid:part>1</pdfuaid:part>" in xmp
    for page in reader.pages:
        assert page.mediabox.width > page.mediabox.height


def test_build_plan_pdf_has_headings_and_tables_with_header_cells(built):
    reader = PdfReader(io.BytesIO(built["pdf"]))
    types = [kind for kind, _ in _struct_elements(reader.trailer["/Root"]["/StructTreeRoot"], [])]

    assert types.count("/H1") == 1
    assert types.count("/H2") == 4
    assert types.count("/Table") == 4
    for kind in ("/THead", "/TBody", "/TR", "/TD"):
        assert kind in types
    assert types.count("/TH") >= 4 * len(plan_pdf.HEADERS)


def test_build_plan_pdf_repeats_the_header_row_on_every_page_and_numbers_pages():
    document = build_plan_pdf(_rows(actions=80, sections=2))
    pages = _pages_text(document)

    assert len(pages) >= 3
    assert page_count(document) == len(pages)
    for number, page in enumerate(pages, start=1):
        assert "Ref Action Who Due Status BRAG Latest progress" in _flat([page])
        assert f"Page {number} of {len(pages)}" in page


def test_build_plan_pdf_says_when_the_plan_or_a_section_has_no_actions():
    data = make_board_paper_data(actions=0, sections=1)

    empty_section = _flat(_pages_text(build_plan_pdf(_rows(appendix=data.appendix))))
    no_sections = _flat(_pages_text(build_plan_pdf(_rows(appendix=()))))

    assert "0 actions in 1 section." in empty_section
    assert "This section has no actions yet." in empty_section
    assert "0 actions in 0 sections." in no_sections
    assert "The plan has no sections yet." in no_sections


@pytest.mark.django_db
def test_build_plan_pdf_never_queries(django_assert_num_queries):
    with django_assert_num_queries(0):
        document = build_plan_pdf(_rows(actions=3, sections=1))

    assert document.startswith(b"%PDF")


def _hostile_rows() -> PlanRows:
    rows = _rows(actions=3, sections=1)
    section = rows.appendix[0]
    actions = tuple(
        dataclasses.replace(
            action,
            reference=f"R{HOSTILE}",
            description=f"Do {HOSTILE}",
            who=(f"Who {HOSTILE}",),
            owner_note=f"Note {HOSTILE}",
            status_label=f"Status {HOSTILE}",
            progress=f"Said {HOSTILE}",
        )
        for action in section.actions
    )
    section = dataclasses.replace(section, title=f"Section {HOSTILE}", actions=actions)
    return dataclasses.replace(
        rows,
        appendix=(section,),
        plan_title=f"Plan {HOSTILE}",
        local_authority=f"Council {HOSTILE}",
    )


def test_build_plan_pdf_prints_users_text_as_text_never_as_typst_markup_or_code():
    document = build_plan_pdf(_hostile_rows())

    # Spaces aside: a table cell may wrap a line anywhere.
    text = "".join(_flat(_pages_text(document)).split())
    hostile = "".join(HOSTILE.split())
    for prefix in ("Plan", "Council", "Do", "Said", "Section", "Who", "Note", "Status", "R"):
        assert f"{prefix}{hostile}" in text
    assert "root:" not in text  # nothing was read from the disk
    reader = PdfReader(io.BytesIO(document))
    assert reader.metadata.title == f"Plan {HOSTILE} (as at 7 December 2026)"
    assert reader.metadata.author == f"Council {HOSTILE}"
    assert reader.pages[0].mediabox.width > 500  # "#set page(width: 1cm)" did nothing
    types = [kind for kind, _ in _struct_elements(reader.trailer["/Root"]["/StructTreeRoot"], [])]
    assert types.count("/H1") == 1
    assert types.count("/H2") == 1


def test_users_text_enters_the_source_only_as_typst_strings():
    source = plan_typst_source(_hostile_rows())

    assert source.count(HOSTILE) == 0  # every copy is escaped
    assert plan_pdf._s('a "b" \\ #c\r\nd') == '"a \\"b\\" \\\\ #c\\nd"'
    # Control characters a PDF cannot show are dropped.
    assert plan_pdf._s("a\x00b\x0bc") == '"abc"'


def test_a_plan_typst_cannot_lay_out_fails_with_the_compilers_message(monkeypatch):
    monkeypatch.setattr(plan_pdf, "plan_typst_source", lambda data: '#panic("it broke")')

    with pytest.raises(RuntimeError, match=r"Typst could not lay out the plan: .*it broke"):
        build_plan_pdf(_rows(actions=1, sections=1))


class _RecordingCompiler:
    def __init__(self):
        self.inputs = []

    def compile(self, *, input, format, **options):
        self.inputs.append(input)
        return b"%PDF-1.7 stand-in"


def test_the_process_keeps_only_the_last_plans_layout(monkeypatch):
    """Typst remembers what the last ten compiles used: before a new document, empty compiles
    make it forget all but the last one; the same document again needs none."""
    compiler = _RecordingCompiler()
    monkeypatch.setattr(plan_pdf, "_compilers", [compiler])
    monkeypatch.setattr(plan_pdf, "_last_source", [])
    first, changed = _rows(actions=2, sections=1), _rows(actions=3, sections=1)
    forget = [b""] * plan_pdf.FORGETTING_COMPILES

    build_plan_pdf(first)
    build_plan_pdf(first)
    build_plan_pdf(changed)

    source, changed_source = (plan_typst_source(r).encode() for r in (first, changed))
    assert compiler.inputs == [source, source, *forget, changed_source]
