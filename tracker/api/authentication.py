"""How the API knows who is asking: a personal API token
(`tracker.accounts.tokens.authentication.TokenAuthentication`, first in
`DEFAULT_AUTHENTICATION_CLASSES`), else the signed-in session, with its CSRF check on writes."""

from __future__ import annotations

from rest_framework import authentication
from rest_framework.request import Request


class SessionAuthentication(authentication.SessionAuthentication):
    """DRF's session authentication, answering 401 (not 403) to a request without a session:
    it names a `WWW-Authenticate` challenge, which DRF needs to send a 401."""

    def authenticate_header(self, request: Request) -> str:
        return 'Session realm="Improvement Tracker"'
