"""Setting up an authenticator app, and entering its code after the password.

Only an administrator whose password was right and whose code is pending uses these pages;
anyone else is sent on to the dashboard.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp import login as otp_login
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.accounts.two_factor import qr, selectors, services, session
from tracker.accounts.two_factor.forms import CodeForm

WRONG_CODE = "The code is not right: enter the code your authenticator app shows now"
TOO_MANY = (
    "Too many wrong codes have been entered. Wait a minute, then enter the code your "
    "authenticator app shows now"
)


def _go_on(request: AuthenticatedHttpRequest) -> HttpResponse:
    next_url = session.finish(request)
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = ""
    return redirect(next_url or settings.LOGIN_REDIRECT_URL)


def two_factor_set_up(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not session.is_pending(request):
        return redirect(settings.LOGIN_REDIRECT_URL)
    if selectors.totp_device_for_user(user=request.user) is not None:
        return redirect("accounts:two_factor_verify")
    key = request.session.get(session.SET_UP_KEY) or random_hex(20)
    request.session[session.SET_UP_KEY] = key
    device = TOTPDevice(user=request.user, key=key, name=services.DEVICE_NAME)  # not saved
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if TOTP(device.bin_key, step=device.step, digits=device.digits).verify(
            int(form.cleaned_data["code"]), tolerance=1
        ):
            saved = services.totp_device_create(user=request.user, key=key)
            otp_login(request, saved)
            return _go_on(request)
        form.add_error("code", WRONG_CODE)
    return render(
        request,
        "accounts/two_factor/set_up.html",
        {
            "form": form,
            "qr_svg": qr.svg(device.config_url),
            "secret": qr.secret_for_typing(device.bin_key),
        },
    )


def two_factor_verify(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not session.is_pending(request):
        return redirect(settings.LOGIN_REDIRECT_URL)
    device = selectors.totp_device_for_user(user=request.user)
    if device is None:
        return redirect("accounts:two_factor_set_up")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _ = device.verify_is_allowed()
        if not allowed:
            form.add_error("code", TOO_MANY)
        elif device.verify_token(form.cleaned_data["code"]):
            otp_login(request, device)
            return _go_on(request)
        else:
            form.add_error("code", WRONG_CODE)
    return render(request, "accounts/two_factor/verify.html", {"form": form})
