"""The code form."""

from __future__ import annotations

from django import forms


class CodeForm(forms.Form):
    code = forms.RegexField(
        label="Code",
        regex=r"^\d{6}$",
        max_length=6,
        help_text="The 6-digit code your authenticator app shows now",
        error_messages={
            "required": "Enter the 6-digit code from your authenticator app",
            "invalid": "Enter the code as 6 digits, like 123456",
        },
    )

    def clean_code(self) -> str:
        return str(self.cleaned_data["code"]).strip()
