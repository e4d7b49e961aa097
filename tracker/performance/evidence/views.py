"""Evidence pages: add a file, link or note to an action, expected outcome, measure value or
audit; read it; download its file; withdraw it."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.core.forms import submit_form
from tracker.performance.access import (
    audit_get_for_user,
    evidence_get_for_user,
    expected_outcome_get_for_user,
    measure_value_get_for_user,
)
from tracker.performance.evidence import selectors, services
from tracker.performance.evidence.access import (
    EvidenceOf,
    evidence_of,
    require_evidence_adder,
    require_evidence_downloader,
    require_evidence_withdrawer,
    user_can_download_evidence,
    user_can_withdraw_evidence,
)
from tracker.performance.evidence.files import ALLOWED, safe_download_name
from tracker.performance.evidence.forms import EvidenceForm, WithdrawForm
from tracker.performance.evidence.presenters import (
    download_url,
    evidence_of_label,
    evidence_of_url,
    history_entries,
)
from tracker.performance.models import Evidence
from tracker.plans.access import action_get_for_user

# Sent with every downloaded file: a browser that opened it anyway must not run anything in
# it (a PDF's scripts, markup hidden in a picture) on this site's origin.
DOWNLOAD_CSP = "default-src 'none'; sandbox"
_EXTENSION_OF = {content_type: extension for extension, content_type in ALLOWED.items()}


def _add(request: AuthenticatedHttpRequest, *, to: EvidenceOf) -> HttpResponse:
    """The add evidence page for anything evidence can be attached to."""
    require_evidence_adder(user=request.user, evidence_of=to)
    posted = request.method == "POST"
    form = EvidenceForm(request.POST if posted else None, request.FILES if posted else None)
    back_url = evidence_of_url(to)

    def save() -> Evidence:
        data = form.cleaned_data
        common = {
            "user": request.user,
            "evidence_of": to,
            "title": data["title"] or "",
            "dated_on": data["dated_on"],
        }
        kind = form.chosen_kind()
        if kind == Evidence.Kind.FILE:
            return services.evidence_add_file(**common, uploaded=data["file"])
        if kind == Evidence.Kind.LINK:
            return services.evidence_add_link(**common, url=data["url"] or "")
        return services.evidence_add_note(**common, note=data["note"] or "")

    saved = submit_form(
        request,
        form,
        save,
        message=lambda evidence: f"Evidence added: {evidence.title}",
        to=lambda evidence: back_url or evidence.get_absolute_url(),
    )
    context = {"form": form, "of_label": evidence_of_label(to), "back_url": back_url}
    return saved or render(request, "performance/evidence_form.html", context)


def evidence_add_for_action(
    request: AuthenticatedHttpRequest, plan_id: int, action_id: int
) -> HttpResponse:
    action = action_get_for_user(user=request.user, plan_id=plan_id, action_id=action_id)
    return _add(request, to=action)


def evidence_add_for_outcome(request: AuthenticatedHttpRequest, outcome_id: int) -> HttpResponse:
    outcome = expected_outcome_get_for_user(user=request.user, outcome_id=outcome_id)
    return _add(request, to=outcome)


def evidence_add_for_value(
    request: AuthenticatedHttpRequest, measure_id: int, value_id: int
) -> HttpResponse:
    value = measure_value_get_for_user(user=request.user, measure_id=measure_id, value_id=value_id)
    return _add(request, to=value)


def evidence_add_for_audit(request: AuthenticatedHttpRequest, audit_id: int) -> HttpResponse:
    audit = audit_get_for_user(user=request.user, audit_id=audit_id)
    return _add(request, to=audit)


@require_safe
def evidence_detail(request: AuthenticatedHttpRequest, evidence_id: int) -> HttpResponse:
    evidence = evidence_get_for_user(user=request.user, evidence_id=evidence_id)
    of = evidence_of(evidence)
    can_download = (
        evidence.kind == Evidence.Kind.FILE
        and bool(evidence.file)
        and user_can_download_evidence(user=request.user, evidence=evidence)
    )
    return render(
        request,
        "performance/evidence_detail.html",
        {
            "evidence": evidence,
            "of_label": evidence_of_label(of),
            "of_url": evidence_of_url(of),
            "download_url": download_url(evidence) if can_download else "",
            "can_withdraw": not evidence.is_withdrawn
            and user_can_withdraw_evidence(user=request.user, evidence=evidence),
            "history": history_entries(selectors.evidence_history(evidence=evidence)),
        },
    )


@require_safe
def evidence_download(request: AuthenticatedHttpRequest, evidence_id: int) -> FileResponse:
    """The evidence's file, always as a download (never shown in the browser), under a safe
    name with the extension found from its content."""
    evidence = evidence_get_for_user(user=request.user, evidence_id=evidence_id)
    if evidence.kind != Evidence.Kind.FILE or not evidence.file:
        raise Http404("This evidence has no file")
    require_evidence_downloader(user=request.user, evidence=evidence)
    content_type = evidence.content_type if evidence.content_type in _EXTENSION_OF else ""
    extension = _EXTENSION_OF.get(content_type, "")
    try:
        stream = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404("The file is missing from storage") from None
    response = FileResponse(
        stream,
        as_attachment=True,
        filename=safe_download_name(evidence.file_name or evidence.title, extension),
        content_type=content_type or "application/octet-stream",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = DOWNLOAD_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


def evidence_withdraw(request: AuthenticatedHttpRequest, evidence_id: int) -> HttpResponse:
    evidence = evidence_get_for_user(user=request.user, evidence_id=evidence_id)
    require_evidence_withdrawer(user=request.user, evidence=evidence)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    saved = submit_form(
        request,
        form,
        lambda: services.evidence_withdraw(
            user=request.user, evidence=evidence, reason=form.cleaned_data["reason"]
        ),
        message=lambda withdrawn: f"Evidence withdrawn: {withdrawn.title}",
        to=lambda withdrawn: withdrawn.get_absolute_url(),
    )
    return saved or render(
        request, "performance/evidence_withdraw.html", {"form": form, "evidence": evidence}
    )
