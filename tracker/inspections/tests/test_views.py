"""Pages of the inspections app: the list, the judgement table and recommendations, and editing."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.urls import reverse

from tracker.core.tests.numbers import NOT_WHOLE_NUMBERS
from tracker.inspections import services
from tracker.inspections.models import Inspection, Judgement, Recommendation
from tracker.inspections.services import JudgementInput
from tracker.inspections.tests.factories import InspectionFactory, RecommendationFactory

pytestmark = pytest.mark.django_db

OLD_ILACS_JUDGEMENTS = [
    JudgementInput(area="impact_of_leaders", grade="requires_improvement"),
    JudgementInput(area="help_and_protection", grade="good"),
    JudgementInput(area="children_in_care_and_care_leavers", grade="good"),
    JudgementInput(area="overall", grade="requires_improvement"),
]


def _signed_in(client, user):
    client.force_login(user)
    return client


def _body(response) -> str:
    return html.unescape(response.content.decode())


def _inline_error(body: str, field_id: str) -> str:
    """The text of the GOV.UK inline error message of the field with this id, or ""."""
    match = re.search(
        rf'<p id="{re.escape(field_id)}-error" class="govuk-error-message">(.*?)</p>',
        body,
        re.DOTALL,
    )
    if match is None:
        return ""
    return " ".join(re.sub(r"<[^>]+>", " ", match.group(1)).split())


def _error_summary(body: str) -> str:
    match = re.search(r'<div class="govuk-error-summary".*?</ul>', body, re.DOTALL)
    return match.group(0) if match else ""


@pytest.fixture
def inspection(improvement_lead, local_authority):
    return services.inspection_create(
        user=improvement_lead,
        local_authority=local_authority,
        kind=Inspection.Kind.ILACS_STANDARD,
        framework=Inspection.Framework.ILACS,
        started_on=datetime.date(2022, 10, 31),
        ended_on=datetime.date(2022, 11, 11),
        published_on=datetime.date(2023, 1, 13),
        lead_inspector="Victoria Horsefield",
        judgements=OLD_ILACS_JUDGEMENTS,
    )


@pytest.fixture
def recommendation(inspection):
    return RecommendationFactory(
        inspection=inspection,
        number=1,
        text="Ensure that “return home” interviews are offered & recorded <promptly>.",
    )


@pytest.fixture
def unanswered_recommendation(inspection):
    return RecommendationFactory(
        inspection=inspection, number=2, text="Improve the timeliness of strategy meetings."
    )


@pytest.fixture
def answering_section(local_authority, recommendation):
    """A plan section answering the first recommendation, built without importing the plans app
    (inspections sits below plans in the import layers)."""
    plan = local_authority.plans.create(title="Ofsted action plan 2023", kind="ofsted_action_plan")
    plan.inspections.add(recommendation.inspection)
    section = plan.sections.create(number=4, title="Missing children")
    section.recommendations.add(recommendation)
    return section


@pytest.fixture
def other_inspection(other_local_authority):
    return InspectionFactory(local_authority=other_local_authority, lead_inspector="Someone Else")


@pytest.fixture
def other_recommendation(other_inspection):
    return RecommendationFactory(inspection=other_inspection, number=1, text="Elsewhere's words")


# The list ----------------------------------------------------------------------------------------


def test_inspection_list_shows_only_the_users_authoritys_inspections(
    client, viewer, inspection, recommendation, unanswered_recommendation, other_inspection
):
    response = _signed_in(client, viewer).get(reverse("inspections:inspection_list"))
    body = _body(response)

    assert response.status_code == 200
    assert list(response.context["inspections"]) == [inspection]
    assert inspection.get_absolute_url() in body
    assert other_inspection.get_absolute_url() not in body
    assert "31 October 2022 to 11 November 2022" in body
    assert "13 January 2023" in body
    row = re.search(r"<tbody.*?</tbody>", body, re.DOTALL).group(0)
    cells = [
        " ".join(re.sub(r"<[^>]+>", " ", c).split())
        for c in re.findall(r'<td class="govuk-table__cell[^"]*">(.*?)</td>', row, re.DOTALL)
    ]
    assert cells == [
        "ILACS standard inspection",
        "Ofsted",
        "31 October 2022 to 11 November 2022",
        "13 January 2023",
        "Requires improvement to be good",
        "2",
    ]


def test_inspection_list_offers_adding_only_to_editors(client, viewer, improvement_lead):
    url = reverse("inspections:inspection_list")
    assert "Add an inspection" not in _body(_signed_in(client, viewer).get(url))
    assert "Add an inspection" in _body(_signed_in(client, improvement_lead).get(url))


def test_inspection_list_when_there_are_none(client, viewer, other_inspection):
    response = _signed_in(client, viewer).get(reverse("inspections:inspection_list"))
    assert "No inspections recorded yet." in _body(response)


# The detail page ---------------------------------------------------------------------------------


def test_inspection_detail_shows_judgement_table(client, viewer, inspection):
    response = _signed_in(client, viewer).get(inspection.get_absolute_url())
    body = _body(response)

    assert response.status_code == 200
    rows = re.findall(
        r'<th scope="row" class="govuk-table__header">(.*?)</th>'
        r'<td class="govuk-table__cell">(.*?)</td>',
        body,
    )
    assert rows == [
        (
            "The impact of leaders on social work practice with children and families",
            "Requires improvement to be good",
        ),
        ("The experiences and progress of children who need help and protection", "Good"),
        ("The experiences and progress of children in care and care leavers", "Good"),
        ("Overall effectiveness", "Requires improvement to be good"),
    ]
    assert "Victoria Horsefield" in body
    assert "31 October 2022 to 11 November 2022" in body
    assert "Issued by Ofsted" in body


def test_inspection_detail_shows_recommendations_verbatim_and_what_answers_them(
    client, viewer, recommendation, unanswered_recommendation, answering_section
):
    response = _signed_in(client, viewer).get(recommendation.inspection.get_absolute_url())
    raw = response.content.decode()
    body = html.unescape(raw)

    assert recommendation.text in body  # every character kept, including quotes and brackets
    assert "&lt;promptly&gt;" in raw  # escaped, not markup
    assert unanswered_recommendation.text in body

    first = re.search(rf'id="recommendation-{recommendation.pk}".*?</div>\s*</div>', body, re.S)
    assert "Answered by" in first.group(0)
    assert "Ofsted action plan 2023, section 4" in first.group(0)
    assert answering_section.get_absolute_url() in first.group(0)
    assert "No plan section answers this yet" not in first.group(0)

    second = re.search(
        rf'id="recommendation-{unanswered_recommendation.pk}".*?</div>\s*</div>', body, re.S
    )
    assert "No plan section answers this yet" in second.group(0)
    assert "Answered by" not in second.group(0)


def test_inspection_detail_hides_editing_links_from_viewers(client, viewer, recommendation):
    body = _body(_signed_in(client, viewer).get(recommendation.inspection.get_absolute_url()))
    assert "Add a recommendation" not in body
    assert "Change details and judgements" not in body
    assert (
        reverse(
            "inspections:recommendation_update",
            args=[recommendation.inspection_id, recommendation.pk],
        )
        not in body
    )


def test_inspection_detail_shows_editing_links_to_leads(client, improvement_lead, recommendation):
    body = _body(
        _signed_in(client, improvement_lead).get(recommendation.inspection.get_absolute_url())
    )
    assert "Add a recommendation" in body
    assert "Change details and judgements" in body
    assert (
        reverse(
            "inspections:recommendation_update",
            args=[recommendation.inspection_id, recommendation.pk],
        )
        in body
    )


@pytest.mark.parametrize("count", [3, 30])
def test_inspection_detail_queries_do_not_grow_with_recommendations(
    client, viewer, local_authority, inspection, django_assert_max_num_queries, count
):
    plan = local_authority.plans.create(title="Ofsted action plan", kind="ofsted_action_plan")
    for number in range(1, count + 1):
        recommendation = RecommendationFactory(inspection=inspection, number=number)
        section = plan.sections.create(number=number, title=f"Section {number}")
        section.recommendations.add(recommendation)
    client = _signed_in(client, viewer)

    # 11: the closure days, read once to count working days to each deadline, are the last.
    with django_assert_max_num_queries(11):
        response = client.get(inspection.get_absolute_url())

    assert response.status_code == 200
    assert len(response.context["detail"].recommendations) == count
    assert _body(response).count("Answered by") == count


def test_inspection_list_queries_do_not_grow_with_inspections(
    client, viewer, local_authority, django_assert_max_num_queries
):
    for year in range(2010, 2030):
        services.inspection_create(
            user=None,
            local_authority=local_authority,
            kind=Inspection.Kind.ILACS_STANDARD,
            framework=Inspection.Framework.ILACS,
            started_on=datetime.date(year, 1, 10),
            ended_on=datetime.date(year, 1, 20),
            judgements=[JudgementInput(area="overall", grade="good")],
        )
        services.inspection_create(
            user=None,
            local_authority=local_authority,
            kind=Inspection.Kind.JTAI,
            framework=Inspection.Framework.JTAI,
            started_on=datetime.date(year, 6, 10),
            ended_on=datetime.date(year, 6, 14),
        )
    client = _signed_in(client, viewer)

    # The issuing bodies are on each inspection's own row: no query more for them.
    with django_assert_max_num_queries(6):
        response = client.get(reverse("inspections:inspection_list"))

    assert response.status_code == 200
    body = _body(response)
    assert body.count('<td class="govuk-table__cell">Good</td>') == 20
    assert body.count("Ofsted, CQC, HMICFRS and HMI Probation") == 20


# Adding and changing an inspection ---------------------------------------------------------------


def _inspection_data(**overrides):
    data = {
        "kind": "standard",
        "framework": "ILACS",
        "started_on-day": "31",
        "started_on-month": "10",
        "started_on-year": "2022",
        "ended_on-day": "11",
        "ended_on-month": "11",
        "ended_on-year": "2022",
        "published_on-day": "13",
        "published_on-month": "1",
        "published_on-year": "2023",
        "lead_inspector": "Victoria Horsefield",
        "summary": "Services have improved since the last inspection.",
        "grade_impact_of_leaders": "requires_improvement",
        "grade_help_and_protection": "good",
        "grade_children_in_care_and_care_leavers": "good",
        "grade_overall": "requires_improvement",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def test_inspection_form_renders_govuk_fields(client, improvement_lead):
    response = _signed_in(client, improvement_lead).get(reverse("inspections:inspection_create"))
    body = _body(response)

    assert response.status_code == 200
    assert "There is a problem" not in body
    assert 'class="govuk-radios"' in body
    assert 'name="started_on-day"' in body
    assert 'name="ended_on-year"' in body
    assert '<select class="govuk-select" id="id_grade_care_leavers" name="grade_care_leavers"' in (
        body
    )


def test_lead_adds_an_inspection_with_its_judgements(client, improvement_lead, local_authority):
    response = _signed_in(client, improvement_lead).post(
        reverse("inspections:inspection_create"), _inspection_data()
    )

    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert response["Location"] == inspection.get_absolute_url()
    assert inspection.local_authority == local_authority
    assert inspection.kind == "standard"
    assert inspection.framework == "ILACS"
    assert inspection.started_on == datetime.date(2022, 10, 31)
    assert inspection.ended_on == datetime.date(2022, 11, 11)
    assert inspection.published_on == datetime.date(2023, 1, 13)
    assert inspection.lead_inspector == "Victoria Horsefield"
    assert [(j.area, j.grade) for j in inspection.judgements.order_by("position")] == [
        ("impact_of_leaders", "requires_improvement"),
        ("help_and_protection", "good"),
        ("children_in_care_and_care_leavers", "good"),
        ("overall", "requires_improvement"),
    ]
    assert inspection.history.first().history_user == improvement_lead
    followed = client.get(response["Location"])
    assert "Inspection added" in _body(followed)


def test_lead_adds_a_2023_inspection_judging_care_leavers_separately(client, improvement_lead):
    data = _inspection_data(
        **{
            "started_on-year": "2023",
            "ended_on-year": "2023",
            "published_on-year": "2024",
            "grade_children_in_care_and_care_leavers": "",
            "grade_children_in_care": "good",
            "grade_care_leavers": "inadequate",
        }
    )
    response = _signed_in(client, improvement_lead).post(
        reverse("inspections:inspection_create"), data
    )

    assert response.status_code == 302
    assert dict(Judgement.objects.values_list("area", "grade")) == {
        "impact_of_leaders": "requires_improvement",
        "help_and_protection": "good",
        "children_in_care": "good",
        "care_leavers": "inadequate",
        "overall": "requires_improvement",
    }


@pytest.mark.parametrize(
    ("overrides", "field_id", "message"),
    [
        (
            {"kind": None},
            "id_kind",
            "Select what kind of inspection, visit, review or notice it is",
        ),
        (
            {"issued_by": ["ofsted", "the_mayor"]},
            "id_issued_by",
            "Select who issued it: “the_mayor” is not one of the bodies listed",
        ),
        (
            {"ended_on-day": "30", "ended_on-month": "10"},
            "id_ended_on",
            "The end date must be the same as or after the start date",
        ),
        (
            {"started_on-day": "", "started_on-month": "", "started_on-year": ""},
            "id_started_on",
            "Enter the start date",
        ),
        (
            {"started_on-month": "13"},
            "id_started_on",
            "The start date must be a real date",
        ),
        (
            {"grade_care_leavers": "good"},
            "id_grade_care_leavers",
            "“The experiences and progress of care leavers” is not a judgement of this "
            "framework on these dates",
        ),
    ],
    ids=[
        "missing-kind",
        "unknown-issuing-body",
        "ends-before-start",
        "no-start",
        "unreal-start",
        "care-leavers-in-2022",
    ],
)
def test_invalid_inspection_shows_errors_and_saves_nothing(
    client, improvement_lead, overrides, field_id, message
):
    response = _signed_in(client, improvement_lead).post(
        reverse("inspections:inspection_create"), _inspection_data(**overrides)
    )
    body = _body(response)

    assert response.status_code == 200
    assert "<title>Error: Add an inspection" in body
    summary = _error_summary(body)
    assert "There is a problem" in summary
    assert message in summary
    assert Inspection.objects.count() == 0
    assert Judgement.objects.count() == 0
    # The summary links to the field's first input, and the field shows the same message.
    anchor = f"{field_id}-day" if field_id.endswith("_on") else field_id
    assert f'href="#{anchor}"' in summary
    assert _inline_error(body, field_id) == f"Error: {message}"
    assert "govuk-form-group--error" in body


def test_invalid_inspection_keeps_what_was_typed(client, improvement_lead):
    response = _signed_in(client, improvement_lead).post(
        reverse("inspections:inspection_create"),
        _inspection_data(kind=None, **{"ended_on-day": "30", "ended_on-month": "10"}),
    )
    body = _body(response)

    assert 'name="ended_on-day" type="text" value="30"' in body
    assert 'value="Victoria Horsefield"' in body
    assert '<option value="good" selected>Good</option>' in body


def test_lead_changes_an_inspection_and_its_judgements(client, improvement_lead, inspection):
    url = reverse("inspections:inspection_update", args=[inspection.pk])
    client = _signed_in(client, improvement_lead)
    form = client.get(url)
    assert form.status_code == 200
    assert 'value="Victoria Horsefield"' in _body(form)
    assert f'name="version" value="{inspection.version}"' in _body(form)

    response = client.post(
        url,
        _inspection_data(
            version=inspection.version,
            lead_inspector="Jo Smith",
            grade_overall="good",
            grade_impact_of_leaders="",
        ),
    )

    assert response.status_code == 302
    inspection.refresh_from_db()
    assert inspection.lead_inspector == "Jo Smith"
    assert dict(inspection.judgements.values_list("area", "grade")) == {
        "help_and_protection": "good",
        "children_in_care_and_care_leavers": "good",
        "overall": "good",
    }


def test_stale_inspection_edit_is_refused_and_changes_nothing(
    client, improvement_lead, administrator, inspection
):
    stale = inspection.version
    services.inspection_update(
        user=administrator,
        inspection=inspection,
        expected_version=stale,
        kind=inspection.kind,
        framework=inspection.framework,
        started_on=inspection.started_on,
        ended_on=inspection.ended_on,
        published_on=inspection.published_on,
        lead_inspector="Changed by the administrator",
        judgements=OLD_ILACS_JUDGEMENTS,
    )
    response = _signed_in(client, improvement_lead).post(
        reverse("inspections:inspection_update", args=[inspection.pk]),
        _inspection_data(version=stale, lead_inspector="Changed by the lead", grade_overall="good"),
    )
    body = _body(response)

    assert response.status_code == 200
    assert "There is a problem" in body
    assert "This inspection was changed by someone else while you were editing it." in body
    inspection.refresh_from_db()
    assert inspection.lead_inspector == "Changed by the administrator"
    assert inspection.version == stale + 1
    assert inspection.judgements.get(area="overall").grade == "requires_improvement"


def test_invalid_inspection_edit_changes_nothing(client, improvement_lead, inspection):
    response = _signed_in(client, improvement_lead).post(
        reverse("inspections:inspection_update", args=[inspection.pk]),
        _inspection_data(
            version=inspection.version,
            lead_inspector="Not saved",
            **{"ended_on-day": "1", "ended_on-month": "1"},
        ),
    )

    assert "The end date must be the same as or after the start date" in _body(response)
    inspection.refresh_from_db()
    assert inspection.lead_inspector == "Victoria Horsefield"
    assert inspection.ended_on == datetime.date(2022, 11, 11)


# Recommendations ---------------------------------------------------------------------------------


def test_lead_adds_a_recommendation_word_for_word(client, improvement_lead, inspection):
    url = reverse("inspections:recommendation_create", args=[inspection.pk])
    client = _signed_in(client, improvement_lead)
    form = client.get(url)
    assert form.status_code == 200
    assert 'name="number" type="text" value="1"' in _body(form)  # the next number is offered

    words = "Leaders should ensure that “return home” interviews happen & are recorded."
    response = client.post(url, {"number": "1", "kind": "recommendation", "text": words})

    assert response.status_code == 302
    assert response["Location"] == inspection.get_absolute_url()
    recommendation = inspection.recommendations.get()
    assert (recommendation.number, recommendation.kind) == (1, "recommendation")
    assert recommendation.text == words


def test_recommendation_number_clash_is_refused(client, improvement_lead, recommendation):
    url = reverse("inspections:recommendation_create", args=[recommendation.inspection_id])
    response = _signed_in(client, improvement_lead).post(
        url, {"number": "1", "kind": "recommendation", "text": "A second number one"}
    )
    body = _body(response)

    message = "This inspection already has a recommendation numbered 1"
    assert response.status_code == 200
    assert message in _error_summary(body)
    assert 'href="#id_number"' in _error_summary(body)
    assert _inline_error(body, "id_number") == f"Error: {message}"
    assert Recommendation.objects.count() == 1


@pytest.mark.parametrize("typed", [*NOT_WHOLE_NUMBERS, "0", "-0", "1000"])
def test_recommendation_form_refuses_numbers_it_cannot_store(
    client, improvement_lead, inspection, typed
):
    url = reverse("inspections:recommendation_create", args=[inspection.pk])
    response = _signed_in(client, improvement_lead).post(
        url, {"number": typed, "kind": "recommendation", "text": "Act"}
    )
    body = _body(response)

    message = "The number must be a whole number between 1 and 999"
    assert response.status_code == 200
    assert message in _error_summary(body)
    assert 'href="#id_number"' in _error_summary(body)
    assert _inline_error(body, "id_number") == f"Error: {message}"
    assert Recommendation.objects.count() == 0


def test_same_number_of_another_kind_is_allowed(client, improvement_lead, recommendation):
    url = reverse("inspections:recommendation_create", args=[recommendation.inspection_id])
    response = _signed_in(client, improvement_lead).post(
        url, {"number": "1", "kind": "area_for_priority_action", "text": "Priority action one"}
    )
    assert response.status_code == 302
    assert Recommendation.objects.count() == 2


@pytest.mark.parametrize("text", ["", "   \n  "])
def test_recommendation_without_text_is_refused(client, improvement_lead, inspection, text):
    url = reverse("inspections:recommendation_create", args=[inspection.pk])
    response = _signed_in(client, improvement_lead).post(
        url, {"number": "1", "kind": "recommendation", "text": text}
    )
    body = _body(response)

    message = "Enter the recommendation as the report words it"
    assert response.status_code == 200
    assert "There is a problem" in _error_summary(body)
    assert message in _error_summary(body)
    assert 'href="#id_text"' in _error_summary(body)
    assert _inline_error(body, "id_text") == f"Error: {message}"
    assert Recommendation.objects.count() == 0


def test_lead_changes_a_recommendation(client, improvement_lead, recommendation):
    url = reverse(
        "inspections:recommendation_update", args=[recommendation.inspection_id, recommendation.pk]
    )
    client = _signed_in(client, improvement_lead)
    assert recommendation.text in _body(client.get(url))

    response = client.post(
        url,
        {
            "version": recommendation.version,
            "number": "3",
            "kind": "recommendation",
            "text": "Corrected words",
        },
    )

    assert response.status_code == 302
    recommendation.refresh_from_db()
    assert (recommendation.number, recommendation.text) == (3, "Corrected words")


def test_recommendation_edit_refuses_a_number_clash_and_empty_text(
    client, improvement_lead, recommendation, unanswered_recommendation
):
    url = reverse(
        "inspections:recommendation_update",
        args=[unanswered_recommendation.inspection_id, unanswered_recommendation.pk],
    )
    client = _signed_in(client, improvement_lead)
    clash = client.post(
        url,
        {
            "version": unanswered_recommendation.version,
            "number": "1",
            "kind": "recommendation",
            "text": "Renumbered",
        },
    )
    empty = client.post(
        url,
        {
            "version": unanswered_recommendation.version,
            "number": "2",
            "kind": "recommendation",
            "text": "",
        },
    )

    assert "This inspection already has a recommendation numbered 1" in _body(clash)
    assert "Enter the recommendation as the report words it" in _body(empty)
    unanswered_recommendation.refresh_from_db()
    assert unanswered_recommendation.number == 2
    assert unanswered_recommendation.text == "Improve the timeliness of strategy meetings."


def test_stale_recommendation_edit_is_refused(
    client, improvement_lead, administrator, recommendation
):
    stale = recommendation.version
    services.recommendation_update(
        user=administrator,
        recommendation=recommendation,
        expected_version=stale,
        number=1,
        text="Changed by the administrator",
        kind="recommendation",
    )
    url = reverse(
        "inspections:recommendation_update", args=[recommendation.inspection_id, recommendation.pk]
    )
    response = _signed_in(client, improvement_lead).post(
        url, {"version": stale, "number": "1", "kind": "recommendation", "text": "By the lead"}
    )

    assert "This recommendation was changed by someone else while you were editing it." in (
        _body(response)
    )
    recommendation.refresh_from_db()
    assert recommendation.text == "Changed by the administrator"


# Who may change what -----------------------------------------------------------------------------


def _editing_requests(inspection, recommendation):
    """Every page that changes inspections, with a POST that would succeed for a lead."""
    return [
        (reverse("inspections:inspection_create"), _inspection_data()),
        (
            reverse("inspections:inspection_update", args=[inspection.pk]),
            _inspection_data(version=inspection.version, lead_inspector="Changed"),
        ),
        (
            reverse("inspections:recommendation_create", args=[inspection.pk]),
            {"number": "9", "kind": "recommendation", "text": "Added"},
        ),
        (
            reverse("inspections:recommendation_update", args=[inspection.pk, recommendation.pk]),
            {
                "version": recommendation.version,
                "number": "9",
                "kind": "recommendation",
                "text": "Changed",
            },
        ),
    ]


def _snapshot():
    return (
        list(Inspection.objects.values_list("pk", "version", "lead_inspector")),
        list(Judgement.objects.values_list("pk", "grade")),
        list(Recommendation.objects.values_list("pk", "version", "number", "text")),
        Inspection.history.count(),
        Recommendation.history.count(),
    )


@pytest.mark.parametrize("role", ["viewer", "action_owner"])
@pytest.mark.parametrize("page", range(4))
def test_readers_cannot_open_or_post_any_editing_page(
    client, request, inspection, recommendation, role, page
):
    user = request.getfixturevalue(role)
    url, data = _editing_requests(inspection, recommendation)[page]
    client = _signed_in(client, user)
    before = _snapshot()

    got = client.get(url)
    posted = client.post(url, data)

    assert got.status_code == 403
    assert posted.status_code == 403
    assert "You cannot do that" in _body(posted)
    assert _snapshot() == before


@pytest.mark.parametrize("page", range(4))
def test_editing_requests_succeed_for_a_lead(
    client, improvement_lead, inspection, recommendation, page
):
    """The control for the test above: the same requests work for someone allowed to edit."""
    url, data = _editing_requests(inspection, recommendation)[page]
    client = _signed_in(client, improvement_lead)
    assert client.get(url).status_code == 200
    assert client.post(url, data).status_code == 302


def test_another_authoritys_inspection_is_not_found(
    client, improvement_lead, other_inspection, other_recommendation
):
    client = _signed_in(client, improvement_lead)
    before = _snapshot()
    urls = [
        other_inspection.get_absolute_url(),
        reverse("inspections:inspection_update", args=[other_inspection.pk]),
        reverse("inspections:recommendation_create", args=[other_inspection.pk]),
        reverse(
            "inspections:recommendation_update", args=[other_inspection.pk, other_recommendation.pk]
        ),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Page not found" in _body(response)
        assert "Someone Else" not in _body(response)

    assert client.post(urls[1], _inspection_data(version=other_inspection.version)).status_code == (
        404
    )
    assert (
        client.post(
            urls[2], {"number": "9", "kind": "recommendation", "text": "Sneaky"}
        ).status_code
        == 404
    )
    assert (
        client.post(
            urls[3],
            {
                "version": other_recommendation.version,
                "number": "1",
                "kind": "recommendation",
                "text": "Sneaky",
            },
        ).status_code
        == 404
    )
    assert _snapshot() == before


def test_another_authoritys_recommendation_under_own_inspection_is_not_found(
    client, improvement_lead, inspection, other_recommendation
):
    url = reverse(
        "inspections:recommendation_update", args=[inspection.pk, other_recommendation.pk]
    )
    client = _signed_in(client, improvement_lead)
    assert client.get(url).status_code == 404
    response = client.post(
        url,
        {
            "version": other_recommendation.version,
            "number": "1",
            "kind": "recommendation",
            "text": "Sneaky",
        },
    )
    assert response.status_code == 404
    other_recommendation.refresh_from_db()
    assert other_recommendation.text == "Elsewhere's words"


def test_recommendation_of_another_inspection_of_the_same_authority_is_not_found(
    client, improvement_lead, local_authority, inspection, recommendation
):
    second = InspectionFactory(
        local_authority=local_authority,
        kind=Inspection.Kind.FOCUSED_VISIT,
        started_on=datetime.date(2024, 5, 1),
        ended_on=datetime.date(2024, 5, 2),
    )
    url = reverse("inspections:recommendation_update", args=[second.pk, recommendation.pk])
    client = _signed_in(client, improvement_lead)

    assert client.get(url).status_code == 404
    response = client.post(
        url,
        {"version": recommendation.version, "number": "5", "kind": "recommendation", "text": "x"},
    )
    assert response.status_code == 404
    recommendation.refresh_from_db()
    assert (recommendation.number, recommendation.inspection_id) == (1, inspection.pk)


def test_missing_inspection_is_not_found(client, viewer, inspection):
    response = _signed_in(client, viewer).get(
        reverse("inspections:inspection_detail", args=[inspection.pk + 1000])
    )
    assert response.status_code == 404


# Sources that are not inspections -----------------------------------------------------------------


def _national_review_data(**overrides):
    return _inspection_data(
        kind="national_review",
        framework="",
        issued_by=["review_panel"],
        lead_inspector="",
        summary="Safeguarding children with disabilities and complex health needs in "
        "residential settings.",
        grade_impact_of_leaders=None,
        grade_help_and_protection=None,
        grade_children_in_care_and_care_leavers=None,
        grade_overall=None,
        **{
            "started_on-day": "26",
            "started_on-month": "5",
            "started_on-year": "2022",
            "ended_on-day": "26",
            "ended_on-month": "5",
            "ended_on-year": "2022",
            "published_on-day": "",
            "published_on-month": "",
            "published_on-year": "",
            **overrides,
        },
    )


def test_the_form_reads_for_every_kind_of_source(client, improvement_lead):
    body = _body(_signed_in(client, improvement_lead).get(reverse("inspections:inspection_create")))

    assert "What kind of inspection, visit, review or notice is it?" in body
    assert "Start date" in body
    assert "Inspection start date" not in body
    assert 'class="govuk-checkboxes govuk-checkboxes--small"' in body
    assert 'name="issued_by" type="checkbox" value="review_panel"' in body
    # Inspections first, then the other sources, and "Other" last.
    positions = [
        body.index(f'value="{kind}"')
        for kind in ("standard", "sif", "national_review", "scrutiny_review", "other")
    ]
    assert positions == sorted(positions)


def test_lead_records_a_national_review_issued_by_the_panel(
    client, improvement_lead, local_authority
):
    response = _signed_in(client, improvement_lead).post(
        reverse("inspections:inspection_create"), _national_review_data()
    )

    review = Inspection.objects.get()
    assert response.status_code == 302, _error_summary(_body(response))
    assert review.kind == Inspection.Kind.NATIONAL_REVIEW
    assert review.framework == Inspection.Framework.OTHER
    assert review.issued_by == ["review_panel"]
    assert review.judgements.count() == 0
    page = _body(client.get(response["Location"]))
    assert "National child safeguarding practice review" in page
    assert "Issued by the Child Safeguarding Practice Review Panel" in page
    assert "26 May 2022 to 26 May 2022" in page


@pytest.mark.parametrize(
    ("kind", "framework", "bodies"),
    [
        ("jtai", "JTAI", ["ofsted", "cqc", "hmicfrs", "hmi_probation"]),
        ("standard", "ILACS", ["ofsted"]),
        ("scrutiny_review", "other", ["scrutiny_committee"]),
    ],
)
def test_no_body_chosen_gets_the_kinds_bodies_and_framework(
    client, improvement_lead, kind, framework, bodies
):
    data = _inspection_data(
        kind=kind,
        framework="",
        grade_overall=None,
        grade_impact_of_leaders=None,
        grade_help_and_protection=None,
        grade_children_in_care_and_care_leavers=None,
    )
    response = _signed_in(client, improvement_lead).post(
        reverse("inspections:inspection_create"), data
    )

    assert response.status_code == 302, _error_summary(_body(response))
    saved = Inspection.objects.get()
    assert saved.issued_by == bodies
    assert saved.framework == framework


def test_the_change_form_shows_the_bodies_and_keeps_them_when_unchanged(
    client, improvement_lead, inspection
):
    services.inspection_update(
        user=improvement_lead,
        inspection=inspection,
        expected_version=inspection.version,
        kind=inspection.kind,
        framework=inspection.framework,
        started_on=inspection.started_on,
        ended_on=inspection.ended_on,
        published_on=inspection.published_on,
        lead_inspector=inspection.lead_inspector,
        judgements=OLD_ILACS_JUDGEMENTS,
        issued_by=["ofsted", "dfe"],
    )
    inspection.refresh_from_db()
    url = reverse("inspections:inspection_update", args=[inspection.pk])
    client = _signed_in(client, improvement_lead)

    body = _body(client.get(url))
    assert 'name="issued_by" type="checkbox" value="dfe" checked' in body

    response = client.post(
        url,
        _inspection_data(version=str(inspection.version), issued_by=["ofsted", "dfe"]),
    )
    assert response.status_code == 302, _error_summary(_body(response))
    inspection.refresh_from_db()
    assert inspection.issued_by == ["ofsted", "dfe"]
    assert inspection.history.count() == 3
