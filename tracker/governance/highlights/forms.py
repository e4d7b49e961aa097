"""Forms of highlight and exception reports: the narrative a lead writes, and confirmations."""

from __future__ import annotations

from typing import Any

from django import forms

from tracker.core.forms import VersionField
from tracker.governance.highlights.services import NARRATIVE_MAX_LENGTH
from tracker.governance.models import HighlightReport

NARRATIVE_HINTS = {
    "summary": "The theme's position in two or three sentences: is it on track, and why",
    "key_updates": "What changed since the last report and what difference it made to children "
    "and families",
    "achievements": "Actions completed or embedded, and evidence of impact",
    "risks_and_mitigations": "What could stop progress, and what is being done about it",
    "next_steps": "What the theme will do before the next meeting (optional)",
    "support_needed": "Anything the board needs to decide, unblock or escalate (optional)",
}


def _narrative(label: str, name: str, *, required: bool = False) -> forms.CharField:
    messages = {
        "max_length": f"{label} must be {NARRATIVE_MAX_LENGTH:,} characters or fewer",
    }
    if required:
        messages["required"] = "Enter a summary of the theme's progress"
    return forms.CharField(
        label=label if required else f"{label} (optional)",
        widget=forms.Textarea(attrs={"rows": 6 if name != "summary" else 4}),
        required=required,
        max_length=NARRATIVE_MAX_LENGTH,
        help_text=NARRATIVE_HINTS[name],
        error_messages=messages,
        strip=True,
    )


class HighlightReportForm(forms.Form):
    version = VersionField()
    kind = forms.ChoiceField(
        label="Type of report",
        choices=HighlightReport.Kind.choices,
        widget=forms.RadioSelect,
        help_text="An exception report tells the board about actions off track",
        error_messages={"required": "Select whether this is a highlight or an exception report"},
    )
    summary = _narrative("Summary", "summary", required=True)
    key_updates = _narrative("Key updates and impacts", "key_updates")
    achievements = _narrative("Achievements", "achievements")
    risks_and_mitigations = _narrative("Risks and mitigating actions", "risks_and_mitigations")
    next_steps = _narrative("Next steps", "next_steps")
    support_needed = _narrative("Support or decisions needed from the board", "support_needed")

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "kind": data["kind"],
            **{name: data[name] for name in NARRATIVE_HINTS},
        }


class VersionForm(forms.Form):
    """A confirmation (submit, reopen) that names the version of the record it was shown."""

    version = VersionField()
