import datetime

import pytest
from django.utils import timezone

from tracker.accounts.tests.factories import UserFactory
from tracker.api.tests.conftest import errors_of, signed_in
from tracker.plans import services
from tracker.plans.models import Action
from tracker.plans.tests.factories import ActionFactory, PlanFactory, SectionFactory

pytestmark = pytest.mark.django_db


def test_api_not_signed_in_is_401_json_not_a_redirect(client, plan):
    response = client.get(f"/api/v1/plans/{plan.pk}/")

    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Bearer")
    assert errors_of(response) == [
        {
            "field": None,
            "code": "not_authenticated",
            "message": "Send a personal API token (Authorization: Bearer it_...) or sign in: the "
            "API answers only to someone of the Improvement Tracker.",
        }
    ]


def test_api_plan_list_shows_only_the_users_authority(viewer, plan, other_action):
    response = signed_in(viewer).get("/api/v1/plans/")

    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    assert [row["id"] for row in body["results"]] == [plan.pk]


def test_api_detail_carries_the_version_as_etag(viewer, action):
    response = signed_in(viewer).get(f"/api/v1/actions/{action.pk}/")

    assert response.status_code == 200
    assert response["ETag"] == f'"{action.version}"'
    assert response.json()["reference"] == "1.1"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/plans/{plan}/",
        "/api/v1/sections/{section}/",
        "/api/v1/actions/{action}/",
        "/api/v1/actions/{action}/progress-updates/",
    ],
)
def test_api_another_authoritys_id_is_404(viewer, other_action, path):
    ids = {"plan": other_action.plan_id, "section": other_action.section_id}
    response = signed_in(viewer).get(path.format(action=other_action.pk, **ids))

    assert response.status_code == 404
    assert errors_of(response)[0]["code"] == "not_found"


def test_api_missing_id_is_404(viewer):
    response = signed_in(viewer).get("/api/v1/actions/999999/")

    assert response.status_code == 404


def test_api_partner_sees_only_shared_plans(police_officer, plan, action, shared_with_police):
    unshared = PlanFactory(local_authority=plan.local_authority)
    client = signed_in(police_officer)

    listed = client.get("/api/v1/plans/").json()["results"]
    assert [row["id"] for row in listed] == [plan.pk]
    assert client.get(f"/api/v1/plans/{unshared.pk}/").status_code == 404
    assert client.get(f"/api/v1/actions/{action.pk}/").status_code == 200


def test_api_partner_of_a_plan_not_shared_gets_404(police_officer, action):
    client = signed_in(police_officer)

    assert client.get(f"/api/v1/actions/{action.pk}/").status_code == 404
    assert client.get("/api/v1/actions/").json()["count"] == 0


@pytest.mark.parametrize("path", ["/api/v1/measures/", "/api/v1/inspections/", "/api/v1/meetings/"])
def test_api_council_records_are_refused_to_partners(police_officer, path):
    response = signed_in(police_officer).get(path)

    assert response.status_code == 403
    assert errors_of(response)[0]["message"].startswith(
        "Partner organisations see only the plans the local authority has shared with them"
    )


def test_api_platform_operator_finds_nothing(db):
    operator = UserFactory(local_authority=None, is_staff=True, is_superuser=True)

    assert signed_in(operator).get("/api/v1/plans/").status_code == 404


def test_api_method_not_taken_is_405_in_the_error_shape(viewer, plan):
    response = signed_in(viewer).post("/api/v1/plans/", {}, content_type="application/json")

    assert response.status_code == 405
    assert errors_of(response)[0]["code"] == "method_not_allowed"


def test_api_action_filters(viewer, action, section):
    late = ActionFactory(
        section=section, reference="1.2", due_on=datetime.date(2020, 1, 1), status="not_started"
    )
    Action.objects.filter(pk=late.pk).update(brag="red")
    client = signed_in(viewer)

    def ids(query):
        response = client.get("/api/v1/actions/" + query)
        assert response.status_code == 200
        return [row["id"] for row in response.json()["results"]]

    assert ids("?overdue=true") == [late.pk]
    assert ids("?overdue=false") == [action.pk]
    assert ids("?status=in_progress") == [action.pk]
    assert ids("?brag=red") == [late.pk]
    assert ids(f"?plan={section.plan_id}") == [action.pk, late.pk]
    assert ids("?plan=999999") == []
    future = (timezone.now() + datetime.timedelta(days=1)).isoformat().replace("+00:00", "Z")
    assert ids(f"?updated_since={future}") == []


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("?status=finished", "status", "Choose one of not_started, in_progress"),
        ("?overdue=maybe", "overdue", "Say true or false"),
        ("?plan=first", "plan", "Give the id as a whole number, like 12"),
        ("?updated_since=yesterday", "updated_since", "Give a date and time with its time zone"),
    ],
)
def test_api_bad_filter_is_400_naming_the_field(viewer, query, field, message):
    response = signed_in(viewer).get("/api/v1/actions/" + query)

    assert response.status_code == 400
    [error] = errors_of(response)
    assert error["field"] == field
    assert error["message"].startswith(message)


def test_api_page_that_does_not_exist_is_404(viewer, action):
    assert signed_in(viewer).get("/api/v1/actions/?page=9").status_code == 404


def _actions(section, count):
    for number in range(count):
        ActionFactory(section=section, reference=f"2.{number}")


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/plans/",
        "/api/v1/themes/",
        "/api/v1/sections/",
        "/api/v1/actions/?overdue=false&brag=",
        "/api/v1/risks/",
        "/api/v1/measures/",
        "/api/v1/meetings/",
        "/api/v1/highlight-reports/",
        "/api/v1/inspections/",
    ],
)
@pytest.mark.parametrize("size", [1, 30])
def test_api_lists_take_a_constant_number_of_queries(
    improvement_lead, local_authority, django_assert_max_num_queries, path, size
):
    for _ in range(size):
        section = SectionFactory(plan=PlanFactory(local_authority=local_authority))
        _actions(section, 2)
    client = signed_in(improvement_lead)

    # Session and user, the user's authority, the count and the page.
    with django_assert_max_num_queries(6):
        response = client.get(path)
    assert response.status_code == 200


def test_api_progress_list_takes_a_constant_number_of_queries(
    improvement_lead, action, django_assert_max_num_queries
):
    for number in range(20):
        services.action_record_progress(
            user=improvement_lead,
            action=action,
            expected_version=None,
            narrative=f"Step {number}",
            status="in_progress",
            recorded_on=datetime.date(2026, 1, 1),
        )
    client = signed_in(improvement_lead)

    # Session and user, the user's authority, the action's plan, the action, the count and
    # the page.
    with django_assert_max_num_queries(8):
        response = client.get(f"/api/v1/actions/{action.pk}/progress-updates/")
    assert response.json()["count"] == 20
