"""The cache pages are kept in (`CACHE_URL`, `config.env.cache_backend`): each process's memory
by default, or one Redis every web instance shares; and a cache that fails costs speed, never a
page.

The Redis tests use the Redis server these machines run (`REDIS_TEST_URL`, by default database
15 of 127.0.0.1:6379), each with a key prefix of its own so parallel workers never meet.
"""

from __future__ import annotations

import logging
import uuid

import pytest
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.safestring import SafeString

from config.env import cache_backend, env_str, remove_cache_keys
from tracker.core import data_version

REDIS_TEST_URL = env_str("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")


# The setting --------------------------------------------------------------------------------------


def test_without_cache_url_each_process_keeps_its_own(monkeypatch):
    monkeypatch.delenv("CACHE_URL", raising=False)
    assert cache_backend() == {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}


def test_a_redis_url_names_one_shared_cache_with_short_waits(monkeypatch):
    monkeypatch.setenv("CACHE_URL", "redis://cache.internal:6379/2")
    monkeypatch.setenv("CACHE_TIMEOUT_MS", "100")
    monkeypatch.delenv("CACHE_KEY_PREFIX", raising=False)
    config = cache_backend()
    assert config["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert config["LOCATION"] == "redis://cache.internal:6379/2"
    assert config["KEY_PREFIX"] == "improvement-tracker"
    assert config["OPTIONS"] == {"socket_connect_timeout": 0.1, "socket_timeout": 0.1}


@pytest.mark.parametrize("url", ["rediss://cache.internal:6380/0", "unix:///run/redis.sock?db=1"])
def test_redis_over_tls_or_a_socket_is_accepted(monkeypatch, url):
    monkeypatch.setenv("CACHE_URL", url)
    assert cache_backend()["LOCATION"] == url


@pytest.mark.parametrize("url", ["memcached://cache:11211", "cache.internal:6379"])
def test_any_other_cache_url_is_refused_with_what_is_wanted(monkeypatch, url):
    monkeypatch.setenv("CACHE_URL", url)
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL must start redis://"):
        cache_backend()


def test_a_timeout_that_is_not_a_number_is_refused(monkeypatch):
    monkeypatch.setenv("CACHE_URL", "redis://cache.internal:6379/2")
    monkeypatch.setenv("CACHE_TIMEOUT_MS", "soon")
    with pytest.raises(ImproperlyConfigured, match="CACHE_TIMEOUT_MS must be a whole number"):
        cache_backend()


# One Redis shared -------------------------------------------------------------------------------


@pytest.fixture
def redis_cache(settings, monkeypatch):
    """The default cache made a real Redis, under a key prefix of this test's own."""
    monkeypatch.setenv("CACHE_URL", REDIS_TEST_URL)
    monkeypatch.setenv("CACHE_KEY_PREFIX", f"tracker-test-{uuid.uuid4().hex}")
    settings.CACHES = {"default": cache_backend()}
    try:
        cache.set("reachable", 1, 5)
    except Exception as error:  # the test must fail, not skip, where Redis is missing
        pytest.fail(f"Redis is not reachable at {REDIS_TEST_URL} (REDIS_TEST_URL): {error}")
    yield cache
    # This test's keys only: clear() would empty the database under the other workers' tests.
    remove_cache_keys(cache._cache.get_client(write=True), cache.key_prefix)


def test_a_kept_page_is_shared_through_redis_and_stays_safe_html(
    redis_cache, client, action_owner, action
):
    client.force_login(action_owner)
    url = reverse("core:dashboard")
    first = client.get(url)
    # What one web instance kept, another finds: the entry is in Redis, not this process.
    keys = list(redis_cache._cache.get_client().scan_iter(f"{redis_cache.key_prefix}:*"))
    assert any(b":dashboard:" in key for key in keys)
    with CaptureQueriesContext(connection) as warm:
        second = client.get(url)
    assert len(warm) == 4  # the session, the user, the authority and its data version
    page = second.content.decode()
    assert page == first.content.decode().replace(_token(first.content.decode()), _token(page))
    # Kept as safe HTML: served as it was made, not escaped again.
    assert "&lt;table" not in page
    assert "<table" in page
    kept = data_version.cached(
        "test", local_authority_id=None, parts=["x"], make=lambda: SafeString("<b>kept</b>")
    )
    again = data_version.cached(
        "test", local_authority_id=None, parts=["x"], make=lambda: SafeString("<b>made</b>")
    )
    assert kept == again == "<b>kept</b>"
    assert isinstance(again, SafeString)


def _token(page: str) -> str:
    marker = 'name="csrfmiddlewaretoken" value="'
    start = page.index(marker) + len(marker)
    return page[start : page.index('"', start)]


# A cache that fails -------------------------------------------------------------------------------


@pytest.fixture
def unreachable_cache(settings, monkeypatch):
    # Port 9 (discard) on loopback: nothing listens, so every call fails at once.
    monkeypatch.setenv("CACHE_URL", "redis://127.0.0.1:9/0")
    settings.CACHES = {"default": cache_backend()}


def test_pages_are_served_afresh_when_the_cache_is_down(
    unreachable_cache, client, action_owner, action, caplog
):
    client.force_login(action_owner)
    with caplog.at_level(logging.WARNING, logger="tracker.core.data_version"):
        dashboard = client.get(reverse("core:dashboard"))
        page = client.get(reverse("plans:plan_detail", args=[action.plan_id]))
        action_page = client.get(reverse("plans:action_detail", args=[action.plan_id, action.pk]))
    assert dashboard.status_code == page.status_code == action_page.status_code == 200
    assert action.description in page.content.decode()
    assert action.description in action_page.content.decode()
    messages = [record.getMessage() for record in caplog.records]
    assert "The cache could not be read; the page is worked out afresh" in messages
    assert "The cache could not be written; the page is not kept" in messages


def test_cached_each_works_everything_out_when_the_cache_is_down(unreachable_cache, db):
    made = data_version.cached_each(
        "test",
        local_authority_id=None,
        ids=[1, 2],
        parts=[],
        make=lambda ids: {pk: pk * 10 for pk in ids},
    )
    assert made == {1: 10, 2: 20}
