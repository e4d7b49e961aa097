"""Every id of the impact records: another local authority's is "not found", as is a missing
one, and an id under the wrong parent."""

from __future__ import annotations

import pytest
from django.http import Http404

from tests.authorisation_world import IMPROVEMENT_LEAD, Authority, build_authority
from tracker.performance import access

pytestmark = pytest.mark.django_db


@pytest.fixture
def two() -> tuple[Authority, Authority]:
    return build_authority("Northshire", "NS"), build_authority("Southshire", "SS")


CASES = [
    ("measure_get_for_user", {"measure_id": "measure"}),
    ("target_get_for_user", {"measure_id": "measure", "target_id": "target"}),
    ("measure_value_get_for_user", {"measure_id": "measure", "value_id": "measure_value"}),
    ("audit_get_for_user", {"audit_id": "audit"}),
    ("finding_get_for_user", {"audit_id": "audit", "finding_id": "finding"}),
    ("evidence_get_for_user", {"evidence_id": "evidence"}),
    ("expected_outcome_get_for_user", {"outcome_id": "expected_outcome"}),
]


@pytest.mark.parametrize(("helper", "kinds"), CASES)
def test_own_records_are_found_and_anyone_elses_are_not(two, helper, kinds):
    home, other = two
    user = home.users[IMPROVEMENT_LEAD]
    get = getattr(access, helper)
    own = {arg: home.ids[kind] for arg, kind in kinds.items()}
    assert get(user=user, **own).pk == own[list(kinds)[-1]]
    theirs = {arg: other.ids[kind] for arg, kind in kinds.items()}
    with pytest.raises(Http404):
        get(user=user, **theirs)
    missing = {**own, list(kinds)[-1]: 999_999}
    with pytest.raises(Http404):
        get(user=user, **missing)
    if len(kinds) == 2:
        # Own parent, another authority's child: the child is not the parent's.
        mixed = {**own, list(kinds)[-1]: other.ids[list(kinds.values())[-1]]}
        with pytest.raises(Http404):
            get(user=user, **mixed)
