"""The code forms: a code from the authenticator app, and at sign-in either that or a
recovery code."""

from __future__ import annotations

from django import forms
from django.core import signing

from tracker.accounts.two_factor import rules


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


class SignInCodeForm(forms.Form):
    """The code after the password: 6 digits from the app, or a recovery code."""

    code = forms.CharField(
        label="Code",
        max_length=30,
        help_text=(
            "The 6-digit code your authenticator app shows now. If you cannot use your app, "
            "enter one of your recovery codes instead, like abcde-fghjk"
        ),
        error_messages={
            "required": (
                "Enter the 6-digit code from your authenticator app, or one of your recovery codes"
            ),
            "max_length": (
                "Enter the 6-digit code from your authenticator app, like 123456, or a recovery "
                "code, like abcde-fghjk"
            ),
        },
    )

    def clean_code(self) -> str:
        code = rules.tidy_code(str(self.cleaned_data["code"]))
        if not (rules.is_app_code(code) or rules.is_recovery_code(code)):
            raise forms.ValidationError(
                "Enter the 6-digit code from your authenticator app, like 123456, or a "
                "recovery code, like abcde-fghjk"
            )
        return code


# The key of a new authenticator app travels in the form, signed, rather than in the session:
# it is on the page already (to type), and opening the page then writes nothing.
_KEY_SALT = "tracker.accounts.two_factor.new_app_key"


def sign_key(key: str) -> str:
    return signing.dumps(key, salt=_KEY_SALT, compress=False)


def unsigned_key(signed: str) -> str | None:
    """The key a page signed, or None when it is missing, altered or over an hour old."""
    try:
        return str(signing.loads(signed, salt=_KEY_SALT, max_age=60 * 60))
    except signing.BadSignature:
        return None


class NewAppForm(CodeForm):
    """A code from the new app, with the key the page showed (rendered by the template)."""

    key = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        if unsigned_key(str(cleaned.get("key") or "")) is None and "code" in cleaned:
            self.add_error(
                "code",
                "The page was open too long: scan the new QR code and enter its code again",
            )
        return cleaned
