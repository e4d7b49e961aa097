"""The form a partner organisation's administrator invites staff with."""

from __future__ import annotations

from typing import Any

from django import forms

from tracker.accounts.models import User

PARTNER_ROLE_CHOICES = [
    (User.Role.ACTION_OWNER.value, "Action owner: records progress on the organisation's actions"),
    (User.Role.VIEWER.value, "Viewer: reads the plans shared with the organisation"),
]


class StaffInviteForm(forms.Form):
    first_name = forms.CharField(
        label="First name", max_length=150, error_messages={"required": "Enter their first name"}
    )
    last_name = forms.CharField(
        label="Last name", max_length=150, error_messages={"required": "Enter their last name"}
    )
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        error_messages={
            "required": "Enter their email address",
            "invalid": "Enter an email address in the correct format, like name@example.org",
        },
    )
    username = forms.CharField(
        label="Username",
        max_length=150,
        help_text="What they will type to sign in, for example jo.smith. Letters, digits and "
        "@ . + - _ only",
        error_messages={"required": "Enter a username"},
    )
    job_title = forms.CharField(label="Job title (optional)", max_length=200, required=False)
    role = forms.ChoiceField(
        label="Role",
        choices=PARTNER_ROLE_CHOICES,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose their role",
            "invalid_choice": "Choose action owner or viewer",
        },
    )

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "username": data["username"],
            "first_name": data["first_name"],
            "last_name": data["last_name"],
            "email": data["email"],
            "job_title": data["job_title"],
            "role": data["role"],
        }
