"""The panels the assurance sub-area adds to pages of the apps below it
(`tracker/core/panels.py`): on the action page, "Quality assurance and verification"."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from tracker.core import panels
from tracker.performance.assurance import presenters, selectors
from tracker.plans.access import user_can_verify_as_embedded
from tracker.plans.models import Action, DeliveryStatus


@panels.register(panels.ACTION_PAGE)
def action_assurance_panel(*, request: HttpRequest, action: Action) -> panels.Panel | None:
    """The findings that confirm the action, its verification decision (who, when, why) and
    what it rests on, and "Verify as embedded" for those allowed. A fixed number of
    queries. None for someone of a partner organisation: audits are the council's."""
    if getattr(request.user, "is_partner", False):
        return None
    assurance = selectors.action_get_assurance(action=action)
    verification = assurance.verification
    user = request.user
    may_verify = user.is_authenticated and user_can_verify_as_embedded(
        user=user,
        action=action,
    )
    return panels.Panel(
        template="performance/_action_assurance_panel.html",
        context={
            "findings": assurance.confirming_findings,
            "verification": verification,
            "evidence": presenters.evidence_links(verification.evidence.all())
            if verification
            else [],
            "earlier_count": max(len(assurance.verifications) - 1, 0),
            # Progress recorded after the decision may have moved the status on.
            "status_now": action.get_status_display()
            if verification is not None and action.status != DeliveryStatus.VERIFIED
            else "",
            "verify_url": reverse("performance:action_verify", args=[action.plan_id, action.pk])
            if may_verify
            else "",
        },
    )
