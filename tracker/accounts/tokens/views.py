"""API token pages: your own tokens (list, make, revoke) and, for administrators, every token
of their authority. The secret is shown once, on the page the new token's POST answers with,
and never again."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from tracker.accounts.access import (
    administered_authority_for_user,
    local_authority_for_user,
    require_not_adviser,
)
from tracker.accounts.administration.forms import VersionForm
from tracker.accounts.http import AuthenticatedHttpRequest
from tracker.accounts.models import ApiToken
from tracker.accounts.tokens import selectors, services
from tracker.accounts.tokens.access import (
    api_token_get_for_administrator,
    api_token_get_for_owner,
)
from tracker.accounts.tokens.forms import ApiTokenForm
from tracker.core.forms import apply_service_error


def _status(token: ApiToken) -> tuple[str, str]:
    """The token's state as a tag: words and class."""
    if token.revoked_at is not None:
        return "Revoked", "govuk-tag--red"
    if token.expires_on < timezone.localdate():
        return "Expired", "govuk-tag--grey"
    return "Active", "govuk-tag--green"


def _rows(tokens: list[ApiToken]) -> list[dict[str, object]]:
    rows = []
    for token in tokens:
        status, tag_class = _status(token)
        rows.append(
            {
                "token": token,
                "status": status,
                "tag_class": tag_class,
                "is_active": status == "Active",
                "owner": str(token.user),
                "revoked_by": str(token.revoked_by) if token.revoked_by_id else "",
            }
        )
    return rows


@require_GET
def api_token_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority_for_user(user=request.user)
    # A token acts without a session, so never for the authority an adviser opened.
    require_not_adviser(user=request.user)
    tokens = selectors.api_token_list_for_owner(user=request.user)
    return render(request, "accounts/tokens/token_list.html", {"rows": _rows(tokens)})


def api_token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority_for_user(user=request.user)
    require_not_adviser(user=request.user)
    form = ApiTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.api_token_create(by=request.user, **form.service_kwargs())
        except ValidationError as error:
            form.apply_service_error(error)
        else:
            # Shown here, once: not through a redirect, so it is kept nowhere (not even in
            # the session) and a reload of the list never shows it.
            return render(
                request,
                "accounts/tokens/token_created.html",
                {"token": new.token, "secret": new.secret},
            )
    return render(request, "accounts/tokens/token_form.html", {"form": form})


def _revoke(
    request: AuthenticatedHttpRequest, *, token: ApiToken, back_url: str, caption: str
) -> HttpResponse:
    form = VersionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.api_token_revoke(by=request.user, token=token)
        except ValidationError as error:
            apply_service_error(form, error)
        else:
            messages.success(request, f"Token “{token.name}” revoked")
            return redirect(back_url)
    return render(
        request,
        "accounts/manage/confirm.html",
        {
            "form": form,
            "back_url": back_url,
            "title": f"Revoke the token “{token.name}”",
            "caption": caption,
            "body": (
                "Anything using this token, such as a Power BI report or a spreadsheet, will "
                "stop getting data at once. This cannot be undone: make a new token if it is "
                "needed again."
            ),
            "button": "Revoke token",
            "warning": True,
        },
    )


def api_token_revoke(request: AuthenticatedHttpRequest, api_token_id: int) -> HttpResponse:
    token = api_token_get_for_owner(user=request.user, api_token_id=api_token_id)
    return _revoke(
        request, token=token, back_url=reverse("accounts:api_token_list"), caption="API tokens"
    )


@require_GET
def api_token_administration(request: AuthenticatedHttpRequest) -> HttpResponse:
    local_authority = administered_authority_for_user(user=request.user)
    tokens = selectors.api_token_list_for_authority(local_authority=local_authority)
    return render(
        request,
        "accounts/manage/token_list.html",
        {"local_authority": local_authority, "rows": _rows(tokens)},
    )


def api_token_administrator_revoke(
    request: AuthenticatedHttpRequest, api_token_id: int
) -> HttpResponse:
    token = api_token_get_for_administrator(user=request.user, api_token_id=api_token_id)
    return _revoke(
        request,
        token=token,
        back_url=reverse("accounts:api_token_administration"),
        caption=f"API token of {token.user}",
    )
