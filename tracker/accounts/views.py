"""Your account, passwords, and the page shown when sign-in is locked.

Password pages are Django's own views with our forms and templates. The reset pages (and the
invitation link, which is a reset link with its own wording) are open without signing in.
"""

from __future__ import annotations

import datetime
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse_lazy

from tracker.accounts import services
from tracker.accounts.forms import (
    ChangePasswordForm,
    NewPasswordForm,
    ResetPasswordForm,
    SignInForm,
)
from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.accounts.sso import selectors as sso_selectors
from tracker.accounts.two_factor import session as two_factor_session
from tracker.accounts.two_factor.rules import needs_second_factor_after_password


def account_detail(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = request.user
    rows = [
        ("Name", str(user)),
        ("Username", user.get_username()),
        ("Email address", user.email or "None"),
        ("Role", user.get_role_display()),
        ("Local authority", str(user.local_authority or "None")),
        ("Posts you hold", ", ".join(post.title for post in user.posts.all()) or "None"),
    ]
    return render(request, "accounts/account_detail.html", {"rows": rows})


class SignInView(auth_views.LoginView):
    """The sign-in page: a username and password, and a work account when single sign-on is
    set up."""

    template_name = "accounts/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        next_url = context.get("next") or ""
        has_providers = sso_selectors.has_providers_per_authority()
        return {
            **context,
            "sso_enabled": settings.SSO_ENABLED or has_providers,
            # With providers per authority there is no one name to give.
            "sso_provider_name": "" if has_providers else settings.SSO_PROVIDER_NAME,
            "sso_next": f"?{urlencode({'next': next_url})}" if next_url else "",
        }

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        if needs_second_factor_after_password(form.get_user()):
            two_factor_session.start(self.request, next_url=self.get_success_url())
            return redirect("accounts:two_factor_verify")
        return response


def _link_days() -> int:
    return datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT).days


class PasswordChangeView(auth_views.PasswordChangeView):
    form_class = ChangePasswordForm
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:password_change_done")


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.html"


class PasswordResetView(auth_views.PasswordResetView):
    form_class = ResetPasswordForm
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "sso_enabled": sso_selectors.sso_is_set_up()}

    def form_valid(self, form: Any) -> HttpResponse:
        # The link uses the configured address, never the Host header a request arrived with.
        self.extra_email_context = {
            "site_url": settings.SITE_URL.rstrip("/"),
            "days": _link_days(),
        }
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        return {**super().get_context_data(**kwargs), "days": _link_days()}

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        # Whoever set a password from the emailed link owns the account: lift any sign-in lock.
        services.sign_in_lock_clear(username=form.user.get_username())
        return response


class InvitationAcceptView(PasswordResetConfirmView):
    template_name = "accounts/invitation_accept.html"


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    template_name = "accounts/password_reset_complete.html"


def sign_in_locked_out(
    request: HttpRequest, original_response: HttpResponse | None, credentials: Any
) -> HttpResponse:
    """The page for a sign-in refused after too many wrong passwords (django-axes calls it)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(
        request,
        "accounts/locked_out.html",
        {"minutes": minutes, "failure_limit": settings.AXES_FAILURE_LIMIT},
        status=429,
    )
