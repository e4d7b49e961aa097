import datetime
from decimal import Decimal

import pytest
from django.test import Client

from tracker.api.tests.conftest import errors_of, signed_in
from tracker.performance.models import MeasureValue
from tracker.plans.models import DueDateChange, Plan, ProgressUpdate
from tracker.plans.tests.factories import PlanFactory

pytestmark = pytest.mark.django_db

JSON = "application/json"


def _post(client, path, data, if_match=None):
    headers = {} if if_match is None else {"If-Match": if_match}
    return client.post(path, data, content_type=JSON, headers=headers)


def _patch(client, path, data, if_match=None):
    headers = {} if if_match is None else {"If-Match": if_match}
    return client.patch(path, data, content_type=JSON, headers=headers)


PROGRESS = {"narrative": "Audits now monthly", "status": "in_progress", "brag": "green"}


# Progress ---------------------------------------------------------------------------------------


def test_api_progress_is_recorded_with_the_actions_etag(action_owner, action):
    path = f"/api/v1/actions/{action.pk}/progress-updates/"
    client = signed_in(action_owner)
    etag = client.get(f"/api/v1/actions/{action.pk}/")["ETag"]

    response = _post(client, path, PROGRESS, if_match=etag)

    assert response.status_code == 201
    action.refresh_from_db()
    assert action.brag == "green"
    assert response["ETag"] == f'"{action.version}"'
    assert response.json()["narrative"] == "Audits now monthly"
    update = ProgressUpdate.objects.get(action=action)
    assert update.author_id == action_owner.pk
    assert update.history.count() == 1


def test_api_progress_without_if_match_is_428_and_writes_nothing(action_owner, action):
    response = _post(
        signed_in(action_owner), f"/api/v1/actions/{action.pk}/progress-updates/", PROGRESS
    )

    assert response.status_code == 428
    assert errors_of(response)[0]["code"] == "if_match_required"
    assert not ProgressUpdate.objects.exists()


@pytest.mark.parametrize("if_match", ['"999"', "*", "nonsense"])
def test_api_progress_with_a_stale_etag_is_412_and_writes_nothing(action_owner, action, if_match):
    response = _post(
        signed_in(action_owner),
        f"/api/v1/actions/{action.pk}/progress-updates/",
        PROGRESS,
        if_match=if_match,
    )

    assert response.status_code == 412
    [error] = errors_of(response)
    assert error["code"] == "concurrent_edit"
    assert error["message"].startswith("This record was changed by someone else")
    assert not ProgressUpdate.objects.exists()


def test_api_progress_validation_errors_name_the_fields(action_owner, action):
    response = _post(
        signed_in(action_owner),
        f"/api/v1/actions/{action.pk}/progress-updates/",
        {"status": "verified"},
        if_match=f'"{action.version}"',
    )

    assert response.status_code == 400
    errors = {error["field"]: error for error in errors_of(response)}
    assert errors["narrative"]["message"] == "Describe the progress made"
    assert errors["status"]["code"] == "invalid_choice"
    assert not ProgressUpdate.objects.exists()


def test_api_progress_refused_to_a_viewer(viewer, action):
    response = _post(
        signed_in(viewer),
        f"/api/v1/actions/{action.pk}/progress-updates/",
        PROGRESS,
        if_match=f'"{action.version}"',
    )

    assert response.status_code == 403
    assert errors_of(response)[0]["message"].startswith("Only the action's owners")


def test_api_progress_on_another_authoritys_action_is_404(improvement_lead, other_action):
    response = _post(
        signed_in(improvement_lead),
        f"/api/v1/actions/{other_action.pk}/progress-updates/",
        PROGRESS,
        if_match=f'"{other_action.version}"',
    )

    assert response.status_code == 404


def test_api_progress_on_an_action_that_does_not_exist_is_404_and_writes_nothing(
    improvement_lead, action
):
    response = _post(
        signed_in(improvement_lead),
        f"/api/v1/actions/{action.pk + 1000}/progress-updates/",
        PROGRESS,
        if_match=f'"{action.version}"',
    )

    assert response.status_code == 404
    assert errors_of(response)[0]["code"] == "not_found"
    assert not ProgressUpdate.objects.exists()


def test_api_progress_takes_a_fixed_number_of_queries(
    action_owner, action, django_assert_max_num_queries
):
    """The token or session and the user, the action read once under the lock with its plan
    (the access check and the write), whether the user owns it, the entry and its history
    row, the action and its history row, its links read and its one kind copied, and the
    data version: 11, and the savepoint pair of the test's transaction. An entry that changes
    the action's status or BRAG moves the structure version too: one more."""
    client = signed_in(action_owner)
    path = f"/api/v1/actions/{action.pk}/progress-updates/"
    etag = client.get(f"/api/v1/actions/{action.pk}/")["ETag"]
    with django_assert_max_num_queries(11 + 2 + 1):
        response = _post(client, path, PROGRESS, if_match=etag)  # no BRAG before: Green now
    assert response.status_code == 201
    etag = client.get(f"/api/v1/actions/{action.pk}/")["ETag"]
    with django_assert_max_num_queries(11 + 2):
        response = _post(
            client, path, PROGRESS | {"narrative": "Audits in every team"}, if_match=etag
        )
    assert response.status_code == 201


def test_api_progress_by_a_partner_on_their_organisations_action(
    police_officer, police, action, shared_with_police
):
    action.owner_organisations.add(police)

    response = _post(
        signed_in(police_officer),
        f"/api/v1/actions/{action.pk}/progress-updates/",
        PROGRESS,
        if_match=f'"{action.version}"',
    )

    assert response.status_code == 201


def test_api_progress_of_a_plan_not_shared_is_404_to_a_partner(police_officer, police, action):
    action.owner_organisations.add(police)

    response = _post(
        signed_in(police_officer),
        f"/api/v1/actions/{action.pk}/progress-updates/",
        PROGRESS,
        if_match=f'"{action.version}"',
    )

    assert response.status_code == 404


def test_api_writes_need_the_csrf_token_of_the_session(action_owner, action):
    client = Client(enforce_csrf_checks=True)
    client.force_login(action_owner)

    response = _post(
        client, f"/api/v1/actions/{action.pk}/progress-updates/", PROGRESS, if_match='"1"'
    )

    assert response.status_code == 403
    assert "CSRF" in errors_of(response)[0]["message"]
    assert not ProgressUpdate.objects.exists()


def test_api_body_that_is_not_json_is_refused(action_owner, action):
    response = signed_in(action_owner).post(
        f"/api/v1/actions/{action.pk}/progress-updates/",
        "narrative=x",
        content_type="application/x-www-form-urlencoded",
        headers={"If-Match": f'"{action.version}"'},
    )

    assert response.status_code == 415
    assert errors_of(response)[0]["code"] == "unsupported_media_type"


# Due date ---------------------------------------------------------------------------------------


def test_api_due_date_change_is_recorded_with_its_reason(improvement_lead, action):
    response = _patch(
        signed_in(improvement_lead),
        f"/api/v1/actions/{action.pk}/",
        {"due_on": "2027-06-30", "reason": "Recruitment delayed"},
        if_match=f'"{action.version}"',
    )

    assert response.status_code == 200
    assert response.json()["due_on"] == "2027-06-30"
    action.refresh_from_db()
    assert action.due_on == datetime.date(2027, 6, 30)
    assert response["ETag"] == f'"{action.version}"'
    change = DueDateChange.objects.get(action=action)
    assert change.reason == "Recruitment delayed"
    assert change.previous_due_on == datetime.date(2027, 3, 31)


def test_api_due_date_change_needs_a_reason(improvement_lead, action):
    response = _patch(
        signed_in(improvement_lead),
        f"/api/v1/actions/{action.pk}/",
        {"due_on": "2027-06-30"},
        if_match=f'"{action.version}"',
    )

    assert response.status_code == 400
    assert errors_of(response) == [
        {
            "field": "reason",
            "code": "invalid",
            "message": "Explain why the due date is changing: the board sees every "
            "re-baselined action",
        }
    ]
    assert not DueDateChange.objects.exists()


def test_api_due_date_change_on_a_merged_plan_is_409(improvement_lead, action, local_authority):
    Plan.objects.filter(pk=action.plan_id).update(
        merged_into=PlanFactory(local_authority=local_authority)
    )

    response = _patch(
        signed_in(improvement_lead),
        f"/api/v1/actions/{action.pk}/",
        {"due_on": "2027-06-30", "reason": "Later"},
        if_match=f'"{action.version}"',
    )

    assert response.status_code == 409
    [error] = errors_of(response)
    assert error["field"] is None
    assert "merged" in error["message"]
    assert not DueDateChange.objects.exists()


def test_api_due_date_change_refused_to_an_action_owner(action_owner, action):
    response = _patch(
        signed_in(action_owner),
        f"/api/v1/actions/{action.pk}/",
        {"due_on": "2027-06-30", "reason": "Later"},
        if_match=f'"{action.version}"',
    )

    assert response.status_code == 403


def test_api_due_date_change_needs_if_match_and_a_current_one(improvement_lead, action):
    client = signed_in(improvement_lead)
    path = f"/api/v1/actions/{action.pk}/"
    change = {"due_on": "2027-06-30", "reason": "Later"}

    assert _patch(client, path, change).status_code == 428
    assert _patch(client, path, change, if_match=f'"{action.version + 1}"').status_code == 412
    assert not DueDateChange.objects.exists()


# Measure values -----------------------------------------------------------------------------------

VALUE = {"period_end": "2026-10-31", "value": "23.50", "england": "21.00"}


def test_api_measure_value_is_recorded(improvement_lead, measure):
    response = _post(
        signed_in(improvement_lead),
        f"/api/v1/measures/{measure.pk}/values/",
        VALUE,
        if_match=f'"{measure.version}"',
    )

    assert response.status_code == 201
    value = MeasureValue.objects.get(measure=measure)
    assert value.value == Decimal("23.50")
    assert value.england == Decimal("21.00")
    assert value.recorded_by_id == improvement_lead.pk


def test_api_measure_value_for_a_day_that_ends_no_period_is_400(improvement_lead, measure):
    response = _post(
        signed_in(improvement_lead),
        f"/api/v1/measures/{measure.pk}/values/",
        {**VALUE, "period_end": "2026-10-15"},
        if_match=f'"{measure.version}"',
    )

    assert response.status_code == 400
    assert errors_of(response)[0]["field"] == "period_end"
    assert not MeasureValue.objects.exists()


def test_api_measure_value_refused_to_viewers_and_partners(viewer, police_officer, measure):
    for user in (viewer, police_officer):
        response = _post(
            signed_in(user),
            f"/api/v1/measures/{measure.pk}/values/",
            VALUE,
            if_match=f'"{measure.version}"',
        )
        assert response.status_code == 403
    assert not MeasureValue.objects.exists()


def test_api_measure_value_needs_if_match_and_a_current_one(improvement_lead, measure):
    client = signed_in(improvement_lead)
    path = f"/api/v1/measures/{measure.pk}/values/"

    assert _post(client, path, VALUE).status_code == 428
    assert _post(client, path, VALUE, if_match=f'"{measure.version + 1}"').status_code == 412
    assert not MeasureValue.objects.exists()


def test_api_measure_value_of_another_authority_is_404(outsider, measure):
    response = _post(
        signed_in(outsider),
        f"/api/v1/measures/{measure.pk}/values/",
        VALUE,
        if_match=f'"{measure.version}"',
    )

    assert response.status_code == 404
