"""Load the Solihull demo: two ILACS inspections, a JTAI, the 2020 action plan, the JTAI
Statement of Action and a draft plan.

Everything is written through the services, so history is recorded as if an officer had typed
it in. Each piece is looked up first by what identifies it (the authority by name, an inspection
by kind and start date, a plan by title, a user by username) and left alone if it is already
there, so loading twice adds nothing. The demo users get the given password every time.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from tracker.accounts.models import LocalAuthority, Organisation, Post, User
from tracker.accounts.services import (
    local_authority_get_or_create,
    organisation_get_or_create,
    post_get_or_create,
    user_create,
    user_revoke_platform_access,
    user_set_password,
)
from tracker.inspections.models import Inspection, Recommendation
from tracker.inspections.services import JudgementInput, inspection_create, recommendation_create
from tracker.plans.demo import ilacs_2019, ilacs_2022, jtai_2022, people
from tracker.plans.demo.dating import dated
from tracker.plans.models import Action, DeliveryStatus, Plan, PlanPartnerAccess
from tracker.plans.partners.services import plan_partner_grant
from tracker.plans.services import (
    action_create,
    action_record_progress,
    plan_create,
    priority_area_create,
    section_create,
    section_link_priority_area,
    theme_create,
)


@dataclass(frozen=True)
class DemoUser:
    """How to sign in as one demo user."""

    username: str
    role: str
    full_name: str
    password: str


@dataclass(frozen=True)
class DemoSummary:
    """What the demo holds, and how to sign in to see it."""

    created: bool
    local_authority: LocalAuthority
    users: tuple[DemoUser, ...]
    password: str
    inspection_2019: Inspection
    inspection_2022: Inspection
    jtai_2022: Inspection
    action_plan: Plan
    improvement_plan: Plan
    statement_of_action: Plan


@transaction.atomic
def load_demo_data(*, password: str) -> DemoSummary:
    """Load the Solihull demo data if it is not there yet, and give the demo users `password`.

    Safe to run again: nothing already there is duplicated or changed, except the passwords.
    """
    if not password:
        raise ValidationError({"password": ["Enter a password for the demo users"]})

    local_authority, created = _local_authority_get_or_create()
    organisations = {
        name: organisation_get_or_create(local_authority=local_authority, name=name, kind=kind)
        for name, kind in people.ORGANISATIONS
    }
    posts = {
        title: post_get_or_create(
            local_authority=local_authority,
            title=title,
            organisation=organisations.get(people.POST_ORGANISATIONS.get(title, "")),
        )
        for title in people.POSTS
    }
    users = [
        _demo_user_get_or_create(
            row=row,
            local_authority=local_authority,
            organisations=organisations,
            posts=posts,
            password=password,
        )
        for row in people.PEOPLE
    ]
    lead = next(user for user in users if user.username == "lead")

    inspection_2019, inspection_created = _inspection_get_or_create(
        local_authority=local_authority,
        kind=ilacs_2019.KIND,
        framework=ilacs_2019.FRAMEWORK,
        started_on=ilacs_2019.STARTED_ON,
        ended_on=ilacs_2019.ENDED_ON,
        published_on=ilacs_2019.PUBLISHED_ON,
        lead_inspector=ilacs_2019.LEAD_INSPECTOR,
        summary=ilacs_2019.SUMMARY,
        judgements=ilacs_2019.JUDGEMENTS,
        recommendations=ilacs_2019.RECOMMENDATIONS,
    )
    created |= inspection_created
    jtai, inspection_created = _inspection_get_or_create(
        local_authority=local_authority,
        kind=jtai_2022.KIND,
        framework=jtai_2022.FRAMEWORK,
        issued_by=jtai_2022.ISSUED_BY,
        started_on=jtai_2022.STARTED_ON,
        ended_on=jtai_2022.ENDED_ON,
        published_on=jtai_2022.PUBLISHED_ON,
        lead_inspector="",
        summary=jtai_2022.SUMMARY,
        judgements=(),
        recommendations=(),
    )
    created |= inspection_created
    created |= _findings_add_missing(inspection=jtai, findings=jtai_2022.FINDINGS)
    inspection_2022, inspection_created = _inspection_get_or_create(
        local_authority=local_authority,
        kind=ilacs_2022.KIND,
        framework=ilacs_2022.FRAMEWORK,
        started_on=ilacs_2022.STARTED_ON,
        ended_on=ilacs_2022.ENDED_ON,
        published_on=ilacs_2022.PUBLISHED_ON,
        lead_inspector=ilacs_2022.LEAD_INSPECTOR,
        summary=ilacs_2022.SUMMARY,
        judgements=ilacs_2022.JUDGEMENTS,
        recommendations=ilacs_2022.RECOMMENDATIONS,
    )
    created |= inspection_created

    action_plan = _plan_find(local_authority=local_authority, title=ilacs_2019.PLAN_TITLE)
    if action_plan is None:
        action_plan = _load_action_plan_2020(
            local_authority=local_authority, inspection=inspection_2019, posts=posts
        )
        created = True
    improvement_plan = _plan_find(local_authority=local_authority, title=ilacs_2022.PLAN_TITLE)
    if improvement_plan is None:
        improvement_plan = _load_improvement_plan_2023(
            local_authority=local_authority, inspection=inspection_2022, posts=posts, lead=lead
        )
        created = True
    statement_of_action = _plan_find(local_authority=local_authority, title=jtai_2022.PLAN_TITLE)
    if statement_of_action is None:
        statement_of_action = _load_statement_of_action_2022(
            local_authority=local_authority,
            inspection=jtai,
            organisations=organisations,
            posts=posts,
            lead=lead,
            partners={user.organisation_id: user for user in users if user.organisation_id},
        )
        created = True

    created |= _priority_areas_add_missing(
        improvement_plan=improvement_plan, statement_of_action=statement_of_action
    )
    created |= _partners_share_missing(
        plans=[action_plan, improvement_plan, statement_of_action],
        organisations=organisations,
        lead=lead,
    )

    return DemoSummary(
        created=created,
        local_authority=local_authority,
        users=tuple(
            DemoUser(
                username=user.username,
                role=_role_label(user),
                full_name=user.get_full_name(),
                password=password,
            )
            for user in users
        ),
        password=password,
        inspection_2019=inspection_2019,
        inspection_2022=inspection_2022,
        jtai_2022=jtai,
        action_plan=action_plan,
        improvement_plan=improvement_plan,
        statement_of_action=statement_of_action,
    )


# Authority and people ---------------------------------------------------------------------------


def _local_authority_get_or_create() -> tuple[LocalAuthority, bool]:
    existed = LocalAuthority.objects.filter(name=people.LOCAL_AUTHORITY_NAME).exists()
    local_authority = local_authority_get_or_create(
        name=people.LOCAL_AUTHORITY_NAME, short_name=people.LOCAL_AUTHORITY_SHORT_NAME
    )
    return local_authority, not existed


def _role_label(user: User) -> str:
    """The role as the sign-in list shows it, with the partner organisation if any."""
    role = str(user.get_role_display())
    return f"{role}, {user.organisation}" if user.organisation_id else role


def _demo_user_get_or_create(
    *,
    row: people.PersonRow,
    local_authority: LocalAuthority,
    organisations: dict[str, Organisation],
    posts: dict[str, Post],
    password: str,
) -> User:
    """The demo user, created if new; an existing one gets the new password (and loses any
    platform operator's rights an earlier version of the demo gave it)."""
    user = User.objects.filter(username=row.username).first()
    if user is None:
        return user_create(
            local_authority=local_authority,
            username=row.username,
            password=password,
            first_name=row.first_name,
            last_name=row.last_name,
            email=row.email,
            role=row.role,
            organisation=organisations[row.organisation] if row.organisation else None,
            job_title=row.job_title,
            posts=[posts[title] for title in row.posts],
            manages_organisation=row.manages_organisation,
        )
    if user.is_staff or user.is_superuser:  # loaded by an earlier version of the demo
        user = user_revoke_platform_access(user=user)
    return user_set_password(user=user, password=password)


# Inspections ------------------------------------------------------------------------------------


def _inspection_get_or_create(
    *,
    local_authority: LocalAuthority,
    kind: str,
    framework: str,
    started_on: datetime.date,
    ended_on: datetime.date,
    published_on: datetime.date | None,
    lead_inspector: str,
    summary: str,
    judgements: Iterable[tuple[str, str, str]],
    recommendations: Sequence[str],
    issued_by: Sequence[str] = (),
) -> tuple[Inspection, bool]:
    """The inspection of this kind that started on this date, created with its report if new."""
    existing = Inspection.objects.filter(
        local_authority=local_authority, kind=kind, started_on=started_on
    ).first()
    if existing is not None:
        return existing, False
    inspection = inspection_create(
        user=None,
        local_authority=local_authority,
        kind=kind,
        framework=framework,
        issued_by=issued_by,
        started_on=started_on,
        ended_on=ended_on,
        published_on=published_on,
        lead_inspector=lead_inspector,
        summary=summary,
        judgements=[
            JudgementInput(area=area, grade=grade, text=text) for area, grade, text in judgements
        ],
    )
    for number, text in enumerate(recommendations, start=1):
        recommendation_create(user=None, inspection=inspection, number=number, text=text)
    return inspection, True


def _recommendations_by_number(inspection: Inspection) -> dict[int, Recommendation]:
    return {
        recommendation.number: recommendation
        for recommendation in inspection.recommendations.filter(
            kind=Recommendation.Kind.RECOMMENDATION
        )
    }


def _findings_add_missing(*, inspection: Inspection, findings: Sequence[str]) -> bool:
    """Give the inspection each of its numbered findings it does not have yet (a JTAI loaded
    by an earlier demo had none). Whether any was added."""
    have = set(
        inspection.recommendations.filter(kind=Recommendation.Kind.FINDING).values_list(
            "number", flat=True
        )
    )
    for number, text in enumerate(findings, start=1):
        if number not in have:
            recommendation_create(
                user=None,
                inspection=inspection,
                number=number,
                text=text,
                kind=Recommendation.Kind.FINDING,
            )
    return len(have) < len(findings)


# Plans ------------------------------------------------------------------------------------------


def _plan_find(*, local_authority: LocalAuthority, title: str) -> Plan | None:
    return Plan.objects.filter(local_authority=local_authority, title=title).first()


def _owners(who: Sequence[str], posts: dict[str, Post]) -> tuple[list[Post], str]:
    """The posts and note for a row's "Who" parts, each post once, in the order printed."""
    owner_posts: list[Post] = []
    notes: list[str] = []
    for part in who:
        titles, note = ilacs_2019.WHO_OWNERS[part]
        owner_posts.extend(posts[title] for title in titles if posts[title] not in owner_posts)
        if note and note not in notes:
            notes.append(note)
    return owner_posts, "; ".join(notes)


def _load_action_plan_2020(
    *, local_authority: LocalAuthority, inspection: Inspection, posts: dict[str, Post]
) -> Plan:
    """The published 2020 action plan, every row of it, with progress as reported in 2021.

    The history is dated as the seed tells it: the plan and its actions as written when the
    actions started (1 February 2020), each progress entry on the date it was reported
    (30 June 2021), so "what changed" between two dates in 2020 and 2021 has something to show.
    """
    recommendations = _recommendations_by_number(inspection)
    written: list[tuple[Action, ilacs_2019.ActionRow]] = []
    with dated(ilacs_2019.ACTION_STARTS_ON):
        plan = plan_create(
            user=None,
            local_authority=local_authority,
            title=ilacs_2019.PLAN_TITLE,
            kind=Plan.Kind.OFSTED_ACTION_PLAN,
            status=Plan.Status.PUBLISHED,
            inspections=[inspection],
            introduction=ilacs_2019.INTRODUCTION,
            owner_description=ilacs_2019.OWNER_DESCRIPTION,
        )
        for row in ilacs_2019.SECTIONS:
            section = section_create(
                user=None,
                plan=plan,
                number=row.number,
                title=row.title,
                recommendations=[recommendations[row.number]],
                expected_outcomes=row.expected_outcomes,
            )
            for position, action_row in enumerate(row.actions, start=1):
                owner_posts, owner_note = _owners(action_row.who, posts)
                action = action_create(
                    user=None,
                    section=section,
                    reference=f"{row.number}.{position}",
                    description=action_row.description,
                    owner_posts=owner_posts,
                    owner_note=owner_note,
                    linked_recommendations=[
                        recommendations[number] for number in action_row.linked_recommendations
                    ],
                    starts_on=ilacs_2019.ACTION_STARTS_ON,
                    due_on=ilacs_2019.ACTION_DUE_ON,
                )
                written.append((action, action_row))
    with dated(ilacs_2019.PROGRESS_RECORDED_ON):
        for action, action_row in written:
            status, brag = ilacs_2019.status_for_progress(action_row.progress)
            action_record_progress(
                user=None,
                action=action,
                expected_version=action.version,
                narrative=action_row.progress,
                status=status,
                brag=brag,
                recorded_on=ilacs_2019.PROGRESS_RECORDED_ON,
                next_review_on=(
                    ilacs_2019.NEXT_REVIEW_ON
                    if status == DeliveryStatus.BUSINESS_AS_USUAL
                    else None
                ),
                author_name=ilacs_2019.PROGRESS_AUTHOR_NAME,
            )
    return plan


def _load_improvement_plan_2023(
    *,
    local_authority: LocalAuthority,
    inspection: Inspection,
    posts: dict[str, Post],
    lead: User,
) -> Plan:
    """The draft 2023 plan: six themes with their leads, ten sections with aims, no actions."""
    recommendations = _recommendations_by_number(inspection)
    plan = plan_create(
        user=None,
        local_authority=local_authority,
        title=ilacs_2022.PLAN_TITLE,
        kind=Plan.Kind.IMPROVEMENT_PLAN,
        status=Plan.Status.DRAFT,
        inspections=[inspection],
        introduction=ilacs_2022.INTRODUCTION,
        owner_description=ilacs_2022.OWNER_DESCRIPTION,
    )
    themes = {
        row.name: theme_create(
            user=None,
            plan=plan,
            name=row.name,
            lead=lead if row.led_by_improvement_lead else None,
            lead_post=posts[row.lead_post],
        )
        for row in ilacs_2022.THEMES
    }
    for row in ilacs_2022.SECTIONS:
        section_create(
            user=None,
            plan=plan,
            number=row.number,
            title=row.title,
            aim=row.aim,
            theme=themes[row.theme],
            recommendations=(
                [recommendations[row.recommendation]] if row.recommendation is not None else []
            ),
        )
    return plan


def _partners_share_missing(
    *, plans: Sequence[Plan], organisations: dict[str, Organisation], lead: User
) -> bool:
    """Share the plans with the partners the demo names (`people.SHARED_WITH_PARTNERS`),
    where they are not shared already: a demo loaded before partners could see plans gains
    the grants; one where an officer has withdrawn a grant since is shared again only if
    no grant was ever made."""
    by_title = {plan.title: plan for plan in plans}
    added = False
    for title, name in people.SHARED_WITH_PARTNERS:
        plan, organisation = by_title[title], organisations[name]
        if PlanPartnerAccess.objects.filter(plan=plan, organisation=organisation).exists():
            continue
        plan_partner_grant(user=lead, plan=plan, organisation=organisation)
        added = True
    return added


def _priority_areas_add_missing(*, improvement_plan: Plan, statement_of_action: Plan) -> bool:
    """Name the 2023 plan's priority areas and link the Statement of Action's sections to them,
    as the audit committee paper describes plans linked to the main plan's priority areas.

    Only what is missing is added, so a demo loaded before priority areas existed gains them
    and one loaded since is left as it is; a section an officer has linked is left alone.
    """
    if improvement_plan.priority_areas.exists():
        return False
    sections = {section.title: section for section in statement_of_action.sections.all()}
    for row in ilacs_2022.PRIORITY_AREAS:
        priority_area = priority_area_create(
            user=None, plan=improvement_plan, name=row.name, description=row.description
        )
        for title in row.statement_of_action_sections:
            section = sections.get(title)
            if section is None or section.priority_area_id is not None:
                continue
            section_link_priority_area(
                user=None,
                section=section,
                expected_version=section.version,
                priority_area=priority_area,
            )
    return True


def _load_statement_of_action_2022(
    *,
    local_authority: LocalAuthority,
    inspection: Inspection,
    organisations: dict[str, Organisation],
    posts: dict[str, Post],
    lead: User,
    partners: dict[int, User],
) -> Plan:
    """The multi-agency Statement of Action answering the JTAI's three findings: six sections,
    one in each of the six themes, with actions owned by the council's posts and the partners.

    Dated as the paper tells it: written when it was submitted (May 2022), progress as the
    board merged it into the improvement plan (August 2022) and as reported to the Health and
    Wellbeing Board (November 2022). A partner's demo user writes the progress of the actions
    their organisation alone owns, so the history shows who wrote what.
    """
    findings = {
        finding.number: finding
        for finding in inspection.recommendations.filter(kind=Recommendation.Kind.FINDING)
    }
    written: list[tuple[Action, jtai_2022.ActionRow]] = []
    with dated(jtai_2022.WRITTEN_ON):
        plan = plan_create(
            user=None,
            local_authority=local_authority,
            title=jtai_2022.PLAN_TITLE,
            kind=Plan.Kind.STATEMENT_OF_ACTION,
            status=Plan.Status.PUBLISHED,
            inspections=[inspection],
            introduction=jtai_2022.INTRODUCTION,
            owner_description=jtai_2022.OWNER_DESCRIPTION,
        )
        themes = {
            row.name: theme_create(
                user=None,
                plan=plan,
                name=row.name,
                lead=lead if row.led_by_improvement_lead else None,
                lead_post=posts[row.lead_post],
            )
            for row in ilacs_2022.THEMES
        }
        for row in jtai_2022.SECTIONS:
            section = section_create(
                user=None,
                plan=plan,
                number=row.number,
                title=row.title,
                aim=row.aim,
                theme=themes[row.theme],
                recommendations=[findings[row.finding]],
                expected_outcomes=row.expected_outcomes,
            )
            for position, action_row in enumerate(row.actions, start=1):
                action = action_create(
                    user=None,
                    section=section,
                    reference=f"{row.number}.{position}",
                    description=action_row.description,
                    owner_posts=[posts[title] for title in action_row.posts],
                    owner_organisations=[organisations[name] for name in action_row.organisations],
                    starts_on=jtai_2022.WRITTEN_ON,
                    due_on=action_row.due_on,
                )
                written.append((action, action_row))
    days = sorted(
        {entry.recorded_on for _, written_row in written for entry in written_row.progress}
    )
    for day in days:
        with dated(day):
            for action, action_row in written:
                author = (
                    partners.get(organisations[action_row.organisations[0]].pk)
                    if len(action_row.organisations) == 1
                    else None
                )
                for entry in action_row.progress:
                    if entry.recorded_on != day:
                        continue
                    action.refresh_from_db(fields=["version"])
                    action_record_progress(
                        user=author,
                        action=action,
                        expected_version=action.version,
                        narrative=entry.narrative,
                        status=entry.status,
                        brag=entry.brag,
                        recorded_on=entry.recorded_on,
                        next_review_on=entry.next_review_on,
                        author_name="" if author else jtai_2022.PROGRESS_AUTHOR_NAME,
                    )
    return plan
