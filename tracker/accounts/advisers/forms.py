"""The form that grants an adviser access, by their email address."""

from __future__ import annotations

from django import forms


class AdviserAccessGrantForm(forms.Form):
    email = forms.EmailField(
        label="Adviser's email address",
        help_text="The address of their Improvement Tracker account, for example "
        "jo.smith@education.gov.uk",
        error_messages={
            "required": "Enter the adviser's email address",
            "invalid": "Enter an email address in the correct format, like name@example.com",
        },
    )


class AdviserAccessWithdrawForm(forms.Form):
    """A confirmation: nothing to fill in."""
