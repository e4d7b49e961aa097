"""Retired posts and organisations are not offered as owners of new work, but an action that
already names one keeps it."""

from django.urls import reverse

from tracker.accounts.models import Post
from tracker.accounts.tests.factories import OrganisationFactory, PostFactory


def _options(response, field):
    return {str(choice[1]) for choice in response.context["form"].fields[field].choices}


def test_new_action_is_not_offered_retired_posts_or_organisations(
    client, improvement_lead, local_authority, plan, section
):
    PostFactory(local_authority=local_authority, title="Head of Early Help")
    PostFactory(local_authority=local_authority, title="Retired post", is_retired=True)
    OrganisationFactory(local_authority=local_authority, name="Retired trust", is_retired=True)
    client.force_login(improvement_lead)

    response = client.get(reverse("plans:action_create", args=[plan.pk]))

    assert "Head of Early Help" in _options(response, "owner_posts")
    assert "Retired post" not in _options(response, "owner_posts")
    assert "Retired trust" not in _options(response, "owner_organisations")


def test_editing_an_action_keeps_its_retired_owner_on_offer(
    client, improvement_lead, action, head_of_safeguards
):
    Post.objects.filter(pk=head_of_safeguards.pk).update(is_retired=True)
    client.force_login(improvement_lead)

    response = client.get(reverse("plans:action_update", args=[action.plan_id, action.pk]))

    assert "Head of Service Safeguards" in _options(response, "owner_posts")
