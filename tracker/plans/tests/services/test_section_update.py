import re

import pytest
from django.core.exceptions import ValidationError

from tracker.core.errors import ConcurrentEditError
from tracker.inspections.tests.factories import RecommendationFactory
from tracker.plans.models import ExpectedOutcome
from tracker.plans.services import section_create, section_update

STALE = (
    "This section was changed by someone else while you were editing it. "
    "Check the changes and try again."
)


def update(user, section, **overrides):
    kwargs = {
        "user": user,
        "section": section,
        "expected_version": section.version,
        "number": section.number,
        "title": section.title,
        "aim": section.aim,
        "theme": section.theme,
        "recommendations": list(section.recommendations.all()),
        "expected_outcomes": [o.text for o in section.expected_outcomes.all()],
    }
    kwargs.update(overrides)
    return section_update(**kwargs)


def outcome_texts(section):
    return list(section.expected_outcomes.order_by("position").values_list("text", flat=True))


def test_section_update_replaces_expected_outcomes_in_order(administrator, section):
    update(
        administrator,
        section,
        expected_outcomes=["Plans are reviewed", "Children are seen alone", "  ", "Audits improve"],
    )

    assert outcome_texts(section) == [
        "Plans are reviewed",
        "Children are seen alone",
        "Audits improve",
    ]
    assert list(section.expected_outcomes.values_list("position", flat=True)) == [1, 2, 3]


def test_section_update_keeps_unchanged_outcomes(administrator, section):
    before = list(section.expected_outcomes.values_list("pk", flat=True))

    update(administrator, section, title="New title")

    assert list(section.expected_outcomes.values_list("pk", flat=True)) == before


def test_section_update_removes_all_outcomes(administrator, section):
    update(administrator, section, expected_outcomes=[])

    assert section.expected_outcomes.count() == 0


def test_section_update_changes_details_and_recommendations(
    administrator, section, inspection, recommendation
):
    second = RecommendationFactory(inspection=inspection, number=2)

    updated = update(
        administrator,
        section,
        number=4,
        title=" Renamed ",
        aim=" New aim ",
        recommendations=[second],
    )

    updated.refresh_from_db()
    assert updated.number == 4
    assert updated.title == "Renamed"
    assert updated.aim == "New aim"
    assert list(updated.recommendations.all()) == [second]
    assert updated.version == 2
    assert updated.history.first().history_user == administrator


def test_section_update_refuses_the_number_of_another_section(
    improvement_lead, administrator, plan, section
):
    section_create(user=improvement_lead, plan=plan, number=2, title="Two")

    with pytest.raises(ValidationError) as excinfo:
        update(administrator, section, number=2, expected_outcomes=["Changed"])

    assert excinfo.value.message_dict["number"] == ["This plan already has a section 2"]
    section.refresh_from_db()
    assert section.number == 1
    assert outcome_texts(section) == ["Supervision is regular", "Plans are reviewed"]


def test_section_update_refuses_a_recommendation_of_another_authority(
    administrator, section, recommendation, other_recommendation
):
    with pytest.raises(ValidationError) as excinfo:
        update(administrator, section, recommendations=[other_recommendation])

    assert excinfo.value.message_dict["recommendations"] == [
        "Choose recommendations from this local authority"
    ]
    assert list(section.recommendations.all()) == [recommendation]


def test_section_update_refuses_a_stale_version_and_writes_nothing(administrator, section):
    outcomes_before = ExpectedOutcome.objects.count()
    update(administrator, section, title="First editor")

    with pytest.raises(ConcurrentEditError, match=re.escape(STALE)):
        update(
            administrator,
            section,
            expected_version=1,
            title="Second editor",
            expected_outcomes=["Different"],
        )

    section.refresh_from_db()
    assert section.title == "First editor"
    assert section.version == 2
    assert ExpectedOutcome.objects.count() == outcomes_before
    assert outcome_texts(section) == ["Supervision is regular", "Plans are reviewed"]
