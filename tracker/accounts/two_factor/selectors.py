"""Reads for the second factor."""

from __future__ import annotations

from dataclasses import dataclass

from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tracker.accounts.models import User
from tracker.accounts.two_factor import rules


def totp_device_for_user(*, user: User) -> TOTPDevice | None:
    """The person's confirmed authenticator app, if they have set one up."""
    device: TOTPDevice | None = (
        TOTPDevice.objects.filter(user=user, confirmed=True).order_by("-pk").first()
    )
    return device


@dataclass(frozen=True)
class SecondFactorSummary:
    """What someone's sign-in security page shows: whether they have an app, and how many
    recovery codes they have left (None when they have never had any)."""

    has_app: bool
    recovery_codes_left: int | None

    @property
    def are_recovery_codes_few(self) -> bool:
        return self.recovery_codes_left is not None and rules.are_recovery_codes_few(
            self.recovery_codes_left
        )


def second_factor_summary(*, user: User) -> SecondFactorSummary:
    """The person's authenticator app and recovery codes, counted without reading a code."""
    has_app = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    left = (
        StaticToken.objects.filter(device__user=user)
        .exclude(token__startswith=rules.USED_MARK)
        .count()
    )
    has_codes = left > 0 or StaticDevice.objects.filter(user=user).exists()
    return SecondFactorSummary(has_app=has_app, recovery_codes_left=left if has_codes else None)
