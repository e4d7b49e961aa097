"""Pages of the programme app: what officers see and what they can change."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tracker.programme import services
from tracker.programme.models import BudgetLine, Deliverable, Programme, Project, ProjectMilestone

pytestmark = pytest.mark.django_db


def _signed_in(client, user):
    client.force_login(user)
    return client


def _line(programme, project, year, allocation, actual, forecast):
    return services.budget_line_create(
        user=None,
        programme=programme,
        project=project,
        financial_year=year,
        allocation=Decimal(allocation),
        actual_spend=Decimal(actual),
        forecast=Decimal(forecast),
    )


def test_pages_need_sign_in(client, programme):
    response = client.get(reverse("programme:programme_detail", args=[programme.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_programme_list_shows_the_authoritys_programmes_and_navigation(
    client, viewer, programme, budget_line
):
    response = _signed_in(client, viewer).get(reverse("programme:programme_list"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Children&#x27;s services improvement programme" in body
    assert "£250,000" in body
    assert "govuk-service-navigation__item--active" in body
    assert "Start a programme" not in body  # viewers do not see editing links


def test_programme_page_shows_projects_and_budget_totals_to_the_penny(
    client, viewer, programme, project, deliverable, milestone, theme
):
    services.deliverable_update(
        user=None,
        deliverable=deliverable,
        expected_version=1,
        description=deliverable.description,
        due_on=deliverable.due_on,
        status="complete",
    )
    services.deliverable_create(
        user=None, project=project, description="Induction", due_on=datetime.date(2024, 1, 1)
    )
    _line(programme, None, 2023, "9700000", "1000000.10", "9500000.25")
    _line(programme, project, 2023, "250000.50", "100000.20", "300000")
    _line(programme, project, 2024, "100000", "0", "90000.01")
    response = _signed_in(client, viewer).get(
        reverse("programme:programme_detail", args=[programme.pk])
    )
    body = response.content.decode()
    overview = response.context["overview"]

    [row] = overview.projects
    assert (row.deliverables_done, row.deliverables_total) == (1, 2)
    assert row.themes == ["Workforce"]
    assert row.next_milestone == milestone
    assert "1 of 2" in body
    assert "Amber" in body
    assert "Requested" in body

    years = {year.label: year.totals for year in overview.years}
    assert years["2023/24"].allocation == Decimal("9950000.50")
    assert years["2023/24"].actual_spend == Decimal("1100000.30")
    assert years["2023/24"].forecast == Decimal("9800000.25")
    assert years["2023/24"].variance == Decimal("-150000.25")
    assert overview.total.allocation == Decimal("10050000.50")
    assert overview.total.forecast == Decimal("9890000.26")
    assert overview.total.variance == Decimal("-160000.24")
    by_project = {budget.label: budget.totals for budget in overview.project_budgets}
    assert by_project["Workforce"].allocation == Decimal("350000.50")
    assert by_project["Programme-wide (not assigned to a project)"].allocation == Decimal("9700000")
    for text in (
        "2023/24",
        "2024/25",
        "£9,950,000.50",
        "£1,100,000.30",
        "£150,000.25 under",
        "£10,050,000.50",
        "£160,000.24 under",
        "£350,000.50",
        "£9,999.99 under",
    ):
        assert text in body, text


def test_project_page_shows_deliverables_milestones_links_and_budget(
    client, improvement_lead, project, deliverable, milestone, budget_line, section
):
    response = _signed_in(client, improvement_lead).get(project.get_absolute_url())
    body = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Recruitment and retention strategy",
        "30 September 2023",
        "Strategy agreed by Cabinet",
        "31 October 2023",
        "1. Workforce stability",
        "Head of Service Safeguards",
        "2024/25",
        "£250,000",
        "£120,000.50",
        "£10,000 over",
        "Add a deliverable",
    ):
        assert text in body, text


def test_another_authoritys_programme_is_not_found(client, outsider, project, budget_line):
    client = _signed_in(client, outsider)
    programme_id = project.programme_id
    assert client.get(reverse("programme:programme_detail", args=[programme_id])).status_code == 404
    assert client.get(project.get_absolute_url()).status_code == 404
    url = reverse("programme:budget_line_create", args=[programme_id])
    response = client.post(url, {"financial_year": "2025", "allocation": "1"})
    assert response.status_code == 404
    edit = reverse("programme:budget_line_update", args=[programme_id, budget_line.pk])
    assert client.get(edit).status_code == 404
    assert BudgetLine.objects.count() == 1


def test_viewer_cannot_change_anything(client, viewer, programme, project, deliverable):
    client = _signed_in(client, viewer)
    pid = programme.pk
    for url in (
        reverse("programme:programme_create"),
        reverse("programme:programme_update", args=[pid]),
        reverse("programme:project_create", args=[pid]),
        reverse("programme:project_update", args=[pid, project.pk]),
        reverse("programme:deliverable_create", args=[pid, project.pk]),
        reverse("programme:deliverable_update", args=[pid, project.pk, deliverable.pk]),
        reverse("programme:milestone_create", args=[pid, project.pk]),
        reverse("programme:budget_line_create", args=[pid]),
    ):
        assert client.get(url).status_code == 403, url
        assert client.post(url, {"name": "x", "description": "x"}).status_code == 403, url
    assert Programme.objects.count() == 1
    assert Project.objects.count() == 1
    assert Deliverable.objects.count() == 1
    assert BudgetLine.objects.count() == 0


def test_lead_adds_a_project_through_the_form(client, improvement_lead, programme, theme):
    response = _signed_in(client, improvement_lead).post(
        reverse("programme:project_create", args=[programme.pk]),
        {
            "name": "Edges of care",
            "purpose": "Fewer children come into care in crisis",
            "rag": "green",
            "funding_status": "approved",
            "themes": [theme.pk],
        },
    )
    project = Project.objects.get(name="Edges of care")
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url()
    assert (project.rag, project.funding_status) == ("green", "approved")
    assert list(project.themes.all()) == [theme]


def test_project_form_refuses_another_authoritys_theme(
    client, improvement_lead, programme, other_theme
):
    response = _signed_in(client, improvement_lead).post(
        reverse("programme:project_create", args=[programme.pk]),
        {"name": "Edges of care", "funding_status": "approved", "themes": [other_theme.pk]},
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert Project.objects.count() == 0


def test_budget_line_form_saves_pounds_typed_with_commas(
    client, improvement_lead, programme, project
):
    url = reverse("programme:budget_line_create", args=[programme.pk])
    response = _signed_in(client, improvement_lead).get(url, {"project": project.pk})
    assert response.context["form"].initial["project"] == project.pk
    response = client.post(
        url,
        {
            "project": project.pk,
            "financial_year": "2024",
            "allocation": "£250,000",
            "actual_spend": "1,250.50",
            "forecast": "250000",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == project.get_absolute_url() + "#budget"
    line = BudgetLine.objects.get()
    assert (line.allocation, line.actual_spend) == (Decimal("250000"), Decimal("1250.50"))


def test_budget_line_form_shows_errors_and_saves_nothing(
    client, improvement_lead, programme, project, budget_line
):
    response = _signed_in(client, improvement_lead).post(
        reverse("programme:budget_line_create", args=[programme.pk]),
        {
            "project": project.pk,
            "financial_year": "2024",
            "allocation": "lots",
            "actual_spend": "-5",
            "forecast": "",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Enter the allocation in pounds, like 1250 or 1250.50" in body
    assert "Enter the forecast in pounds, like 1250 or 1250.50" in body
    assert "The actual spend must be £0 or more" in body
    assert 'href="#id_allocation"' in body
    assert "govuk-form-group--error" in body
    assert BudgetLine.objects.count() == 1


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("1e400", "The allocation must be less than £10,000,000,000"),
        ("9" * 30, "The allocation must be less than £10,000,000,000"),
        ("10000000000", "The allocation must be less than £10,000,000,000"),
        ("-1e400", "The allocation must be £0 or more"),
        ("-1", "The allocation must be £0 or more"),
        ("1e-400", "The allocation must be in pounds and pence, like 1250.50"),
        ("12.345", "The allocation must be in pounds and pence, like 1250.50"),
        ("NaN", "Enter the allocation in pounds, like 1250 or 1250.50"),
        ("sNaN", "Enter the allocation in pounds, like 1250 or 1250.50"),
        ("Infinity", "Enter the allocation in pounds, like 1250 or 1250.50"),
        ("-inf", "Enter the allocation in pounds, like 1250 or 1250.50"),
        ("1" * 5000, "Enter the allocation in pounds, like 1250 or 1250.50"),
        ("£12..5", "Enter the allocation in pounds, like 1250 or 1250.50"),
    ],
)
def test_budget_line_form_refuses_amounts_it_cannot_store(
    client, improvement_lead, programme, project, typed, message
):
    response = _signed_in(client, improvement_lead).post(
        reverse("programme:budget_line_create", args=[programme.pk]),
        {
            "project": project.pk,
            "financial_year": "2024",
            "allocation": typed,
            "actual_spend": "0",
            "forecast": "1",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert message in body
    assert 'href="#id_allocation"' in body
    assert not BudgetLine.objects.exists()


def test_budget_line_form_reads_minus_zero_as_zero(client, improvement_lead, programme, project):
    response = _signed_in(client, improvement_lead).post(
        reverse("programme:budget_line_create", args=[programme.pk]),
        {
            "project": project.pk,
            "financial_year": "2024",
            "allocation": "-0",
            "actual_spend": "-0.00",
            "forecast": "1.000",
        },
    )
    assert response.status_code == 302
    line = BudgetLine.objects.get()
    assert (str(line.allocation), str(line.actual_spend), line.forecast) == (
        "0.00",
        "0.00",
        Decimal("1"),
    )


def test_budget_line_form_refuses_a_year_not_offered(client, improvement_lead, programme, project):
    response = _signed_in(client, improvement_lead).post(
        reverse("programme:budget_line_create", args=[programme.pk]),
        {
            "project": project.pk,
            "financial_year": "1e400",
            "allocation": "1",
            "actual_spend": "0",
            "forecast": "1",
        },
    )
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Select the financial year" in body
    assert "Select a valid choice" not in body
    assert not BudgetLine.objects.exists()


def test_budget_line_form_shows_the_service_clash_inline(
    client, improvement_lead, programme, project, budget_line
):
    response = _signed_in(client, improvement_lead).post(
        reverse("programme:budget_line_create", args=[programme.pk]),
        {
            "project": project.pk,
            "financial_year": "2024",
            "allocation": "1",
            "actual_spend": "0",
            "forecast": "1",
        },
    )
    body = response.content.decode()
    assert "This project already has a budget line for 2024/25" in body
    assert 'href="#id_financial_year"' in body
    assert BudgetLine.objects.count() == 1


def test_budget_line_edit_refuses_a_stale_version(client, improvement_lead, programme, budget_line):
    services.budget_line_update(
        user=None,
        budget_line=budget_line,
        expected_version=1,
        project=budget_line.project,
        financial_year=2024,
        allocation=Decimal("1"),
        actual_spend=Decimal("1"),
        forecast=Decimal("1"),
    )
    response = _signed_in(client, improvement_lead).post(
        reverse("programme:budget_line_update", args=[programme.pk, budget_line.pk]),
        {
            "version": "1",
            "project": budget_line.project_id,
            "financial_year": "2024",
            "allocation": "5",
            "actual_spend": "5",
            "forecast": "5",
        },
    )
    assert response.status_code == 200
    assert "This budget line was changed by someone else" in response.content.decode()
    budget_line.refresh_from_db()
    assert budget_line.allocation == Decimal("1")


def test_deliverable_form_shows_date_errors_and_saves_nothing(
    client, improvement_lead, programme, project
):
    response = _signed_in(client, improvement_lead).post(
        reverse("programme:deliverable_create", args=[programme.pk, project.pk]),
        {"description": "", "due_on-day": "31", "due_on-month": "2", "due_on-year": "2024"},
    )
    body = response.content.decode()
    assert "There is a problem" in body
    assert "Enter what the project will deliver" in body
    assert "The date the deliverable is due must be a real date" in body
    assert 'href="#id_due_on-day"' in body
    assert Deliverable.objects.count() == 0


def test_deliverable_and_milestone_forms_save(client, improvement_lead, programme, project):
    client = _signed_in(client, improvement_lead)
    response = client.post(
        reverse("programme:deliverable_create", args=[programme.pk, project.pk]),
        {
            "description": "Workforce strategy",
            "due_on-day": "31",
            "due_on-month": "3",
            "due_on-year": "2024",
            "status": "in_progress",
        },
    )
    assert response.status_code == 302
    deliverable = Deliverable.objects.get()
    assert (deliverable.due_on, deliverable.status) == (datetime.date(2024, 3, 31), "in_progress")
    response = client.post(
        reverse("programme:milestone_create", args=[programme.pk, project.pk]),
        {"name": "Go live", "due_on-day": "1", "due_on-month": "4", "due_on-year": "2024"},
    )
    assert response.status_code == 302
    assert ProjectMilestone.objects.get().due_on == datetime.date(2024, 4, 1)


def test_edit_forms_show_current_values(
    client, improvement_lead, programme, project, deliverable, milestone, budget_line
):
    client = _signed_in(client, improvement_lead)
    pid = programme.pk
    for url, text in (
        (reverse("programme:programme_update", args=[pid]), "Change programme details"),
        (
            reverse("programme:project_update", args=[pid, project.pk]),
            "A stable, skilled workforce",
        ),
        (
            reverse("programme:deliverable_update", args=[pid, project.pk, deliverable.pk]),
            "Recruitment and retention strategy",
        ),
        (
            reverse("programme:milestone_update", args=[pid, project.pk, milestone.pk]),
            "Strategy agreed by Cabinet",
        ),
        (reverse("programme:budget_line_update", args=[pid, budget_line.pk]), "120000.50"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert text in response.content.decode(), url


def _programme_with(local_authority, lead, theme, count):
    programme = services.programme_create(
        user=lead, local_authority=local_authority, name=f"Programme of {count}"
    )
    for n in range(count):
        project = services.project_create(
            user=lead, programme=programme, name=f"Project {n}", themes=[theme], lead=lead
        )
        services.deliverable_create(
            user=lead, project=project, description="D", due_on=datetime.date(2024, 1, 1)
        )
        services.milestone_create(
            user=lead, project=project, name="M", due_on=datetime.date(2024, 2, 1)
        )
        for year in (2023, 2024):
            _line(programme, project, year, "1000", "10", "900")
    return programme


@pytest.mark.parametrize("count", [3, 30])
def test_programme_page_queries_do_not_grow_with_projects(
    client, django_assert_max_num_queries, improvement_lead, local_authority, theme, count
):
    programme = _programme_with(local_authority, improvement_lead, theme, count)
    client = _signed_in(client, improvement_lead)
    # Session, user, authority, programme, then five: projects, themes, milestones, years, projects.
    with django_assert_max_num_queries(9):
        response = client.get(reverse("programme:programme_detail", args=[programme.pk]))
    assert len(response.context["overview"].projects) == count
    assert response.context["overview"].total.allocation == Decimal(2000 * count)


def test_project_page_queries_are_bounded(
    client, django_assert_max_num_queries, improvement_lead, project, budget_line
):
    for n in range(10):
        services.deliverable_create(
            user=None, project=project, description=f"D{n}", due_on=datetime.date(2024, 1, 1)
        )
    client = _signed_in(client, improvement_lead)
    with django_assert_max_num_queries(12):
        response = client.get(project.get_absolute_url())
    assert len(response.context["detail"].deliverables) == 10
