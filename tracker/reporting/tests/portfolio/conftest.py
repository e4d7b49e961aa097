import pytest

from tracker.accounts.models import User
from tracker.accounts.tests.factories import UserFactory

# The coverage tests' small plan (a measure off target, a recommendation nothing answers), for
# the portfolio's counts over two plans.
from tracker.performance.tests.coverage.conftest import small_plan  # noqa: F401


@pytest.fixture
def adviser(db):
    """A DfE adviser: no local authority of their own."""
    return UserFactory(
        local_authority=None,
        role=User.Role.ADVISER,
        username="adviser",
        first_name="Jo",
        last_name="Adviser",
        email="jo.adviser@education.gov.uk",
    )
