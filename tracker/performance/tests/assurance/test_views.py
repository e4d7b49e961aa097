"""The quality assurance pages: audits, findings, verifying an action, and the action page's
panel."""

from __future__ import annotations

import datetime
import html

import pytest
from django.urls import reverse

from tracker.performance.assurance import services
from tracker.performance.models import Audit, Finding, Verification
from tracker.performance.tests.assurance.conftest import TODAY, make_evidence
from tracker.plans import services as plan_services
from tracker.plans.models import Action, DeliveryStatus


def _signed_in(client, user):
    client.force_login(user)
    return client


def _body(response):
    return html.unescape(response.content.decode())


def _date(prefix, day):
    return {f"{prefix}-day": day.day, f"{prefix}-month": day.month, f"{prefix}-year": day.year}


# Audit list --------------------------------------------------------------------------------------


def _add_audits(*, user, local_authority, plan, count, action=None):
    for index in range(count):
        audit = services.audit_create(
            user=user,
            local_authority=local_authority,
            plan=plan,
            kind=Audit.Kind.CASE_FILE_AUDIT if index % 2 else Audit.Kind.PEER_REVIEW,
            title=f"Audit {index}",
            carried_out_on=datetime.date(2025 + index % 2, 6, 1),
            lead=user,
            **(
                {
                    "outstanding_count": 1,
                    "good_count": 2,
                    "requires_improvement_count": 1,
                    "inadequate_count": 0,
                }
                if index % 2
                else {}
            ),
        )
        finding = services.finding_add(user=user, audit=audit, kind="strength", text="Good")
        if action is not None:
            services.finding_confirm_actions(user=user, finding=finding, actions=[action])


def test_audit_list_shows_audits_with_their_share_good_or_better(client, viewer, audit):
    response = _signed_in(client, viewer).get(reverse("performance:audit_list"))

    body = _body(response)
    assert response.status_code == 200
    assert "Case file audit: children in need" in body
    assert "60% of 10" in body
    assert "Record an audit or review" not in body


def test_audit_list_filters_by_kind_and_year(client, improvement_lead, local_authority, plan):
    _add_audits(user=improvement_lead, local_authority=local_authority, plan=plan, count=4)
    client = _signed_in(client, improvement_lead)
    url = reverse("performance:audit_list")

    by_kind = client.get(url, {"kind": "peer_review"}).context["rows"]
    by_year = client.get(url, {"year": "2026"}).context["rows"]
    nonsense = client.get(url, {"kind": "bogus", "year": "soon"}).context["rows"]

    assert {row.audit.title for row in by_kind} == {"Audit 0", "Audit 2"}
    assert {row.audit.title for row in by_year} == {"Audit 1", "Audit 3"}
    assert len(nonsense) == 4


@pytest.mark.parametrize("count", [2, 30])
def test_audit_list_queries_do_not_grow_with_the_number_of_audits(
    client, improvement_lead, local_authority, plan, action, count, django_assert_max_num_queries
):
    _add_audits(
        user=improvement_lead,
        local_authority=local_authority,
        plan=plan,
        count=count,
        action=action,
    )
    client = _signed_in(client, improvement_lead)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("performance:audit_list"))
    assert len(response.context["rows"]) == count


# Recording and changing an audit -----------------------------------------------------------------


def _audit_form(**overrides):
    data = {
        "kind": "case_file_audit",
        "title": "Case file audit: care leavers",
        **_date("carried_out_on", datetime.date(2026, 9, 30)),
        "lead_name": "Principal social worker",
        "outstanding_count": "0",
        "good_count": "3",
        "requires_improvement_count": "4",
        "inadequate_count": "1",
    }
    return data | overrides


def test_improvement_lead_records_an_audit(client, improvement_lead, plan):
    response = _signed_in(client, improvement_lead).post(
        reverse("performance:audit_create"), _audit_form(plan=plan.pk)
    )

    audit = Audit.objects.get()
    assert response.status_code == 302
    assert response.url == audit.get_absolute_url()
    assert (audit.good_count, audit.requires_improvement_count, audit.plan) == (3, 4, plan)


def test_audit_form_refuses_grades_for_a_review_and_writes_nothing(client, improvement_lead):
    response = _signed_in(client, improvement_lead).post(
        reverse("performance:audit_create"), _audit_form(kind="dfe_review")
    )

    body = _body(response)
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "Only case file audits and thematic audits grade a sample" in body
    assert 'href="#id_good_count"' in body
    assert Audit.objects.count() == 0


def test_audit_form_refuses_a_negative_count(client, improvement_lead):
    response = _signed_in(client, improvement_lead).post(
        reverse("performance:audit_create"), _audit_form(inadequate_count="-1")
    )

    body = _body(response)
    assert "There is a problem" in body
    assert "The number graded inadequate must be a whole number between 0 and 100000" in body
    assert Audit.objects.count() == 0


def test_viewer_cannot_record_an_audit(client, viewer):
    response = _signed_in(client, viewer).post(reverse("performance:audit_create"), _audit_form())

    assert response.status_code == 403
    assert Audit.objects.count() == 0


def test_audit_update_refuses_a_stale_form(client, improvement_lead, audit):
    url = reverse("performance:audit_update", args=[audit.pk])
    client = _signed_in(client, improvement_lead)
    stale = audit.version
    client.post(url, _audit_form(version=stale, plan=audit.plan_id))

    response = client.post(url, _audit_form(version=stale, title="Lost edit"))

    assert "This audit was changed by someone else" in _body(response)
    audit.refresh_from_db()
    assert audit.title == "Case file audit: care leavers"


def test_another_authoritys_audit_is_not_found(client, outsider, audit):
    response = _signed_in(client, outsider).get(audit.get_absolute_url())

    assert response.status_code == 404


# Audit detail ------------------------------------------------------------------------------------


def test_audit_detail_shows_the_grades_findings_and_what_they_confirm(
    client, viewer, audit, confirming_finding, action, local_authority
):
    make_evidence(local_authority=local_authority, audit=audit, title="Audit tool returns")

    response = _signed_in(client, viewer).get(audit.get_absolute_url())

    body = _body(response)
    assert "60% of the 10 cases graded were good or better." in body
    assert "Requires improvement to be good" in body
    assert ">30%<" in body.replace(" ", "")
    assert "Finding 1: Strength" in body
    assert f'href="{action.get_absolute_url()}"' in body
    assert "Audit tool returns" in body
    assert "Add a finding" not in body


@pytest.mark.parametrize("count", [2, 40])
def test_audit_detail_queries_do_not_grow_with_findings(
    client, improvement_lead, audit, section, count, django_assert_max_num_queries
):
    for index in range(count):
        action = plan_services.action_create(
            user=improvement_lead, section=section, reference=f"9.{index}", description="Act"
        )
        finding = services.finding_add(
            user=improvement_lead, audit=audit, kind="strength", text=f"Finding {index}"
        )
        services.finding_confirm_actions(user=improvement_lead, finding=finding, actions=[action])
        if index % 2:
            services.finding_make_action(
                user=improvement_lead,
                finding=finding,
                section=section,
                reference=f"8.{index}",
                description="From the finding",
            )
    client = _signed_in(client, improvement_lead)

    with django_assert_max_num_queries(14):
        response = client.get(audit.get_absolute_url())
    assert len(response.context["detail"].findings) == count


# Findings ----------------------------------------------------------------------------------------


def test_improvement_lead_adds_a_finding(client, improvement_lead, audit):
    response = _signed_in(client, improvement_lead).post(
        reverse("performance:finding_create", args=[audit.pk]),
        {"kind": "area_for_improvement", "text": "Supervision is not always reflective"},
    )

    finding = Finding.objects.get()
    assert response.status_code == 302
    assert response.url == finding.get_absolute_url()
    assert finding.number == 1


def test_finding_confirm_offers_the_plans_actions_as_checkboxes_and_records_them(
    client, improvement_lead, finding, action, other_action
):
    url = reverse("performance:finding_confirm", args=[finding.audit_id, finding.pk])
    client = _signed_in(client, improvement_lead)
    body = _body(client.get(url))
    assert 'type="checkbox"' in body
    assert "1.1 Launch the new audit process" in body

    response = client.post(url, {"version": finding.version, "actions": [action.pk]})

    assert response.status_code == 302
    assert list(finding.confirms_actions.all()) == [action]


def test_finding_confirm_refuses_an_action_of_another_authority(
    client, improvement_lead, finding, other_local_authority, outsider
):
    their_plan = plan_services.plan_create(
        user=outsider,
        local_authority=other_local_authority,
        title="Theirs",
        kind="ofsted_action_plan",
    )
    section = plan_services.section_create(user=outsider, plan=their_plan, number=1, title="X")
    theirs = plan_services.action_create(
        user=outsider, section=section, reference="1.1", description="X"
    )
    url = reverse("performance:finding_confirm", args=[finding.audit_id, finding.pk])

    response = _signed_in(client, improvement_lead).post(
        url, {"version": finding.version, "actions": [theirs.pk]}
    )

    assert response.status_code == 200
    assert "Choose actions of the plan the audit checks" in _body(response)
    assert finding.confirms_actions.count() == 0


def test_finding_make_action_adds_the_action(client, improvement_lead, finding, section):
    url = reverse("performance:finding_make_action", args=[finding.audit_id, finding.pk])
    client = _signed_in(client, improvement_lead)
    assert finding.text in _body(client.get(url))

    response = client.post(
        url, {"section": section.pk, "reference": "1.7", "description": "Share the learning"}
    )

    assert response.status_code == 302
    finding.refresh_from_db()
    assert finding.resulting_action == Action.objects.get(reference="1.7")


# Verifying an action -----------------------------------------------------------------------------


def _verify_url(action):
    return reverse("performance:action_verify", args=[action.plan_id, action.pk])


def _verify_form(**overrides):
    data = {
        **_date("decided_on", TODAY),
        "rationale": "Audits over three months show the process used in every team",
    }
    return data | overrides


@pytest.fixture
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: TODAY)


def test_verify_page_offers_the_actions_evidence_and_confirming_findings(
    client, improvement_lead, action, evidence, confirming_finding, local_authority, other_action
):
    make_evidence(local_authority=local_authority, action=action, title="Old note", withdrawn=True)
    make_evidence(local_authority=local_authority, action=other_action, title="Not this one")

    body = _body(_signed_in(client, improvement_lead).get(_verify_url(action)))

    assert "Verify action 1.1 as embedded" in body
    assert "Audit report" in body
    assert "Case file audit: children in need, finding 1" in body
    assert "Old note" not in body
    assert "Not this one" not in body


@pytest.mark.usefixtures("_today")
def test_lead_verifies_an_action_resting_on_a_finding(
    client, improvement_lead, action, confirming_finding
):
    response = _signed_in(client, improvement_lead).post(
        _verify_url(action), _verify_form(findings=[confirming_finding.pk])
    )

    assert response.status_code == 302
    assert response.url == action.get_absolute_url()
    action.refresh_from_db()
    assert action.status == DeliveryStatus.VERIFIED
    assert list(Verification.objects.get().findings.all()) == [confirming_finding]


@pytest.mark.usefixtures("_today")
def test_verify_page_refuses_a_decision_with_nothing_behind_it(client, improvement_lead, action):
    response = _signed_in(client, improvement_lead).post(_verify_url(action), _verify_form())

    body = _body(response)
    assert response.status_code == 200
    assert "There is a problem" in body
    assert "a verification cannot rest on nothing" in body
    assert "have no evidence yet" in body
    assert Verification.objects.count() == 0
    action.refresh_from_db()
    assert action.status == DeliveryStatus.NOT_STARTED


@pytest.mark.usefixtures("_today")
def test_verify_page_refuses_forged_evidence_of_another_action(
    client, improvement_lead, action, other_action, local_authority
):
    theirs = make_evidence(local_authority=local_authority, action=other_action)

    response = _signed_in(client, improvement_lead).post(
        _verify_url(action), _verify_form(evidence=[theirs.pk])
    )

    assert "Choose evidence of this action or its section's expected outcomes" in _body(response)
    assert Verification.objects.count() == 0


def test_owner_cannot_open_the_verify_page(client, action_owner, action):
    response = _signed_in(client, action_owner).get(_verify_url(action))

    assert response.status_code == 403


# The action page's panel -------------------------------------------------------------------------


def test_action_page_shows_the_verification_and_what_it_rests_on(
    client, improvement_lead, action, evidence, confirming_finding
):
    services.action_verify_as_embedded(
        user=improvement_lead,
        action=action,
        decided_on=TODAY,
        rationale="The audits show it in every team",
        evidence=[evidence],
        findings=[confirming_finding],
        today=TODAY,
    )

    body = _body(_signed_in(client, improvement_lead).get(action.get_absolute_url()))

    assert "Quality assurance and verification" in body
    assert "Verified as embedded on 20 November 2026" in body
    assert "The audits show it in every team" in body
    assert str(improvement_lead) in body
    assert "Audit report" in body
    assert "Case file audit: children in need, finding 1" in body


def test_action_page_offers_verify_to_the_lead_not_the_owner(
    client, improvement_lead, action_owner, action
):
    lead_body = _body(_signed_in(client, improvement_lead).get(action.get_absolute_url()))
    owner_body = _body(_signed_in(client, action_owner).get(action.get_absolute_url()))

    assert _verify_url(action) in lead_body
    assert "Not verified as embedded." in owner_body
    assert _verify_url(action) not in owner_body


@pytest.mark.parametrize("count", [1, 20])
def test_action_page_panel_queries_do_not_grow(
    client, improvement_lead, audit, action, local_authority, count, django_assert_max_num_queries
):
    findings = []
    for index in range(count):
        finding = services.finding_add(
            user=improvement_lead, audit=audit, kind="strength", text=f"Finding {index}"
        )
        findings.append(
            services.finding_confirm_actions(
                user=improvement_lead, finding=finding, actions=[action]
            )
        )
    evidence = [make_evidence(local_authority=local_authority, action=action) for _ in range(count)]
    for _ in range(3):
        services.action_verify_as_embedded(
            user=improvement_lead,
            action=action,
            decided_on=TODAY,
            rationale="Embedded",
            evidence=evidence,
            findings=findings,
            today=TODAY,
        )
    client = _signed_in(client, improvement_lead)
    client.get(action.get_absolute_url())

    with django_assert_max_num_queries(40) as captured:
        client.get(action.get_absolute_url())
    panel_queries = [q for q in captured.captured_queries if "performance_" in q["sql"]]
    assert len(panel_queries) <= 5


def test_action_page_says_when_progress_has_moved_the_status_on_since(
    client, improvement_lead, action, evidence
):
    services.action_verify_as_embedded(
        user=improvement_lead,
        action=action,
        decided_on=TODAY,
        rationale="Embedded",
        evidence=[evidence],
        today=TODAY,
    )
    action.refresh_from_db()
    plan_services.action_record_progress(
        user=improvement_lead,
        action=action,
        expected_version=action.version,
        narrative="A re-audit found the process slipping",
        status=DeliveryStatus.IN_PROGRESS,
        brag="amber",
        recorded_on=TODAY,
        today=TODAY,
    )

    body = _body(_signed_in(client, improvement_lead).get(action.get_absolute_url()))

    assert "Verified as embedded on 20 November 2026" in body
    assert "has changed the action's status to in progress" in body
