"""Reading published Ofsted reports: every fixture report exactly, and the layouts around them."""

from __future__ import annotations

import datetime
import importlib
import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest

from tracker.inspections.imports import ofsted_report
from tracker.inspections.imports.ofsted_report import (
    ParsedReport,
    ReportError,
    parse_date_range,
    parse_report,
    parse_report_pages,
)
from tracker.inspections.imports.pdf_text import PageText, pdf_pages, pdf_pages_text
from tracker.inspections.models import Grade, Inspection, JudgementArea, Recommendation

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ofsted-reports"


def fixture_bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def demo(name: str):
    """A demo data module of the plans app. It holds the checked word-for-word texts of both
    Solihull reports; it is loaded by name because inspections sits below plans in the layers."""
    return importlib.import_module(f"tracker.plans.demo.{name}")


# PDFs made by hand --------


def _pdf(objects: list[bytes], trailer: bytes = b"") -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R " % (len(objects) + 1) + trailer + b">>\n")
    out.write(b"startxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def text_pdf(pages: list[list[str]]) -> bytes:
    """A PDF with these lines of text on its pages (Helvetica, so Windows-1252 characters only)."""
    count = len(pages)
    font = 3 + 2 * count
    kids = b" ".join(b"%d 0 R" % (3 + 2 * index) for index in range(count))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count,
    ]
    for index, lines in enumerate(pages):
        shown = [
            b"("
            + line.encode("cp1252")
            .replace(b"\\", b"\\\\")
            .replace(b"(", b"\\(")
            .replace(b")", b"\\)")
            + b") Tj T*"
            for line in lines
        ]
        content = b"\n".join([b"BT /F1 10 Tf 14 TL 50 800 Td", *shown, b"ET"])
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents %d 0 R "
            b"/Resources << /Font << /F1 %d 0 R >> >> >>" % (4 + 2 * index, font)
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream")
    objects.append(
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
    )
    return _pdf(objects)


def encrypted_pdf() -> bytes:
    """A PDF encrypted with the standard security handler and a user password (not empty)."""
    plain = text_pdf([["Secret"]])
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
        b"<< /Filter /Standard /V 1 /R 2 /O <"
        + b"11" * 32
        + b"> /U <"
        + b"22" * 32
        + b"> /P -4 >>",
    ]
    assert plain.startswith(b"%PDF")
    return _pdf(objects, b"/Encrypt 4 0 R /ID [<" + b"33" * 16 + b"> <" + b"33" * 16 + b">] ")


def blank_pdf() -> bytes:
    """A PDF of one empty page: what a scan without a text layer looks like to the reader."""
    document = pdfium.PdfDocument.new()
    document.new_page(595, 842)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# Every fixture report, exactly --------


def test_solihull_2019_report_matches_the_checked_demo_texts():
    report = parse_report(fixture_bytes("solihull-ilacs-published-2020-01-09.pdf"))
    checked = demo("ilacs_2019")
    assert report.local_authority == "Solihull Metropolitan Borough Council"
    assert (report.framework, report.kind) == (checked.FRAMEWORK, checked.KIND)
    assert report.inspection_start == checked.STARTED_ON
    assert report.inspection_end == checked.ENDED_ON
    assert report.lead_inspector == checked.LEAD_INSPECTOR
    assert [(j.area, j.grade, j.text) for j in report.judgements] == list(checked.JUDGEMENTS)
    assert [r.text for r in report.recommendations] == list(checked.RECOMMENDATIONS)
    assert [r.number for r in report.recommendations] == list(range(1, 11))
    assert {r.kind for r in report.recommendations} == {"recommendation"}
    assert report.warnings == []


def test_solihull_2019_report_keeps_curly_quotes_and_mends_line_break_hyphens():
    report = parse_report(fixture_bytes("solihull-ilacs-published-2020-01-09.pdf"))
    texts = [r.text for r in report.recommendations]
    assert texts[2] == (
        "The practice and impact of ‘threshold’ visits on children and families should be reviewed."
    )
    assert texts[8] == (
        "Consideration of the need for homeless 16- and 17-year-olds to be cared for, and to be "
        "made aware of that option, by the local authority."
    )
    assert not any("\ufffe" in text or "\u00ad" in text or "  " in text for text in texts)


def test_solihull_2022_report_matches_the_checked_demo_texts():
    report = parse_report(fixture_bytes("solihull-ilacs-published-2023-01-13.pdf"))
    checked = demo("ilacs_2022")
    assert report.local_authority == "Solihull"
    assert (report.framework, report.kind) == (checked.FRAMEWORK, checked.KIND)
    assert report.inspection_start == checked.STARTED_ON
    assert report.inspection_end == checked.ENDED_ON
    assert report.lead_inspector == checked.LEAD_INSPECTOR
    assert [(j.area, j.grade, j.text) for j in report.judgements] == list(checked.JUDGEMENTS)
    assert [r.text for r in report.recommendations] == list(checked.RECOMMENDATIONS)
    assert [r.number for r in report.recommendations] == list(range(1, 10))
    assert report.warnings == []


def test_sunderland_2021_report():
    report = parse_report(fixture_bytes("sunderland-ilacs-published-2021-08-20.pdf"))
    assert report.local_authority == "Sunderland City Council"
    assert (report.framework, report.kind) == ("ILACS", "standard")
    assert (report.inspection_start, report.inspection_end) == (
        datetime.date(2021, 6, 28),
        datetime.date(2021, 7, 9),
    )
    assert report.lead_inspector == "Neil Penswick"
    assert [(j.area, j.grade, j.text) for j in report.judgements] == [
        ("impact_of_leaders", "outstanding", "Outstanding"),
        ("help_and_protection", "good", "Good"),
        ("children_in_care_and_care_leavers", "outstanding", "Outstanding"),
        ("overall", "outstanding", "Outstanding"),
    ]
    assert [(r.number, r.text) for r in report.recommendations] == [
        (1, "The consistency of the quality of assessments, plans and managerial oversight.")
    ]
    assert report.warnings == []


def test_barnsley_2023_short_report_has_five_rows_with_care_leavers_separate():
    report = parse_report(fixture_bytes("barnsley-ilacs-short-published-2023-10-27.pdf"))
    assert report.local_authority == "Barnsley"
    assert (report.framework, report.kind) == ("ILACS", "short")
    assert (report.inspection_start, report.inspection_end) == (
        datetime.date(2023, 9, 11),
        datetime.date(2023, 9, 15),
    )
    assert report.lead_inspector == "Anna Gravelle"
    assert [(j.area, j.grade, j.text) for j in report.judgements] == [
        ("impact_of_leaders", "good", "Good"),
        ("help_and_protection", "requires_improvement", "Requires improvement to be good"),
        ("children_in_care", "good", "Good"),
        ("care_leavers", "good", "Good"),
        ("overall", "good", "Good"),
    ]
    assert [r.text for r in report.recommendations] == [
        "The engagement of multi-agency partners, including in key decision-making meetings for "
        "children in need of help and protection, and the quality of referrals they make to "
        "children’s social care.",
        "The quality of recorded management direction to social workers at the point of referral "
        "and within screening.",
        "The identification and response to children who live in private fostering arrangements.",
        "The record of achievements and targets within personal education plans.",
    ]
    assert report.warnings == []


SIF_RECOMMENDATIONS = [
    "Ensure that the performance management framework provides middle and senior managers with a "
    "clear line of sight on those issues and areas that matter most, including, for example, the "
    "frequency and quality of supervision and key aspects of frontline practice.",
    "Ensure that the level of critical challenge provided by front line managers, child "
    "protection conference chairs and independent reviewing officers is consistently rigorous "
    "and robust and that, once escalated, concerns are dealt with quickly and effectively.",
    "Ensure that the quality and effectiveness of assessments and care plans are of a "
    "consistently high standard, and are regularly reviewed and updated.",
    "Ensure that strategy discussions and core groups are consistently effective as forums for "
    "sharing information, identifying risks and prompting appropriate action.",
    "Ensure that decisions taken by and action agreed at multi-agency sexual exploitation "
    "meetings are simply and clearly recorded, then routinely followed up from one meeting to the "
    "next.",
    "Ensure that the local authority designated officer is provided with an effective system for "
    "monitoring and recording allegations, one which facilitates external scrutiny.",
    "Ensure that effective use is made of the Public Law Outline to avoid drift and delay and, "
    "where appropriate, systematically to explore alternative family-based solutions for "
    "children who are unable to continue to live safely at home, including through the use of "
    "consistently high-quality viability assessments.",
    "Ensure that all children and young people who are looked after have plans that clearly and "
    "explicitly address their need for permanence.",
    "Ensure that the foster carer recruitment strategy includes specific targets and actions. "
    "These are to increase the range and availability of placement options to meet the assessed "
    "needs of different groups of children and young people, now and in the future.",
    "Ensure that appropriate action is taken to increase the range and volume of suitable "
    "accommodation for care leavers in order to reduce the reliance on houses in multiple "
    "occupation.",
    "Ensure that the Children in Care Council is properly supported, to enable it to reach out to "
    "and represent the views of children and young people looked after and care leavers.",
]


def test_solihull_2016_sif_report_maps_its_headings_to_the_sif_judgements():
    report = parse_report(fixture_bytes("solihull-sif-published-2016-07-07.pdf"))
    assert report.local_authority == "Metropolitan Borough of Solihull"
    assert (report.framework, report.kind) == ("SIF", "sif")
    assert (report.inspection_start, report.inspection_end) == (
        datetime.date(2016, 4, 25),
        datetime.date(2016, 5, 19),
    )
    assert report.published_on == datetime.date(2016, 7, 7)
    assert report.lead_inspector == "Nigel Parkes"  # from "The inspection team", page 39
    assert [(j.area, j.grade, j.text) for j in report.judgements] == [
        ("sif_help_and_protection", "requires_improvement", "Requires improvement"),
        ("sif_looked_after", "requires_improvement", "Requires improvement"),
        ("sif_adoption", "good", "Good"),
        ("sif_care_leavers", "requires_improvement", "Requires improvement"),
        ("sif_leadership", "requires_improvement", "Requires improvement"),
        ("overall", "requires_improvement", "require improvement to be good"),
        ("lscb", "good", "good"),
    ]
    assert [(r.number, r.text) for r in report.recommendations] == list(
        enumerate(SIF_RECOMMENDATIONS, start=1)
    )
    assert report.warnings == []


def test_solihull_2016_sif_report_keeps_the_boards_recommendations_apart():
    report = parse_report(fixture_bytes("solihull-sif-published-2016-07-07.pdf"))
    assert [(r.number, r.text[:40]) for r in report.lscb_recommendations] == [
        (111, "Strengthen the focus and rigour with whi"),
        (112, "Ensure that the board has sufficient cap"),
        (113, "Ensure that, when a child dies unexpecte"),
    ]
    assert report.areas_for_priority_action == []


@pytest.mark.parametrize("path", sorted(FIXTURES.glob("*.pdf")), ids=lambda p: p.stem)
def test_every_fixture_report_fits_the_models_choices(path):
    report = parse_report(path.read_bytes())
    assert report.kind in Inspection.Kind.values
    assert report.framework in Inspection.Framework.values
    assert all(j.area in JudgementArea.values for j in report.judgements)
    assert all(j.grade in Grade.values for j in report.judgements)
    assert all(r.kind in Recommendation.Kind.values for r in report.recommendations)
    assert len(report.fingerprint) == 64
    assert ParsedReport.from_dict(report.to_dict()) == report


def test_parser_constants_are_the_models_values():
    assert set(ofsted_report.GRADES) == set(Grade.values)
    assert set(ofsted_report.AREA_ORDER) == set(JudgementArea.values)
    assert {ofsted_report.ILACS, ofsted_report.SIF, ofsted_report.JTAI} <= set(
        Inspection.Framework.values
    )
    kinds = {
        ofsted_report.STANDARD,
        ofsted_report.SHORT,
        ofsted_report.SIF_KIND,
        ofsted_report.FOCUSED_VISIT,
        ofsted_report.MONITORING_VISIT,
        ofsted_report.JTAI_KIND,
    }
    assert kinds <= set(Inspection.Kind.values)
    assert {
        ofsted_report.RECOMMENDATION,
        ofsted_report.AREA_FOR_PRIORITY_ACTION,
        ofsted_report.AREA_FOR_IMPROVEMENT,
    } <= set(Recommendation.Kind.values)


def test_to_json_is_the_command_line_contract():
    report = parse_report(fixture_bytes("sunderland-ilacs-published-2021-08-20.pdf"))
    data = report.to_json(file="reports/sunderland.pdf")
    assert list(data)[:11] == [
        "file",
        "local_authority",
        "framework",
        "kind",
        "inspection_start",
        "inspection_end",
        "lead_inspector",
        "judgements",
        "recommendations",
        "warnings",
        "published_on",
    ]
    assert data["file"] == "reports/sunderland.pdf"
    assert data["inspection_start"] == "2021-06-28"
    assert data["judgements"][0] == {
        "area": "impact_of_leaders",
        "grade": "outstanding",
        "text": "Outstanding",
    }
    assert data["recommendations"] == [
        {
            "number": 1,
            "text": "The consistency of the quality of assessments, plans and managerial "
            "oversight.",
        }
    ]


# Files that are not reports --------


@pytest.mark.parametrize(
    ("data", "code", "message"),
    [
        (b"", "empty", "The selected file is empty"),
        (b"PK\x03\x04 a Word document", "not_pdf", "The selected file must be a PDF"),
        (b"Inspection dates: 1 May 2023", "not_pdf", "The selected file must be a PDF"),
        (b"%PDF-1.7\nthe rest is missing", "unreadable", "The selected file could not be read"),
    ],
)
def test_parse_report_refuses_files_that_are_not_pdfs(data, code, message):
    with pytest.raises(ReportError, match=message) as raised:
        parse_report(data)
    assert raised.value.code == code


def test_parse_report_refuses_a_password_protected_pdf():
    with pytest.raises(ReportError, match="The selected file is password protected") as raised:
        parse_report(encrypted_pdf())
    assert raised.value.code == "encrypted"


def test_parse_report_refuses_a_pdf_without_text():
    with pytest.raises(ReportError, match="The selected file has no text: it may be a scan") as e:
        parse_report(blank_pdf())
    assert e.value.code == "no_text"


@pytest.mark.parametrize(
    "lines",
    [
        ["Minutes of the Children's Scrutiny Committee", "Present: Councillors A and B"],
        # An Ofsted school report: an "Inspection of" title, dates and a grade, but not a
        # local authority's children's services.
        [
            "Inspection of Greenfield Primary School",
            "Inspection dates: 1 and 2 May 2019",
            "Overall effectiveness Good",
        ],
    ],
)
def test_parse_report_refuses_a_pdf_that_is_not_an_ofsted_childrens_services_report(lines):
    with pytest.raises(
        ReportError,
        match="The selected file does not look like an Ofsted report on children's services",
    ) as raised:
        parse_report(text_pdf([lines]))
    assert raised.value.code == "not_ofsted"


# Layouts not in the fixtures --------

TITLE = [
    "Inspection of Testshire local authority",
    "children’s services",
    "Inspection dates: 27 February to 10 March 2023",
    "Lead inspector: Jo Bloggs, His Majesty’s Inspector",
]
HEADER = [
    "Inspection of Testshire local authority children’s services",
    "27 February to 10 March 2023 2",
]


def test_a_list_broken_by_a_page_break_loses_the_running_header_footer_and_page_number():
    page_one = [
        *TITLE,
        "Judgement Grade",
        "Overall effectiveness Good",
        "What needs to improve?",
        "◼ The first thing, which wraps onto",
        "a second line.",
        "◼ The second thing, which runs over the",
        "Page 1 of 3",
    ]
    page_two = [
        *HEADER,
        "end of the page.",
        "◼ The third thing.",
        "The experiences and progress of children who need help and",
        "protection: good",
        "1. Findings start here.",
    ]
    report = parse_report_pages(["\r\n".join(page_one), "\r\n".join(page_two), "3"])
    assert [r.text for r in report.recommendations] == [
        "The first thing, which wraps onto a second line.",
        "The second thing, which runs over the end of the page.",
        "The third thing.",
    ]


def test_a_real_pdf_with_bullets_headers_and_footers_reads_end_to_end():
    pages = [
        [
            *TITLE,
            "Judgement Grade",
            "Overall effectiveness Inadequate",
            "What needs to improve?",
            "• The quality of plans for",
            "children in care.",
        ],
        [
            *HEADER,
            "• Management oversight of",
            "Page 2",
            "decisions.",
            "Information about this inspection",
        ],
    ]
    report = parse_report(text_pdf(pages))
    assert report.local_authority == "Testshire"
    assert report.lead_inspector == "Jo Bloggs"
    assert [r.text for r in report.recommendations] == [
        "The quality of plans for children in care.",
        "Management oversight of decisions.",
    ]


@pytest.mark.parametrize("bullet", ["◼", "•", "\uf06e", "\uf0a7", "\uf0b7", "▪", "■"])
def test_every_bullet_glyph_starts_an_item(bullet):
    report = parse_report_pages(
        ["\n".join([*TITLE, "What needs to improve", f"{bullet} One.", f"{bullet}Two."])]
    )
    assert [r.text for r in report.recommendations] == ["One.", "Two."]


def test_line_break_hyphens_and_soft_hyphens_become_real_hyphens():
    report = parse_report_pages(
        [
            "\n".join(
                [
                    *TITLE,
                    "What needs to improve",
                    "◼ Homeless 16- and 17-year\ufffeolds and decision\u00admaking, with",
                    "family-",
                    "based care and pre-",
                    "and post-adoption support, and non\ufffe",
                    "statutory plans.",
                ]
            )
        ]
    )
    assert [r.text for r in report.recommendations] == [
        "Homeless 16- and 17-year-olds and decision-making, with family-based care and pre- and "
        "post-adoption support, and non-statutory plans."
    ]


def test_an_item_of_two_sentences_wrapped_at_the_full_stop_stays_whole():
    report = parse_report_pages(
        [
            "\n".join(
                [
                    *TITLE,
                    "What needs to improve",
                    "◼ Ensure that targets are set.",
                    "These should be reviewed yearly.",
                    "◼ The second.",
                    "The impact of leaders on social work practice with children: good",
                ]
            )
        ]
    )
    assert [r.text for r in report.recommendations] == [
        "Ensure that targets are set. These should be reviewed yearly.",
        "The second.",
    ]
    assert not [w for w in report.warnings if w.field == "recommendations"]


def test_a_list_that_ends_unexpectedly_is_flagged():
    report = parse_report_pages(
        [
            "\n".join(
                [*TITLE, "What needs to improve", "◼ The only one.", "Something else entirely."]
            )
        ]
    )
    assert [r.text for r in report.recommendations] == ["The only one."]
    assert any("Check the list ends at item 1" in w.message for w in report.warnings)


def test_a_list_without_bullets_is_read_as_paragraphs_and_flagged():
    report = parse_report_pages(
        [
            "\n".join(
                [
                    *TITLE,
                    "What needs to improve",
                    "The first thing to improve, which",
                    "wraps.",
                    "The second thing.",
                    "The experiences and progress of care leavers: good",
                ]
            )
        ]
    )
    assert [r.text for r in report.recommendations] == [
        "The first thing to improve, which wraps.",
        "The second thing.",
    ]
    assert any("bullets could not be read" in w.message for w in report.warnings)


@pytest.mark.parametrize(
    "table",
    [
        # grade after each wrapped label, on the label's last line or on its own line
        [
            "The impact of leaders on social work practice with",
            "children and families Good",
            "The experiences and progress of children who need help and",
            "protection",
            "Requires improvement to",
            "be good",
            "The experiences and progress of children in care Outstanding",
            "The experiences and progress of care leavers Inadequate",
            "Overall effectiveness",
            "Good",
        ],
        # every label first, then every grade
        [
            "The impact of leaders on social work practice with children and families",
            "The experiences and progress of children who need help and protection",
            "The experiences and progress of children in care",
            "The experiences and progress of care leavers",
            "Overall effectiveness",
            "Good",
            "Requires Improvement To Be Good",
            "Outstanding",
            "Inadequate",
            "Good",
        ],
        # each grade before its label
        [
            "Good The impact of leaders on social work practice with children and families",
            "Requires improvement The experiences and progress of children who need help and",
            "protection",
            "Outstanding The experiences and progress of children in care",
            "Inadequate The experiences and progress of care leavers",
            "Good Overall effectiveness",
        ],
    ],
    ids=["beside-or-below", "columns", "grade-first"],
)
def test_judgement_table_layouts(table):
    report = parse_report_pages(
        ["\n".join([*TITLE, "Judgement Grade", *table, "Children in Testshire are safe."])]
    )
    assert [(j.area, j.grade) for j in report.judgements[:4]] == [
        ("impact_of_leaders", "good"),
        ("help_and_protection", "requires_improvement"),
        ("children_in_care", "outstanding"),
        ("care_leavers", "inadequate"),
    ]
    assert report.judgements[4].area == "overall"
    assert not [w for w in report.warnings if w.field == "judgements"]


def test_a_grade_wrapped_over_two_lines_is_read_whole():
    table = [
        "The impact of leaders on social work practice with children and families Requires",
        "improvement to",
        "be good",
        "The experiences and progress of children who need help and protection Good",
        "The experiences and progress of children in care and care leavers Good",
        "Overall effectiveness Requires improvement",
        "to be good",
    ]
    report = parse_report_pages(["\n".join([*TITLE, "Judgement Grade", *table, "Services are."])])
    assert [(j.area, j.grade, j.text) for j in report.judgements] == [
        ("impact_of_leaders", "requires_improvement", "Requires improvement to be good"),
        ("help_and_protection", "good", "Good"),
        ("children_in_care_and_care_leavers", "good", "Good"),
        ("overall", "requires_improvement", "Requires improvement to be good"),
    ]


def test_judgement_table_whose_header_comes_out_after_its_rows():
    table = [
        "The impact of leaders on social work practice with children and families Good",
        "The experiences and progress of children who need help and protection Good",
        "The experiences and progress of children in care and care leavers Good",
        "Overall effectiveness Outstanding",
        "Judgement Grade",
        "Children in Testshire are safe and their services are good.",
    ]
    report = parse_report_pages(
        ["\n".join([*TITLE[:2], "Inspection dates: 1 to 12 May 2022", *table])]
    )
    assert [(j.area, j.grade) for j in report.judgements] == [
        ("impact_of_leaders", "good"),
        ("help_and_protection", "good"),
        ("children_in_care_and_care_leavers", "good"),
        ("overall", "outstanding"),
    ]


def test_sif_report_of_2014_with_priority_actions_and_areas_for_improvement():
    page_one = [
        "1",
        "Westshire County Council",
        "Inspection of services for children in need of help and",
        "protection, children looked after and care leavers",
        "Inspection date: 13 January 2014 – 5 February 2014",
        "Report published: 18 March 2014",
        "The overall judgement is that children’s services are inadequate",
        "1. Children who need help and protection",
        "Inadequate",
        "2. Children looked after and achieving permanence",
        "Requires",
        "Improvement",
        "2.1 Adoption performance Good",
        "2.2 Experiences and progress of care leavers Requires improvement",
        "3. Leadership, management and governance Inadequate",
    ]
    page_two = [
        "2",
        "What does the local authority need to improve?",
        "Priority and immediate action",
        "1. Ensure that all children are seen.",
        "2. Ensure that referrals are acted",
        "on within a day.",
        "Areas for improvement",
        "3. Improve the quality of plans.",
        "Summary for children and young people",
        "The Local Safeguarding Children Board (LSCB)",
        "The Local Safeguarding Children Board requires improvement",
        "What does the LSCB need to improve?",
        "Areas for improvement",
        "4. Ensure that the board audits cases.",
        "Lead inspector: Sam Smith",
    ]
    report = parse_report_pages(["\n".join(page_one), "\n".join(page_two)])
    assert (report.framework, report.kind) == ("SIF", "sif")
    assert report.local_authority == "Westshire County Council"
    assert (report.inspection_start, report.inspection_end) == (
        datetime.date(2014, 1, 13),
        datetime.date(2014, 2, 5),
    )
    assert [(j.area, j.grade, j.text) for j in report.judgements] == [
        ("sif_help_and_protection", "inadequate", "Inadequate"),
        ("sif_looked_after", "requires_improvement", "Requires Improvement"),
        ("sif_adoption", "good", "Good"),
        ("sif_care_leavers", "requires_improvement", "Requires improvement"),
        ("sif_leadership", "inadequate", "Inadequate"),
        ("overall", "inadequate", "inadequate"),
        ("lscb", "requires_improvement", "requires improvement"),
    ]
    assert [(r.number, r.kind, r.text) for r in report.recommendations] == [
        (1, "area_for_priority_action", "Ensure that all children are seen."),
        (2, "area_for_priority_action", "Ensure that referrals are acted on within a day."),
        (3, "area_for_improvement", "Improve the quality of plans."),
    ]
    assert [(r.number, r.text) for r in report.lscb_recommendations] == [
        (4, "Ensure that the board audits cases.")
    ]
    assert report.to_json()["recommendations"][0] == {
        "number": 1,
        "text": "Ensure that all children are seen.",
        "kind": "area_for_priority_action",
    }


def test_focused_visit_letter_with_areas_for_priority_action():
    letter = [
        "Ofsted",
        "Piccadilly Gate",
        "Dear Ms Jones",
        "Focused visit to Testshire local authority children’s services",
        "This letter summarises the findings of the focused visit to Testshire local authority",
        "children’s services on 9 and 10 October 2019.",
        "Areas for priority action",
        "◼ The timeliness of strategy meetings.",
        "What needs to improve in this area of social work practice",
        "◼ The quality of plans.",
        "Yours sincerely",
        "Jo Bloggs",
        "Her Majesty’s Inspector",
    ]
    report = parse_report_pages(["\n".join(letter)])
    assert (report.framework, report.kind) == ("ILACS", "focused_visit")
    assert report.local_authority == "Testshire"
    assert (report.inspection_start, report.inspection_end) == (
        datetime.date(2019, 10, 9),
        datetime.date(2019, 10, 10),
    )
    assert report.judgements == []
    assert [r.text for r in report.recommendations] == ["The quality of plans."]
    assert [(r.number, r.kind, r.text) for r in report.areas_for_priority_action] == [
        (1, "area_for_priority_action", "The timeliness of strategy meetings.")
    ]
    assert report.lead_inspector == "Jo Bloggs"
    assert any(w.field == "lead_inspector" for w in report.warnings)


def test_what_could_not_be_read_is_flagged_not_guessed():
    report = parse_report_pages(
        [
            "\n".join(
                [
                    "Inspection of Testshire local authority children’s services",
                    "Inspection dates: soon",
                ]
            )
        ]
    )
    fields = {w.field for w in report.warnings}
    assert {"dates", "kind", "lead_inspector", "judgements", "recommendations"} <= fields
    assert report.inspection_start is None
    assert report.kind == "standard"


@pytest.mark.parametrize(
    ("dates", "kind", "flagged"),
    [
        ("11 to 15 September 2023", "short", False),
        ("31 October 2022 to 11 November 2022", "standard", False),
        ("1 to 8 May 2023", "short", True),
        ("1 to 10 May 2023", "standard", True),
    ],
)
def test_standard_or_short_is_told_by_the_weeks_on_site(dates, kind, flagged):
    report = parse_report_pages(
        [
            "\n".join(
                [
                    "Inspection of Testshire local authority children’s services",
                    f"Inspection dates: {dates}",
                ]
            )
        ]
    )
    assert report.kind == kind
    assert any(w.field == "kind" for w in report.warnings) is flagged


def test_parse_report_pages_refuses_text_that_is_not_a_report():
    with pytest.raises(ReportError, match="does not look like an Ofsted report"):
        parse_report_pages(["What needs to improve", "◼ Something."])


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("11 to 15 September 2023", datetime.date(2023, 9, 11), datetime.date(2023, 9, 15)),
        ("25 April to 19 May 2016", datetime.date(2016, 4, 25), datetime.date(2016, 5, 19)),
        ("28 June 2021 to 9 July 2021", datetime.date(2021, 6, 28), datetime.date(2021, 7, 9)),
        (
            "13 January 2014 – 5 February 2014",
            datetime.date(2014, 1, 13),
            datetime.date(2014, 2, 5),
        ),
        (
            "29th December to 9th January 2020",
            datetime.date(2019, 12, 29),
            datetime.date(2020, 1, 9),
        ),
        ("9 and 10 Oct 2019", datetime.date(2019, 10, 9), datetime.date(2019, 10, 10)),
        (
            "5 to 9 December 2022 and 14 to 15 February 2023",
            datetime.date(2022, 12, 5),
            datetime.date(2023, 2, 15),
        ),
        ("28 November to 9 December 2022", datetime.date(2022, 11, 28), datetime.date(2022, 12, 9)),
        ("5, 6 and 7 October 2019", datetime.date(2019, 10, 5), datetime.date(2019, 10, 7)),
        ("31 February to 3 March 2023", None, datetime.date(2023, 3, 3)),
        ("soon", None, None),
    ],
)
def test_parse_date_range(text, start, end):
    assert parse_date_range(text) == (start, end)


def test_from_dict_refuses_what_is_not_a_parsed_report():
    for junk in (None, {}, {"local_authority": 3}, [], "report"):
        with pytest.raises(ValueError, match="Not a parsed report"):
            ParsedReport.from_dict(junk)


# Titles, dates and lists as the reports print them (text as PDFium gives it, without where
# each line starts) --------


def _report(*lines: str) -> ParsedReport:
    return parse_report_pages(["\n".join(lines)])


@pytest.mark.parametrize(
    ("head", "name"),
    [
        (["Inspection of Derby City Council children’s services"], "Derby City Council"),
        (["Inspection of Derby City Council", "children's services"], "Derby City Council"),
        (
            ["Inspection of the London Borough of Barnet children’s services"],
            "London Borough of Barnet",
        ),
        (
            [
                "1",
                "Royal Borough of Windsor and",
                "Maidenhead",
                "Inspection of local authority children’s services",
            ],
            "Royal Borough of Windsor and Maidenhead",
        ),
        (["Inspection of Barnsley local authority", "children’s services"], "Barnsley"),
    ],
)
def test_every_ilacs_title_names_the_local_authority(head, name):
    report = _report(*head, "Inspection dates: 11 to 15 September 2023", LEAD_LINE)
    assert (report.framework, report.kind, report.local_authority) == ("ILACS", "short", name)
    assert not [w for w in report.warnings if w.field == "local_authority"]


LEAD_LINE = "Lead inspector: Jo Bloggs, His Majesty’s Inspector"


@pytest.mark.parametrize(
    ("head", "what"),
    [
        (
            ["Inspection of safeguarding and looked after children services", "Testshire"],
            "an inspection of safeguarding and looked after children services from before "
            "November 2013",
        ),
        (
            ["Inspection of local authority services for looked after children"],
            "an inspection of services for looked after children and care leavers from before "
            "November 2013",
        ),
    ],
)
def test_older_frameworks_are_refused_saying_what_they_are(head, what):
    with pytest.raises(ReportError) as raised:
        _report("Testshire County Council", *head, "Inspection dates: 4 – 15 March 2011")
    assert raised.value.code == "not_imported"
    assert raised.value.message == (
        f"This is {what}, which this service does not import: import an ILACS or SIF report instead"
    )


SIF_HEAD = [
    "Westshire County Council",
    "Inspection of services for children in need of help and",
    "protection, children looked after and care leavers",
    "and",
    "Review of the effectiveness of the Local Safeguarding Children",
    "Board1",
    "Inspection date: 13 January 2014 – 5 February 2014",
]


@pytest.mark.parametrize(
    ("headline", "grade", "printed"),
    [
        (["The overall judgement is inadequate"], "inadequate", "inadequate"),
        (
            ["The overall judgement is requires improvement"],
            "requires_improvement",
            "requires improvement",
        ),
        (
            ["The overall judgement is that children’s services are inadequate"],
            "inadequate",
            "inadequate",
        ),
        (
            ["The overall judgement is that children’s services require", "improvement"],
            "requires_improvement",
            "require improvement",
        ),
        (["The overall judgement is that children’s services are good2"], "good", "good"),
        (["Children’s services in Westshire are outstanding"], "outstanding", "outstanding"),
    ],
)
def test_sif_overall_judgement_in_each_wording(headline, grade, printed):
    report = _report(*SIF_HEAD, *headline, "1. Children who need help and protection Good")
    assert [(j.grade, j.text) for j in report.judgements if j.area == "overall"] == [
        (grade, printed)
    ]


def test_sif_list_stops_at_strengths_that_follow_unnumbered_or_wrapped():
    report = _report(
        *SIF_HEAD,
        "The overall judgement is good",
        "What does the local authority need to improve?",
        "Areas for improvement",
        "15. Ensure that all children are seen alone.",
        "The local authority has the following strengths:",
        "16. Senior leaders know the service well.",
        "What does the LSCB need to improve?",
        "Areas for improvement",
        "30. Ensure that the board audits cases.",
        "31. The Board has the following",
        "strengths:",
        "32. It knows its partners.",
    )
    assert [(r.number, r.text) for r in report.recommendations] == [
        (15, "Ensure that all children are seen alone.")
    ]
    assert [(r.number, r.text) for r in report.lscb_recommendations] == [
        (30, "Ensure that the board audits cases.")
    ]
    assert not [w for w in report.warnings if w.field == "recommendations"]


def test_a_wrapped_line_starting_with_the_next_number_continues_an_unfinished_sentence():
    report = _report(
        *SIF_HEAD,
        "The overall judgement is good",
        "Recommendations",
        "16. Ensure that reviewing officers challenge plans for the",
        "17. children in care placed at a distance.",
        "17. Ensure that care leavers know their entitlements, including the",
        "18 care leavers who are parents.",
        "Summary for children and young people",
    )
    assert [(r.number, r.text) for r in report.recommendations] == [
        (
            16,
            "Ensure that reviewing officers challenge plans for the 17. children in care placed at "
            "a distance.",
        ),
        (
            17,
            "Ensure that care leavers know their entitlements, including the 18 care leavers who "
            "are parents.",
        ),
    ]


@pytest.mark.parametrize(
    "section",
    [
        ["There are no areas for priority action."],
        ["◼ There are no areas for priority action."],
        ["Inspectors did not identify any areas for priority action during this visit."],
        # The sentence without its heading's list: the paragraphs are not read as one.
        ["There were no areas for priority action", "identified at this visit."],
    ],
)
def test_a_section_saying_there_are_no_areas_for_priority_action_gives_none(section):
    report = _report(
        "Ofsted",
        "Dear Ms Jones",
        "Focused visit to Testshire local authority children’s services",
        "This letter summarises the findings of the focused visit to Testshire local authority",
        "children’s services on 9 and 10 October 2019.",
        "Areas for priority action",
        *section,
        "What needs to improve in this area of social work practice",
        "◼ The quality of plans.",
        "Yours sincerely",
        "Jo Bloggs",
    )
    assert report.areas_for_priority_action == []
    assert [r.text for r in report.recommendations] == ["The quality of plans."]
    assert not [w for w in report.warnings if w.field == "areas_for_priority_action"]


@pytest.mark.parametrize(
    ("dates", "start", "end"),
    [
        (
            ["Inspection dates: 28 November 2022 to", "9 December 2022"],
            datetime.date(2022, 11, 28),
            datetime.date(2022, 12, 9),
        ),
        (
            ["Inspection dates: 28 November", "to 9 December 2022"],
            datetime.date(2022, 11, 28),
            datetime.date(2022, 12, 9),
        ),
        (
            ["Inspection dates:", "28 November to 9 December", "2022"],
            datetime.date(2022, 11, 28),
            datetime.date(2022, 12, 9),
        ),
        (
            ["Inspection dates: 5 to 9 December 2022 and 14", "to 15 February 2023"],
            datetime.date(2022, 12, 5),
            datetime.date(2023, 2, 15),
        ),
        (
            ["Inspection dates: 5 to 9 December 2022 and", "14 to 15 February 2023"],
            datetime.date(2022, 12, 5),
            datetime.date(2023, 2, 15),
        ),
    ],
)
def test_inspection_dates_wrapped_over_lines_are_read_whole(dates, start, end):
    report = _report(
        "Inspection of Testshire local authority children’s services", *dates, LEAD_LINE
    )
    assert (report.inspection_start, report.inspection_end) == (start, end)
    assert not [w for w in report.warnings if w.field == "dates"]
    assert report.lead_inspector == "Jo Bloggs"


def test_inspection_dates_without_the_last_days_year_are_read_and_flagged():
    report = _report(
        "Inspection of Testshire local authority children’s services",
        "Inspection dates: 28 December 2022 to 6 January",
        LEAD_LINE,
    )
    assert (report.inspection_start, report.inspection_end) == (
        datetime.date(2022, 12, 28),
        datetime.date(2023, 1, 6),
    )
    assert [w.message for w in report.warnings if w.field == "dates"] == [
        "The inspection dates do not say which year 6 January was in, so it was taken to be "
        "2023: check the dates"
    ]


@pytest.mark.parametrize(
    ("dates", "kind", "weekdays"),
    [
        ("5 to 9 December 2022 and 14 to 15 February 2023", "short", 7),
        ("7 to 18 November 2022 and 9 January 2023", "standard", 11),
    ],
)
def test_an_inspection_in_two_visits_is_told_by_its_days_on_site_and_flagged(dates, kind, weekdays):
    report = _report(
        "Inspection of Testshire local authority children’s services",
        f"Inspection dates: {dates}",
        LEAD_LINE,
    )
    assert report.kind == kind
    assert [w.message for w in report.warnings if w.field == "kind"] == [
        f"The inspection was made in 2 visits, {weekdays} weekdays on site in all, so it was "
        f"taken as a {kind} inspection: check it"
    ]


def test_a_footer_with_the_dates_of_two_visits_is_dropped_from_a_list():
    footer = "5 to 9 December 2022 and 14 to 15 February 2023 2"
    report = parse_report_pages(
        [
            "\n".join(
                [
                    "Inspection of Testshire local authority children’s services",
                    "Inspection dates: 5 to 9 December 2022 and 14 to 15 February 2023",
                    LEAD_LINE,
                    "What needs to improve?",
                    "◼ The first thing, which runs over the",
                    footer,
                ]
            ),
            "\n".join(["end of the page.", "◼ The second thing.", "Information about this"]),
        ]
    )
    assert [r.text for r in report.recommendations] == [
        "The first thing, which runs over the end of the page.",
        "The second thing.",
    ]


def test_pdf_pages_say_where_each_line_starts():
    data = fixture_bytes("barnsley-ilacs-short-published-2023-10-27.pdf")
    pages = pdf_pages(data)
    assert [page.text for page in pages] == pdf_pages_text(data)
    page = pages[1]
    lines = page.text.splitlines()
    assert len(page.line_lefts) == len(lines)
    left = dict(zip(lines, page.line_lefts, strict=True))
    bullet = left["◼ The engagement of multi-agency partners, including in key decision-making "]
    wrapped = left["they make to children’s social care."]
    number = left[
        "1. Not all children who need help and protection receive a good service. There has "
    ]
    assert bullet is not None and wrapped is not None and number is not None
    assert wrapped - bullet > 10  # the hanging indent
    assert abs(number - bullet) < 2


def test_line_positions_tell_a_wrapped_number_from_the_next_item():
    lines = [
        *SIF_HEAD,
        "The overall judgement is good",
        "Recommendations",
        "16. Ensure that the reviewing officers report to the",
        "17. Children in Care Council.",
        "17. Ensure that care leavers know their entitlements.",
        "Summary for children and young people",
    ]
    text = "\n".join(lines)
    # Where the PDF says the first "17." line sits under the item's text, not under its number.
    lefts = tuple(88.0 if line == "17. Children in Care Council." else 72.0 for line in lines)
    placed = parse_report_pages([PageText(text, lefts)])
    assert [(r.number, r.text) for r in placed.recommendations] == [
        (16, "Ensure that the reviewing officers report to the 17. Children in Care Council."),
        (17, "Ensure that care leavers know their entitlements."),
    ]
    assert not [w for w in placed.warnings if w.field == "recommendations"]
    # Without positions the first "17." looks like the next item: the list's end is flagged.
    plain = parse_report_pages([text])
    assert [r.number for r in plain.recommendations] == [16, 17]
    assert any("Check the list ends at item 17" in w.message for w in plain.warnings)
    assert plain.fingerprint == placed.fingerprint


def test_a_numbered_line_within_an_unfinished_bullet_continues_it():
    report = _report(
        "Inspection of Testshire local authority children’s services",
        "Inspection dates: 11 to 15 September 2023",
        LEAD_LINE,
        "What needs to improve?",
        "◼ The quality of plans for the",
        "17. Children in Care Council.",
        "◼ The second thing.",
    )
    assert [r.text for r in report.recommendations] == [
        "The quality of plans for the 17. Children in Care Council.",
        "The second thing.",
    ]


def test_the_real_report_fixtures_are_all_present():
    """The tests that loop over the published reports would pass vacuously without them."""
    assert sorted(path.name for path in FIXTURES.glob("*.pdf")) == [
        "barnsley-ilacs-short-published-2023-10-27.pdf",
        "solihull-ilacs-published-2020-01-09.pdf",
        "solihull-ilacs-published-2023-01-13.pdf",
        "solihull-sif-published-2016-07-07.pdf",
        "sunderland-ilacs-published-2021-08-20.pdf",
    ]
