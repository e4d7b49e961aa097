import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from tracker.accounts.two_factor import services

PASSWORD = "correct horse battery"  # the factories' password
KEY = "3132333435363738393031323334353637383930"


def _code(key: str, *, later: int = 0) -> str:
    totp = TOTP(bytes.fromhex(key))
    totp.time = totp.time + later
    return f"{totp.token():06d}"


def _password(client, user):
    return client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})


def _body(response) -> str:
    return response.content.decode()


def test_two_factor_administrator_without_an_app_is_sent_to_set_one_up(client, administrator):
    response = _password(client, administrator)
    assert response["Location"] == reverse("accounts:two_factor_verify")

    set_up = client.get(reverse("accounts:two_factor_verify"), follow=True)

    assert set_up.redirect_chain[-1][0] == reverse("accounts:two_factor_set_up")
    body = _body(set_up)
    assert "Set up your authenticator app" in body
    assert "<svg" in body and "<img" not in body.split("<main", 1)[1]
    assert not TOTPDevice.objects.filter(user=administrator).exists()


def test_two_factor_half_signed_in_administrator_reaches_nothing_else(client, administrator):
    _password(client, administrator)

    for name in ("core:dashboard", "accounts:account", "accounts:user_list"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:two_factor_verify")
    assert client.get("/admin/").status_code == 302
    signed_out = client.post(reverse("accounts:logout"))
    assert signed_out["Location"] == reverse("accounts:login")


def test_two_factor_set_up_with_the_right_code_keeps_the_app(client, administrator):
    _password(client, administrator)
    page = _body(client.get(reverse("accounts:two_factor_set_up")))
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', page)
    assert secret
    key = client.session["second_factor_set_up_key"]

    wrong = client.post(reverse("accounts:two_factor_set_up"), {"code": "000000"})
    assert "The code is not right" in _body(wrong)
    assert not TOTPDevice.objects.filter(user=administrator).exists()

    response = client.post(reverse("accounts:two_factor_set_up"), {"code": _code(key)})

    assert response["Location"] == reverse("core:dashboard")
    device = TOTPDevice.objects.get(user=administrator)
    assert device.key == key
    assert device.confirmed is True
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_two_factor_code_asked_on_each_sign_in(client, administrator):
    services.totp_device_create(user=administrator, key=KEY)
    _password(client, administrator)

    page = client.get(reverse("accounts:two_factor_verify"))
    assert "Enter the code from your authenticator app" in _body(page)
    response = client.post(reverse("accounts:two_factor_verify"), {"code": _code(KEY)})

    assert response["Location"] == reverse("core:dashboard")
    assert client.get(reverse("accounts:user_list")).status_code == 200


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Enter the 6-digit code from your authenticator app"),
        ("12ab", "Enter the code as 6 digits, like 123456"),
    ],
)
def test_two_factor_code_must_be_six_digits(client, administrator, code, message):
    services.totp_device_create(user=administrator, key=KEY)
    _password(client, administrator)

    response = client.post(reverse("accounts:two_factor_verify"), {"code": code})

    assert response.status_code == 200
    assert message in _body(response)


def test_two_factor_wrong_code_is_refused_then_throttled(client, administrator):
    services.totp_device_create(user=administrator, key=KEY)
    _password(client, administrator)
    wrong = f"{(int(_code(KEY)) + 500_000) % 1_000_000:06d}"

    first = client.post(reverse("accounts:two_factor_verify"), {"code": wrong})
    assert "The code is not right" in _body(first)
    # Even the right code is refused straight after a wrong one: wrong codes are throttled.
    second = client.post(reverse("accounts:two_factor_verify"), {"code": _code(KEY)})

    assert "Too many wrong codes have been entered" in _body(second)
    assert client.get(reverse("core:dashboard"))["Location"] == reverse(
        "accounts:two_factor_verify"
    )


def test_two_factor_other_roles_are_not_asked(client, improvement_lead):
    response = _password(client, improvement_lead)

    assert response["Location"] == reverse("core:dashboard")
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_two_factor_pages_send_anyone_not_half_signed_in_on(client, improvement_lead):
    client.force_login(improvement_lead)

    for name in ("accounts:two_factor_set_up", "accounts:two_factor_verify"):
        assert client.get(reverse(name))["Location"] == reverse("core:dashboard")
