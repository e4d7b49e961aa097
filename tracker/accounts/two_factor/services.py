"""Writes for the second factor: the authenticator app, recovery codes, checking a code, and
an administrator resetting someone's second factor.

Recovery codes are a django-otp `StaticDevice` whose `StaticToken`s hold a keyed hash of each
code, never the code (`rules.recovery_code_hashes`); the codes themselves exist only in the
answer to the request that made them. A used code's row stays, marked used, so that using it
again is refused as used rather than as wrong.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tracker.accounts.models import SignInEvent, User
from tracker.accounts.services import sign_in_event_record
from tracker.accounts.two_factor import rules

DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"

RESET_YOURSELF = (
    "You cannot reset your own second factor: set up a new authenticator app or make new "
    "recovery codes from your account, or ask another administrator"
)


@dataclass(frozen=True)
class Where:
    """Where a request came from, for the sign-in record."""

    ip_address: str | None
    user_agent: str


def _record(*, kind: str, user: User, where: Where, by: User | None = None) -> None:
    sign_in_event_record(
        kind=kind,
        username=user.get_username(),
        user=user,
        ip_address=where.ip_address,
        user_agent=where.user_agent,
        by=by,
    )


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


def _recovery_codes_replace(*, user: User) -> list[str]:
    device, _ = StaticDevice.objects.get_or_create(
        user=user, defaults={"name": RECOVERY_DEVICE_NAME, "confirmed": True}
    )
    device.token_set.all().delete()
    codes = [rules.new_recovery_code() for _ in range(rules.RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=rules.recovery_code_hashes(user_id=user.pk, code=code)[0])
        for code in codes
    )
    return codes


@transaction.atomic
def second_factor_set_up(*, user: User, key: str) -> tuple[TOTPDevice, list[str]]:
    """Keep the authenticator app an administrator has just confirmed, and give them a fresh
    set of recovery codes (any earlier ones stop working). The codes are returned to be shown
    once; only their hashes are kept."""
    device = totp_device_create(user=user, key=key)
    return device, _recovery_codes_replace(user=user)


@transaction.atomic
def recovery_codes_create(*, user: User, app_code: str, where: Where) -> list[str]:
    """Make a new set of recovery codes, confirmed by a code from the person's authenticator
    app; the old set stops working. Wrong app codes are throttled as at sign-in."""
    device = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    if device is None:
        raise ValidationError(
            "Set up an authenticator app first: recovery codes are for when you cannot use it"
        )
    _check_app_code(device=device, code=app_code)
    codes = _recovery_codes_replace(user=user)
    _record(kind=SignInEvent.Kind.RECOVERY_CODES_MADE, user=user, where=where)
    return codes


@transaction.atomic
def authenticator_app_replace(*, user: User, key: str, where: Where) -> TOTPDevice:
    """Keep a new authenticator app someone signed in has confirmed with its code: the old app's
    codes stop working. Their recovery codes stay as they are."""
    device = totp_device_create(user=user, key=key)
    _record(kind=SignInEvent.Kind.APP_REPLACED, user=user, where=where)
    return device


TOO_MANY = (
    "Too many wrong codes have been entered. Wait a minute, then enter the code your "
    "authenticator app shows now, or a recovery code"
)
WRONG_APP_CODE = "The code is not right: enter the code your authenticator app shows now"


def _check_app_code(*, device: TOTPDevice, code: str) -> None:
    allowed, _ = device.verify_is_allowed()
    if not allowed:
        raise ValidationError({"code": [TOO_MANY]})
    if not device.verify_token(code):
        raise ValidationError({"code": [WRONG_APP_CODE]})


class Outcome(enum.Enum):
    APP = "app"
    RECOVERY = "recovery"
    WRONG = "wrong"
    USED = "used"
    THROTTLED = "throttled"


@dataclass(frozen=True)
class CodeCheck:
    """What a code given at sign-in turned out to be, and the device it matched."""

    outcome: Outcome
    device: Device | None = None
    recovery_codes_left: int = 0


def recovery_codes_left(device: StaticDevice) -> int:
    return int(device.token_set.exclude(token__startswith=rules.USED_MARK).count())


@transaction.atomic
def second_factor_check(*, user: User, code: str, where: Where) -> CodeCheck:
    """Check a code given after the password: 6 digits from the authenticator app, or one of
    the person's recovery codes (which is then used up, and the use recorded).

    The app and the recovery codes share one throttle: a wrong code of either kind makes both
    wait, so guessing cannot switch between them to go faster.
    """
    totp = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
    static = StaticDevice.objects.select_for_update().filter(user=user).first()
    devices: list[Device] = [device for device in (totp, static) if device is not None]
    if any(not device.verify_is_allowed()[0] for device in devices):
        return CodeCheck(Outcome.THROTTLED)
    code = rules.tidy_code(code)
    matched: Device | None = None
    outcome = Outcome.WRONG
    if rules.is_app_code(code) and totp is not None and totp.verify_token(code):
        matched, outcome = totp, Outcome.APP
    elif rules.is_recovery_code(code) and static is not None:
        outcome = _recovery_code_use(device=static, user=user, code=code)
        matched = static if outcome is Outcome.RECOVERY else None
    for device in devices:
        # The app's own check above already counted its success or failure.
        if device is totp and rules.is_app_code(code):
            continue
        if matched is None:
            device.throttle_increment()
        else:
            device.throttle_reset()
    if outcome is not Outcome.RECOVERY:
        return CodeCheck(outcome, matched)
    assert static is not None  # noqa: S101 - a recovery code was matched on it
    static.set_last_used_timestamp()
    _record(kind=SignInEvent.Kind.RECOVERY_CODE_USED, user=user, where=where)
    return CodeCheck(outcome, static, recovery_codes_left(static))


def _recovery_code_use(*, device: StaticDevice, user: User, code: str) -> Outcome:
    hashes = rules.recovery_code_hashes(user_id=user.pk, code=code)
    for token in device.token_set.filter(token__in=hashes):
        # Marked used in one statement that only one of two requests racing can win.
        if StaticToken.objects.filter(pk=token.pk, token=token.token).update(
            token=rules.used_mark(token.token)
        ):
            return Outcome.RECOVERY
    used = [rules.used_mark(stored) for stored in hashes]
    if device.token_set.filter(token__in=used).exists():
        return Outcome.USED
    return Outcome.WRONG


@transaction.atomic
def second_factor_reset(*, by: User, user: User, where: Where) -> User:
    """Remove someone's authenticator app and recovery codes, for an administrator of their
    own authority: they set up a new app the next time they sign in with a password.

    Never one's own (another administrator must do it), and only someone who has one.
    """
    if user.pk == by.pk:
        raise ValidationError(RESET_YOURSELF)
    if user.local_authority_id is None or user.local_authority_id != by.local_authority_id:
        raise ValidationError("You can only reset the second factor of your own authority's users")
    removed, _ = TOTPDevice.objects.filter(user=user).delete()
    removed_codes, _ = StaticDevice.objects.filter(user=user).delete()
    if not removed and not removed_codes:
        raise ValidationError(f"{user} has no authenticator app or recovery codes to reset")
    _record(kind=SignInEvent.Kind.SECOND_FACTOR_RESET, user=user, where=where, by=by)
    return user
