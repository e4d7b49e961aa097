"""Turning ids into programme objects: another authority's things are not found."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404

from tracker.accounts.tests.factories import UserFactory
from tracker.programme import services
from tracker.programme.access import (
    budget_line_get_for_user,
    deliverable_get_for_user,
    milestone_get_for_user,
    programme_get_for_user,
    project_get_for_user,
)

pytestmark = pytest.mark.django_db


def test_programme_get_for_user_finds_own_authoritys_programme(viewer, programme):
    assert programme_get_for_user(user=viewer, programme_id=programme.pk) == programme


@pytest.mark.parametrize("who", ["outsider", "anonymous", "homeless"])
def test_programme_get_for_user_hides_from_others(who, outsider, programme):
    user = {
        "outsider": outsider,
        "anonymous": AnonymousUser(),
        "homeless": UserFactory(local_authority=None),
    }[who]
    with pytest.raises(Http404):
        programme_get_for_user(user=user, programme_id=programme.pk)


def test_programme_get_for_user_404_for_missing(viewer):
    with pytest.raises(Http404, match="No such programme"):
        programme_get_for_user(user=viewer, programme_id=999_999)


def test_project_get_for_user_checks_the_programme(
    viewer, outsider, programme, project, local_authority
):
    assert project_get_for_user(user=viewer, programme_id=programme.pk, project_id=project.pk)
    other = services.programme_create(user=None, local_authority=local_authority, name="Other")
    with pytest.raises(Http404, match="No such project"):
        project_get_for_user(user=viewer, programme_id=other.pk, project_id=project.pk)
    with pytest.raises(Http404, match="No such project"):
        project_get_for_user(user=viewer, programme_id=programme.pk, project_id=999_999)
    with pytest.raises(Http404, match="No such programme"):
        project_get_for_user(user=outsider, programme_id=programme.pk, project_id=project.pk)


def test_deliverable_and_milestone_get_for_user_check_the_project(
    viewer, outsider, programme, project, deliverable, milestone
):
    sibling = services.project_create(user=None, programme=programme, name="Edges of care")
    ids = {"programme_id": programme.pk, "project_id": project.pk}
    assert deliverable_get_for_user(user=viewer, deliverable_id=deliverable.pk, **ids)
    assert milestone_get_for_user(user=viewer, milestone_id=milestone.pk, **ids)
    wrong = {"programme_id": programme.pk, "project_id": sibling.pk}
    with pytest.raises(Http404, match="No such deliverable"):
        deliverable_get_for_user(user=viewer, deliverable_id=deliverable.pk, **wrong)
    with pytest.raises(Http404, match="No such milestone"):
        milestone_get_for_user(user=viewer, milestone_id=milestone.pk, **wrong)
    with pytest.raises(Http404):
        deliverable_get_for_user(user=outsider, deliverable_id=deliverable.pk, **ids)
    with pytest.raises(Http404):
        milestone_get_for_user(user=outsider, milestone_id=milestone.pk, **ids)


def test_budget_line_get_for_user_checks_the_programme(
    viewer, outsider, programme, budget_line, local_authority
):
    assert budget_line_get_for_user(
        user=viewer, programme_id=programme.pk, budget_line_id=budget_line.pk
    )
    other = services.programme_create(user=None, local_authority=local_authority, name="Other")
    with pytest.raises(Http404, match="No such budget line"):
        budget_line_get_for_user(user=viewer, programme_id=other.pk, budget_line_id=budget_line.pk)
    with pytest.raises(Http404):
        budget_line_get_for_user(
            user=outsider, programme_id=programme.pk, budget_line_id=budget_line.pk
        )
