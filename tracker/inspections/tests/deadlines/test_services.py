"""Storing an inspection's milestones, and overriding their dates with a reason."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from tracker.core.errors import ConcurrentEditError
from tracker.inspections import services
from tracker.inspections.deadlines import services as milestone_services
from tracker.inspections.models import Inspection, Milestone
from tracker.inspections.services import JudgementInput

pytestmark = pytest.mark.django_db

D = datetime.date
INADEQUATE = [
    JudgementInput(area="impact_of_leaders", grade="inadequate"),
    JudgementInput(area="help_and_protection", grade="inadequate"),
    JudgementInput(area="children_in_care_and_care_leavers", grade="requires_improvement"),
    JudgementInput(area="overall", grade="inadequate"),
]


def _solihull(user, local_authority, **overrides):
    kwargs = {
        "user": user,
        "local_authority": local_authority,
        "kind": Inspection.Kind.ILACS_STANDARD,
        "framework": Inspection.Framework.ILACS,
        "started_on": D(2022, 10, 31),
        "ended_on": D(2022, 11, 11),
        "published_on": D(2023, 1, 13),
        "judgements": INADEQUATE,
        "statutory_notice_on": D(2022, 11, 1),
    }
    kwargs.update(overrides)
    return services.inspection_create(**kwargs)


def _update(user, inspection, **changes):
    kwargs = {
        "user": user,
        "inspection": inspection,
        "expected_version": inspection.version,
        "kind": inspection.kind,
        "framework": inspection.framework,
        "started_on": inspection.started_on,
        "ended_on": inspection.ended_on,
        "published_on": inspection.published_on,
        "lead_inspector": "",
        "judgements": INADEQUATE,
        "statutory_notice_on": inspection.statutory_notice_on,
    }
    kwargs.update(changes)
    return services.inspection_update(**kwargs)


def test_inspection_create_stores_the_milestones(improvement_lead, local_authority):
    inspection = _solihull(improvement_lead, local_authority)
    milestones = {m.key: m for m in inspection.milestones.all()}
    assert milestones["action_planning_visit"].derived_on == D(2023, 2, 24)
    assert milestones["action_plan_due"].derived_on == D(2023, 4, 25)
    assert milestones["dfe_review_1"].derived_on == D(2023, 5, 1)
    reinspection = milestones["reinspection"]
    assert (reinspection.derived_earliest_on, reinspection.derived_latest_on) == (
        D(2025, 4, 13),
        D(2025, 10, 13),
    )
    assert reinspection.is_window is True
    assert milestones["action_planning_visit"].history.first().history_user == improvement_lead


def test_inspection_update_refreshes_derived_dates_but_keeps_overrides(
    improvement_lead, local_authority
):
    inspection = _solihull(improvement_lead, local_authority)
    visit = inspection.milestones.get(key="action_planning_visit")
    milestone_services.milestone_override(
        user=improvement_lead,
        milestone=visit,
        expected_version=visit.version,
        on=D(2023, 2, 20),
        reason="Agreed with Ofsted",
    )
    inspection.refresh_from_db()
    _update(improvement_lead, inspection, published_on=D(2023, 1, 20))
    visit.refresh_from_db()
    assert visit.derived_on == D(2023, 3, 3)
    assert visit.override_on == D(2023, 2, 20)
    assert visit.override_reason == "Agreed with Ofsted"
    assert visit.effective_on == D(2023, 2, 20)


def test_inspection_update_removes_milestones_the_rules_no_longer_set(
    improvement_lead, local_authority
):
    inspection = _solihull(improvement_lead, local_authority)
    good = [JudgementInput(area=j.area, grade="good") for j in INADEQUATE]
    _update(improvement_lead, inspection, judgements=good, statutory_notice_on=None)
    assert sorted(inspection.milestones.values_list("key", flat=True)) == [
        "action_plan_due",
        "next_inspection",
    ]
    assert Milestone.history.filter(key="reinspection", history_type="-").count() == 1


def test_inspection_milestones_refresh_twice_changes_nothing(improvement_lead, local_authority):
    inspection = _solihull(improvement_lead, local_authority)
    before = {m.key: m.version for m in inspection.milestones.all()}
    history = Milestone.history.count()
    milestone_services.inspection_milestones_refresh(user=None, inspection=inspection)
    assert {m.key: m.version for m in inspection.milestones.all()} == before
    assert Milestone.history.count() == history


def test_focused_visit_with_recorded_priority_actions_drops_the_warning(
    improvement_lead, local_authority
):
    inspection = services.inspection_create(
        user=improvement_lead,
        local_authority=local_authority,
        kind=Inspection.Kind.FOCUSED_VISIT,
        framework=Inspection.Framework.ILACS,
        started_on=D(2022, 11, 1),
        ended_on=D(2022, 11, 2),
        published_on=D(2022, 12, 2),
    )
    draft = inspection.milestones.get()
    assert draft.derived_on == D(2023, 1, 4)
    assert "Only if" in draft.rule
    services.recommendation_create(
        user=improvement_lead,
        inspection=inspection,
        number=1,
        text="Management oversight of assessments.",
        kind="area_for_priority_action",
    )
    milestone_services.inspection_milestones_refresh(user=improvement_lead, inspection=inspection)
    draft.refresh_from_db()
    assert "Only if" not in draft.rule


def test_milestone_override_window_needs_both_dates_in_order(improvement_lead, local_authority):
    inspection = _solihull(improvement_lead, local_authority)
    visit = inspection.milestones.get(key="monitoring_visit_1")
    with pytest.raises(ValidationError) as raised:
        milestone_services.milestone_override(
            user=improvement_lead,
            milestone=visit,
            expected_version=visit.version,
            earliest_on=D(2023, 7, 1),
            latest_on=D(2023, 6, 1),
            reason="First visit agreed for June",
        )
    assert raised.value.message_dict == {
        "latest_on": ["The latest date must be the same as or after the earliest date"]
    }
    saved = milestone_services.milestone_override(
        user=improvement_lead,
        milestone=visit,
        expected_version=visit.version,
        earliest_on=D(2023, 6, 1),
        latest_on=D(2023, 6, 30),
        reason="First visit agreed for June",
    )
    assert (saved.effective_earliest_on, saved.effective_latest_on) == (
        D(2023, 6, 1),
        D(2023, 6, 30),
    )


def test_milestone_override_needs_a_reason_and_writes_nothing(improvement_lead, local_authority):
    inspection = _solihull(improvement_lead, local_authority)
    visit = inspection.milestones.get(key="action_planning_visit")
    with pytest.raises(ValidationError, match="Enter why the date is different"):
        milestone_services.milestone_override(
            user=improvement_lead,
            milestone=visit,
            expected_version=visit.version,
            on=D(2023, 2, 20),
            reason="  ",
        )
    visit.refresh_from_db()
    assert visit.is_overridden is False
    assert visit.history.count() == 1


def test_milestone_override_refuses_a_stale_version(improvement_lead, local_authority):
    inspection = _solihull(improvement_lead, local_authority)
    visit = inspection.milestones.get(key="action_planning_visit")
    with pytest.raises(ConcurrentEditError, match="This deadline was changed by someone else"):
        milestone_services.milestone_override(
            user=improvement_lead,
            milestone=visit,
            expected_version=visit.version - 1,
            on=D(2023, 2, 20),
            reason="Agreed with Ofsted",
        )


def test_milestone_clear_override_goes_back_to_the_rule_and_keeps_history(
    improvement_lead, local_authority
):
    inspection = _solihull(improvement_lead, local_authority)
    visit = inspection.milestones.get(key="action_planning_visit")
    visit = milestone_services.milestone_override(
        user=improvement_lead,
        milestone=visit,
        expected_version=visit.version,
        on=D(2023, 2, 20),
        reason="Agreed with Ofsted",
    )
    visit = milestone_services.milestone_clear_override(
        user=improvement_lead, milestone=visit, expected_version=visit.version
    )
    assert visit.is_overridden is False
    assert visit.effective_on == D(2023, 2, 24)
    assert [h.override_reason for h in visit.history.all()] == ["", "Agreed with Ofsted", ""]


def test_milestones_count_the_authoritys_own_closure_days_and_not_anothers(
    improvement_lead, local_authority, other_local_authority
):
    from tracker.core.models import ClosureDay

    ClosureDay.objects.create(
        local_authority=other_local_authority,
        falls_on=D(2023, 2, 2),
        kind=ClosureDay.Kind.EXTRA_CLOSURE,
        reason="Another council's closure",
    )
    ClosureDay.objects.create(
        local_authority=local_authority,
        falls_on=D(2023, 2, 1),
        kind=ClosureDay.Kind.EXTRA_CLOSURE,
        reason="Council offices closed",
    )

    inspection = _solihull(improvement_lead, local_authority)

    visit = inspection.milestones.get(key="action_planning_visit")
    # 30 working days after 13 January 2023 is 24 February, one more for the closure.
    assert visit.derived_on == D(2023, 2, 27)
