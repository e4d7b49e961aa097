import pytest

from tracker.accounts.models import User
from tracker.accounts.tests.factories import OrganisationFactory, UserFactory


@pytest.fixture
def police_admin(local_authority, police):
    return UserFactory(
        local_authority=local_authority,
        organisation=police,
        role=User.Role.ACTION_OWNER,
        manages_organisation=True,
        username="police-admin",
        email="admin@police.example.org",
    )


@pytest.fixture
def police_officer(local_authority, police):
    return UserFactory(
        local_authority=local_authority,
        organisation=police,
        role=User.Role.ACTION_OWNER,
        username="police-officer",
        first_name="Kiran",
        last_name="Dhillon",
        email="kiran@police.example.org",
    )


@pytest.fixture
def nurse(local_authority):
    health = OrganisationFactory(local_authority=local_authority, name="ICB", kind="health")
    return UserFactory(
        local_authority=local_authority,
        organisation=health,
        role=User.Role.ACTION_OWNER,
        username="nurse",
    )
