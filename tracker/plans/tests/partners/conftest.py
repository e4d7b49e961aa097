import pytest

from tracker.accounts.models import User
from tracker.accounts.tests.factories import OrganisationFactory, UserFactory
from tracker.plans import services


@pytest.fixture
def health(local_authority):
    return OrganisationFactory(
        local_authority=local_authority,
        name="Birmingham and Solihull Integrated Care Board",
        kind="health",
    )


@pytest.fixture
def police_officer(local_authority, police):
    return UserFactory(
        local_authority=local_authority,
        organisation=police,
        role=User.Role.ACTION_OWNER,
        username="police-officer",
    )


@pytest.fixture
def nurse(local_authority, health):
    return UserFactory(
        local_authority=local_authority,
        organisation=health,
        role=User.Role.ACTION_OWNER,
        username="nurse",
    )


@pytest.fixture
def other_plan(improvement_lead, local_authority):
    """A plan of the same authority that is never shared with the police."""
    return services.plan_create(
        user=improvement_lead,
        local_authority=local_authority,
        title="Service plan: early help",
        kind="service_plan",
    )
