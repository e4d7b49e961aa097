"""The board paper's appendix names every recommendation a section answers, numbered and
verbatim, in the Word, PDF, Excel and CSV outputs alike."""

from __future__ import annotations

import csv
import datetime
import io

import docx
import openpyxl
import pypdfium2
import pytest

from tracker.inspections.tests.factories import InspectionFactory, RecommendationFactory
from tracker.plans import services as plan_services
from tracker.reporting.documents.csv_export import build_plan_csv
from tracker.reporting.documents.pdf import build_pdf
from tracker.reporting.documents.spreadsheet import build_plan_workbook
from tracker.reporting.documents.word import build_word
from tracker.reporting.papers import selectors

pytestmark = pytest.mark.django_db

FIRST = "Improve the quality and consistency of supervision."
SECOND = "Strengthen the oversight of children missing from education."


@pytest.fixture
def data(local_authority, improvement_lead):
    """Section 1 is titled with its recommendation's own words (as imported plans are);
    section 2 answers recommendation 2 and, through action 2.1, recommendation 1 too;
    section 3 answers none."""
    inspection = InspectionFactory(local_authority=local_authority)
    first = RecommendationFactory(inspection=inspection, number=1, text=FIRST)
    second = RecommendationFactory(inspection=inspection, number=2, text=SECOND)
    plan = plan_services.plan_create(
        user=improvement_lead,
        local_authority=local_authority,
        title="Ofsted action plan",
        kind="ofsted_action_plan",
        inspections=[inspection],
    )
    one = plan_services.section_create(
        user=improvement_lead, plan=plan, number=1, title=FIRST, recommendations=[first]
    )
    two = plan_services.section_create(
        user=improvement_lead,
        plan=plan,
        number=2,
        title="Children missing education",
        recommendations=[second],
    )
    plan_services.section_create(user=improvement_lead, plan=plan, number=3, title="Other")
    due_on = datetime.date.today() + datetime.timedelta(days=30)  # noqa: DTZ011
    plan_services.action_create(
        user=improvement_lead,
        section=one,
        reference="1.1",
        description="Audit supervision records",
        due_on=due_on,
    )
    plan_services.action_create(
        user=improvement_lead,
        section=two,
        reference="2.1",
        description="Joint audit of missing episodes and supervision",
        due_on=due_on,
        linked_recommendations=[first],
    )
    return selectors.board_paper_data(plan=plan)


def _appendix(data, number):
    return next(s for s in data.appendix if s.number == number)


def test_board_paper_data_names_a_recommendation_the_section_title_repeats(data):
    assert _appendix(data, 1).recommendations == (f"Recommendation 1: {FIRST}",)


def test_board_paper_data_names_recommendations_answered_through_an_action(data):
    assert _appendix(data, 2).recommendations == (
        f"Recommendation 2: {SECOND}",
        f"Recommendation 1 (through action 2.1): {FIRST}",
    )
    assert _appendix(data, 3).recommendations == ()
    [action] = _appendix(data, 2).actions
    assert action.recommendations == (f"Recommendation 2: {SECOND}", f"Recommendation 1: {FIRST}")


def test_word_appendix_prints_each_sections_recommendations(data):
    document = docx.Document(io.BytesIO(build_word(data)))
    paragraphs = [p.text for p in document.paragraphs]
    section_one = paragraphs.index(f"1. {FIRST}")
    assert paragraphs[section_one + 1 : section_one + 3] == [
        "Recommendations",
        f"Recommendation 1: {FIRST}",
    ]
    assert f"Recommendation 1 (through action 2.1): {FIRST}" in paragraphs
    assert paragraphs.count("No recommendations recorded.") == 1  # section 3 only


def test_pdf_appendix_prints_each_sections_recommendations(data):
    document = pypdfium2.PdfDocument(build_pdf(data))
    try:
        pages = []
        for page in document:
            text_page = page.get_textpage()
            pages.append(text_page.get_text_bounded())
            text_page.close()
            page.close()
    finally:
        document.close()
    text = " ".join(" ".join(pages).replace("\u2010\r\n", "").split())
    assert f"Recommendation 1: {FIRST}" in text
    assert f"Recommendation 2: {SECOND}" in text
    assert f"Recommendation 1 (through action 2.1): {FIRST}" in text
    assert text.count("No recommendations recorded.") == 1


def test_spreadsheet_and_csv_give_each_action_its_recommendations(data):
    sheet = openpyxl.load_workbook(io.BytesIO(build_plan_workbook(data)))["Plan"]
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("Recommendations answered")
    by_reference = {row[1]: row[column] for row in rows[1:]}
    assert by_reference == {
        "1.1": f"Recommendation 1: {FIRST}",
        "2.1": f"Recommendation 2: {SECOND}\nRecommendation 1: {FIRST}",
    }
    csv_rows = list(csv.reader(io.StringIO(build_plan_csv(data).decode("utf-8-sig"))))
    assert {row[1]: row[column] for row in csv_rows[1:]} == by_reference
