"""Recording audits and findings, turning findings into actions, and verifying an action as
embedded."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from tracker.accounts.models import User
from tracker.accounts.tests.factories import UserFactory
from tracker.core.errors import ConcurrentEditError
from tracker.performance.assurance import services
from tracker.performance.models import Audit, Finding, Verification
from tracker.performance.tests.assurance.conftest import TODAY, make_evidence
from tracker.plans import services as plan_services
from tracker.plans.models import Action, DeliveryStatus, ProgressUpdate


def _audit_kwargs(**overrides):
    kwargs = {
        "kind": Audit.Kind.CASE_FILE_AUDIT,
        "title": "Case file audit: child protection",
        "carried_out_on": datetime.date(2026, 11, 1),
        "lead_name": "External auditor",
        "outstanding_count": 0,
        "good_count": 6,
        "requires_improvement_count": 3,
        "inadequate_count": 1,
        "today": TODAY,
    }
    return kwargs | overrides


# Audits ------------------------------------------------------------------------------------------


def test_audit_create_records_the_audit_its_grades_and_history(
    improvement_lead, local_authority, plan, section, theme
):
    audit = services.audit_create(
        user=improvement_lead,
        local_authority=local_authority,
        plan=plan,
        sections=[section],
        themes=[theme],
        scope="Twenty children on child protection plans",
        **_audit_kwargs(),
    )

    audit.refresh_from_db()
    assert audit.graded_count == 10
    assert audit.good_count == 6
    assert list(audit.sections.all()) == [section]
    assert audit.history.first().history_user == improvement_lead


def test_audit_create_refuses_grades_it_cannot_use_and_writes_nothing(
    improvement_lead, local_authority
):
    with pytest.raises(ValidationError) as excinfo:
        services.audit_create(
            user=improvement_lead,
            local_authority=local_authority,
            **_audit_kwargs(kind=Audit.Kind.PEER_REVIEW),
        )

    assert "Only case file audits and thematic audits grade a sample" in str(
        excinfo.value.message_dict["good_count"]
    )
    assert Audit.objects.count() == 0


def test_audit_create_refuses_some_grades_without_the_others(improvement_lead, local_authority):
    with pytest.raises(ValidationError) as excinfo:
        services.audit_create(
            user=improvement_lead,
            local_authority=local_authority,
            **_audit_kwargs(inadequate_count=None),
        )

    assert excinfo.value.message_dict["inadequate_count"] == [
        "Enter how many cases were graded inadequate (0 if none), or leave all four grades empty"
    ]
    assert Audit.objects.count() == 0


def test_audit_create_refuses_a_negative_count(improvement_lead, local_authority):
    with pytest.raises(ValidationError) as excinfo:
        services.audit_create(
            user=improvement_lead, local_authority=local_authority, **_audit_kwargs(good_count=-2)
        )

    assert excinfo.value.message_dict["good_count"] == ["The number graded good must be 0 or more"]


def test_audit_create_needs_a_title_a_past_date_and_a_lead(improvement_lead, local_authority):
    with pytest.raises(ValidationError) as excinfo:
        services.audit_create(
            user=improvement_lead,
            local_authority=local_authority,
            **_audit_kwargs(
                title=" ", carried_out_on=TODAY + datetime.timedelta(days=1), lead_name=""
            ),
        )

    assert excinfo.value.message_dict == {
        "title": ["Enter the audit's title"],
        "carried_out_on": ["The date of the audit must be today or in the past"],
        "lead": ["Choose who led the audit, or enter their name"],
    }


def test_audit_create_refuses_another_authoritys_plan_and_lead(
    improvement_lead, local_authority, other_local_authority, outsider
):
    elsewhere = plan_services.plan_create(
        user=outsider,
        local_authority=other_local_authority,
        title="Their plan",
        kind="ofsted_action_plan",
    )

    with pytest.raises(ValidationError) as excinfo:
        services.audit_create(
            user=improvement_lead,
            local_authority=local_authority,
            **_audit_kwargs(plan=elsewhere, lead=outsider),
        )

    assert excinfo.value.message_dict["plan"] == ["Choose a plan of this local authority"]
    assert excinfo.value.message_dict["lead"] == ["Choose someone from this local authority"]
    assert Audit.objects.count() == 0


def test_audit_update_changes_the_audit(improvement_lead, audit):
    before = audit.version
    services.audit_update(
        user=improvement_lead,
        audit=audit,
        expected_version=audit.version,
        plan=audit.plan,
        **_audit_kwargs(title="Case file audit: CIN, corrected", good_count=7),
    )

    audit.refresh_from_db()
    assert audit.title == "Case file audit: CIN, corrected"
    assert audit.good_count == 7
    assert audit.version == before + 1


def test_audit_update_refuses_a_stale_edit(improvement_lead, audit):
    stale = audit.version
    services.audit_update(
        user=improvement_lead,
        audit=audit,
        expected_version=stale,
        plan=audit.plan,
        **_audit_kwargs(),
    )

    with pytest.raises(ConcurrentEditError, match="This audit was changed by someone else"):
        services.audit_update(
            user=improvement_lead,
            audit=audit,
            expected_version=stale,
            plan=audit.plan,
            **_audit_kwargs(title="Lost edit"),
        )
    audit.refresh_from_db()
    assert audit.title == "Case file audit: child protection"


def test_audit_update_keeps_the_plan_its_findings_confirm(
    improvement_lead, audit, confirming_finding
):
    with pytest.raises(ValidationError) as excinfo:
        services.audit_update(
            user=improvement_lead,
            audit=audit,
            expected_version=audit.version,
            plan=None,
            **_audit_kwargs(),
        )

    assert "the plan cannot change" in excinfo.value.message_dict["plan"][0]


# Findings ----------------------------------------------------------------------------------------


def test_finding_add_numbers_findings_in_turn(improvement_lead, audit, finding):
    second = services.finding_add(
        user=improvement_lead, audit=audit, kind="area_for_improvement", text="Plans lack detail"
    )

    assert (finding.number, second.number) == (1, 2)


def test_finding_add_refuses_a_number_taken_and_empty_words(improvement_lead, audit, finding):
    with pytest.raises(ValidationError) as excinfo:
        services.finding_add(
            user=improvement_lead, audit=audit, kind="strength", text=" ", number=1
        )

    assert excinfo.value.message_dict == {
        "text": ["Enter the finding"],
        "number": ["The audit already has a finding 1"],
    }
    assert Finding.objects.count() == 1


def test_finding_update_refuses_a_stale_edit(improvement_lead, finding):
    stale = finding.version
    services.finding_update(
        user=improvement_lead,
        finding=finding,
        expected_version=stale,
        kind="strength",
        text="New",
        number=1,
    )

    with pytest.raises(ConcurrentEditError, match="This finding was changed by someone else"):
        services.finding_update(
            user=improvement_lead,
            finding=finding,
            expected_version=stale,
            kind="strength",
            text="Lost",
            number=1,
        )


def test_finding_confirm_actions_records_the_actions(
    improvement_lead, finding, action, other_action
):
    services.finding_confirm_actions(
        user=improvement_lead, finding=finding, actions=[action, other_action]
    )

    assert set(finding.confirms_actions.all()) == {action, other_action}
    assert set(action.confirming_findings.all()) == {finding}


def test_finding_confirm_actions_refuses_an_action_of_another_plan(
    improvement_lead, local_authority, finding
):
    other_plan = plan_services.plan_create(
        user=improvement_lead,
        local_authority=local_authority,
        title="JTAI plan",
        kind="ofsted_action_plan",
    )
    other_section = plan_services.section_create(
        user=improvement_lead, plan=other_plan, number=1, title="Early help"
    )
    elsewhere = plan_services.action_create(
        user=improvement_lead, section=other_section, reference="1.1", description="Triage"
    )

    with pytest.raises(ValidationError) as excinfo:
        services.finding_confirm_actions(
            user=improvement_lead, finding=finding, actions=[elsewhere]
        )

    assert excinfo.value.message_dict == {
        "actions": ["Choose actions of the plan the audit checks"]
    }
    assert finding.confirms_actions.count() == 0


def test_finding_confirm_actions_refuses_another_authoritys_action(
    improvement_lead, local_authority, other_local_authority, outsider
):
    audit = services.audit_create(
        user=improvement_lead, local_authority=local_authority, **_audit_kwargs()
    )
    finding = services.finding_add(user=improvement_lead, audit=audit, kind="strength", text="Good")
    their_plan = plan_services.plan_create(
        user=outsider,
        local_authority=other_local_authority,
        title="Theirs",
        kind="ofsted_action_plan",
    )
    their_section = plan_services.section_create(
        user=outsider, plan=their_plan, number=1, title="Theirs"
    )
    theirs = plan_services.action_create(
        user=outsider, section=their_section, reference="1.1", description="X"
    )

    with pytest.raises(ValidationError) as excinfo:
        services.finding_confirm_actions(user=improvement_lead, finding=finding, actions=[theirs])

    assert excinfo.value.message_dict == {
        "actions": ["Choose actions of this local authority's plans"]
    }


def test_finding_make_action_adds_a_plan_action_and_links_it(improvement_lead, finding, section):
    action = services.finding_make_action(
        user=improvement_lead,
        finding=finding,
        section=section,
        reference="1.9",
        description="Share the audit's learning with every team",
        due_on=datetime.date(2027, 3, 31),
    )

    finding.refresh_from_db()
    assert finding.resulting_action == action
    assert action.section == section
    assert action.history.first().history_user == improvement_lead


def test_finding_make_action_refuses_a_second_time(improvement_lead, finding, section):
    services.finding_make_action(
        user=improvement_lead,
        finding=finding,
        section=section,
        reference="1.9",
        description="Share",
    )

    with pytest.raises(ValidationError, match="already been made into a plan action"):
        services.finding_make_action(
            user=improvement_lead,
            finding=finding,
            section=section,
            reference="1.10",
            description="Again",
        )
    assert Action.objects.filter(reference="1.10").count() == 0


def test_finding_make_action_refuses_another_authoritys_section(
    improvement_lead, finding, other_local_authority, outsider
):
    their_plan = plan_services.plan_create(
        user=outsider,
        local_authority=other_local_authority,
        title="Theirs",
        kind="ofsted_action_plan",
    )
    their_section = plan_services.section_create(
        user=outsider, plan=their_plan, number=1, title="Theirs"
    )

    with pytest.raises(ValidationError) as excinfo:
        services.finding_make_action(
            user=improvement_lead,
            finding=finding,
            section=their_section,
            reference="1.1",
            description="X",
        )

    assert excinfo.value.message_dict == {
        "section": ["Choose a section of this local authority's plans"]
    }
    assert not Action.objects.filter(section=their_section).exists()


def test_finding_make_action_keeps_the_plans_own_checks(improvement_lead, finding, section, action):
    with pytest.raises(ValidationError):
        services.finding_make_action(
            user=improvement_lead,
            finding=finding,
            section=section,
            reference=action.reference,
            description="Dup",
        )
    finding.refresh_from_db()
    assert finding.resulting_action is None


# Verified as embedded ----------------------------------------------------------------------------


def verify(user, action, **kwargs):
    defaults = {
        "decided_on": TODAY,
        "rationale": "Dip sampling over three months shows the new practice in every team",
        "today": TODAY,
    }
    return services.action_verify_as_embedded(user=user, action=action, **(defaults | kwargs))


def assert_not_verified(action):
    action.refresh_from_db()
    assert action.status == DeliveryStatus.NOT_STARTED
    assert Verification.objects.count() == 0
    assert ProgressUpdate.objects.filter(action=action).count() == 0


def test_action_verify_as_embedded_refuses_a_decision_with_nothing_behind_it(
    improvement_lead, action
):
    with pytest.raises(ValidationError) as excinfo:
        verify(improvement_lead, action)

    assert excinfo.value.messages == [
        "Choose at least one piece of evidence or audit finding that shows the action is "
        "embedded: a verification cannot rest on nothing"
    ]
    assert_not_verified(action)


def test_action_verify_as_embedded_rests_on_evidence_only(improvement_lead, action, evidence):
    verification = verify(improvement_lead, action, evidence=[evidence])

    action.refresh_from_db()
    assert action.status == DeliveryStatus.VERIFIED
    assert action.latest_update.narrative.startswith("Verified as embedded: Dip sampling")
    assert action.latest_update.author == improvement_lead
    assert list(verification.evidence.all()) == [evidence]
    assert verification.decided_by == improvement_lead
    assert verification.history.first().history_user == improvement_lead


def test_action_verify_as_embedded_rests_on_a_finding_only(
    improvement_lead, action, confirming_finding
):
    verification = verify(improvement_lead, action, findings=[confirming_finding])

    action.refresh_from_db()
    assert action.status == DeliveryStatus.VERIFIED
    assert list(verification.findings.all()) == [confirming_finding]


def test_action_verify_as_embedded_accepts_evidence_of_its_sections_outcome(
    improvement_lead, local_authority, action, section
):
    outcome_evidence = make_evidence(
        local_authority=local_authority, expected_outcome=section.expected_outcomes.first()
    )

    verify(improvement_lead, action, evidence=[outcome_evidence])

    action.refresh_from_db()
    assert action.status == DeliveryStatus.VERIFIED


def test_action_verify_as_embedded_does_not_count_withdrawn_evidence(
    improvement_lead, local_authority, action
):
    withdrawn = make_evidence(local_authority=local_authority, action=action, withdrawn=True)

    with pytest.raises(ValidationError) as excinfo:
        verify(improvement_lead, action, evidence=[withdrawn])

    assert excinfo.value.message_dict == {
        "evidence": ["“Audit report” has been withdrawn, so it cannot support a verification"]
    }
    assert_not_verified(action)


def test_action_verify_as_embedded_does_not_count_another_actions_evidence(
    improvement_lead, local_authority, action, other_action
):
    theirs = make_evidence(
        local_authority=local_authority, action=other_action, title="Data review"
    )

    with pytest.raises(ValidationError) as excinfo:
        verify(improvement_lead, action, evidence=[theirs])

    assert excinfo.value.message_dict["evidence"] == [
        "“Data review” is not evidence of this action or of its section's expected outcomes, "
        "so it cannot support this verification"
    ]
    assert_not_verified(action)


def test_action_verify_as_embedded_does_not_count_a_finding_that_does_not_confirm_it(
    improvement_lead, action, finding
):
    with pytest.raises(ValidationError) as excinfo:
        verify(improvement_lead, action, findings=[finding])

    assert excinfo.value.message_dict["findings"] == [
        "Finding 1 of “Case file audit: children in need” is not recorded as confirming this "
        "action, so it cannot support this verification"
    ]
    assert_not_verified(action)


def test_action_verify_as_embedded_refuses_the_actions_owner(action_owner, action, evidence):
    with pytest.raises(ValidationError, match="You own this action, so you cannot verify it"):
        verify(action_owner, action, evidence=[evidence])
    assert_not_verified(action)


def test_action_verify_as_embedded_refuses_a_viewer(viewer, action, evidence):
    with pytest.raises(
        ValidationError, match="Only an improvement lead or the theme's thematic lead"
    ):
        verify(viewer, action, evidence=[evidence])
    assert_not_verified(action)


def test_action_verify_as_embedded_lets_the_thematic_lead_verify(
    local_authority, improvement_lead, action, evidence
):
    lead = UserFactory(local_authority=local_authority, role=User.Role.ACTION_OWNER)
    theme = action.section.theme
    plan_services.theme_update(
        user=improvement_lead,
        theme=theme,
        expected_version=theme.version,
        name=theme.name,
        description="",
        lead=lead,
        lead_post=None,
    )
    action.refresh_from_db()

    verify(lead, action, evidence=[evidence])

    action.refresh_from_db()
    assert action.status == DeliveryStatus.VERIFIED


def test_action_verify_as_embedded_needs_a_reason_and_a_date_not_in_the_future(
    improvement_lead, action, evidence
):
    with pytest.raises(ValidationError) as excinfo:
        verify(
            improvement_lead,
            action,
            evidence=[evidence],
            rationale=" ",
            decided_on=TODAY + datetime.timedelta(days=1),
        )

    assert excinfo.value.message_dict == {
        "rationale": ["Enter why the action is embedded"],
        "decided_on": ["The date of the decision must be today or in the past"],
    }
    assert_not_verified(action)


def test_action_verify_as_embedded_is_dated_no_earlier_than_the_latest_progress(
    improvement_lead, action, evidence
):
    plan_services.action_record_progress(
        user=improvement_lead,
        action=action,
        expected_version=action.version,
        narrative="Completed",
        status=DeliveryStatus.COMPLETED,
        recorded_on=TODAY,
        today=TODAY,
    )

    with pytest.raises(ValidationError) as excinfo:
        verify(
            improvement_lead,
            action,
            evidence=[evidence],
            decided_on=TODAY - datetime.timedelta(days=1),
        )

    assert excinfo.value.message_dict["decided_on"] == [
        "The date of the decision must be on or after the action's latest progress entry, "
        "20 November 2026"
    ]
    assert Verification.objects.count() == 0
