"""The demo's Statement of Action merged into the improvement plan, keeping its six themes
and their thematic leads."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from tracker.plans.demo import ilacs_2022, jtai_2022, load_demo_data
from tracker.plans.models import Action, Plan, PlanMerge, Section

pytestmark = pytest.mark.django_db


def _run() -> str:
    out = io.StringIO()
    call_command("load_merge_demo", stdout=out)
    return out.getvalue()


def test_load_merge_demo_keeps_the_six_themes_and_their_leads():
    load_demo_data(password="demo-password-for-tests")
    statement = Plan.objects.get(title=jtai_2022.PLAN_TITLE)
    improvement_plan = Plan.objects.get(title=ilacs_2022.PLAN_TITLE)
    themes_before = {
        s.title: (s.theme.name, s.theme.lead_id, s.theme.lead_post_id)
        for s in statement.sections.select_related("theme")
    }
    actions = statement.actions.count()

    assert "Statement of Action merged into" in _run()

    statement.refresh_from_db()
    assert statement.merged_into == improvement_plan
    moved = Section.objects.filter(plan=improvement_plan, origin_plan=statement).select_related(
        "theme"
    )
    assert len(themes_before) == 6
    assert {
        s.title: (s.theme.name, s.theme.lead_id, s.theme.lead_post_id) for s in moved
    } == themes_before
    assert {s.theme.plan_id for s in moved} == {improvement_plan.pk}
    assert Action.objects.filter(plan=improvement_plan, origin_plan=statement).count() == actions
    assert not statement.actions.exists()
    # Safe to run again.
    assert "merged already" in _run()
    assert PlanMerge.objects.count() == 1


def test_load_merge_demo_needs_the_demo():
    with pytest.raises(CommandError, match="run load_demo_data first"):
        _run()
