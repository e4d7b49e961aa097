"""The demo improvement programme of the seed audit committee report (March 2023).

The Assistant Director for Improvement is developing "an improvement programme of work ...
which consists of 13 projects", funding for which is being sought; the medium-term financial
strategy allocates £9.7 million for 2023/24, £9.9 million for 2024/25 and £8.5 million for
2025/26 and on-going. Written through the services, so history is recorded; loading twice adds
nothing.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction

from tracker.accounts.models import LocalAuthority
from tracker.accounts.services import post_get_or_create
from tracker.plans.models import Plan
from tracker.programme import services
from tracker.programme.models import FundingStatus, Programme

PROGRAMME_NAME = "Children's services improvement programme"
PLAN_TITLE = "Children's services improvement plan 2023"
SPONSOR_POST = "Assistant Director for Improvement"
DESCRIPTION = (
    "Thirteen projects, developed by the Assistant Director for Improvement, to deliver the "
    "improvement the plan sets out. Deliverables are being scoped and funding sought for a "
    "project team."
)

# Project name, and the 2023 plan's themes it obviously delivers.
PROJECTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Workforce", ("Workforce",)),
    ("Governance for Improvement", ("Leadership and Governance",)),
    ("MASH & Emergency Duty Team (EDT)", ()),
    ("Early Help / Targeted Early Help", ()),
    ("Solihull Safeguarding Children Partnership (LSCP)", ("Partnerships",)),
    ("Placement Sufficiency - Children's homes and Fostering", ()),
    ("Early Permanence-PLO/ Agency Decision Making (ADM)", ()),
    ("Quality Assurance & Performance Management", ("Quality Assurance & Performance",)),
    ("LCS System", ("Record Keeping",)),
    ("Youth Justice and Exploitation Hub", ()),
    ("SEND agenda", ()),
    ("Edges of care", ()),
    (
        "Corporate Parenting - Transforming the children in care and care experienced offer",
        (),
    ),
)

# The medium-term financial strategy's allocations, by the year each financial year starts.
ALLOCATIONS: tuple[tuple[int, Decimal], ...] = (
    (2023, Decimal("9700000")),
    (2024, Decimal("9900000")),
    (2025, Decimal("8500000")),
)


@transaction.atomic
def load_programme_demo(*, local_authority: LocalAuthority, plan: Plan | None = None) -> Programme:
    """The authority's demo programme, made if it is not there yet: the 13 projects, funding
    requested, sponsored by the Assistant Director for Improvement, linked to the themes of the
    draft 2023 plan where the names match, and the programme-wide MTFS allocations."""
    existing = Programme.objects.filter(
        local_authority=local_authority, name=PROGRAMME_NAME
    ).first()
    if existing is not None:
        return existing
    if plan is None:
        plan = Plan.objects.filter(local_authority=local_authority, title=PLAN_TITLE).first()
    themes = {theme.name: theme for theme in plan.themes.all()} if plan is not None else {}
    sponsor_post = post_get_or_create(local_authority=local_authority, title=SPONSOR_POST)
    programme = services.programme_create(
        user=None,
        local_authority=local_authority,
        name=PROGRAMME_NAME,
        plan=plan,
        description=DESCRIPTION,
    )
    for name, theme_names in PROJECTS:
        services.project_create(
            user=None,
            programme=programme,
            name=name,
            sponsor_post=sponsor_post,
            funding_status=FundingStatus.REQUESTED,
            themes=[themes[theme] for theme in theme_names if theme in themes],
        )
    for year, allocation in ALLOCATIONS:
        services.budget_line_create(
            user=None,
            programme=programme,
            project=None,
            financial_year=year,
            allocation=allocation,
            actual_spend=Decimal(0),
            forecast=allocation,
            note="Medium-term financial strategy allocation",
        )
    return programme
