import base64
import re

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tracker.accounts.models import SignInEvent, User
from tracker.accounts.tests.factories import UserFactory
from tracker.accounts.two_factor import services

PASSWORD = "correct horse battery"  # the factories' password
KEY = "3132333435363738393031323334353637383930"
OTHER_KEY = "4142434445464748494a4b4c4d4e4f5051525354"
WHERE = services.Where(ip_address="127.0.0.1", user_agent="test")


def _code(key: str, *, later: int = 0) -> str:
    totp = TOTP(bytes.fromhex(key))
    totp.time = totp.time + later
    return f"{totp.token():06d}"


def _wrong(key: str) -> str:
    return f"{(int(_code(key)) + 500_000) % 1_000_000:06d}"


def _password(client, user):
    return client.post(reverse("accounts:login"), {"username": user.username, "password": PASSWORD})


def _body(response) -> str:
    return response.content.decode()


def _codes(response) -> list[str]:
    return re.findall(r'<code class="app-secret">([a-z0-9]{5}-[a-z0-9]{5})</code>', _body(response))


def _set_up(user) -> list[str]:
    _device, codes = services.second_factor_set_up(user=user, key=KEY)
    return codes


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

    for name in ("core:dashboard", "accounts:account", "accounts:user_list", "accounts:security"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert response["Location"] == reverse("accounts:two_factor_verify")
    assert client.get("/admin/").status_code == 302
    signed_out = client.post(reverse("accounts:logout"))
    assert signed_out["Location"] == reverse("accounts:login")


def test_two_factor_set_up_keeps_the_app_and_shows_recovery_codes_once(client, administrator):
    _password(client, administrator)
    page = _body(client.get(reverse("accounts:two_factor_set_up")))
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', page)
    assert secret
    key = client.session["second_factor_set_up_key"]

    wrong = client.post(reverse("accounts:two_factor_set_up"), {"code": "000000"})
    assert "The code is not right" in _body(wrong)
    assert not TOTPDevice.objects.filter(user=administrator).exists()

    response = client.post(reverse("accounts:two_factor_set_up"), {"code": _code(key)})

    assert response.status_code == 200
    body = _body(response)
    assert "Your recovery codes" in body
    assert "They will not be shown again" in body
    codes = _codes(response)
    assert len(codes) == 10
    assert len(set(codes)) == 10
    assert f'href="{reverse("core:dashboard")}"' in body
    device = TOTPDevice.objects.get(user=administrator)
    assert device.key == key
    assert device.confirmed is True
    # Only hashes are kept: no stored token is a code.
    stored = set(
        StaticToken.objects.filter(device__user=administrator).values_list("token", flat=True)
    )
    assert len(stored) == 10
    assert not stored & {code.replace("-", "") for code in codes}
    assert not stored & set(codes)
    assert client.get(reverse("core:dashboard")).status_code == 200
    # Never shown again: the set-up page sends on, the security page only counts them.
    again = client.get(reverse("accounts:two_factor_set_up"))
    assert again["Location"] == reverse("core:dashboard")
    security = _body(client.get(reverse("accounts:security")))
    assert "10 of 10 left" in security
    assert not any(code in security for code in codes)


def test_two_factor_code_asked_on_each_sign_in(client, administrator):
    services.totp_device_create(user=administrator, key=KEY)
    _password(client, administrator)

    page = client.get(reverse("accounts:two_factor_verify"))
    assert "Enter the code from your authenticator app" in _body(page)
    assert "one of your recovery codes" in _body(page)
    response = client.post(reverse("accounts:two_factor_verify"), {"code": _code(KEY)})

    assert response["Location"] == reverse("core:dashboard")
    assert client.get(reverse("accounts:user_list")).status_code == 200


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("", "Enter the 6-digit code from your authenticator app, or one of your recovery codes"),
        (
            "12ab",
            "Enter the 6-digit code from your authenticator app, like 123456, or a recovery "
            "code, like abcde-fghjk",
        ),
    ],
)
def test_two_factor_code_must_be_six_digits_or_a_recovery_code(
    client, administrator, code, message
):
    services.totp_device_create(user=administrator, key=KEY)
    _password(client, administrator)

    response = client.post(reverse("accounts:two_factor_verify"), {"code": code})

    assert response.status_code == 200
    assert _body(response).count(message) == 2  # in the summary and by the field


def test_two_factor_wrong_code_is_refused_then_throttled(client, administrator):
    services.totp_device_create(user=administrator, key=KEY)
    _password(client, administrator)

    first = client.post(reverse("accounts:two_factor_verify"), {"code": _wrong(KEY)})
    assert "The code is not right" in _body(first)
    # Even the right code is refused straight after a wrong one: wrong codes are throttled.
    second = client.post(reverse("accounts:two_factor_verify"), {"code": _code(KEY)})

    assert "Too many wrong codes have been entered" in _body(second)
    assert client.get(reverse("core:dashboard"))["Location"] == reverse(
        "accounts:two_factor_verify"
    )


def test_two_factor_sign_in_with_a_recovery_code(client, administrator):
    codes = _set_up(administrator)
    _password(client, administrator)

    # Typed loosely: capitals and spaces are fine.
    typed = codes[0].upper().replace("-", " ")
    response = client.post(reverse("accounts:two_factor_verify"), {"code": typed})

    assert response.status_code == 200
    body = _body(response)
    assert "You signed in with a recovery code" in body
    assert "You have 9 recovery codes left." in body
    assert "Warning" not in body
    assert client.get(reverse("core:dashboard")).status_code == 200
    event = SignInEvent.objects.get(kind=SignInEvent.Kind.RECOVERY_CODE_USED)
    assert event.user == administrator
    assert event.local_authority_id == administrator.local_authority_id
    assert codes[0] not in str(event.__dict__)


def test_two_factor_used_recovery_code_is_refused(client, administrator):
    codes = _set_up(administrator)
    _password(client, administrator)
    client.post(reverse("accounts:two_factor_verify"), {"code": codes[0]})
    client.post(reverse("accounts:logout"))
    _password(client, administrator)

    response = client.post(reverse("accounts:two_factor_verify"), {"code": codes[0]})

    assert "That recovery code has been used already" in _body(response)
    assert client.get(reverse("core:dashboard"))["Location"] == reverse(
        "accounts:two_factor_verify"
    )
    assert SignInEvent.objects.filter(kind=SignInEvent.Kind.RECOVERY_CODE_USED).count() == 1


def test_two_factor_wrong_recovery_code_is_refused_and_throttles_both(client, administrator):
    codes = _set_up(administrator)
    _password(client, administrator)

    wrong = client.post(reverse("accounts:two_factor_verify"), {"code": "abcde-fghjk"})
    assert "The recovery code is not right" in _body(wrong)
    # The app's code is throttled too after a wrong recovery code, and a right recovery code.
    for code in (_code(KEY), codes[1]):
        response = client.post(reverse("accounts:two_factor_verify"), {"code": code})
        assert "Too many wrong codes have been entered" in _body(response)
    assert (
        StaticToken.objects.filter(device__user=administrator)
        .exclude(token__startswith="~")
        .count()
        == 10
    )


def test_two_factor_few_recovery_codes_left_is_warned(client, administrator):
    codes = _set_up(administrator)
    for code in codes[:7]:
        assert (
            services.second_factor_check(user=administrator, code=code, where=WHERE).outcome
            is services.Outcome.RECOVERY
        )
    _password(client, administrator)

    response = client.post(reverse("accounts:two_factor_verify"), {"code": codes[7]})

    body = _body(response)
    assert "You have 2 recovery codes left." in body
    assert "Make a new set now, or you could be locked out" in body


def test_two_factor_other_roles_are_not_asked(client, improvement_lead):
    response = _password(client, improvement_lead)

    assert response["Location"] == reverse("core:dashboard")
    assert client.get(reverse("core:dashboard")).status_code == 200


def test_two_factor_pages_send_anyone_not_half_signed_in_on(client, improvement_lead):
    client.force_login(improvement_lead)

    for name in ("accounts:two_factor_set_up", "accounts:two_factor_verify"):
        assert client.get(reverse(name))["Location"] == reverse("core:dashboard")


# Sign-in security ------------------------------------------------------------------------------


def test_security_page_counts_codes_and_is_linked_from_the_account(
    client, administrator, django_assert_max_num_queries
):
    codes = _set_up(administrator)
    services.second_factor_check(user=administrator, code=codes[0], where=WHERE)
    client.force_login(administrator)

    account = _body(client.get(reverse("accounts:account")))
    assert reverse("accounts:security") in account
    with django_assert_max_num_queries(8):
        response = client.get(reverse("accounts:security"))

    body = _body(response)
    assert "Set up" in body
    assert "9 of 10 left" in body
    assert "few recovery codes" not in body


def test_security_pages_refuse_anyone_but_an_administrator(client, improvement_lead):
    client.force_login(improvement_lead)

    assert reverse("accounts:security") not in _body(client.get(reverse("accounts:account")))
    for name in (
        "accounts:security",
        "accounts:recovery_codes_create",
        "accounts:authenticator_app_replace",
    ):
        assert client.get(reverse(name)).status_code == 403
    assert (
        client.post(reverse("accounts:recovery_codes_create"), {"code": "123456"}).status_code
        == 403
    )
    assert not StaticDevice.objects.exists()


def test_recovery_codes_create_needs_a_right_app_code(
    client, administrator, django_assert_max_num_queries
):
    old = _set_up(administrator)
    client.force_login(administrator)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("accounts:recovery_codes_create"))
    assert "enter the code your authenticator app shows now" in _body(page)

    wrong = client.post(reverse("accounts:recovery_codes_create"), {"code": _wrong(KEY)})

    assert _body(wrong).count("The code is not right") == 2
    assert not SignInEvent.objects.filter(kind=SignInEvent.Kind.RECOVERY_CODES_MADE).exists()
    # The old codes still work after a refusal.
    assert (
        services.second_factor_check(user=administrator, code=old[0], where=WHERE).outcome
        is services.Outcome.RECOVERY
    )


def test_recovery_codes_create_replaces_the_old_set(
    client, administrator, django_assert_max_num_queries
):
    old = _set_up(administrator)
    client.force_login(administrator)

    with django_assert_max_num_queries(18):
        response = client.post(reverse("accounts:recovery_codes_create"), {"code": _code(KEY)})

    new = _codes(response)
    assert len(new) == 10
    assert not set(new) & set(old)
    assert "Your old recovery codes no longer work" in _body(response)
    assert SignInEvent.objects.filter(
        kind=SignInEvent.Kind.RECOVERY_CODES_MADE, user=administrator
    ).exists()
    assert (
        services.second_factor_check(user=administrator, code=old[1], where=WHERE).outcome
        is services.Outcome.WRONG
    )
    # Past the throttle the wrong code started.
    StaticDevice.objects.filter(user=administrator).update(throttling_failure_count=0)
    TOTPDevice.objects.filter(user=administrator).update(throttling_failure_count=0)
    assert (
        services.second_factor_check(user=administrator, code=new[0], where=WHERE).outcome
        is services.Outcome.RECOVERY
    )


def test_recovery_codes_create_without_an_app_asks_to_set_one_up(client, administrator):
    client.force_login(administrator)

    response = client.post(reverse("accounts:recovery_codes_create"), {"code": "123456"})

    assert "Set up an authenticator app first" in _body(response)
    assert not StaticDevice.objects.exists()


def test_authenticator_app_replace(client, administrator, django_assert_max_num_queries):
    codes = _set_up(administrator)
    client.force_login(administrator)
    with django_assert_max_num_queries(8):
        page = _body(client.get(reverse("accounts:authenticator_app_replace")))
    signed_key = re.search(r'name="key" value="([^"]+)"', page)
    assert signed_key
    secret = re.search(r'data-testid="totp-secret">([A-Z2-7 ]+)<', page)
    assert secret
    text = secret.group(1).replace(" ", "")
    key = base64.b32decode(text + "=" * (-len(text) % 8)).hex()

    wrong = client.post(
        reverse("accounts:authenticator_app_replace"),
        {"code": _wrong(key), "key": signed_key.group(1)},
    )
    assert "The code is not right" in _body(wrong)
    assert TOTPDevice.objects.get(user=administrator).key == KEY
    tampered = client.post(
        reverse("accounts:authenticator_app_replace"), {"code": _code(key), "key": key}
    )
    assert "The page was open too long" in _body(tampered)

    response = client.post(
        reverse("accounts:authenticator_app_replace"),
        {"code": _code(key), "key": signed_key.group(1)},
    )

    assert response["Location"] == reverse("accounts:security")
    assert TOTPDevice.objects.get(user=administrator).key == key
    assert SignInEvent.objects.filter(kind=SignInEvent.Kind.APP_REPLACED).exists()
    # The recovery codes stay.
    assert (
        services.second_factor_check(user=administrator, code=codes[0], where=WHERE).outcome
        is services.Outcome.RECOVERY
    )


# An administrator resets someone's second factor --------------------------------------------


@pytest.fixture
def second_administrator(local_authority):
    user = UserFactory(
        local_authority=local_authority, role=User.Role.ADMINISTRATOR, username="admin2"
    )
    _set_up(user)
    return user


def test_second_factor_reset_removes_app_and_codes(
    client, administrator, second_administrator, django_assert_max_num_queries
):
    client.force_login(administrator)
    url = reverse("accounts:user_second_factor_reset", args=[second_administrator.pk])
    listing = _body(client.get(reverse("accounts:user_list")))
    assert url in listing
    assert reverse("accounts:user_second_factor_reset", args=[administrator.pk]) not in listing
    with django_assert_max_num_queries(8):
        page = client.get(url)
    assert "Reset" in _body(page) and "second factor" in _body(page)

    response = client.post(url, {})

    assert response["Location"] == reverse("accounts:user_list")
    assert not TOTPDevice.objects.filter(user=second_administrator).exists()
    assert not StaticDevice.objects.filter(user=second_administrator).exists()
    event = SignInEvent.objects.get(kind=SignInEvent.Kind.SECOND_FACTOR_RESET)
    assert event.user == second_administrator
    assert event.by == administrator
    record = _body(client.get(reverse("accounts:sign_in_event_list")))
    assert f"Second factor reset by an administrator ({administrator})" in record
    # At their next sign-in they set the app up again.
    client.post(reverse("accounts:logout"))
    _password(client, second_administrator)
    assert client.get(reverse("accounts:two_factor_verify"))["Location"] == reverse(
        "accounts:two_factor_set_up"
    )


def test_second_factor_reset_not_of_yourself(client, administrator):
    _set_up(administrator)
    client.force_login(administrator)

    response = client.post(
        reverse("accounts:user_second_factor_reset", args=[administrator.pk]), {}
    )

    assert _body(response).count("You cannot reset your own second factor") >= 1
    assert TOTPDevice.objects.filter(user=administrator).exists()
    assert not SignInEvent.objects.filter(kind=SignInEvent.Kind.SECOND_FACTOR_RESET).exists()


def test_second_factor_reset_of_someone_with_none_is_refused(client, administrator, viewer):
    client.force_login(administrator)

    response = client.post(reverse("accounts:user_second_factor_reset", args=[viewer.pk]), {})

    assert f"{viewer} has no authenticator app or recovery codes to reset" in _body(response)


def test_second_factor_reset_of_another_authority_is_not_found(
    client, administrator, other_local_authority
):
    elsewhere = UserFactory(local_authority=other_local_authority, role=User.Role.ADMINISTRATOR)
    _set_up(elsewhere)
    client.force_login(administrator)
    url = reverse("accounts:user_second_factor_reset", args=[elsewhere.pk])

    assert client.get(url).status_code == 404
    assert client.post(url, {}).status_code == 404
    assert TOTPDevice.objects.filter(user=elsewhere).exists()


def test_second_factor_reset_refused_to_a_non_administrator(
    client, improvement_lead, second_administrator
):
    client.force_login(improvement_lead)
    url = reverse("accounts:user_second_factor_reset", args=[second_administrator.pk])

    assert client.get(url).status_code == 403
    assert client.post(url, {}).status_code == 403
    assert TOTPDevice.objects.filter(user=second_administrator).exists()


def test_two_factor_code_pages_read_a_fixed_number_of_queries(
    client, administrator, django_assert_max_num_queries
):
    _password(client, administrator)
    with django_assert_max_num_queries(10):
        client.get(reverse("accounts:two_factor_set_up"))
    codes = _set_up(administrator)

    with django_assert_max_num_queries(10):
        client.get(reverse("accounts:two_factor_verify"))
    # Both devices locked and checked, the code marked used, the throttles reset, the use
    # recorded and the session verified.
    with django_assert_max_num_queries(25):
        response = client.post(reverse("accounts:two_factor_verify"), {"code": codes[0]})
    assert "You signed in with a recovery code" in _body(response)
