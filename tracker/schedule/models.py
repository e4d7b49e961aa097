"""Calendar feeds: the secret addresses Outlook and other calendar programs subscribe to."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from simple_history.models import HistoricalRecords


def new_feed_token() -> str:
    """A random, unguessable token for a feed's address (43 URL-safe characters)."""
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A user's calendar subscription. Whoever knows the token can read the user's local
    authority's calendar without signing in, so a feed can be revoked and replaced."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    token = models.CharField(max_length=64, unique=True, default=new_feed_token, editable=False)
    created_at = models.DateTimeField("created", auto_now_add=True)
    revoked_at = models.DateTimeField("stopped", null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "calendar feed"

    def __str__(self) -> str:
        state = "stopped" if self.revoked_at else "live"
        return f"Calendar feed of {self.user} ({state})"

    @property
    def is_live(self) -> bool:
        return self.revoked_at is None
