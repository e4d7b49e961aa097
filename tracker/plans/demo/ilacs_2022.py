"""Solihull's autumn 2022 ILACS inspection and the draft improvement plan that answers it.

Sources:

- the ILACS inspection report published on 13 January 2023 ("What needs to improve?"; a copy
  is `tracker/inspections/tests/fixtures/ofsted-reports/solihull-ilacs-published-2023-01-13.pdf`),
  for the judgements and the nine recommendations, word for word;
- the update to the Health and Wellbeing Board, late 2022 (seed `002_0dd71b9bcb7f94a9.txt`), for
  the six themes of the improvement plan (the January 2022 JTAI it describes is in `jtai_2022`);
- the update to the Audit Committee, early 2023 (seed `000_3a34ae6a16ded9f1.txt`): the draft plan
  has ten sections, one for each of the nine recommendations and a tenth on Early Help, each with
  aims and actions.

The draft plan itself was not published. Its section aims below are the demo's own plain-words
restatement of each recommendation, and the thematic lead posts are illustrative: the papers say
each theme has a thematic lead but do not name the posts.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from tracker.inspections.models import Grade, Inspection, JudgementArea

# ILACS inspection, autumn 2022 --------------------------------------------------------------------

KIND = Inspection.Kind.ILACS_STANDARD
FRAMEWORK = Inspection.Framework.ILACS
STARTED_ON = datetime.date(2022, 10, 31)
ENDED_ON = datetime.date(2022, 11, 11)
PUBLISHED_ON = datetime.date(2023, 1, 13)
LEAD_INSPECTOR = "Victoria Horsefield"
SUMMARY = (
    "Services to children and families in Solihull are inadequate. This inspection has "
    "identified serious and widespread failings across all service areas."
)

# The inspection started before January 2023, so children in care and care leavers are judged
# together (four rows).
JUDGEMENTS: tuple[tuple[str, str, str], ...] = (
    (JudgementArea.IMPACT_OF_LEADERS, Grade.INADEQUATE, "Inadequate"),
    (JudgementArea.HELP_AND_PROTECTION, Grade.INADEQUATE, "Inadequate"),
    (JudgementArea.CHILDREN_IN_CARE_AND_CARE_LEAVERS, Grade.INADEQUATE, "Inadequate"),
    (JudgementArea.OVERALL, Grade.INADEQUATE, "Inadequate"),
)

# "What needs to improve?", numbered in the report's order.
RECOMMENDATIONS: tuple[str, ...] = (
    "Senior leaders’ recognition, understanding and ability to address the quality of social work "
    "practice, through an accurate evaluation of performance information and implementation of "
    "an effective quality assurance framework, and a credible and resourced improvement plan.",
    "The timeliness and quality of decision-making in relation to concerns received about "
    "children and allocation to a social worker to ensure that children are seen without delay.",
    "The quality of practice for all children, including assessments, plans, planning and "
    "purposeful visits that identify and analyse risk and are responsive to need.",
    "The sufficiency and stability of the social care workforce, so that children experience "
    "fewer changes of social worker.",
    "Partnership arrangements to enable effective working together to both protect and support "
    "children.",
    "Permanence planning, to ensure that the full range of permanence options are achieved in a "
    "timely way for all children in care.",
    "The impact of independent reviewing officers to ensure that children’s plans are "
    "progressed, that drift and delay is challenged, and that escalation is effective.",
    "Corporate parenting responsibility for children in care and care leavers, including "
    "consultation and partnership with the children in care group, OVOS (Our Voice, Our "
    "Services), to ensure that this is prioritised and embedded across the council and all "
    "partners.",
    "Timeliness of safeguarding checks for children in private fostering placements.",
)

# Draft improvement plan, 2023 -------------------------------------------------------------------

PLAN_TITLE = "Children's services improvement plan 2023"
OWNER_DESCRIPTION = "Assistant Director for Improvement, reporting to the Improvement Board"
INTRODUCTION = (
    "This draft plan answers the nine recommendations of Ofsted's inspection of children's "
    "services in October and November 2022, with a tenth section on Early Help. It keeps the "
    "six themes of the merged improvement plan, each led by its thematic lead. It will be "
    "discussed and agreed with Ofsted at the action planning visit before it is published."
)

# Posts that lead themes (illustrative, see the module docstring).
DIRECTOR = "Director of Children’s Services"
ASSISTANT_DIRECTOR_IMPROVEMENT = "Assistant Director for Improvement"
PARTNERSHIP_BUSINESS_MANAGER = "Safeguarding Partnership Business Manager"
HEAD_OF_WORKFORCE = "Head of Workforce Development"
PRINCIPAL_SOCIAL_WORKER = "Principal Social Worker"
HEAD_OF_SYSTEMS = "Head of Performance and Systems"

LEADERSHIP = "Leadership and Governance"
PARTNERSHIPS = "Partnerships"
WORKFORCE = "Workforce"
PRACTICE = "Quality of Practice"
QUALITY_ASSURANCE = "Quality Assurance & Performance"
RECORD_KEEPING = "Record Keeping"


@dataclass(frozen=True)
class ThemeRow:
    name: str
    lead_post: str
    # The demo improvement lead is this theme's thematic lead in person.
    led_by_improvement_lead: bool = False


THEMES: tuple[ThemeRow, ...] = (
    ThemeRow(LEADERSHIP, DIRECTOR),
    ThemeRow(PARTNERSHIPS, PARTNERSHIP_BUSINESS_MANAGER),
    ThemeRow(WORKFORCE, HEAD_OF_WORKFORCE),
    ThemeRow(PRACTICE, PRINCIPAL_SOCIAL_WORKER),
    ThemeRow(QUALITY_ASSURANCE, ASSISTANT_DIRECTOR_IMPROVEMENT, led_by_improvement_lead=True),
    ThemeRow(RECORD_KEEPING, HEAD_OF_SYSTEMS),
)


@dataclass(frozen=True)
class PriorityAreaRow:
    name: str
    description: str
    # Sections of the JTAI Statement of Action linked to it, by their titles.
    statement_of_action_sections: tuple[str, ...]


# The plan's priority areas, which the service-level and partnership plans link their sections
# to (illustrative: the audit committee paper says they are linked, not what they are).
PRIORITY_AREAS: tuple[PriorityAreaRow, ...] = (
    PriorityAreaRow(
        "The front door and the MASH",
        "Children get the right help at the right time from their first contact.",
        (
            "Joint strategic governance of the MASH",
            "Resourcing the MASH from all three partners",
            "Timely assessment of children's initial need and risk",
        ),
    ),
    PriorityAreaRow(
        "Knowing the impact of practice",
        "Leaders of every partner know how well children are helped and protected.",
        (
            "The partnership's understanding of the impact of practice from the MASH",
            "The partnership's understanding of the experiences of children and families",
        ),
    ),
    PriorityAreaRow(
        "Recording and sharing information",
        "Records are clear and partners share what they know about a child in good time.",
        ("Recording and sharing information in the MASH",),
    ),
)


@dataclass(frozen=True)
class SectionRow:
    number: int
    title: str
    theme: str
    aim: str
    # The number of the 2022 recommendation the section answers, if any.
    recommendation: int | None


SECTIONS: tuple[SectionRow, ...] = (
    SectionRow(
        1,
        RECOMMENDATIONS[0],
        LEADERSHIP,
        "Senior leaders know how good social work practice really is, from accurate performance "
        "information and a quality assurance framework that works, and lead a credible improvement "
        "plan that has the money and people it needs.",
        1,
    ),
    SectionRow(
        2,
        RECOMMENDATIONS[1],
        PRACTICE,
        "Concerns about children are looked at and decided on quickly and well, and each child "
        "who needs one is given a social worker who sees them without delay.",
        2,
    ),
    SectionRow(
        3,
        RECOMMENDATIONS[2],
        PRACTICE,
        "Every child's assessment, plan and visits identify and analyse risk and respond to what "
        "the child needs.",
        3,
    ),
    SectionRow(
        4,
        RECOMMENDATIONS[3],
        WORKFORCE,
        "There are enough social workers, and they stay, so that children have fewer changes of "
        "social worker.",
        4,
    ),
    SectionRow(
        5,
        RECOMMENDATIONS[4],
        PARTNERSHIPS,
        "The council and its partners work well together both to protect children and to "
        "support them.",
        5,
    ),
    SectionRow(
        6,
        RECOMMENDATIONS[5],
        PRACTICE,
        "Every child in care has a plan for permanence, and the full range of permanence options "
        "is achieved for them without delay.",
        6,
    ),
    SectionRow(
        7,
        RECOMMENDATIONS[6],
        QUALITY_ASSURANCE,
        "Independent reviewing officers make sure children's plans move forward, challenge drift "
        "and delay, and escalate concerns so that they are acted on.",
        7,
    ),
    SectionRow(
        8,
        RECOMMENDATIONS[7],
        LEADERSHIP,
        "The whole council and all partners act as good corporate parents to children in care "
        "and care leavers, working with the children in care group, OVOS (Our Voice, Our "
        "Services).",
        8,
    ),
    SectionRow(
        9,
        RECOMMENDATIONS[8],
        RECORD_KEEPING,
        "Safeguarding checks for children in private fostering placements are completed on time "
        "and recorded on the child's file.",
        9,
    ),
    SectionRow(
        10,
        "Early Help",
        PARTNERSHIPS,
        "Children and families who need early help get it quickly, from an early help offer that "
        "all partners share and resource.",
        None,
    ),
)
