"""A plan's risks as they stood on a past date."""

from __future__ import annotations

import datetime

import pytest

from tracker.core.history import delete_with_history
from tracker.governance import services
from tracker.governance.history.selectors import plan_risks_on
from tracker.governance.models import Risk
from tracker.plans import services as plan_services
from tracker.plans.demo.dating import dated

pytestmark = pytest.mark.django_db

MARCH_1 = datetime.date(2025, 3, 1)
MARCH_12 = datetime.date(2025, 3, 12)
APRIL_1 = datetime.date(2025, 4, 1)


def _risk(local_authority, reference, *, scores=(4, 5, 3, 4), **links):
    il, ii, rl, ri = scores
    return services.risk_create(
        user=None,
        local_authority=local_authority,
        reference=reference,
        title=f"Risk {reference}",
        inherent_likelihood=il,
        inherent_impact=ii,
        residual_likelihood=rl,
        residual_impact=ri,
        **links,
    )


def _rescore(risk, *, residual_likelihood, residual_impact, plan=None):
    risk.refresh_from_db()
    return services.risk_update(
        user=None,
        risk=risk,
        expected_version=risk.version,
        reference=risk.reference,
        title=risk.title,
        inherent_likelihood=risk.inherent_likelihood,
        inherent_impact=risk.inherent_impact,
        residual_likelihood=residual_likelihood,
        residual_impact=residual_impact,
        cause="",
        consequence="",
        owner_post=None,
        owner=None,
        plan=plan if plan is not None else risk.plan,
        theme=risk.theme,
        section=risk.section,
        action=risk.action,
        mitigating_actions=[],
        review_on=None,
        status=risk.status,
    )


def test_plan_risks_on_reconstructs_scores_and_links(
    local_authority, plan, section, action, improvement_lead
):
    theme = plan_services.theme_create(user=improvement_lead, plan=plan, name="Workforce")
    with dated(MARCH_1):
        direct = _risk(local_authority, "R1", plan=plan)
        _risk(local_authority, "R2", theme=theme)
        _risk(local_authority, "R3", section=section)
        _risk(local_authority, "R4", action=action)
        _risk(local_authority, "R5")  # on the register but not linked to the plan
    with dated(datetime.date(2025, 3, 20)):
        _rescore(direct, residual_likelihood=2, residual_impact=2)
        _risk(local_authority, "R6", plan=plan)

    on_12_march = plan_risks_on(plan=plan, on=MARCH_12)
    on_1_april = plan_risks_on(plan=plan, on=APRIL_1)

    assert [r.reference for r in on_12_march] == ["R1", "R2", "R3", "R4"]
    assert (on_12_march[0].inherent_score, on_12_march[0].residual_score) == (20, 12)
    assert on_12_march[0].status_label == "Open"
    assert [r.reference for r in on_1_april] == ["R1", "R2", "R3", "R4", "R6"]
    assert on_1_april[0].residual_score == 4
    assert plan_risks_on(plan=plan, on=datetime.date(2025, 2, 1)) == []


def test_plan_risks_on_leaves_out_unlinked_deleted_and_other_authorities_risks(
    local_authority, plan, other_local_authority, other_plan
):
    with dated(MARCH_1):
        moved = _risk(local_authority, "R1", plan=plan)
        deleted = _risk(local_authority, "R2", plan=plan)
        _risk(other_local_authority, "X1", plan=other_plan)
    with dated(datetime.date(2025, 3, 20)):
        moved.refresh_from_db()
        Risk.objects.filter(pk=moved.pk).update(plan=None)
        moved.refresh_from_db()
        moved.save()  # a history row without the link
        delete_with_history(Risk.objects.get(pk=deleted.pk), None)

    assert [r.reference for r in plan_risks_on(plan=plan, on=MARCH_12)] == ["R1", "R2"]
    assert plan_risks_on(plan=plan, on=APRIL_1) == []
    assert [r.reference for r in plan_risks_on(plan=other_plan, on=APRIL_1)] == ["X1"]


@pytest.mark.parametrize("size", [3, 60])
def test_plan_risks_on_queries_do_not_grow(
    local_authority, plan, django_assert_max_num_queries, size
):
    with dated(MARCH_1):
        for n in range(size):
            _risk(local_authority, f"R{n}", plan=plan)
    with django_assert_max_num_queries(8):
        risks = plan_risks_on(plan=plan, on=MARCH_12)
    assert len(risks) == size


@pytest.mark.parametrize("link", ["theme", "section"])
def test_plan_risks_on_keeps_risks_of_a_since_deleted_theme_or_section(
    local_authority, plan, improvement_lead, link
):
    with dated(MARCH_1):
        theme = plan_services.theme_create(user=improvement_lead, plan=plan, name="Workforce")
        section = plan_services.section_create(
            user=improvement_lead, plan=plan, number=7, title="Gone soon"
        )
        target = theme if link == "theme" else section
        risk = _risk(local_authority, "R1", **{link: target})
    with dated(datetime.date(2025, 3, 20)):
        # Deleting the theme or section unlinks the risk (SET_NULL) and removes the record.
        delete_with_history(type(target).objects.get(pk=target.pk), improvement_lead)
        risk.refresh_from_db()
        assert getattr(risk, f"{link}_id") is None

    assert [r.reference for r in plan_risks_on(plan=plan, on=MARCH_12)] == ["R1"]
    assert plan_risks_on(plan=plan, on=APRIL_1) == []
