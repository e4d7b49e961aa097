"""Reading layouts that Ofsted's reports use but the fixture reports do not, from real PDFs.

Each PDF is drawn once per module (see `report_layouts`), laid out as the published reports are:
title block, inspection dates, judgement table, lists, running headers and footers.
"""

from __future__ import annotations

import datetime

import pytest

from tracker.inspections.imports.ofsted_report import ParsedReport, ReportError, parse_report
from tracker.inspections.tests.imports.report_layouts import (
    PAGE_BREAK,
    bullet_continued,
    bullets,
    heading,
    judgement_table,
    lines,
    numbered,
    render,
    title,
)

LEAD = "Lead inspector: Jo Bloggs, His Majesty’s Inspector"


def _fields(report: ParsedReport, field: str) -> list[str]:
    return [w.message for w in report.warnings if w.field == field]


# An ILACS report titled with the council's name, inspected over two visits --------

DERBY_DATES = "5 to 9 December 2022 and 14 to 15 February 2023"


@pytest.fixture(scope="module")
def council_titled_report() -> ParsedReport:
    pdf = render(
        [
            title("Inspection of Derby City Council", "children’s services"),
            lines("Inspection dates: 5 to 9 December 2022 and 14 to", "15 February 2023"),
            lines(LEAD),
            judgement_table(
                [
                    (
                        [
                            "The impact of leaders on social work",
                            "practice with children and families",
                        ],
                        "Requires improvement to be good",
                    ),
                    (
                        [
                            "The experiences and progress of",
                            "children who need help and protection",
                        ],
                        "Requires improvement to be good",
                    ),
                    (["The experiences and progress of", "children in care"], "Good"),
                    (["The experiences and progress of care", "leavers"], "Good"),
                    (["Overall effectiveness"], "Requires improvement to be good"),
                ]
            ),
            lines(
                "Children in Derby receive services that require improvement to be good. Leaders",
                "know their services well.",
            ),
            heading("What needs to improve?"),
            bullets(
                [
                    [
                        "The sufficiency of homes for children in care, so that fewer of the",
                        "17. children in care who live outside the city move home.",
                    ],
                    [
                        "The quality of pathway plans, including for the 43 care leavers who",
                        "turned 18 in 2022",
                        "17 care leavers were not told of their entitlements.",
                    ],
                    [
                        "The timeliness of strategy meetings and the attendance of all",
                        "relevant partners, including the police and health colleagues at",
                    ],
                ]
            ),
            PAGE_BREAK,
            bullet_continued(["the meetings’ first sitting."]),
            bullets([["Management oversight of decisions."]]),
            heading("The experiences and progress of children who need help and protection:"),
            lines("requires improvement to be good"),
            numbered(
                [
                    (1, ["Children who need help are supported well by early help", "workers."]),
                    (2, ["Referrals are dealt with promptly."]),
                ]
            ),
        ],
        running_title="Inspection of Derby City Council children’s services",
        footer_dates=DERBY_DATES,
    )
    return parse_report(pdf)


def test_ilacs_report_titled_inspection_of_the_councils_childrens_services_is_read(
    council_titled_report,
):
    report = council_titled_report
    assert (report.framework, report.local_authority) == ("ILACS", "Derby City Council")
    assert [(j.area, j.grade) for j in report.judgements] == [
        ("impact_of_leaders", "requires_improvement"),
        ("help_and_protection", "requires_improvement"),
        ("children_in_care", "good"),
        ("care_leavers", "good"),
        ("overall", "requires_improvement"),
    ]
    assert report.lead_inspector == "Jo Bloggs"


def test_inspection_over_two_visits_runs_from_the_first_day_to_the_last(council_titled_report):
    report = council_titled_report
    assert (report.inspection_start, report.inspection_end) == (
        datetime.date(2022, 12, 5),
        datetime.date(2023, 2, 15),
    )
    assert not _fields(report, "dates")
    # Two visits: whether it was standard or short is not told by the first and last days.
    assert any("2 visits" in message for message in _fields(report, "kind"))


def test_wrapped_line_starting_with_a_number_continues_its_item(council_titled_report):
    assert [r.text for r in council_titled_report.recommendations] == [
        "The sufficiency of homes for children in care, so that fewer of the 17. children in care "
        "who live outside the city move home.",
        "The quality of pathway plans, including for the 43 care leavers who turned 18 in 2022 17 "
        "care leavers were not told of their entitlements.",
        "The timeliness of strategy meetings and the attendance of all relevant partners, "
        "including the police and health colleagues at the meetings’ first sitting.",
        "Management oversight of decisions.",
    ]
    assert [r.number for r in council_titled_report.recommendations] == [1, 2, 3, 4]


# An ILACS report with the council's name above the title --------


@pytest.fixture(scope="module")
def name_above_title_report() -> ParsedReport:
    pdf = render(
        [
            lines("1"),
            title("Royal Borough of Kingston upon", "Thames"),
            lines("Inspection of local authority children’s services"),
            lines("Inspection dates: 28 November 2022 to", "9 December 2022"),
            lines(LEAD),
            judgement_table(
                [
                    (
                        [
                            "The impact of leaders on social work practice with children and",
                            "families",
                        ],
                        "Good",
                    ),
                    (
                        ["The experiences and progress of children who need help and protection"],
                        "Good",
                    ),
                    (["The experiences and progress of children in care and care leavers"], "Good"),
                    (["Overall effectiveness"], "Good"),
                ]
            ),
            heading("What needs to improve?"),
            bullets([["The quality of plans for children in need."]]),
            heading("The experiences and progress of children who need help and protection: good"),
            numbered([(1, ["Children are safe."])]),
        ]
    )
    return parse_report(pdf)


def test_ilacs_report_with_the_councils_name_above_its_title_is_read(name_above_title_report):
    report = name_above_title_report
    assert (report.framework, report.kind) == ("ILACS", "standard")
    assert report.local_authority == "Royal Borough of Kingston upon Thames"
    assert [r.text for r in report.recommendations] == [
        "The quality of plans for children in need."
    ]
    assert report.judgements[-1].grade == "good"


def test_date_range_split_over_two_lines_is_read_whole(name_above_title_report):
    report = name_above_title_report
    assert (report.inspection_start, report.inspection_end) == (
        datetime.date(2022, 11, 28),
        datetime.date(2022, 12, 9),
    )
    assert report.warnings == []


# A 2014 single inspection framework report --------


@pytest.fixture(scope="module")
def sif_2014_report() -> ParsedReport:
    pdf = render(
        [
            lines("Westshire County Council"),
            title(
                "Inspection of services for children in need of help and",
                "protection, children looked after and care leavers",
                "and",
                "Review of the effectiveness of the Local Safeguarding Children",
                "Board1",
            ),
            lines("Inspection date: 13 January 2014 – 5 February 2014"),
            lines("Report published: 18 March 2014"),
            heading("The overall judgement is inadequate"),
            lines(
                "The authority is not yet delivering good protection and help and care for",
                "children, young people and families.",
            ),
            lines(
                "The judgements on areas of the service that contribute to overall effectiveness"
            ),
            judgement_table(
                [
                    (["1. Children who need help and protection"], "Inadequate"),
                    (
                        ["2. Children looked after and achieving", "permanence"],
                        "Requires improvement",
                    ),
                    (["2.1 Adoption performance"], "Good"),
                    (["2.2 Experiences and progress of care leavers"], "Requires improvement"),
                    (["3. Leadership, management and governance"], "Inadequate"),
                ],
                header=False,
            ),
            PAGE_BREAK,
            heading("What does the local authority need to improve?"),
            heading("Priority and immediate action", level=3),
            lines("There are no areas for priority action."),
            heading("Areas for improvement", level=3),
            numbered(
                [
                    (15, ["Ensure that all children are seen alone."]),
                    (
                        16,
                        [
                            "Ensure that the independent reviewing officers report to the",
                            "17. Children in Care Council on plans for children placed far away.",
                        ],
                    ),
                    (17, ["Ensure that care leavers know their entitlements."]),
                    (18, ["The local authority has the following strengths:"]),
                ]
            ),
            bullets([["Senior leaders know the service well."]]),
            numbered([(19, ["Elected members are ambitious for children."])]),
            heading("Summary for children and young people"),
            lines("Inspectors met many children."),
            heading("The Local Safeguarding Children Board (LSCB)"),
            lines("The Local Safeguarding Children Board is inadequate"),
            lines("Lead inspector: Sam Smith"),
        ]
    )
    return parse_report(pdf)


def test_sif_overall_judgement_printed_as_the_overall_judgement_is_is_read(sif_2014_report):
    report = sif_2014_report
    assert (report.framework, report.local_authority) == ("SIF", "Westshire County Council")
    assert [(j.area, j.grade) for j in report.judgements] == [
        ("sif_help_and_protection", "inadequate"),
        ("sif_looked_after", "requires_improvement"),
        ("sif_adoption", "good"),
        ("sif_care_leavers", "requires_improvement"),
        ("sif_leadership", "inadequate"),
        ("overall", "inadequate"),
        ("lscb", "inadequate"),
    ]
    assert not _fields(report, "judgements")


def test_sif_recommendations_stop_at_the_local_authoritys_strengths(sif_2014_report):
    report = sif_2014_report
    assert [(r.number, r.kind, r.text) for r in report.recommendations] == [
        (15, "area_for_improvement", "Ensure that all children are seen alone."),
        (
            16,
            "area_for_improvement",
            "Ensure that the independent reviewing officers report to the 17. Children in Care "
            "Council on plans for children placed far away.",
        ),
        (17, "area_for_improvement", "Ensure that care leavers know their entitlements."),
    ]
    assert report.areas_for_priority_action == []
    assert not _fields(report, "recommendations")


# A focused visit letter with no areas for priority action --------


@pytest.fixture(scope="module")
def focused_visit_report() -> ParsedReport:
    pdf = render(
        [
            lines("Ofsted", "Piccadilly Gate", "Manchester M1 2WD"),
            lines("Dear Ms Jones"),
            heading("Focused visit to Testshire children’s services"),
            lines(
                "This letter summarises the findings of the focused visit to Testshire children’s",
                "services on 9 and 10 October 2019.",
            ),
            heading("Areas for priority action"),
            lines("There are no areas for priority action."),
            heading("What needs to improve in this area of social work practice"),
            bullets([["The quality of plans."]]),
            lines("Yours sincerely", "Jo Bloggs", "His Majesty’s Inspector"),
        ]
    )
    return parse_report(pdf)


def test_there_are_no_areas_for_priority_action_gives_none(focused_visit_report):
    report = focused_visit_report
    assert report.kind == "focused_visit"
    assert report.areas_for_priority_action == []
    assert [r.text for r in report.recommendations] == ["The quality of plans."]
    assert not _fields(report, "areas_for_priority_action")


# Reports this service does not import --------

OUT_OF_SCOPE = {
    "looked-after-children-2013": (
        [
            lines("Testshire County Council"),
            title("Inspection of services for looked after", "children and care leavers"),
            lines("Inspection dates: 4 – 15 March 2013"),
            lines("Lead inspector: Jo Bloggs HMI"),
            heading("Overall effectiveness"),
            lines("The overall effectiveness of services for looked after children is adequate."),
        ],
        "This is an inspection of services for looked after children and care leavers from "
        "before November 2013, which this service does not import: import an ILACS or SIF report "
        "instead",
    ),
    "protection-of-children-2012": (
        [
            lines("Testshire County Council"),
            title("Inspection of local authority arrangements for", "the protection of children"),
            lines("Inspection dates: 3 – 14 December 2012"),
            lines("Report published: 18 January 2013"),
            heading("Overall effectiveness"),
            lines("The overall effectiveness of the arrangements to protect children is adequate."),
        ],
        "This is an inspection of local authority arrangements for the protection of children "
        "from before November 2013, which this service does not import: import an ILACS or SIF "
        "report instead",
    ),
    "lscb-review": (
        [
            lines("Testshire"),
            title("Review of the effectiveness of the local", "safeguarding children board"),
            lines("Inspection dates: 4 – 27 April 2016"),
            lines("Report published: 8 June 2016"),
            lines("The Local Safeguarding Children Board is good"),
        ],
        "This is a review of a Local Safeguarding Children Board on its own, which this service "
        "does not import: import the local authority’s ILACS or SIF report instead",
    ),
}


@pytest.fixture(scope="module")
def out_of_scope_pdfs() -> dict[str, bytes]:
    return {name: render(parts) for name, (parts, _) in OUT_OF_SCOPE.items()}


@pytest.mark.parametrize("name", OUT_OF_SCOPE)
def test_reports_of_other_frameworks_are_refused_saying_what_they_are(name, out_of_scope_pdfs):
    with pytest.raises(ReportError) as raised:
        parse_report(out_of_scope_pdfs[name])
    assert raised.value.code == "not_imported"
    assert raised.value.message == OUT_OF_SCOPE[name][1]
