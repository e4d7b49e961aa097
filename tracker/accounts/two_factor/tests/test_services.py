import logging

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tracker.accounts.models import SignInEvent, User
from tracker.accounts.tests.factories import UserFactory
from tracker.accounts.two_factor import services

KEY = "3132333435363738393031323334353637383930"
WHERE = services.Where(ip_address="127.0.0.1", user_agent="test")
PASSWORD = "correct horse battery"  # the factories' password


def _check(user, code):
    return services.second_factor_check(user=user, code=code, where=WHERE)


def test_second_factor_set_up_again_replaces_the_codes(administrator):
    _, first = services.second_factor_set_up(user=administrator, key=KEY)
    _, second = services.second_factor_set_up(user=administrator, key=KEY)

    assert StaticDevice.objects.filter(user=administrator).count() == 1
    assert StaticToken.objects.filter(device__user=administrator).count() == 10
    assert _check(administrator, first[0]).outcome is services.Outcome.WRONG
    StaticDevice.objects.update(throttling_failure_count=0)
    TOTPDevice.objects.update(throttling_failure_count=0)
    assert _check(administrator, second[0]).outcome is services.Outcome.RECOVERY


def test_recovery_code_of_someone_else_is_wrong(administrator, local_authority):
    other = UserFactory(local_authority=local_authority, role=User.Role.ADMINISTRATOR)
    services.second_factor_set_up(user=administrator, key=KEY)
    _, theirs = services.second_factor_set_up(user=other, key=KEY)

    assert _check(administrator, theirs[0]).outcome is services.Outcome.WRONG
    assert _check(other, theirs[0]).outcome is services.Outcome.RECOVERY


def test_recovery_code_counts_down_to_none(administrator):
    _, codes = services.second_factor_set_up(user=administrator, key=KEY)

    lefts = [_check(administrator, code).recovery_codes_left for code in codes]

    assert lefts == list(range(9, -1, -1))
    assert SignInEvent.objects.filter(kind=SignInEvent.Kind.RECOVERY_CODE_USED).count() == 10


def test_second_factor_reset_refuses_another_authority(administrator, other_local_authority):
    elsewhere = UserFactory(local_authority=other_local_authority, role=User.Role.ADMINISTRATOR)
    services.second_factor_set_up(user=elsewhere, key=KEY)

    with pytest.raises(ValidationError, match="your own authority's users"):
        services.second_factor_reset(by=administrator, user=elsewhere, where=WHERE)

    assert TOTPDevice.objects.filter(user=elsewhere).exists()


def test_recovery_codes_create_refused_without_an_app(administrator):
    with pytest.raises(ValidationError, match="Set up an authenticator app first"):
        services.recovery_codes_create(user=administrator, app_code="123456", where=WHERE)


def test_recovery_codes_never_reach_the_logs(client, administrator, caplog):
    _, codes = services.second_factor_set_up(user=administrator, key=KEY)
    caplog.set_level(logging.DEBUG)
    client.post(reverse("accounts:login"), {"username": "admin", "password": PASSWORD})

    client.post(reverse("accounts:two_factor_verify"), {"code": codes[0]})
    client.post(reverse("accounts:two_factor_verify"), {"code": codes[0]})  # refused: used

    assert caplog.records
    for code in codes:
        assert code not in caplog.text
        assert code.replace("-", "") not in caplog.text
