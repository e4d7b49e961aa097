"""Site-wide HTTP headers."""

from __future__ import annotations

from collections.abc import Callable, Collection

from django.http import HttpRequest, HttpResponse


def content_security_policy(*, form_action_origins: Collection[str] = ()) -> str:
    """The Content Security Policy; `form_action_origins` are other sites a form of the page
    may end at (a form whose answer redirects to a single sign-on provider, say)."""
    form_action = " ".join(["'self'", *sorted(form_action_origins)])
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            f"form-action {form_action}",
            "frame-ancestors 'none'",
        ]
    )


CONTENT_SECURITY_POLICY = content_security_policy()


class ContentSecurityPolicyMiddleware:
    """Sends a strict Content Security Policy: no inline scripts or styles anywhere. A view
    that sent its own (`content_security_policy`) keeps it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/admin/"):
            response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        return response


PRIVATE_NO_STORE = "private, no-store"


class PrivateNoStoreMiddleware:
    """Tells browsers and proxies to keep no copy of any page or file sent to a signed-in user.

    Pages behind sign-in hold an authority's plans and people: a shared computer's browser
    cache or a proxy must not keep them. A view that already said `no-store` (Django's
    `never_cache` says more) keeps its own header; anything weaker is replaced.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return response
        directives = {
            directive.split("=", 1)[0].strip().lower()
            for directive in response.headers.get("Cache-Control", "").split(",")
        }
        if "no-store" not in directives:
            response.headers["Cache-Control"] = PRIVATE_NO_STORE
        return response
