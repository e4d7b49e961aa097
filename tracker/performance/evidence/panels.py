"""The panels the evidence sub-area adds to pages of the apps below it
(`tracker/core/panels.py`)."""

from __future__ import annotations

from django.http import HttpRequest
from django.urls import reverse

from tracker.core import panels
from tracker.performance.evidence import selectors
from tracker.performance.evidence.access import user_can_add_evidence
from tracker.performance.evidence.presenters import evidence_rows
from tracker.plans.models import Action


@panels.register(panels.ACTION_PAGE)
def action_evidence_panel(*, request: HttpRequest, action: Action) -> panels.Panel:
    """The action's evidence, withdrawn pieces too (struck through), and "Add evidence" for
    those who may add it. Two queries for the list and the permission's own few, whatever
    the number of pieces."""
    user = request.user
    evidence = selectors.evidence_for_action(action=action, include_withdrawn=True)
    can_edit = bool(getattr(user, "can_edit_plans", False))
    return panels.Panel(
        template="performance/_evidence_panel.html",
        context={
            "rows": evidence_rows(evidence, can_download_withdrawn=can_edit),
            "add_url": (
                reverse("performance:evidence_add_for_action", args=[action.plan_id, action.pk])
                if user_can_add_evidence(user=user, evidence_of=action)  # type: ignore[arg-type]
                else ""
            ),
            "action": action,
        },
    )
