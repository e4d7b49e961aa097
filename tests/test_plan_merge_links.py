"""A merge carries the links other parts of the service hold to a plan's records: risks,
measures and evidence follow or are moved to the target; issued documents stay."""

from __future__ import annotations

import datetime

import pytest

from tracker.governance.forms import DecisionForm, RiskForm
from tracker.governance.models import Risk
from tracker.performance.models import Evidence, Measure
from tracker.plans import services
from tracker.plans.merging.selectors import plan_merge_counts
from tracker.plans.merging.services import plan_merge
from tracker.plans.models import Section, Theme
from tracker.programme.forms import ProgrammeForm

pytestmark = pytest.mark.django_db


@pytest.fixture
def plans(improvement_lead, local_authority):
    target = services.plan_create(
        user=improvement_lead,
        local_authority=local_authority,
        title="Main",
        kind="improvement_plan",
    )
    workforce = services.theme_create(user=improvement_lead, plan=target, name="Workforce")
    recruitment = services.section_create(
        user=improvement_lead, plan=target, number=1, title="Recruitment", theme=workforce
    )
    source = services.plan_create(
        user=improvement_lead, local_authority=local_authority, title="Side", kind="service_plan"
    )
    theme = services.theme_create(user=improvement_lead, plan=source, name="workforce")
    section = services.section_create(
        user=improvement_lead,
        plan=source,
        number=1,
        title="Retention",
        theme=theme,
        expected_outcomes=["Fewer leavers"],
    )
    action = services.action_create(
        user=improvement_lead, section=section, reference="1.1", description="Exit interviews"
    )
    return target, recruitment, source, theme, section, action


def test_plan_merge_moves_risk_measure_and_evidence_links(improvement_lead, local_authority, plans):
    target, recruitment, source, theme, section, action = plans
    risk = Risk.objects.create(
        local_authority=local_authority,
        reference="R1",
        title="Staff leave",
        plan=source,
        theme=theme,
        section=section,
        action=action,
        inherent_likelihood=3,
        inherent_impact=3,
        residual_likelihood=2,
        residual_impact=2,
    )
    risk.mitigating_actions.add(action)
    measure = Measure.objects.create(
        local_authority=local_authority,
        reference="M1",
        name="Leavers",
        unit="percentage",
        direction="lower",
        frequency="monthly",
    )
    measure.sections.add(section, recruitment)
    measure.themes.add(theme)
    outcome = section.expected_outcomes.get()
    measure.expected_outcomes.add(outcome)
    Evidence.objects.create(
        local_authority=local_authority,
        kind="note",
        title="Exit interview summary",
        dated_on=datetime.date(2026, 1, 1),
        action=action,
    )
    before = plan_merge_counts(plans=[source])

    plan_merge(
        user=improvement_lead,
        sources=[source],
        target=target,
        mapping={section.pk: f"section:{recruitment.pk}"},
    )

    risk.refresh_from_db()
    workforce = Theme.objects.get(plan=target, name="Workforce")
    assert (risk.plan, risk.theme, risk.section, risk.action) == (
        target,
        workforce,
        recruitment,
        action,
    )
    assert list(risk.mitigating_actions.all()) == [action]
    assert risk.history.first().plan_id == target.pk
    # Linked to both sections before: one link now, never two to the same section.
    assert list(measure.sections.all()) == [recruitment]
    assert list(measure.themes.all()) == [workforce]
    assert list(measure.expected_outcomes.all()) == [outcome]
    assert Evidence.objects.get().action.plan == target
    assert not Section.objects.filter(pk=section.pk).exists()
    after = plan_merge_counts(plans=[target])
    assert before["evidence links (action)"] == after["evidence links (action)"] == 1
    assert after["risk links (mitigating actions)"] == 1
    assert plan_merge_counts(plans=[source])["risk links (plan)"] == 0


def test_forms_that_tie_records_to_a_plan_no_longer_offer_a_merged_plan(improvement_lead, plans):
    target, _recruitment, source, _theme, _section, _action = plans
    la = source.local_authority_id
    plan_merge(user=improvement_lead, sources=[source], target=target)

    for form in (
        RiskForm(local_authority_id=la),
        DecisionForm(local_authority_id=la),
        ProgrammeForm(local_authority_id=la),
    ):
        offered = set(form.fields["plan"].queryset)
        assert target in offered
        assert source not in offered
    themes = set(RiskForm(local_authority_id=la).fields["theme"].queryset)
    assert themes and all(theme.plan_id == target.pk for theme in themes)
