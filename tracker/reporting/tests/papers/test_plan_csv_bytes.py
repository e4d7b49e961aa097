"""The plan's CSV download, pinned byte for byte on hostile text.

The download is read by spreadsheets and by other councils' scripts alike: any change to its
bytes (quoting, line endings, the byte order mark, the formula guard, the order of owners or
recommendations, the date format) is a change to what they read, so it must be deliberate.
The board paper's CSV and the workbook's Plan sheet are built from the same rows."""

from __future__ import annotations

import csv
import datetime
import io

import openpyxl
import pytest
from django.urls import reverse

from tracker.accounts.tests.factories import OrganisationFactory, PostFactory, UserFactory
from tracker.inspections.models import Recommendation
from tracker.inspections.tests.factories import InspectionFactory, RecommendationFactory
from tracker.plans import services as plan_services
from tracker.plans.models import Action
from tracker.reporting.papers import selectors, services

pytestmark = pytest.mark.django_db

PAST = datetime.date(2020, 3, 31)
FUTURE = datetime.date(2099, 1, 31)


@pytest.fixture
def plan(local_authority, improvement_lead):
    """Two sections. Action 1.1 has formula-like text in its description, owners and
    progress (there behind a control character); 1.2 quotes, commas, line breaks, a control
    character and a rebaselined date; 2.1 answers a recommendation of section 1 besides its
    section's area for priority action; 2.2 has no owners, no due date and a lone "-".
    Section 1 delivers a formula-like priority area with a comma; the inspection was issued
    by the four JTAI inspectorates (a list with commas)."""
    inspection = InspectionFactory(
        local_authority=local_authority, issued_by=["ofsted", "cqc", "hmicfrs", "hmi_probation"]
    )
    first = RecommendationFactory(inspection=inspection, number=1, text="=Improve, now")
    priority = RecommendationFactory(
        inspection=inspection,
        number=1,
        kind=Recommendation.Kind.AREA_FOR_PRIORITY_ACTION,
        text='Say "why" to\nchildren',
    )
    plan = plan_services.plan_create(
        user=improvement_lead,
        local_authority=local_authority,
        title="Plan",
        kind="ofsted_action_plan",
        inspections=[inspection],
    )
    area = plan_services.priority_area_create(
        user=improvement_lead, plan=plan, name="=Front door, MASH"
    )
    one = plan_services.section_create(
        user=improvement_lead,
        plan=plan,
        number=1,
        title="+Supervision, oversight",
        priority_area=area,
        recommendations=[first],
        expected_outcomes=["Fewer drifting plans"],
    )
    two = plan_services.section_create(
        user=improvement_lead,
        plan=plan,
        number=2,
        title="Missing – “children”",
        recommendations=[priority],
    )
    post = PostFactory(local_authority=local_authority, title="-Head of Service, Front Door")
    partner = OrganisationFactory(local_authority=local_authority, name="@Police")
    officer = UserFactory(
        local_authority=local_authority, first_name="Ann", last_name="O'Neill", username="ann"
    )
    hostile = plan_services.action_create(
        user=improvement_lead,
        section=one,
        reference="1.1",
        description='=HYPERLINK("http://example.invalid","x")',
        owner_posts=[post],
        owner_organisations=[partner],
        owner_users=[officer],
        owner_note="\tnote",
        due_on=PAST,
        status="in_progress",
        brag="red",
    )
    plan_services.action_record_progress(
        user=improvement_lead,
        action=hostile,
        expected_version=None,
        narrative="\x0b@SUM(A1)",
        status="in_progress",
        brag="red",
        recorded_on=PAST,
    )
    quoted = plan_services.action_create(
        user=improvement_lead,
        section=one,
        reference="1.2",
        description='Say "hello", then\r\nleave',
        owner_users=[officer],
        owner_note="with the \x01 partnership",
        due_on=PAST,
        status="completed",
        brag="blue",
    )
    Action.objects.filter(pk=quoted.pk).update(due_on=FUTURE)
    plan_services.action_create(
        user=improvement_lead,
        section=two,
        reference="2.1",
        description="Joint audit",
        owner_posts=[post],
        linked_recommendations=[first],
        due_on=FUTURE,
        status="not_started",
    )
    plan_services.action_create(
        user=improvement_lead, section=two, reference="2.2", description="-", due_on=None
    )
    return plan


# Issue 12 added the last two columns (the section's priority area, and who issued the
# recommendations' sources) after the others, so that readers by position still work.
JTAI_BODIES = '"Ofsted, CQC, HMICFRS and HMI Probation"'
EXPECTED = (
    "\ufeffSection,Reference,Action,Who,Due,Original due,Status,BRAG,Overdue,"
    "Latest progress date,Latest progress,Recommendations answered,Priority area,"
    "Recommendations issued by\r\n"
    '"1. +Supervision, oversight",1.1,"\'=HYPERLINK(""http://example.invalid"",""x"")",'
    "\"'-Head of Service, Front Door; @Police; Ann O'Neill (note)\",2020-03-31,,"
    'In progress,Red,Yes,2020-03-31,\'@SUM(A1),"Recommendation 1: =Improve, now",'
    f'"\'=Front door, MASH",{JTAI_BODIES}\r\n'
    '"1. +Supervision, oversight",1.2,"Say ""hello"", then\r\n'
    "leave\",Ann O'Neill (with the  partnership),2099-01-31,2020-03-31,Completed,Blue,No,,,"
    f'"Recommendation 1: =Improve, now","\'=Front door, MASH",{JTAI_BODIES}\r\n'
    '2. Missing – “children”,2.1,Joint audit,"\'-Head of Service, Front Door",2099-01-31,,'
    "Not started,Not rated,No,,,"
    '"Area for priority action 1: Say ""why"" to\nchildren\nRecommendation 1: =Improve,'
    f' now",,{JTAI_BODIES}\r\n'
    "2. Missing – “children”,2.2,'-,,,,Not started,Not rated,No,,,"
    f'"Area for priority action 1: Say ""why"" to\nchildren",,{JTAI_BODIES}\r\n'
)


def test_plan_csv_download_is_pinned_byte_for_byte(client, improvement_lead, plan):
    client.force_login(improvement_lead)
    response = client.get(reverse("reporting:plan_export_csv", args=[plan.pk]))
    assert response.status_code == 200
    assert response.content == EXPECTED.encode("utf-8")


def _as_csv_text(cell) -> str:
    """A workbook cell as the CSV writes it: ISO dates, and the apostrophe the CSV puts
    before formula-like text where the workbook sets Excel's own quote prefix instead."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    return f"'{value}" if cell.quotePrefix else str(value)


def test_board_paper_csv_and_plan_sheet_have_the_same_rows(client, improvement_lead, plan):
    data = selectors.board_paper_data(plan=plan)
    assert services.build_document(data=data, format="csv") == EXPECTED.encode("utf-8")
    client.force_login(improvement_lead)
    response = client.get(reverse("reporting:plan_export_xlsx", args=[plan.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content))["Plan"]
    rows = [[_as_csv_text(cell) for cell in row] for row in sheet.iter_rows()]
    assert rows == list(csv.reader(io.StringIO(EXPECTED.removeprefix("\ufeff"))))


def test_the_csvs_rows_are_the_workbooks_and_cost_eight_queries(
    plan, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        rows = selectors.plan_export_rows(plan=plan)
    data = selectors.plan_export_data(plan=plan)
    assert rows.as_of == data.as_of
    assert rows.appendix == data.appendix
