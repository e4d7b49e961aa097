"""The forms of single sign-on: the work email address that names the provider, and the
settings an authority's administrators choose."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict

from tracker.accounts.models import LocalAuthority
from tracker.core.forms import VersionField, apply_service_error

YES, NO = "yes", "no"


class WorkEmailForm(forms.Form):
    """ "Sign in with your work account": the address says whose staff someone is, and so
    which identity provider to send them to."""

    email = forms.EmailField(
        label="Work email address",
        max_length=254,
        help_text="The address you use for work, for example name@yourcouncil.gov.uk",
        error_messages={
            "required": "Enter your work email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
            "max_length": "Email address must be 254 characters or fewer",
        },
    )


class SsoSettingsForm(forms.Form):
    version = VersionField()
    sso_new_users = forms.ChoiceField(
        label="When someone signs in with their work account for the first time",
        choices=LocalAuthority.SsoNewUsers.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what happens when someone new signs in"},
    )
    has_password_sign_in = forms.ChoiceField(
        label="Can people sign in with a username and password?",
        choices=[
            (YES, "Yes, as well as with their work account"),
            (NO, "No, only with their work account"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether people can sign in with a password"},
    )

    # Set when the service refused the save because another administrator saved first.
    has_conflict = False

    @classmethod
    def initial_for(cls, local_authority: LocalAuthority) -> dict[str, Any]:
        return {
            "version": local_authority.version,
            "sso_new_users": local_authority.sso_new_users,
            "has_password_sign_in": YES if local_authority.has_password_sign_in else NO,
        }

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "expected_version": data["version"],
            "sso_new_users": data["sso_new_users"],
            "has_password_sign_in": data["has_password_sign_in"] == YES,
        }

    def apply_service_error(self, error: ValidationError) -> None:
        self.has_conflict = getattr(error, "code", None) == "concurrent_edit"
        apply_service_error(self, error)

    def keep_choices_for(self, local_authority: LocalAuthority) -> None:
        """After a conflict: keep the administrator's choices on the page, now answering the
        version just saved, so that saving again replaces what the other administrator chose
        (knowingly: the page shows it)."""
        data = QueryDict(mutable=True)
        data.update(self.data)
        data["version"] = str(local_authority.version)
        self.data = data
