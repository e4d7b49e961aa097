"""A board paper and the Statement of Action name where a merge moved each action from."""

from __future__ import annotations

import pytest

from tracker.plans import services as plan_services
from tracker.plans.merging.services import plan_merge
from tracker.reporting.documents.outline import appendix_row
from tracker.reporting.documents.statement_outline import statement_outline
from tracker.reporting.papers import selectors
from tracker.reporting.statements.selectors import statement_of_action_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def target(improvement_lead, local_authority):
    """A plan with one action of its own and one a merge moved from another plan."""
    plans = []
    for title in ("Statement of Action", "Improvement plan"):
        plan = plan_services.plan_create(
            user=improvement_lead, local_authority=local_authority, title=title, kind="service_plan"
        )
        section = plan_services.section_create(
            user=improvement_lead, plan=plan, number=1, title=f"{title} section"
        )
        plan_services.action_create(
            user=improvement_lead, section=section, reference="1.1", description="Do it"
        )
        plans.append(plan)
    source, target = plans
    plan_merge(user=improvement_lead, sources=[source], target=target)
    return target


def test_the_papers_action_rows_say_where_a_merged_action_came_from(target):
    data = selectors.plan_export_data(plan=target)

    first, moved = (action for section in data.appendix for action in section.actions)
    assert first.moved_from == ""
    assert (
        moved.moved_from == "1.1 in section 1. Statement of Action section of Statement of Action"
    )
    description = appendix_row(moved)[1]
    assert [line[0][0] for line in description] == [
        "Do it",
        "Moved from 1.1 in section 1. Statement of Action section of Statement of Action",
    ]
    assert [line[0][0] for line in appendix_row(first)[1]] == ["Do it"]


def test_the_statement_of_action_says_where_a_merged_action_came_from(target):
    data = statement_of_action_data(plan=target)

    first, moved = data.actions
    assert first.moved_from == ""
    assert (
        moved.moved_from == "1.1 in section 1. Statement of Action section of Statement of Action"
    )
    text = repr(statement_outline(data))
    assert text.count("Moved from 1.1 in section 1. Statement of Action section") == 1
