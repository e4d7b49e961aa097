"""The form that adds evidence (a file, a link or a note) and the one that withdraws it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.safestring import SafeString

from tracker.core.forms import GovUKDateField
from tracker.core.govuk import render_component
from tracker.core.templatetags.tracker import govuk_field
from tracker.performance.evidence.files import KINDS_ALLOWED, max_upload_text
from tracker.performance.models import Evidence

# The fields each kind of evidence reveals under its radio.
KIND_FIELDS = {
    Evidence.Kind.FILE: "file",
    Evidence.Kind.LINK: "url",
    Evidence.Kind.NOTE: "note",
}
KIND_LABELS = {
    Evidence.Kind.FILE: "A file",
    Evidence.Kind.LINK: "A link",
    Evidence.Kind.NOTE: "A written note",
}
ACCEPT = ".pdf,.docx,.xlsx,.pptx,.png,.jpg,.jpeg,.gif,.webp"


class EvidenceForm(forms.Form):
    """One page for every kind of evidence: the radios choose the kind, and only the chosen
    kind's field is read (the others may hold anything). Without JavaScript every kind's
    field shows under its radio."""

    kind = forms.ChoiceField(
        label="What are you adding?",
        choices=[(kind.value, KIND_LABELS[kind]) for kind in Evidence.Kind],
        widget=forms.RadioSelect,
        error_messages={
            "required": "Select what you are adding",
            "invalid_choice": "Select what you are adding",
        },
    )
    # Title and date are checked by the service, with the chosen kind's field, so that every
    # problem shows at once.
    title = forms.CharField(
        label="Title",
        required=False,
        help_text="What it is, as someone reading the plan would look for it",
    )
    dated_on = GovUKDateField(
        noun="the date of the evidence",
        label="Date of the evidence",
        required=False,
        help_text="When the document was written, the page published or the work seen. "
        "For example, 27 3 2026",
    )
    file = forms.FileField(
        label="File",
        required=False,
        widget=forms.FileInput(attrs={"accept": ACCEPT}),
    )
    url = forms.CharField(
        label="Link",
        required=False,
        help_text="The full address, starting https://",
        widget=forms.TextInput(attrs={"spellcheck": "false"}),
    )
    note = forms.CharField(
        label="Note",
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What was seen, by whom and where the record is kept",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The limit is a setting: read it when the form is made, not when the module loads.
        self.fields[
            "file"
        ].help_text = (
            f"{KINDS_ALLOWED[0].upper()}{KINDS_ALLOWED[1:]}, smaller than {max_upload_text()}"
        )

    def kind_radios(self) -> SafeString:
        """The kind radios, each revealing its own field (GOV.UK conditional reveal)."""
        bound = self["kind"]
        chosen = str(bound.value() or "")
        error = {"text": str(bound.errors[0])} if bound.errors else None
        items = []
        for kind, label in self.fields["kind"].choices:  # type: ignore[attr-defined]
            inner = govuk_field(self[KIND_FIELDS[Evidence.Kind(kind)]])
            items.append(
                {
                    "value": kind,
                    "text": label,
                    "checked": kind == chosen,
                    "conditional": {"html": inner},
                }
            )
        params: dict[str, Any] = {
            "name": bound.html_name,
            "idPrefix": bound.auto_id,
            "items": items,
            "errorMessage": error,
            "fieldset": {"legend": {"text": bound.label, "classes": "govuk-fieldset__legend--m"}},
        }
        return render_component("govukRadios", params)

    def chosen_kind(self) -> str:
        return str(self.cleaned_data["kind"])


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing it?",
        help_text="For example, the wrong document, or superseded by a later audit. "
        "The evidence and its file are kept, with your reason",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why the evidence is being withdrawn"},
    )
