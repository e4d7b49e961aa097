import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from tracker.accounts.models import User
from tracker.accounts.tests.factories import UserFactory
from tracker.inspections.access import inspection_get_for_user, recommendation_get_for_user
from tracker.inspections.models import Inspection
from tracker.inspections.tests.factories import InspectionFactory, RecommendationFactory


@pytest.fixture
def inspection(local_authority):
    return InspectionFactory(local_authority=local_authority)


@pytest.fixture
def recommendation(inspection):
    return RecommendationFactory(inspection=inspection, number=1)


@pytest.fixture
def other_inspection(other_local_authority):
    return InspectionFactory(local_authority=other_local_authority)


def missing_id(model):
    return (model.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1000


# inspection_get_for_user -------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(User.Role))
def test_inspection_get_for_user_returns_its_own_authoritys_inspection(
    local_authority, inspection, role
):
    user = UserFactory(local_authority=local_authority, role=role)

    assert inspection_get_for_user(user=user, inspection_id=inspection.pk) == inspection


def test_inspection_get_for_user_another_authoritys_inspection_is_404(outsider, inspection):
    with pytest.raises(Http404, match="No such inspection"):
        inspection_get_for_user(user=outsider, inspection_id=inspection.pk)


def test_inspection_get_for_user_missing_id_is_404(improvement_lead, inspection):
    with pytest.raises(Http404, match="No such inspection"):
        inspection_get_for_user(user=improvement_lead, inspection_id=missing_id(Inspection))


def test_inspection_get_for_user_without_authority_is_404(inspection):
    user = UserFactory(local_authority=None, role=User.Role.ADMINISTRATOR, is_superuser=True)

    with pytest.raises(Http404):
        inspection_get_for_user(user=user, inspection_id=inspection.pk)


def test_inspection_get_for_anonymous_user_is_404(inspection):
    with pytest.raises(Http404):
        inspection_get_for_user(user=AnonymousUser(), inspection_id=inspection.pk)


def test_inspection_get_for_user_missing_and_forbidden_look_the_same(outsider, inspection):
    with pytest.raises(Http404) as forbidden:
        inspection_get_for_user(user=outsider, inspection_id=inspection.pk)
    with pytest.raises(Http404) as missing:
        inspection_get_for_user(user=outsider, inspection_id=missing_id(Inspection))

    assert str(forbidden.value) == str(missing.value)


# recommendation_get_for_user ---------------------------------------------------------------------


def test_recommendation_get_for_user_returns_it(viewer, inspection, recommendation):
    found = recommendation_get_for_user(
        user=viewer, inspection_id=inspection.pk, recommendation_id=recommendation.pk
    )

    assert found == recommendation


def test_recommendation_get_for_user_another_authority_is_404(outsider, inspection, recommendation):
    with pytest.raises(Http404, match="No such inspection"):
        recommendation_get_for_user(
            user=outsider, inspection_id=inspection.pk, recommendation_id=recommendation.pk
        )


def test_recommendation_get_for_user_via_own_inspection_of_another_authoritys_is_404(
    outsider, other_inspection, recommendation
):
    """An outsider cannot reach a recommendation by pairing it with their own inspection's id."""
    with pytest.raises(Http404, match="No such recommendation"):
        recommendation_get_for_user(
            user=outsider, inspection_id=other_inspection.pk, recommendation_id=recommendation.pk
        )


def test_recommendation_get_for_user_of_a_different_inspection_is_404(
    local_authority, improvement_lead, recommendation
):
    second = InspectionFactory(local_authority=local_authority)

    with pytest.raises(Http404, match="No such recommendation"):
        recommendation_get_for_user(
            user=improvement_lead, inspection_id=second.pk, recommendation_id=recommendation.pk
        )


def test_recommendation_get_for_user_missing_id_is_404(
    improvement_lead, inspection, recommendation
):
    with pytest.raises(Http404, match="No such recommendation"):
        recommendation_get_for_user(
            user=improvement_lead,
            inspection_id=inspection.pk,
            recommendation_id=recommendation.pk + 1000,
        )


def test_recommendation_get_for_user_missing_inspection_is_404(improvement_lead, recommendation):
    with pytest.raises(Http404, match="No such inspection"):
        recommendation_get_for_user(
            user=improvement_lead,
            inspection_id=missing_id(Inspection),
            recommendation_id=recommendation.pk,
        )


def test_recommendation_get_for_user_without_authority_is_404(inspection, recommendation):
    user = UserFactory(local_authority=None)

    with pytest.raises(Http404):
        recommendation_get_for_user(
            user=user, inspection_id=inspection.pk, recommendation_id=recommendation.pk
        )
