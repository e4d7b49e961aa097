"""The second factor's pages.

At sign-in: setting up an authenticator app (then being given recovery codes), and entering a
code from the app or a recovery code after the password. Only an administrator whose password
was right and whose code is pending uses these; anyone else is sent on to the dashboard.

Signed in: an administrator's sign-in security page, where they make a new set of recovery
codes (confirmed with a code from their app) or set up a new authenticator app.

Recovery codes are shown once, on the page that answers the request that made them (never
through a redirect, so they are kept nowhere, not even in the session), and never again. The
code fields are marked sensitive, so an error report never carries what was typed.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from tracker.accounts.access import administered_authority_for_user
from tracker.accounts.http import AuthenticatedHttpRequest, client_ip_address
from tracker.accounts.two_factor import qr, rules, selectors, services, session
from tracker.accounts.two_factor.forms import (
    CodeForm,
    NewAppForm,
    SignInCodeForm,
    sign_key,
    unsigned_key,
)
from tracker.core.forms import apply_service_error

WRONG_CODE = services.WRONG_APP_CODE
TOO_MANY = services.TOO_MANY
WRONG_RECOVERY_CODE = (
    "The recovery code is not right: check it against your list, or enter the code your "
    "authenticator app shows now"
)
USED_RECOVERY_CODE = (
    "That recovery code has been used already: each one works only once. Enter another of "
    "your recovery codes, or the code your authenticator app shows now"
)


def _where(request: AuthenticatedHttpRequest) -> services.Where:
    return services.Where(
        ip_address=client_ip_address(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )


def _next_url(request: AuthenticatedHttpRequest) -> str:
    next_url = session.finish(request)
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    return next_url or str(settings.LOGIN_REDIRECT_URL)


def _app_page_context(request: AuthenticatedHttpRequest, key: str) -> dict[str, object]:
    device = TOTPDevice(user=request.user, key=key, name=services.DEVICE_NAME)  # not saved
    return {"qr_svg": qr.svg(device.config_url), "secret": qr.secret_for_typing(device.bin_key)}


def _recovery_codes_page(
    request: AuthenticatedHttpRequest, *, codes: list[str], continue_url: str, is_sign_in: bool
) -> HttpResponse:
    return render(
        request,
        "accounts/two_factor/recovery_codes.html",
        {
            "codes": [rules.written_recovery_code(code) for code in codes],
            "continue_url": continue_url,
            "is_sign_in": is_sign_in,
        },
    )


@sensitive_post_parameters("code")
def two_factor_set_up(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not session.is_pending(request):
        return redirect(settings.LOGIN_REDIRECT_URL)
    if selectors.totp_device_for_user(user=request.user) is not None:
        return redirect("accounts:two_factor_verify")
    key = request.session.get(session.SET_UP_KEY) or random_hex(20)
    request.session[session.SET_UP_KEY] = key
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if rules.new_app_code_matches(key=key, code=form.cleaned_data["code"]):
            device, codes = services.second_factor_set_up(user=request.user, key=key)
            otp_login(request, device)
            return _recovery_codes_page(
                request, codes=codes, continue_url=_next_url(request), is_sign_in=True
            )
        form.add_error("code", WRONG_CODE)
    return render(
        request,
        "accounts/two_factor/set_up.html",
        {"form": form, **_app_page_context(request, key)},
    )


@sensitive_post_parameters("code")
def two_factor_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not session.is_pending(request):
        return redirect(settings.LOGIN_REDIRECT_URL)
    if selectors.totp_device_for_user(user=request.user) is None:
        return redirect("accounts:two_factor_set_up")
    form = SignInCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["code"]
        check = services.second_factor_check(user=request.user, code=code, where=_where(request))
        Outcome = services.Outcome
        if check.outcome is Outcome.APP and check.device is not None:
            otp_login(request, check.device)
            return redirect(_next_url(request))
        if check.outcome is Outcome.RECOVERY and check.device is not None:
            otp_login(request, check.device)
            left = check.recovery_codes_left
            return render(
                request,
                "accounts/two_factor/recovery_code_used.html",
                {
                    "left": left,
                    "are_few": rules.are_recovery_codes_few(left),
                    "continue_url": _next_url(request),
                },
            )
        if check.outcome is Outcome.THROTTLED:
            form.add_error("code", TOO_MANY)
        elif check.outcome is Outcome.USED:
            form.add_error("code", USED_RECOVERY_CODE)
        elif rules.is_recovery_code(code):
            form.add_error("code", WRONG_RECOVERY_CODE)
        else:
            form.add_error("code", WRONG_CODE)
    return render(request, "accounts/two_factor/verify.html", {"form": form})


# Signed in: the administrator's own sign-in security ----------------------------------------


@require_GET
def security(request: AuthenticatedHttpRequest) -> HttpResponse:
    administered_authority_for_user(user=request.user)
    summary = selectors.second_factor_summary(user=request.user)
    return render(
        request,
        "accounts/two_factor/security.html",
        {"summary": summary, "count": rules.RECOVERY_CODE_COUNT},
    )


@sensitive_post_parameters("code")
def recovery_codes_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    administered_authority_for_user(user=request.user)
    has_app = selectors.totp_device_for_user(user=request.user) is not None
    form = CodeForm(request.POST or None)
    if has_app and request.method == "POST" and form.is_valid():
        try:
            codes = services.recovery_codes_create(
                user=request.user, app_code=form.cleaned_data["code"], where=_where(request)
            )
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            return _recovery_codes_page(
                request,
                codes=codes,
                continue_url=reverse("accounts:security"),
                is_sign_in=False,
            )
    return render(
        request,
        "accounts/two_factor/recovery_codes_form.html",
        {"form": form, "has_app": has_app, "count": rules.RECOVERY_CODE_COUNT},
    )


@sensitive_post_parameters("code", "key")
def authenticator_app_replace(request: AuthenticatedHttpRequest) -> HttpResponse:
    administered_authority_for_user(user=request.user)
    form = NewAppForm(request.POST or None)
    posted_key = unsigned_key(request.POST.get("key", "")) if request.method == "POST" else None
    key = posted_key or random_hex(20)
    if request.method == "POST" and form.is_valid():
        if rules.new_app_code_matches(key=key, code=form.cleaned_data["code"]):
            device = services.authenticator_app_replace(
                user=request.user, key=key, where=_where(request)
            )
            otp_login(request, device)
            messages.success(
                request,
                "Your new authenticator app is set up: give its codes when you sign in. Codes "
                "from your old app no longer work",
            )
            return redirect("accounts:security")
        form.add_error("code", WRONG_CODE)
    return render(
        request,
        "accounts/two_factor/app_replace.html",
        {"form": form, "signed_key": sign_key(key), **_app_page_context(request, key)},
    )
