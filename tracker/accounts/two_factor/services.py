"""Writes for the second factor."""

from __future__ import annotations

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from tracker.accounts.models import User

DEVICE_NAME = "Authenticator app"


@transaction.atomic
def totp_device_create(*, user: User, key: str) -> TOTPDevice:
    """Keep the authenticator app someone has just shown they set up (with a right code).

    Any earlier device of theirs is removed: a person has one app at a time.
    """
    TOTPDevice.objects.filter(user=user).delete()
    device: TOTPDevice = TOTPDevice.objects.create(
        user=user, key=key, name=DEVICE_NAME, confirmed=True
    )
    return device
