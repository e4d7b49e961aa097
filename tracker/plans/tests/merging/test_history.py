"""After a merge, the past is still right: the source plan as it stood before the merge, the
target without the moved actions before it, and the BRAG chart counting each action once."""

from __future__ import annotations

import datetime

from django.utils import timezone

from tracker.plans import services
from tracker.plans.demo.dating import dated
from tracker.plans.history.selectors import action_rows_on, brag_over_time, plan_as_at
from tracker.plans.merging.services import plan_merge

WRITTEN_ON = datetime.date(2025, 3, 1)
MERGE_DAY = datetime.date(2025, 3, 12)


def test_the_source_plan_before_the_merge_is_rebuilt(improvement_lead, source, target):
    before = [row.reference for row in action_rows_on(plan=source, on=timezone.localdate())]
    result = plan_merge(user=improvement_lead, sources=[source], target=target)
    source.refresh_from_db()

    past = plan_as_at(plan=source, on=timezone.localdate(), moment=source.merged_at)

    assert [item.row.reference for s in past.sections for item in s.actions] == before
    assert [s.heading for s in past.sections] == [
        "1. Training for social workers",
        "2. Joint working in the MASH",
    ]
    assert all(item.row.latest_narrative == "Started" for s in past.sections for item in s.actions)
    # Today the source is empty; the target has them all.
    assert plan_as_at(plan=source, on=timezone.localdate()).total == 0
    assert plan_as_at(plan=target, on=timezone.localdate()).total == 6
    assert result.merge is not None


def test_past_days_follow_actions_moved_between_plans(improvement_lead, local_authority):
    with dated(WRITTEN_ON):
        plans = []
        for title in ("Source", "Target"):
            plan = services.plan_create(
                user=improvement_lead,
                local_authority=local_authority,
                title=title,
                kind="service_plan",
            )
            section = services.section_create(
                user=improvement_lead, plan=plan, number=1, title=f"{title} section"
            )
            services.action_create(
                user=improvement_lead, section=section, reference="1.1", description=title
            )
            plans.append(plan)
    source, target = plans
    with dated(MERGE_DAY):
        plan_merge(user=improvement_lead, sources=[source], target=target)
    day_before = MERGE_DAY - datetime.timedelta(days=1)

    assert len(action_rows_on(plan=source, on=day_before)) == 1
    assert len(action_rows_on(plan=target, on=day_before)) == 1
    assert len(action_rows_on(plan=source, on=MERGE_DAY)) == 0
    assert [row.reference for row in action_rows_on(plan=target, on=MERGE_DAY)] == ["1.1", "2.1"]
    chart = dict(brag_over_time(plan=source, dates=[day_before, MERGE_DAY]))
    assert (sum(chart[day_before].values()), sum(chart[MERGE_DAY].values())) == (1, 0)
    chart = dict(brag_over_time(plan=target, dates=[day_before, MERGE_DAY]))
    assert (sum(chart[day_before].values()), sum(chart[MERGE_DAY].values())) == (1, 2)
