"""Exports are the same numbers the screens show.

For one plan, the counts on the dashboard and on the plan page (read from the rendered pages)
equal those in the board paper's data, in the Summary and Plan sheets of the workbook, in the
CSV and in the Word document's summary table. And the risk register workbook has the risk
register page's rows.
"""

from __future__ import annotations

import csv
import io
import re

import docx
import openpyxl
import pytest
from django.urls import reverse

from tracker.governance import services as governance_services
from tracker.reporting.documents.csv_export import build_plan_csv
from tracker.reporting.documents.spreadsheet import build_plan_workbook
from tracker.reporting.documents.word import build_word
from tracker.reporting.papers import selectors
from tracker.reporting.tests.papers.test_selectors import build_world

pytestmark = pytest.mark.django_db

# "12 actions: 3 complete (25%), ... <strong>2 overdue</strong>" on both pages.
SUMMARY = re.compile(r"(\d+) actions: (\d+) complete \((\d+)%\).*?<strong>(\d+) overdue</strong>")
BRAGS = {"Blue": "blue", "Green": "green", "Amber": "amber", "Red": "red", "Not rated": ""}


@pytest.fixture(params=["small", "bulk"])
def plan(request, local_authority, improvement_lead):
    if request.param == "small":
        return build_world(local_authority=local_authority, user=improvement_lead).plan
    from tracker.plans.tests.bulk import build_plan

    return build_plan(local_authority=local_authority, actions=45, owner=improvement_lead)


def _screen_numbers(client, plan):
    """(total, complete, percent, overdue) from the dashboard and the plan page, and the
    per-section summaries of the plan page (the dashboard's sections most behind agree)."""
    dashboard = client.get(reverse("core:dashboard"))
    [overview] = [o for o in dashboard.context["dashboard"].plans if o.plan.pk == plan.pk]
    page = client.get(reverse("plans:plan_detail", args=[plan.pk]))
    dashboard_html = dashboard.content.decode()
    card = dashboard_html[dashboard_html.index(plan.title) :]
    from_dashboard = tuple(int(n) for n in SUMMARY.search(card, re.S).groups())
    from_plan_page = tuple(int(n) for n in SUMMARY.search(page.content.decode()).groups())
    assert from_dashboard == from_plan_page
    detail = page.context["detail"]
    sections = {
        f"{b.section.number}. {b.section.title}": (
            b.summary.total,
            b.summary.complete,
            b.summary.overdue,
        )
        for b in detail.sections
    }
    # The dashboard shows counts by theme and the few sections most behind: the same numbers.
    assert sum(summary.total for _theme, summary in overview.themes) == from_plan_page[0]
    assert sum(summary.overdue for _theme, summary in overview.themes) == from_plan_page[3]
    for section, summary in overview.sections_behind:
        assert sections[section.label] == (summary.total, summary.complete, summary.overdue)
    return from_plan_page, sections, detail.summary


def test_exports_are_the_same_numbers_the_screens_show(client, plan, improvement_lead):
    client.force_login(improvement_lead)
    (total, complete, percent, overdue), sections, summary = _screen_numbers(client, plan)
    assert total > 0

    data = selectors.board_paper_data(plan=plan)
    paper = data.plan_summary
    assert (paper.total, paper.complete, paper.percent_complete, paper.overdue) == (
        total,
        complete,
        percent,
        overdue,
    )
    assert {r.label: (r.total, r.complete, r.overdue) for r in data.section_rows} == sections
    assert {code: count for code, _, count in paper.by_brag} == {
        code: summary.by_brag[code] for code in ("blue", "green", "amber", "red", "")
    }
    assert len(data.overdue) == overdue

    # The workbook: the Summary sheet's numbers, and the Plan sheet's rows counted.
    book = openpyxl.load_workbook(io.BytesIO(build_plan_workbook(data)))
    summary_rows = [r for r in book["Summary"].iter_rows(values_only=True) if r[0]]
    headers = next(r for r in summary_rows if r[1] == "Actions")
    whole = next(r for r in summary_rows if r[0] == "Whole plan")
    assert whole[1] == total
    assert whole[headers.index("Complete")] == complete
    assert whole[headers.index("Per cent complete")] == percent
    assert whole[headers.index("Overdue")] == overdue
    for label, (section_total, _, section_overdue) in sections.items():
        row = next(r for r in summary_rows if r[0] == label)
        assert (row[1], row[headers.index("Overdue")]) == (section_total, section_overdue)
    plan_rows = list(book["Plan"].iter_rows(values_only=True))[1:]
    assert len(plan_rows) == total
    assert sum(1 for r in plan_rows if r[8] == "Yes") == overdue
    assert (
        sum(
            1
            for r in plan_rows
            if r[6] in {"Completed", "Business as usual", "Verified as embedded"}
        )
        == complete
    )
    for label, code in BRAGS.items():
        assert sum(1 for r in plan_rows if r[7] == label) == summary.by_brag[code]

    # The CSV: the same rows.
    csv_rows = list(csv.reader(io.StringIO(build_plan_csv(data).decode("utf-8-sig"))))[1:]
    assert len(csv_rows) == total
    assert sum(1 for r in csv_rows if r[8] == "Yes") == overdue
    by_section: dict[str, int] = {}
    for row in csv_rows:
        by_section[row[0]] = by_section.get(row[0], 0) + 1
    assert by_section == {k: v[0] for k, v in sections.items() if v[0]}

    # The Word document's summary table (status by section; the plan's row last).
    document = docx.Document(io.BytesIO(build_word(data)))
    table = next(
        t
        for t in document.tables
        if [c.text for c in t.rows[0].cells][:2] == ["Section", "Actions"]
    )
    header = [c.text for c in table.rows[0].cells]
    rows = {r.cells[0].text: [c.text for c in r.cells] for r in table.rows[1:-1]}
    whole_plan = [c.text for c in table.rows[-1].cells]
    assert whole_plan[0] == "Whole plan"
    assert whole_plan[1] == str(total)
    assert whole_plan[header.index("Complete")] == f"{percent}%"
    assert whole_plan[header.index("Overdue")] == str(overdue)
    for label, (section_total, _, section_overdue) in sections.items():
        assert rows[label][1] == str(section_total)
        assert rows[label][header.index("Overdue")] == str(section_overdue)


def test_risk_register_workbook_has_the_risk_register_pages_rows(
    client, local_authority, improvement_lead
):
    build_world(local_authority=local_authority, user=improvement_lead)
    for reference, scores in (("R2", (5, 5, 2, 2)), ("R3", (2, 3, 2, 3))):
        governance_services.risk_create(
            user=improvement_lead,
            local_authority=local_authority,
            reference=reference,
            title=f"Risk {reference}",
            inherent_likelihood=scores[0],
            inherent_impact=scores[1],
            residual_likelihood=scores[2],
            residual_impact=scores[3],
        )
    client.force_login(improvement_lead)
    page_rows = client.get(reverse("governance:risk_list")).context["rows"]
    response = client.get(reverse("reporting:risk_register_xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Risk register"]
    sheet_rows = list(sheet.iter_rows(values_only=True))[1:]
    assert [(r[0], r[4], r[7], r[10], r[11], r[14] == "Yes") for r in sheet_rows] == [
        (
            row.risk.reference,
            row.owner,
            row.inherent_score,
            row.residual_score,
            row.rating_label,
            row.is_review_overdue,
        )
        for row in page_rows
    ]
