"""The world the authorisation matrix runs in: two local authorities built alike, each with
one user of every role and one of everything a URL can take an id of.

Everything is made through the services (the factories only for authorities, posts,
organisations and people), as an officer would make it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests import world_audits, world_evidence, world_measures, world_packs
from tracker.accounts.administration import services as administration_services
from tracker.accounts.advisers import services as adviser_services
from tracker.accounts.models import AdviserAccess, LocalAuthority, User
from tracker.accounts.tests.factories import (
    LocalAuthorityFactory,
    OrganisationFactory,
    PostFactory,
    UserFactory,
)
from tracker.accounts.tokens import services as token_services
from tracker.accounts.two_factor import services as two_factor_services
from tracker.governance import services as governance_services
from tracker.governance.highlights import services as highlight_services
from tracker.inspections import services as inspection_services
from tracker.inspections.models import Grade, Inspection, JudgementArea
from tracker.inspections.national.models import NationalAuthority
from tracker.inspections.services import JudgementInput
from tracker.plans import services as plan_services
from tracker.plans.models import Plan
from tracker.plans.partners import services as partner_services
from tracker.programme import services as programme_services
from tracker.reminders import services as reminder_services
from tracker.reporting.papers import services as paper_services
from tracker.schedule import services as schedule_services

# The roles of the matrix. Every one but the last two belongs to the home authority.
ANONYMOUS = "anonymous"
VIEWER = "viewer"
OWNER = "action owner"
THEMATIC_LEAD = "thematic lead"
IMPROVEMENT_LEAD = "improvement lead"
ADMINISTRATOR = "administrator"
# The key of the authenticator apps in the world (hex, as django-otp keeps it).
TWO_FACTOR_KEY = "3132333435363738393031323334353637383930"
SUPERUSER = "superuser"
OUTSIDER = "other authority"
# People of two partner organisations of the home authority: the police, with whom the
# world's plan is shared, who own its "not theirs" action and whose administrator this one
# is; and health, with whom only a second plan of the authority is shared.
PARTNER_ADMIN = "police partner, manages its staff"
PARTNER = "health partner"
# Advisers (DfE, regional improvement partners) belong to no authority. Each has opened the
# home authority (their session names it): one whom the home authority lets in; one whom only
# the other authority lets in; one whom the home authority let in and then stopped.
ADVISER = "adviser, let in"
ADVISER_NOT_LET_IN = "adviser, not let in"
ADVISER_WITHDRAWN = "adviser, access withdrawn"

ROLES = (
    ANONYMOUS,
    VIEWER,
    OWNER,
    THEMATIC_LEAD,
    IMPROVEMENT_LEAD,
    ADMINISTRATOR,
    SUPERUSER,
    OUTSIDER,
    PARTNER_ADMIN,
    PARTNER,
    ADVISER,
    ADVISER_NOT_LET_IN,
    ADVISER_WITHDRAWN,
)
# The roles a local authority gives its own people.
AUTHORITY_ROLES = (VIEWER, OWNER, THEMATIC_LEAD, IMPROVEMENT_LEAD, ADMINISTRATOR)
PARTNERS = (PARTNER_ADMIN, PARTNER)
ADVISERS = (ADVISER, ADVISER_NOT_LET_IN, ADVISER_WITHDRAWN)


@dataclass
class Authority:
    """One local authority's people and records. `ids` maps a kind of record (the names used
    by `ID_KINDS` in the matrix) to the id a URL takes; `not_theirs` overrides the ids of
    records that the action owner and the thematic lead do not own or lead."""

    local_authority: LocalAuthority
    users: dict[str, User]
    ids: dict[str, int | str] = field(default_factory=dict)
    not_theirs: dict[str, int | str] = field(default_factory=dict)


def build_authority(name: str, short_name: str) -> Authority:
    """A local authority with one user of each role and one of every record:

    - an ILACS inspection with a recommendation and its derived deadlines;
    - a plan answering it, with four themes: two led by the thematic lead and two by nobody,
      of each pair one with a highlight report for the meeting and one without (a report can
      be drafted for it),
      a section, an action the action owner owns through their post and one they do not, each
      with a progress update, and an update cycle;
    - a programme with a project, deliverable, milestone and budget line;
    - a board with a meeting, an agenda item, a decision, and a risk;
    - a board paper that is ready to download, and the viewer's calendar feed;
    - a second, partnership plan; the world's plan shared with the police and the second
      plan with health, a partner user of each (the police's one manages its staff) and a
      member of the police's staff.
    """
    today = timezone.localdate()
    local_authority = LocalAuthorityFactory(name=name, short_name=short_name)
    post = PostFactory(local_authority=local_authority, title="Head of Service Safeguards")
    organisation = OrganisationFactory(
        local_authority=local_authority, name="West Midlands Police", kind="police"
    )
    slug = short_name.lower()

    def person(role_name: str, role: str) -> User:
        return UserFactory(
            local_authority=local_authority,
            role=role,
            username=f"{slug}-{role_name.replace(' ', '-')}",
        )

    users = {
        VIEWER: person(VIEWER, User.Role.VIEWER),
        OWNER: person(OWNER, User.Role.ACTION_OWNER),
        THEMATIC_LEAD: person(THEMATIC_LEAD, User.Role.ACTION_OWNER),
        IMPROVEMENT_LEAD: person(IMPROVEMENT_LEAD, User.Role.IMPROVEMENT_LEAD),
        ADMINISTRATOR: person(ADMINISTRATOR, User.Role.ADMINISTRATOR),
    }
    health = OrganisationFactory(
        local_authority=local_authority,
        name="Birmingham and Solihull Integrated Care Board",
        kind="health",
    )
    users[PARTNER_ADMIN] = UserFactory(
        local_authority=local_authority,
        organisation=organisation,
        role=User.Role.ACTION_OWNER,
        manages_organisation=True,
        username=f"{slug}-police-partner",
    )
    users[PARTNER] = UserFactory(
        local_authority=local_authority,
        organisation=health,
        role=User.Role.ACTION_OWNER,
        username=f"{slug}-health-partner",
    )
    police_staff = UserFactory(
        local_authority=local_authority,
        organisation=organisation,
        role=User.Role.VIEWER,
        username=f"{slug}-police-staff",
    )
    users[OWNER].posts.add(post)
    lead = users[IMPROVEMENT_LEAD]
    # The administrator has an authenticator app and recovery codes (they make new ones with
    # its code); the viewer, the user whose id the administration pages are asked with, still
    # has the app and codes of a time they were an administrator, for an administrator to reset.
    for holder in (users[ADMINISTRATOR], users[VIEWER]):
        two_factor_services.second_factor_set_up(user=holder, key=TWO_FACTOR_KEY)

    inspection = inspection_services.inspection_create(
        user=lead,
        local_authority=local_authority,
        kind=Inspection.Kind.ILACS_STANDARD,
        framework=Inspection.Framework.ILACS,
        started_on=datetime.date(2022, 10, 31),
        ended_on=datetime.date(2022, 11, 11),
        published_on=datetime.date(2023, 1, 13),
        lead_inspector="Victoria Horsefield",
        judgements=[
            JudgementInput(JudgementArea.IMPACT_OF_LEADERS, Grade.REQUIRES_IMPROVEMENT),
            JudgementInput(JudgementArea.HELP_AND_PROTECTION, Grade.INADEQUATE),
            JudgementInput(JudgementArea.CHILDREN_IN_CARE_AND_CARE_LEAVERS, Grade.INADEQUATE),
            JudgementInput(JudgementArea.OVERALL, Grade.INADEQUATE),
        ],
    )
    recommendation = inspection_services.recommendation_create(
        user=lead, inspection=inspection, number=1, text="Improve the stability of the workforce."
    )
    deadline = inspection.milestones.order_by("position").first()
    assert deadline is not None, "the inspection should have derived deadlines"

    plan = plan_services.plan_create(
        user=lead,
        local_authority=local_authority,
        title="Children's services improvement plan",
        kind=Plan.Kind.OFSTED_ACTION_PLAN,
        inspections=[inspection],
    )
    workforce = plan_services.theme_create(
        user=lead, plan=plan, name="Workforce", lead=users[THEMATIC_LEAD]
    )
    early_help = plan_services.theme_create(
        user=lead, plan=plan, name="Early help", lead=users[THEMATIC_LEAD]
    )
    partnerships = plan_services.theme_create(user=lead, plan=plan, name="Partnerships")
    practice = plan_services.theme_create(user=lead, plan=plan, name="Practice")
    priority_area = plan_services.priority_area_create(
        user=lead, plan=plan, name="Stable, skilled workforce"
    )
    section = plan_services.section_create(
        user=lead,
        plan=plan,
        number=1,
        title="Workforce stability",
        theme=workforce,
        recommendations=[recommendation],
        expected_outcomes=["Fewer agency social workers"],
    )
    owned = plan_services.action_create(
        user=lead,
        section=section,
        reference="1.1",
        description="Recruit permanent social workers",
        owner_posts=[post],
        due_on=today + datetime.timedelta(days=30),
    )
    # In a theme the thematic lead does not lead, so neither the owner's nor the lead's.
    practice_section = plan_services.section_create(
        user=lead, plan=plan, number=2, title="Practice standards", theme=practice
    )
    unowned = plan_services.action_create(
        user=lead,
        section=practice_section,
        reference="2.1",
        description="Review caseloads",
        owner_organisations=[organisation],
        due_on=today + datetime.timedelta(days=60),
    )
    owned_update = plan_services.action_record_progress(
        user=users[OWNER],
        action=owned,
        expected_version=None,
        narrative="Advert published",
        status="in_progress",
        brag="green",
    )
    unowned_update = plan_services.action_record_progress(
        user=lead,
        action=unowned,
        expected_version=None,
        narrative="Caseload audit started",
        status="in_progress",
        brag="amber",
    )
    partnership_plan = plan_services.plan_create(
        user=lead,
        local_authority=local_authority,
        title="Safeguarding partnership plan",
        kind=Plan.Kind.PARTNERSHIP_PLAN,
    )
    police_access = partner_services.plan_partner_grant(
        user=lead, plan=plan, organisation=organisation
    )
    partner_services.plan_partner_grant(user=lead, plan=partnership_plan, organisation=health)
    reminder_services.update_cycle_set(
        user=lead,
        plan=plan,
        expected_version=None,
        frequency="monthly",
        closes_working_days_before=5,
        next_board_on=today + datetime.timedelta(days=40),
        due_soon_days=14,
    )

    programme = programme_services.programme_create(
        user=lead, local_authority=local_authority, name="Improvement programme", plan=plan
    )
    project = programme_services.project_create(
        user=lead,
        programme=programme,
        name="Workforce",
        purpose="A stable, skilled workforce",
        lead_post=post,
        rag="amber",
        themes=[workforce],
        sections=[section],
    )
    deliverable = programme_services.deliverable_create(
        user=lead, project=project, description="Recruitment strategy", due_on=today
    )
    project_milestone = programme_services.milestone_create(
        user=lead, project=project, name="Strategy agreed by Cabinet", due_on=today
    )
    budget_line = programme_services.budget_line_create(
        user=lead,
        programme=programme,
        project=project,
        financial_year=2024,
        allocation=Decimal("250000"),
        actual_spend=Decimal("120000"),
        forecast=Decimal("260000"),
    )

    board = governance_services.board_create(
        user=lead,
        local_authority=local_authority,
        name="Improvement Board",
        kind="improvement_board",
        members=[lead],
    )
    meeting = governance_services.meeting_create(
        user=lead, board=board, held_on=today + datetime.timedelta(days=40), location="Room 1"
    )
    governance_services.agenda_item_create(
        user=lead, meeting=meeting, title="Improvement plan update", plan=plan
    )
    decision = governance_services.decision_create(
        user=lead, meeting=meeting, kind="recommendation", text="Publish a workforce strategy"
    )
    risk = governance_services.risk_create(
        user=lead,
        local_authority=local_authority,
        reference="R1",
        title="Agency social workers leave",
        inherent_likelihood=4,
        inherent_impact=5,
        residual_likelihood=3,
        residual_impact=4,
        plan=plan,
    )
    led_report = highlight_services.highlight_report_draft(
        meeting=meeting, theme=workforce, user=users[THEMATIC_LEAD]
    )
    unled_report = highlight_services.highlight_report_draft(
        meeting=meeting, theme=partnerships, user=lead
    )

    # Made at once rather than by the task queue, as the worker would (CSV: no PDF is drawn).
    paper = paper_services.board_paper_request(plan=plan, user=lead, format="csv")
    paper = paper_services.board_paper_generate(paper_id=paper.pk)
    assert paper.is_ready, "the board paper should be ready to download"
    feed = schedule_services.calendar_feed_create(user=users[VIEWER])
    api_token = token_services.api_token_create(
        by=users[VIEWER],
        name="Power BI",
        scope="read",
        expires_on=timezone.localdate() + datetime.timedelta(days=90),
    ).token
    closure_day = administration_services.closure_day_create(
        by=users[ADMINISTRATOR],
        local_authority=local_authority,
        falls_on=datetime.date(2026, 12, 29),
        kind="extra_closure",
        reason="Council closed between Christmas and New Year",
    )

    # The national record's authority it is (published judgements: public, seen by all).
    national_authority = NationalAuthority.objects.create(
        name=short_name, local_authority=local_authority
    )

    authority = Authority(
        local_authority=local_authority,
        users=users,
        ids={
            "inspection": inspection.pk,
            "recommendation": recommendation.pk,
            "deadline": deadline.pk,
            "national_authority": national_authority.pk,
            "plan": plan.pk,
            # A theme without a report yet: the one a new highlight report is drafted for.
            "theme": early_help.pk,
            "priority_area": priority_area.pk,
            "section": section.pk,
            "action": owned.pk,
            "progress_update": owned_update.pk,
            "programme": programme.pk,
            "project": project.pk,
            "deliverable": deliverable.pk,
            "project_milestone": project_milestone.pk,
            "budget_line": budget_line.pk,
            "board": board.pk,
            "meeting": meeting.pk,
            "decision": decision.pk,
            "risk": risk.pk,
            "highlight_report": led_report.pk,
            "board_paper": paper.pk,
            "calendar_feed": feed.token,
            # The viewer's own API token.
            "api_token": api_token.pk,
            "user": users[VIEWER].pk,
            "post": post.pk,
            "organisation": organisation.pk,
            "closure_day": closure_day.pk,
            "local_authority": local_authority.pk,
            "partner_access": police_access.pk,
            "staff_member": police_staff.pk,
            # A password link names the user; its token is not one the service issued.
            "link_user": urlsafe_base64_encode(force_bytes(users[VIEWER].pk)),
            "link_token": "not-a-token-the-service-issued",
        },
        not_theirs={
            "theme": practice.pk,
            "action": unowned.pk,
            "progress_update": unowned_update.pk,
            "highlight_report": unled_report.pk,
        },
    )
    # Impact: measures, audits, evidence and visit packs, each kept in its own module.
    world_measures.build(authority, plan=plan, section=section, action=owned)
    world_audits.build(authority, plan=plan, section=section, action=owned)
    world_evidence.build(authority, plan=plan, section=section, action=owned)
    world_packs.build(authority, plan=plan, section=section, action=owned)
    return authority


@dataclass
class World:
    home: Authority
    away: Authority
    superuser: User
    advisers: dict[str, User] = field(default_factory=dict)

    def user(self, role: str) -> User | None:
        """The user playing a role; None for anonymous."""
        if role == ANONYMOUS:
            return None
        if role == SUPERUSER:
            return self.superuser
        if role in ADVISERS:
            return self.advisers[role]
        if role == OUTSIDER:
            return self.away.users[IMPROVEMENT_LEAD]
        return self.home.users[role]


def build_world() -> World:
    """Two authorities built alike, and the platform operator, who belongs to neither."""
    home = build_authority("Solihull Metropolitan Borough Council", "Solihull")
    away = build_authority("Elsewhere Borough Council", "Elsewhere")
    superuser = UserFactory(
        local_authority=None,
        username="platform-operator",
        role=User.Role.VIEWER,
        is_staff=True,
        is_superuser=True,
    )
    advisers = {
        role: UserFactory(
            local_authority=None,
            role=User.Role.ADVISER,
            username=role.replace(",", "").replace(" ", "-"),
            email=f"{role.split(',')[1].strip().replace(' ', '-')}@education.gov.uk",
        )
        for role in ADVISERS
    }

    def grant(authority: Authority, role: str) -> int:
        return adviser_services.adviser_access_grant(
            by=authority.users[ADMINISTRATOR],
            local_authority=authority.local_authority,
            email=advisers[role].email,
        ).pk

    # The withdraw page's grant: the home authority's to the adviser it lets in.
    home.ids["adviser_access"] = grant(home, ADVISER)
    away.ids["adviser_access"] = grant(away, ADVISER_NOT_LET_IN)
    withdrawn = grant(home, ADVISER_WITHDRAWN)
    adviser_services.adviser_access_withdraw(
        by=home.users[ADMINISTRATOR],
        access=AdviserAccess.objects.get(pk=withdrawn),
    )
    return World(home=home, away=away, superuser=superuser, advisers=advisers)
