"""Reads for the second factor."""

from __future__ import annotations

from django_otp.plugins.otp_totp.models import TOTPDevice

from tracker.accounts.models import User


def totp_device_for_user(*, user: User) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if they have set one up."""
    device: TOTPDevice | None = (
        TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()
    )
    return device
