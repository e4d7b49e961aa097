"""Forms for signing in, passwords and the administrators' pages, with GOV.UK messages.

They parse input; the services decide what is allowed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.contrib.auth import forms as auth_forms

from tracker.accounts.models import User


class SignInForm(auth_forms.AuthenticationForm):
    username = forms.CharField(
        label="Username", max_length=150, error_messages={"required": "Enter your username"}
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        widget=forms.PasswordInput,
        error_messages={"required": "Enter your password"},
    )
    error_messages = {
        "invalid_login": "Enter a correct username and password. Both are case-sensitive.",
        "inactive": "This account has been switched off. Ask your administrator.",
        "passwords_off": (
            "{authority} does not use passwords: use “Sign in with your work account”."
        ),
    }

    def confirm_login_allowed(self, user: User) -> None:
        super().confirm_login_allowed(user)
        authority = user.local_authority
        if authority is not None and not authority.has_password_sign_in:
            raise forms.ValidationError(
                self.error_messages["passwords_off"].format(authority=authority.name),
                code="passwords_off",
            )


# Passwords --------------------------------------------------------------------------------------

CHOOSING_HINT = (
    "Use at least 8 characters. Do not use a common password, only numbers, or something like "
    "your name or username. A few words together are easy to remember and hard to guess."
)
MISMATCH_MESSAGE = "The passwords do not match: enter the same new password twice"


def _new_password_fields() -> tuple[forms.CharField, forms.CharField]:
    new_password1 = forms.CharField(
        label="New password",
        strip=False,
        widget=forms.PasswordInput,
        help_text=CHOOSING_HINT,
        error_messages={"required": "Enter a new password"},
    )
    new_password2 = forms.CharField(
        label="Confirm new password",
        strip=False,
        widget=forms.PasswordInput,
        error_messages={"required": "Enter the new password again"},
    )
    return new_password1, new_password2


# The stubs make SetPasswordForm generic, but at run time it is not subscriptable (the stubs'
# monkeypatch does not cover it), so only the type checker sees the parameter.
if TYPE_CHECKING:
    _SetPasswordForm = auth_forms.SetPasswordForm[User]
else:
    _SetPasswordForm = auth_forms.SetPasswordForm


class NewPasswordForm(_SetPasswordForm):
    """Set a password from an emailed link (an invitation or a reset)."""

    new_password1, new_password2 = _new_password_fields()
    error_messages = {"password_mismatch": MISMATCH_MESSAGE}


class ChangePasswordForm(auth_forms.PasswordChangeForm):
    """Change your password, knowing the current one."""

    old_password = forms.CharField(
        label="Current password",
        strip=False,
        widget=forms.PasswordInput,
        error_messages={"required": "Enter your current password"},
    )
    new_password1, new_password2 = _new_password_fields()
    error_messages = {
        "password_mismatch": MISMATCH_MESSAGE,
        "password_incorrect": "Your current password is not right: enter it again",
    }
    field_order = ["old_password", "new_password1", "new_password2"]


class ResetPasswordForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="The email address your administrator added you with",
        error_messages={
            "required": "Enter your email address",
            "invalid": "Enter an email address in the correct format, like name@example.gov.uk",
        },
    )

    def get_users(self, email: str) -> Any:
        """Nobody of an authority that has switched passwords off is sent a reset link."""
        for user in super().get_users(email):
            authority = user.local_authority
            if authority is None or authority.has_password_sign_in:
                yield user
