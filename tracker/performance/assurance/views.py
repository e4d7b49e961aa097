"""Pages of quality assurance: audits and reviews, their findings, and verifying an action as
embedded."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.shortcuts import render

from tracker.accounts.access import council_authority_for_user
from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.core.forms import submit_form
from tracker.performance.access import audit_get_for_user, finding_get_for_user
from tracker.performance.assurance import presenters, selectors, services
from tracker.performance.assurance.access import (
    require_audit_editor,
    require_verifier,
    user_can_edit_audits,
)
from tracker.performance.assurance.forms import (
    AuditForm,
    FindingConfirmForm,
    FindingForm,
    MakeActionForm,
    VerifyForm,
)
from tracker.performance.evidence.access import user_can_add_evidence_beyond_actions
from tracker.performance.models import Audit
from tracker.plans.access import action_get_for_user


def _int(value: str) -> int | None:
    try:
        return int(value)
    except ValueError:
        return None


# Audits -------------------------------------------------------------------------------------------


def audit_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = council_authority_for_user(user=request.user)
    kind = request.GET.get("kind", "")
    kind = kind if kind in Audit.Kind.values else ""
    year = _int(request.GET.get("year", ""))
    return render(
        request,
        "performance/audit_list.html",
        {
            "rows": selectors.audit_list(local_authority=local_authority, kind=kind, year=year),
            "local_authority": local_authority,
            "can_edit": user_can_edit_audits(user=request.user),
            "kind_choices": Audit.Kind.choices,
            "years": selectors.audit_years(local_authority=local_authority),
            "selected": {"kind": kind, "year": year},
        },
    )


def audit_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = council_authority_for_user(user=request.user)
    require_audit_editor(user=request.user)
    form = AuditForm(request.POST or None, local_authority_id=local_authority.pk)
    saved = submit_form(
        request,
        form,
        lambda: services.audit_create(
            user=request.user, local_authority=local_authority, **form.service_kwargs()
        ),
        message=lambda audit: f"{audit.get_kind_display()} “{audit.title}” recorded",
        to=lambda audit: audit,
    )
    return saved or render(request, "performance/audit_form.html", {"form": form, "audit": None})


def audit_detail(request: AuthenticatedHttpRequest, audit_id: int) -> HttpResponse:
    audit = audit_get_for_user(user=request.user, audit_id=audit_id)
    detail = selectors.audit_get_detail(audit=audit)
    return render(
        request,
        "performance/audit_detail.html",
        {
            "audit": detail.audit,
            "detail": detail,
            "summary_rows": presenters.audit_summary_rows(detail),
            "evidence": presenters.evidence_links(detail.evidence),
            "can_edit": user_can_edit_audits(user=request.user),
            "can_add_evidence": user_can_add_evidence_beyond_actions(user=request.user),
        },
    )


def audit_update(request: AuthenticatedHttpRequest, audit_id: int) -> HttpResponse:
    audit = audit_get_for_user(user=request.user, audit_id=audit_id)
    require_audit_editor(user=request.user)
    form = AuditForm(
        request.POST or None,
        initial=AuditForm.initial_for(audit),
        local_authority_id=audit.local_authority_id,
    )
    saved = submit_form(
        request,
        form,
        lambda: services.audit_update(
            user=request.user,
            audit=audit,
            expected_version=form.cleaned_data["version"],
            **form.service_kwargs(),
        ),
        message=lambda audit: f"“{audit.title}” updated",
        to=lambda audit: audit,
    )
    return saved or render(request, "performance/audit_form.html", {"form": form, "audit": audit})


# Findings -----------------------------------------------------------------------------------------


def finding_create(request: AuthenticatedHttpRequest, audit_id: int) -> HttpResponse:
    audit = audit_get_for_user(user=request.user, audit_id=audit_id)
    require_audit_editor(user=request.user)
    form = FindingForm(request.POST or None)
    saved = submit_form(
        request,
        form,
        lambda: services.finding_add(
            user=request.user,
            audit=audit,
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            number=form.cleaned_data["number"],
        ),
        message=lambda finding: f"Finding {finding.number} added",
        to=lambda finding: finding,
    )
    context = {"form": form, "audit": audit, "finding": None}
    return saved or render(request, "performance/finding_form.html", context)


def finding_update(
    request: AuthenticatedHttpRequest, audit_id: int, finding_id: int
) -> HttpResponse:
    finding = finding_get_for_user(user=request.user, audit_id=audit_id, finding_id=finding_id)
    require_audit_editor(user=request.user)
    initial = {
        "version": finding.version,
        "number": finding.number,
        "kind": finding.kind,
        "text": finding.text,
    }
    form = FindingForm(request.POST or None, initial=initial, number_required=True)
    saved = submit_form(
        request,
        form,
        lambda: services.finding_update(
            user=request.user,
            finding=finding,
            expected_version=form.cleaned_data["version"],
            kind=form.cleaned_data["kind"],
            text=form.cleaned_data["text"],
            number=form.cleaned_data["number"],
        ),
        message=lambda finding: f"Finding {finding.number} updated",
        to=lambda finding: finding,
    )
    context = {"form": form, "audit": finding.audit, "finding": finding}
    return saved or render(request, "performance/finding_form.html", context)


def finding_confirm(
    request: AuthenticatedHttpRequest, audit_id: int, finding_id: int
) -> HttpResponse:
    finding = finding_get_for_user(user=request.user, audit_id=audit_id, finding_id=finding_id)
    require_audit_editor(user=request.user)
    audit = finding.audit
    initial: dict[str, Any] = {
        "version": finding.version,
        "actions": list(finding.confirms_actions.values_list("pk", flat=True)),
    }
    form = FindingConfirmForm(
        request.POST or None,
        initial=initial,
        actions=selectors.audit_action_choices(audit=audit),
    )
    saved = submit_form(
        request,
        form,
        lambda: services.finding_confirm_actions(
            user=request.user,
            finding=finding,
            actions=list(form.cleaned_data["actions"]),
            expected_version=form.cleaned_data["version"],
        ),
        message=lambda finding: f"Actions confirmed by finding {finding.number} recorded",
        to=lambda finding: finding,
    )
    context = {"form": form, "audit": audit, "finding": finding}
    return saved or render(request, "performance/finding_confirm_form.html", context)


def finding_make_action(
    request: AuthenticatedHttpRequest, audit_id: int, finding_id: int
) -> HttpResponse:
    finding = finding_get_for_user(user=request.user, audit_id=audit_id, finding_id=finding_id)
    require_audit_editor(user=request.user)
    audit = finding.audit
    form = MakeActionForm(request.POST or None, initial={"description": finding.text}, audit=audit)
    saved = submit_form(
        request,
        form,
        lambda: services.finding_make_action(
            user=request.user, finding=finding, **form.service_kwargs()
        ),
        message=lambda action: f"Action {action.reference} added to the plan",
        to=lambda action: finding,
    )
    context = {"form": form, "audit": audit, "finding": finding}
    return saved or render(request, "performance/finding_make_action_form.html", context)


# Verification -------------------------------------------------------------------------------------


def action_verify(request: AuthenticatedHttpRequest, plan_id: int, action_id: int) -> HttpResponse:
    action = action_get_for_user(user=request.user, plan_id=plan_id, action_id=action_id)
    require_verifier(user=request.user, action=action)
    evidence = selectors.action_evidence_choices(action=action)
    findings = selectors.action_finding_choices(action=action)
    form = VerifyForm(request.POST or None, evidence=evidence, findings=findings)
    saved = submit_form(
        request,
        form,
        lambda: services.action_verify_as_embedded(
            user=request.user, action=action, **form.service_kwargs()
        ),
        message=f"Action {action.reference} verified as embedded",
        to=lambda verification: action,
    )
    context = {
        "form": form,
        "action": action,
        "plan": action.plan,
        "has_evidence": evidence.exists(),
        "has_findings": findings.exists(),
    }
    return saved or render(request, "performance/action_verify_form.html", context)
