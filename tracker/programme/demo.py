"""The demo improvement programme, as the council's update to its Audit Committee (March 2023)
describes it.

From the paper: the Assistant Director for Improvement is developing "an improvement programme
of work ... which consists of 13 projects" (the names below are the paper's), deliverables were
being scoped and funding sought for a project team; the medium-term financial strategy allocates
£9.7 million for 2023/24, £9.9 million for 2024/25 and £8.5 million for 2025/26 and on-going;
Ofsted's action planning visit falls within 30 working days of the report (13 January 2023); the
Department for Education's Commissioner reported in February 2023 and his recommendations go into
the plan; a new Improvement Board is set up; the Solihull Safeguarding Children Partnership owns
a Partnership Improvement Plan. Those dated events are the milestones and deliverables with
fixed dates below.

The rest (each project's purpose, lead post, RAG rating, funding decision and most deliverables
and milestones) is the demo's own, written from the plan's recommendations. Those dates are
counted from the day the demo is loaded, like the governance demo's meetings, so the programme
always has something due soon, something achieved and something overdue. Written through the
services, so history is recorded; loading twice adds nothing, and a programme loaded by an
earlier demo gets what it lacks.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from tracker.accounts.models import LocalAuthority, Post, User
from tracker.accounts.services import post_get_or_create
from tracker.plans.demo import ilacs_2019, ilacs_2022, jtai_2022
from tracker.plans.models import Plan, Section, Theme
from tracker.programme import services
from tracker.programme.models import Deliverable, FundingStatus, Programme, Project, Rag

PROGRAMME_NAME = "Children's services improvement programme"
PLAN_TITLE = ilacs_2022.PLAN_TITLE
SPONSOR_POST = ilacs_2022.ASSISTANT_DIRECTOR_IMPROVEMENT
DESCRIPTION = (
    "Thirteen projects, developed by the Assistant Director for Improvement, to deliver the "
    "improvement the plan sets out. Deliverables are being scoped and funding sought for a "
    "project team."
)

# Posts: the plans' own, so the people who hold them there lead the projects too.
DIRECTOR = ilacs_2022.DIRECTOR
ASSISTANT_DIRECTOR = ilacs_2022.ASSISTANT_DIRECTOR_IMPROVEMENT
HEAD_OF_WORKFORCE = ilacs_2022.HEAD_OF_WORKFORCE
HEAD_OF_MASH = jtai_2022.HEAD_OF_MASH
FAMILY_SUPPORT = ilacs_2019.FAMILY_SUPPORT
PARTNERSHIP_BUSINESS_MANAGER = ilacs_2022.PARTNERSHIP_BUSINESS_MANAGER
COMMISSIONING = ilacs_2019.COMMISSIONING
LOOKED_AFTER = ilacs_2019.LOOKED_AFTER
PRINCIPAL_SOCIAL_WORKER = ilacs_2022.PRINCIPAL_SOCIAL_WORKER
HEAD_OF_SYSTEMS = ilacs_2022.HEAD_OF_SYSTEMS
MISSING_MANAGER = ilacs_2019.MISSING_MANAGER
HEAD_OF_SEND = "Head of Special Educational Needs and Disabilities"

# Themes of the 2023 plan.
LEADERSHIP = ilacs_2022.LEADERSHIP
PARTNERSHIPS = ilacs_2022.PARTNERSHIPS
WORKFORCE = ilacs_2022.WORKFORCE
PRACTICE = ilacs_2022.PRACTICE
QUALITY_ASSURANCE = ilacs_2022.QUALITY_ASSURANCE
RECORD_KEEPING = ilacs_2022.RECORD_KEEPING

ACTION_PLANNING_VISIT_ON = datetime.date(2023, 2, 24)  # 30 working days after the report
COMMISSIONER_REPORTED_ON = datetime.date(2023, 2, 28)  # "in February 2023"

# A due or achieved date: a fixed date, or a number of days from the day the demo is loaded.
When = datetime.date | int


@dataclass(frozen=True)
class DeliverableRow:
    description: str
    due: When
    status: str = Deliverable.Status.IN_PROGRESS


@dataclass(frozen=True)
class MilestoneRow:
    name: str
    due: When
    achieved: When | None = None


@dataclass(frozen=True)
class ProjectRow:
    name: str
    purpose: str
    lead_post: str
    rag: str
    funding_status: str
    deliverables: tuple[DeliverableRow, ...]
    milestones: tuple[MilestoneRow, ...] = ()
    sponsor_post: str = SPONSOR_POST
    themes: tuple[str, ...] = ()
    # Numbers of the 2023 plan's sections the project delivers.
    sections: tuple[int, ...] = ()


_DONE = Deliverable.Status.COMPLETE
_NOT_STARTED = Deliverable.Status.NOT_STARTED

PROJECTS: tuple[ProjectRow, ...] = (
    ProjectRow(
        "Workforce",
        "Enough permanent, well-supported social workers, so that children have fewer changes "
        "of social worker.",
        HEAD_OF_WORKFORCE,
        Rag.AMBER,
        FundingStatus.APPROVED,
        (
            DeliverableRow("A recruitment and retention offer for social workers", -120, _DONE),
            DeliverableRow("A social work academy for newly qualified social workers", 90),
            DeliverableRow("Agency social workers below 15% of the workforce", 180),
        ),
        (
            MilestoneRow("Recruitment and retention offer launched", -100, -95),
            MilestoneRow("First intake of the social work academy", 120),
        ),
        themes=(WORKFORCE,),
        sections=(4,),
    ),
    ProjectRow(
        "Governance for Improvement",
        "A credible, resourced improvement plan, agreed with Ofsted and overseen by a new "
        "Improvement Board.",
        ASSISTANT_DIRECTOR,
        Rag.GREEN,
        FundingStatus.APPROVED,
        (
            DeliverableRow(
                "The improvement plan, discussed and agreed with Ofsted at the action planning "
                "visit",
                ACTION_PLANNING_VISIT_ON,
                _DONE,
            ),
            DeliverableRow(
                "The Commissioner's recommendations brought into the improvement plan",
                datetime.date(2023, 4, 28),
                _DONE,
            ),
            DeliverableRow(
                "A new Improvement Board focused on the improvement the local authority makes",
                datetime.date(2023, 4, 28),
                _DONE,
            ),
            DeliverableRow(
                "A highlight or exception report from every thematic lead to each Improvement "
                "Board",
                30,
            ),
        ),
        (
            MilestoneRow(
                "Action planning visit with Ofsted, within 30 working days of the report",
                ACTION_PLANNING_VISIT_ON,
                ACTION_PLANNING_VISIT_ON,
            ),
            MilestoneRow(
                "Commissioner's report to the Secretary of State for Education",
                COMMISSIONER_REPORTED_ON,
                COMMISSIONER_REPORTED_ON,
            ),
        ),
        sponsor_post=DIRECTOR,
        themes=(LEADERSHIP,),
        sections=(1,),
    ),
    ProjectRow(
        "MASH & Emergency Duty Team (EDT)",
        "Concerns about children are decided on quickly and well, day and night, by the MASH "
        "and the Emergency Duty Team.",
        HEAD_OF_MASH,
        Rag.AMBER,
        FundingStatus.APPROVED,
        (
            DeliverableRow("Every contact decided within one working day, six months running", 150),
            DeliverableRow("The Emergency Duty Team staffed by permanent social workers", 60),
        ),
        (MilestoneRow("Out-of-hours rota fully staffed", 45),),
        themes=(PRACTICE,),
        sections=(2,),
    ),
    ProjectRow(
        "Early Help / Targeted Early Help",
        "Children and families who need early help get it quickly, from an offer all partners "
        "share.",
        FAMILY_SUPPORT,
        Rag.GREEN,
        FundingStatus.APPROVED,
        (
            DeliverableRow(
                "Targeted early help for families stepped down from social care", -30, _DONE
            ),
            DeliverableRow("An early help offer shared and resourced by all partners", 120),
        ),
        (MilestoneRow("Early help strategy agreed by the safeguarding partnership", -60, -60),),
        themes=(PARTNERSHIPS,),
        sections=(10,),
    ),
    ProjectRow(
        "Solihull Safeguarding Children Partnership (LSCP)",
        "The council and its partners work well together both to protect children and to "
        "support them, through the Partnership Improvement Plan.",
        PARTNERSHIP_BUSINESS_MANAGER,
        Rag.AMBER,
        FundingStatus.APPROVED,
        (
            DeliverableRow(
                "A Partnership Improvement Plan owned by the Solihull Safeguarding Children "
                "Partnership",
                datetime.date(2023, 6, 30),
                _DONE,
            ),
            DeliverableRow(
                "A multi-agency performance report to the partnership every quarter", 30
            ),
        ),
        (
            MilestoneRow(
                "Partnership Improvement Plan agreed by the partnership",
                datetime.date(2023, 6, 30),
                datetime.date(2023, 6, 30),
            ),
        ),
        themes=(PARTNERSHIPS,),
        sections=(5,),
    ),
    ProjectRow(
        "Placement Sufficiency - Children's homes and Fostering",
        "Enough homes close to Solihull for children in care: foster carers and the council's "
        "own children's homes.",
        COMMISSIONING,
        Rag.RED,
        FundingStatus.REQUESTED,
        (
            DeliverableRow("A sufficiency strategy for children's homes and fostering", -45, _DONE),
            DeliverableRow("A campaign to recruit foster carers", -10),
            DeliverableRow("Two new children's homes run by the council", 240, _NOT_STARTED),
        ),
        (MilestoneRow("Planning permission for the first children's home", -20),),
    ),
    ProjectRow(
        "Early Permanence-PLO/ Agency Decision Making (ADM)",
        "The full range of permanence options achieved in good time for every child in care.",
        LOOKED_AFTER,
        Rag.AMBER,
        FundingStatus.APPROVED,
        (
            DeliverableRow("Pre-proceedings (PLO) cases tracked every week", -14, _DONE),
            DeliverableRow("A permanence plan for every child in care by their second review", 90),
        ),
        (MilestoneRow("Permanence tracking panel set up", -40, -40),),
        themes=(PRACTICE,),
        sections=(6,),
    ),
    ProjectRow(
        "Quality Assurance & Performance Management",
        "Leaders know how good practice really is, from accurate performance information and a "
        "quality assurance framework that works.",
        PRINCIPAL_SOCIAL_WORKER,
        Rag.GREEN,
        FundingStatus.APPROVED,
        (
            DeliverableRow(
                "A quality assurance framework in use across children's social care", -60, _DONE
            ),
            DeliverableRow("A performance report to every Improvement Board", -30, _DONE),
            DeliverableRow("Every practice audit moderated", 30),
        ),
        (MilestoneRow("Quality assurance framework launched", -60, -60),),
        themes=(QUALITY_ASSURANCE,),
        sections=(1, 7),
    ),
    ProjectRow(
        "LCS System",
        "The case recording system supports good practice and gives accurate performance "
        "information.",
        HEAD_OF_SYSTEMS,
        Rag.RED,
        FundingStatus.APPROVED,
        (
            DeliverableRow("Case recording forms changed to follow the practice model", -7),
            DeliverableRow(
                "Private fostering checks recorded and reported from the system", 60, _NOT_STARTED
            ),
        ),
        (MilestoneRow("Upgraded system live", -7),),
        themes=(RECORD_KEEPING,),
        sections=(9,),
    ),
    ProjectRow(
        "Youth Justice and Exploitation Hub",
        "One team, with the police, for children at risk of exploitation or in trouble with the "
        "law.",
        MISSING_MANAGER,
        Rag.GREEN,
        FundingStatus.APPROVED,
        (
            DeliverableRow(
                "A return home interview offered to every child after they go missing", -20, _DONE
            ),
            DeliverableRow("A youth justice and exploitation hub shared with the police", 150),
        ),
        (MilestoneRow("Hub opens", 150),),
    ),
    ProjectRow(
        "SEND agenda",
        "Children with special educational needs and disabilities get the right help at the "
        "right time from education, health and care.",
        HEAD_OF_SEND,
        Rag.AMBER,
        FundingStatus.REQUESTED,
        (DeliverableRow("A SEND improvement plan agreed with health", 75, _NOT_STARTED),),
        (MilestoneRow("Decision on funding for a SEND project team", 30),),
    ),
    ProjectRow(
        "Edges of care",
        "Help for children and families on the edge of care, so that children stay safely at "
        "home where they can.",
        FAMILY_SUPPORT,
        Rag.AMBER,
        FundingStatus.REQUESTED,
        (
            DeliverableRow("A business case for an edge of care service", 20),
            DeliverableRow(
                "An edge of care service that helps children stay safely at home",
                180,
                _NOT_STARTED,
            ),
        ),
        (MilestoneRow("Business case to Cabinet", 45),),
    ),
    ProjectRow(
        "Corporate Parenting - Transforming the children in care and care experienced offer",
        "The whole council and all partners act as good corporate parents, with the children in "
        "care group, OVOS (Our Voice, Our Services).",
        LOOKED_AFTER,
        Rag.GREEN,
        FundingStatus.APPROVED,
        (
            DeliverableRow(
                "A corporate parenting strategy agreed with OVOS (Our Voice, Our Services)",
                -30,
                _DONE,
            ),
            DeliverableRow("A care experienced offer across the council and its partners", 120),
        ),
        (MilestoneRow("Corporate Parenting Board meets with OVOS members", -14, -14),),
        themes=(LEADERSHIP,),
        sections=(8,),
    ),
)

# The medium-term financial strategy's allocations, by the year each financial year starts.
ALLOCATIONS: tuple[tuple[int, Decimal], ...] = (
    (2023, Decimal("9700000")),
    (2024, Decimal("9900000")),
    (2025, Decimal("8500000")),
)


def _on(when: When, today: datetime.date) -> datetime.date:
    return when if isinstance(when, datetime.date) else today + datetime.timedelta(days=when)


@dataclass
class _Lookups:
    """What the projects are linked to, found or made once."""

    local_authority: LocalAuthority
    themes: dict[str, Theme]
    sections: dict[int, Section]
    posts: dict[str, Post]

    def post(self, title: str) -> Post:
        if title not in self.posts:
            self.posts[title] = post_get_or_create(
                local_authority=self.local_authority, title=title
            )
        return self.posts[title]

    def holder(self, title: str) -> User | None:
        """The one person who holds the post now, if there is exactly one."""
        holders = list(self.post(title).holders.all()[:2])
        return holders[0] if len(holders) == 1 else None


@transaction.atomic
def load_programme_demo(
    *,
    local_authority: LocalAuthority,
    plan: Plan | None = None,
    today: datetime.date | None = None,
) -> Programme:
    """The authority's demo programme, made if it is not there yet: the 13 projects with their
    sponsor, lead, RAG rating, funding status, deliverables and milestones, linked to the themes
    and sections of the draft 2023 plan, and the programme-wide MTFS allocations.

    Safe to run again: a project of an existing programme only gets the lead, deliverables and
    milestones it does not have yet."""
    today = today or timezone.localdate()
    programme = Programme.objects.filter(
        local_authority=local_authority, name=PROGRAMME_NAME
    ).first()
    if programme is None:
        if plan is None:
            plan = Plan.objects.filter(local_authority=local_authority, title=PLAN_TITLE).first()
        programme = services.programme_create(
            user=None,
            local_authority=local_authority,
            name=PROGRAMME_NAME,
            plan=plan,
            description=DESCRIPTION,
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
    plan = programme.plan
    lookups = _Lookups(
        local_authority=local_authority,
        themes={theme.name: theme for theme in plan.themes.all()} if plan else {},
        sections={section.number: section for section in plan.sections.all()} if plan else {},
        posts={},
    )
    existing = {project.name: project for project in programme.projects.all()}
    for row in PROJECTS:
        project = existing.get(row.name)
        if project is None:
            project = _project_create(programme=programme, row=row, lookups=lookups)
        elif project.lead_post_id is None and project.lead_id is None:
            project = _project_fill_in(project=project, row=row, lookups=lookups)
        _deliverables_and_milestones_add_missing(project=project, row=row, today=today)
    return programme


def _themes_and_sections(row: ProjectRow, lookups: _Lookups) -> tuple[list[Theme], list[Section]]:
    themes = [lookups.themes[name] for name in row.themes if name in lookups.themes]
    sections = [lookups.sections[number] for number in row.sections if number in lookups.sections]
    return themes, sections


def _project_create(*, programme: Programme, row: ProjectRow, lookups: _Lookups) -> Project:
    themes, sections = _themes_and_sections(row, lookups)
    return services.project_create(
        user=None,
        programme=programme,
        name=row.name,
        purpose=row.purpose,
        sponsor_post=lookups.post(row.sponsor_post),
        sponsor=lookups.holder(row.sponsor_post),
        lead_post=lookups.post(row.lead_post),
        lead=lookups.holder(row.lead_post),
        rag=row.rag,
        funding_status=row.funding_status,
        themes=themes,
        sections=sections,
    )


def _project_fill_in(*, project: Project, row: ProjectRow, lookups: _Lookups) -> Project:
    """A project loaded by an earlier demo, without a lead: give it the rest of its row."""
    themes, sections = _themes_and_sections(row, lookups)
    return services.project_update(
        user=None,
        project=project,
        expected_version=project.version,
        name=project.name,
        purpose=project.purpose or row.purpose,
        sponsor_post=lookups.post(row.sponsor_post),
        sponsor=lookups.holder(row.sponsor_post),
        lead_post=lookups.post(row.lead_post),
        lead=lookups.holder(row.lead_post),
        rag=project.rag or row.rag,
        funding_status=row.funding_status,
        themes=list({*project.themes.all(), *themes}),
        sections=list({*project.sections.all(), *sections}),
    )


def _deliverables_and_milestones_add_missing(
    *, project: Project, row: ProjectRow, today: datetime.date
) -> None:
    deliverables = set(project.deliverables.values_list("description", flat=True))
    for deliverable in row.deliverables:
        if deliverable.description not in deliverables:
            services.deliverable_create(
                user=None,
                project=project,
                description=deliverable.description,
                due_on=_on(deliverable.due, today),
                status=deliverable.status,
            )
    milestones = set(project.milestones.values_list("name", flat=True))
    for milestone in row.milestones:
        if milestone.name not in milestones:
            services.milestone_create(
                user=None,
                project=project,
                name=milestone.name,
                due_on=_on(milestone.due, today),
                achieved_on=(
                    _on(milestone.achieved, today) if milestone.achieved is not None else None
                ),
                today=today,
            )
