import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import Http404

from tracker.accounts.access import local_authority_for_user, require_plan_editor
from tracker.accounts.models import User
from tracker.accounts.tests.factories import UserFactory

READ_ONLY = re.escape("You can read this plan but not change it.")


def test_local_authority_for_user_is_the_users_own(improvement_lead, local_authority):
    assert local_authority_for_user(user=improvement_lead) == local_authority


def test_local_authority_for_user_of_another_authority(outsider, other_local_authority):
    assert local_authority_for_user(user=outsider) == other_local_authority


def test_local_authority_for_user_without_one_is_404(db):
    user = UserFactory(local_authority=None, role=User.Role.ADMINISTRATOR)

    with pytest.raises(Http404, match="You do not belong to a local authority"):
        local_authority_for_user(user=user)


def test_local_authority_for_anonymous_user_is_404(db):
    with pytest.raises(Http404, match="Not found"):
        local_authority_for_user(user=AnonymousUser())


@pytest.mark.parametrize("role", [User.Role.VIEWER, User.Role.ACTION_OWNER])
def test_require_plan_editor_refuses_readers(local_authority, role):
    user = UserFactory(local_authority=local_authority, role=role)

    with pytest.raises(PermissionDenied, match=READ_ONLY):
        require_plan_editor(user=user)


def test_require_plan_editor_refuses_the_viewer_fixture(viewer):
    with pytest.raises(PermissionDenied, match=READ_ONLY):
        require_plan_editor(user=viewer)


def test_require_plan_editor_refuses_the_action_owner_fixture(action_owner):
    with pytest.raises(PermissionDenied, match=READ_ONLY):
        require_plan_editor(user=action_owner)


def test_require_plan_editor_allows_an_improvement_lead(improvement_lead):
    require_plan_editor(user=improvement_lead)


def test_require_plan_editor_allows_an_administrator(administrator):
    require_plan_editor(user=administrator)


@pytest.mark.parametrize(
    ("role", "can_edit"),
    [
        (User.Role.ADMINISTRATOR, True),
        (User.Role.IMPROVEMENT_LEAD, True),
        (User.Role.ACTION_OWNER, False),
        (User.Role.VIEWER, False),
    ],
)
def test_user_can_edit_plans_by_role(local_authority, role, can_edit):
    user = UserFactory(local_authority=local_authority, role=role)

    assert user.can_edit_plans is can_edit


# Administration ---------------------------------------------------------------------------------


def test_require_administrator_refuses_every_other_role(local_authority):
    from tracker.accounts.access import require_administrator

    for role in (User.Role.IMPROVEMENT_LEAD, User.Role.ACTION_OWNER, User.Role.VIEWER):
        user = UserFactory(local_authority=local_authority, role=role)
        with pytest.raises(PermissionDenied, match="Only your local authority's administrators"):
            require_administrator(user=user)


def test_administration_helpers_find_only_the_administrators_own_authoritys_records(
    administrator, viewer, head_of_safeguards, police, other_local_authority
):
    from tracker.accounts import access
    from tracker.accounts.tests.factories import OrganisationFactory, PostFactory
    from tracker.core.models import ClosureDay

    assert (
        access.managed_user_get_for_administrator(user=administrator, user_id=viewer.pk) == viewer
    )
    assert access.post_get_for_administrator(user=administrator, post_id=head_of_safeguards.pk)
    assert access.organisation_get_for_administrator(user=administrator, organisation_id=police.pk)
    foreign_user = UserFactory(local_authority=other_local_authority)
    foreign_post = PostFactory(local_authority=other_local_authority)
    foreign_organisation = OrganisationFactory(local_authority=other_local_authority)
    foreign_day = ClosureDay.objects.create(
        local_authority=other_local_authority,
        falls_on=datetime.date(2026, 12, 29),
        kind="extra_closure",
        reason="Theirs",
    )
    with pytest.raises(Http404, match="No such user"):
        access.managed_user_get_for_administrator(user=administrator, user_id=foreign_user.pk)
    with pytest.raises(Http404, match="No such post"):
        access.post_get_for_administrator(user=administrator, post_id=foreign_post.pk)
    with pytest.raises(Http404, match="No such organisation"):
        access.organisation_get_for_administrator(
            user=administrator, organisation_id=foreign_organisation.pk
        )
    with pytest.raises(Http404, match="No such closure day"):
        access.closure_day_get_for_administrator(user=administrator, closure_day_id=foreign_day.pk)


def test_administration_helpers_refuse_a_non_administrator_in_the_authority(viewer, action_owner):
    """Another authority's or a missing id is 404 for everyone, as on every page; an id of the
    authority is refused (403) to anyone but an administrator."""
    from tracker.accounts.access import managed_user_get_for_administrator

    with pytest.raises(Http404):
        managed_user_get_for_administrator(user=viewer, user_id=999999)
    with pytest.raises(PermissionDenied):
        managed_user_get_for_administrator(user=viewer, user_id=action_owner.pk)
