"""Monitoring visit packs: choose a visit's focus and ask for a pack, follow it being made,
download it."""

from __future__ import annotations

from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from tracker.accounts.access import require_council_member, require_plan_editor
from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.core.forms import submit_form
from tracker.plans.access import plan_get_for_user
from tracker.reporting.models import VisitPack
from tracker.reporting.packs import selectors, services
from tracker.reporting.packs.access import visit_pack_get_for_user
from tracker.reporting.packs.forms import VisitPackForm
from tracker.reporting.papers.views import TAG_CLASSES, _attachment


def _who(pack: VisitPack) -> str:
    user = pack.requested_by
    return (user.get_full_name() or user.username) if user else "Not recorded"


def _pack_rows(packs: list[VisitPack]) -> list[dict[str, object]]:
    return [
        {
            "pack": pack,
            "focus": selectors.visit_pack_focus_label(pack=pack),
            "tag_class": TAG_CLASSES[VisitPack.Status(pack.status)],
            "who": _who(pack),
        }
        for pack in packs
    ]


def visit_pack_list(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    # The council's papers carry its scorecard, audits and boards: not for partners.
    require_council_member(user=request.user)
    services.visit_packs_fail_stalled(plan=plan)
    return render(
        request,
        "reporting/packs/visit_pack_list.html",
        {
            "plan": plan,
            "rows": _pack_rows(selectors.visit_pack_list(plan=plan)),
            "can_make": request.user.can_edit_plans,
            "nav_section": "plans",
        },
    )


def visit_pack_create(request: AuthenticatedHttpRequest, plan_id: int) -> HttpResponse:
    plan = plan_get_for_user(user=request.user, plan_id=plan_id)
    # The council's papers carry its scorecard, audits and boards: not for partners.
    require_council_member(user=request.user)
    require_plan_editor(user=request.user)
    form = VisitPackForm(
        request.POST if request.method == "POST" else None,
        visits=selectors.monitoring_visits(plan=plan),
        recommendations=selectors.plan_recommendations(plan=plan),
        themes=selectors.plan_themes(plan=plan),
    )
    saved = submit_form(
        request,
        form,
        lambda: services.visit_pack_request(plan=plan, user=request.user, **form.service_kwargs()),
        message="Your pack is being made",
        to=lambda pack: pack,
    )
    return saved or render(
        request,
        "reporting/packs/visit_pack_form.html",
        {"plan": plan, "form": form, "nav_section": "plans"},
    )


def _pack_for_user(request: AuthenticatedHttpRequest, plan_id: int, pack_id: int) -> VisitPack:
    """The pack, after the access check; marked failed first if its job has died."""
    pack = visit_pack_get_for_user(user=request.user, plan_id=plan_id, pack_id=pack_id)
    if not pack.is_finished and services.visit_packs_fail_stalled(pack_id=pack.pk):
        pack = visit_pack_get_for_user(user=request.user, plan_id=plan_id, pack_id=pack_id)
    return pack


def _status_context(pack: VisitPack) -> dict[str, object]:
    return {
        "status": pack.status,
        "status_label": pack.get_status_display(),
        "tag_class": TAG_CLASSES[VisitPack.Status(pack.status)],
        "progress_percent": pack.progress_percent,
        "progress_message": pack.progress_message,
        "is_finished": pack.is_finished,
        "download_url": (
            reverse("reporting:visit_pack_download", args=[pack.plan_id, pack.pk])
            if pack.is_ready
            else ""
        ),
    }


def visit_pack_detail(
    request: AuthenticatedHttpRequest, plan_id: int, pack_id: int
) -> HttpResponse:
    pack = _pack_for_user(request, plan_id, pack_id)
    return render(
        request,
        "reporting/packs/visit_pack_detail.html",
        {
            "plan": pack.plan,
            "pack": pack,
            "focus": selectors.visit_pack_focus_label(pack=pack),
            "who": _who(pack),
            "nav_section": "plans",
            **_status_context(pack),
        },
    )


@require_GET
def visit_pack_status(
    request: AuthenticatedHttpRequest, plan_id: int, pack_id: int
) -> JsonResponse:
    pack = _pack_for_user(request, plan_id, pack_id)
    response = JsonResponse(_status_context(pack))
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def visit_pack_download(
    request: AuthenticatedHttpRequest, plan_id: int, pack_id: int
) -> HttpResponse:
    pack = visit_pack_get_for_user(user=request.user, plan_id=plan_id, pack_id=pack_id)
    if not pack.is_ready:
        raise Http404("This pack is not ready")
    return _attachment(
        selectors.visit_pack_content(pack=pack),
        filename=pack.filename,
        content_type=pack.content_type,
    )
