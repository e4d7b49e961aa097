"""Django's admin is for the platform operator (superusers) only."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from tracker.accounts.models import User
from tracker.accounts.tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ADMIN_PAGES = [
    "admin:index",
    "admin:accounts_user_changelist",
    "admin:plans_plan_changelist",
    "admin:core_closureday_changelist",
]


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_staff_who_are_not_superusers_get_nothing_from_the_admin(client, local_authority, name):
    """Before, staff status and model permissions opened every authority's records."""
    staff = UserFactory(
        local_authority=local_authority, role=User.Role.ADMINISTRATOR, is_staff=True
    )
    staff.user_permissions.set(Permission.objects.all())
    client.force_login(staff)

    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_an_authority_administrator_gets_nothing_from_the_admin(client, administrator, name):
    client.force_login(administrator)

    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_a_superuser_uses_the_admin(admin_client, name):
    assert admin_client.get(reverse(name)).status_code == 200


def test_the_header_offers_administrators_the_services_own_pages_not_the_admin(
    client, administrator
):
    client.force_login(administrator)

    text = client.get(reverse("core:dashboard")).content.decode()

    assert f'href="{reverse("accounts:manage")}"' in text
    assert reverse("admin:index") not in text


@pytest.mark.parametrize("role", [User.Role.IMPROVEMENT_LEAD, User.Role.VIEWER])
def test_the_header_offers_others_no_administration(client, local_authority, role):
    client.force_login(UserFactory(local_authority=local_authority, role=role, is_staff=True))

    text = client.get(reverse("core:dashboard")).content.decode()

    assert reverse("accounts:manage") not in text
    assert reverse("admin:index") not in text
    assert "Administration" not in text


def test_the_footer_offers_a_superuser_the_platform_administration(admin_user, client):
    admin_user.local_authority = UserFactory().local_authority
    admin_user.save()
    client.force_login(admin_user)

    text = client.get(reverse("core:dashboard")).content.decode()

    assert f'href="{reverse("admin:index")}">Platform administration</a>' in text
