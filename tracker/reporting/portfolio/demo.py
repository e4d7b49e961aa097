"""The demo adviser: a DfE adviser whom the demo local authority lets in.

Loaded after `load_demo_data`, through the services. Safe to run again: the adviser gets the
given password each time, and is let in again only if the authority stopped it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from tracker.accounts.access import adviser_grants_in_force
from tracker.accounts.advisers.services import adviser_access_grant
from tracker.accounts.models import LocalAuthority, User
from tracker.accounts.services import user_create, user_set_password

ADVISER_USERNAME = "adviser"
ADVISER_EMAIL = "adviser@education.gov.uk"
ADMINISTRATOR_USERNAME = "admin"


@dataclass(frozen=True)
class AdviserDemoSummary:
    adviser: User
    let_in: bool


@transaction.atomic
def load_adviser_demo(*, local_authority: LocalAuthority, password: str) -> AdviserDemoSummary:
    """Make the demo adviser (no local authority, role adviser) with `password`, and have the
    demo authority's administrator let them in. Refused when the demo is not loaded."""
    if not password:
        raise ValidationError({"password": ["Enter a password for the demo adviser"]})
    administrator = User.objects.filter(
        username=ADMINISTRATOR_USERNAME, local_authority=local_authority
    ).first()
    if administrator is None:
        raise ValidationError("Load the demo first: run `manage.py load_demo_data`")
    adviser = User.objects.filter(username=ADVISER_USERNAME).first()
    if adviser is None:
        adviser = user_create(
            local_authority=None,
            username=ADVISER_USERNAME,
            password=password,
            first_name="Sam",
            last_name="Okafor",
            email=ADVISER_EMAIL,
            role=User.Role.ADVISER,
            job_title="DfE children's services adviser",
        )
    else:
        adviser = user_set_password(user=adviser, password=password)
    let_in = False
    if (
        not adviser_grants_in_force(adviser=adviser)
        .filter(local_authority=local_authority)
        .exists()
    ):
        adviser_access_grant(by=administrator, local_authority=local_authority, email=ADVISER_EMAIL)
        let_in = True
    return AdviserDemoSummary(adviser=adviser, let_in=let_in)
