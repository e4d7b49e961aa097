"""The demo adviser, let in by the demo authority's administrator."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from tracker.accounts.models import AdviserAccess, User
from tracker.accounts.tests.factories import UserFactory
from tracker.reporting.portfolio.demo import load_adviser_demo

pytestmark = pytest.mark.django_db


def test_load_adviser_demo_makes_the_adviser_and_lets_them_in_once(local_authority):
    UserFactory(local_authority=local_authority, role=User.Role.ADMINISTRATOR, username="admin")
    first = load_adviser_demo(local_authority=local_authority, password="first-password")
    assert first.let_in is True
    assert first.adviser.is_adviser is True
    assert first.adviser.check_password("first-password") is True
    again = load_adviser_demo(local_authority=local_authority, password="second-password")
    assert again.let_in is False
    assert again.adviser.check_password("second-password") is True
    assert AdviserAccess.objects.get().granted_by.username == "admin"


def test_load_adviser_demo_needs_the_demo_loaded_first(local_authority):
    with pytest.raises(ValidationError, match="Load the demo first"):
        load_adviser_demo(local_authority=local_authority, password="a-password")
