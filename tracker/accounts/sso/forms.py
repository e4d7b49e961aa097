"""The single sign-on settings form an authority's administrators use."""

from __future__ import annotations

from typing import Any

from django import forms

from tracker.accounts.models import LocalAuthority

YES, NO = "yes", "no"


class SsoSettingsForm(forms.Form):
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

    @classmethod
    def initial_for(cls, local_authority: LocalAuthority) -> dict[str, str]:
        return {
            "sso_new_users": local_authority.sso_new_users,
            "has_password_sign_in": YES if local_authority.has_password_sign_in else NO,
        }

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "sso_new_users": data["sso_new_users"],
            "has_password_sign_in": data["has_password_sign_in"] == YES,
        }
