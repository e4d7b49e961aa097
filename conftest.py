"""Fixtures shared by every test: two local authorities and a user of each role."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tracker.accounts.models import User
from tracker.accounts.tests.factories import (
    LocalAuthorityFactory,
    OrganisationFactory,
    PostFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: ids are reused once a test's transaction is
    rolled back, so a key made in one test could otherwise name another test's data."""
    cache.clear()


@pytest.fixture
def local_authority(db):
    return LocalAuthorityFactory(
        name="Solihull Metropolitan Borough Council", short_name="Solihull"
    )


@pytest.fixture
def other_local_authority(db):
    return LocalAuthorityFactory(name="Elsewhere Borough Council", short_name="Elsewhere")


@pytest.fixture
def head_of_safeguards(local_authority):
    return PostFactory(local_authority=local_authority, title="Head of Service Safeguards")


@pytest.fixture
def police(local_authority):
    return OrganisationFactory(
        local_authority=local_authority, name="West Midlands Police", kind="police"
    )


@pytest.fixture
def improvement_lead(local_authority):
    return UserFactory(
        local_authority=local_authority, role=User.Role.IMPROVEMENT_LEAD, username="lead"
    )


@pytest.fixture
def administrator(local_authority):
    return UserFactory(
        local_authority=local_authority, role=User.Role.ADMINISTRATOR, username="admin"
    )


@pytest.fixture
def action_owner(local_authority, head_of_safeguards):
    user = UserFactory(
        local_authority=local_authority, role=User.Role.ACTION_OWNER, username="owner"
    )
    user.posts.add(head_of_safeguards)
    return user


@pytest.fixture
def viewer(local_authority):
    return UserFactory(local_authority=local_authority, role=User.Role.VIEWER, username="viewer")


@pytest.fixture
def outsider(other_local_authority):
    return UserFactory(
        local_authority=other_local_authority, role=User.Role.IMPROVEMENT_LEAD, username="outsider"
    )
