"""Solihull's January 2022 joint targeted area inspection (JTAI) and its Statement of Action.

Source: the council's update to its Health and Wellbeing Board, late 2022, on the improvement
plan and the response to the JTAI. Quoted word for word (wrapped lines joined with single
spaces): the headline findings (the inspection's summary, and one finding for each of its three
parts) and the paragraphs of the plan's introduction. The paper tells that the local authority
and the safeguarding partners wrote a Statement of Action "in response to each of the findings"
with actions "assigned to the various partner organisations", submitted it in May 2022, that the
four inspectorates agreed it in July 2022, that it was merged into the improvement plan with its
six themes and thematic leads in August 2022, and that an external "mock JTAI" was proposed for
early 2023.

The Statement of Action itself was an appendix the paper does not reproduce. Its sections,
actions, owners and progress below are the demo's own, written to answer the three findings
through the six themes; only the mock JTAI action's progress quotes the paper. The inspection's
dates are the demo's best estimate: the paper says only "January 2022".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from tracker.inspections.models import Inspection, IssuingBody
from tracker.plans.demo import ilacs_2022
from tracker.plans.models import Brag, DeliveryStatus

# Inspection -------------------------------------------------------------------------------------

KIND = Inspection.Kind.JTAI
FRAMEWORK = Inspection.Framework.JTAI
# The joint inspection of Ofsted, the CQC, HMICFRS and HMI Probation.
ISSUED_BY = (
    IssuingBody.OFSTED,
    IssuingBody.CQC,
    IssuingBody.HMICFRS,
    IssuingBody.HMI_PROBATION,
)
STARTED_ON = datetime.date(2022, 1, 17)
ENDED_ON = datetime.date(2022, 1, 21)
PUBLISHED_ON = datetime.date(2022, 3, 9)
SUMMARY = (
    "The headline findings of the report found children in need of help and protection in "
    "Solihull waited too long for their initial need and risk to be assessed; weaknesses in the "
    "joint strategic governance of the multi-agency safeguarding hub (MASH) led to the lack of a "
    "cohesive approach to structuring and resourcing the MASH; and the Local Safeguarding "
    "Children Partnership did not have a clear understanding of the impact of practice from the "
    "MASH or the experiences of children and their families that need help and protection in "
    "their local area."
)

# The three headline findings, in the paper's order, each begun with a capital letter.
FINDINGS: tuple[str, ...] = (
    "Children in need of help and protection in Solihull waited too long for their initial need "
    "and risk to be assessed.",
    "Weaknesses in the joint strategic governance of the multi-agency safeguarding hub (MASH) "
    "led to the lack of a cohesive approach to structuring and resourcing the MASH.",
    "The Local Safeguarding Children Partnership did not have a clear understanding of the "
    "impact of practice from the MASH or the experiences of children and their families that "
    "need help and protection in their local area.",
)
WAITED_TOO_LONG, MASH_GOVERNANCE, PARTNERSHIP_UNDERSTANDING = 1, 2, 3

# Statement of Action ----------------------------------------------------------------------------

PLAN_TITLE = "JTAI Statement of Action 2022"
OWNER_DESCRIPTION = (
    "The safeguarding partners: Solihull Metropolitan Borough Council, West Midlands Police and "
    "Birmingham and Solihull Integrated Care Board"
)
INTRODUCTION = "\n\n".join(
    (
        "As stipulated within the JTAI report, SMBC and safeguarding partners were required to "
        "produce a written Statement of Action (SoA), which would provide a series of actions in "
        "response to each of the findings from the JTAI and be assigned to the various partner "
        "organisations to drive forward improvement.",
        "In July 2022, the Interim Director for Childrens Services and Skills also received "
        "notification from Ofsted, CQC, HMICFRS and HMI Probation that they have reviewed the "
        "JTAI SoA and agreed that it demonstrated an accurate understanding of the findings of "
        "the joint inspection team.",
        "Highlight reports / exception reports also continue to be produced for each of the "
        "six themes which cover key updates/impacts, risks, mitigating actions and "
        "achievements; and are submitted to the IOCSB for additional scrutiny.",
    )
)

WRITTEN_ON = datetime.date(2022, 5, 20)  # submitted to the inspectorates in May 2022
MERGED_ON = datetime.date(2022, 8, 31)  # the board accepted the merged plan on 30 August
REPORTED_ON = datetime.date(2022, 11, 30)  # as reported to the Health and Wellbeing Board
# Completed actions the partners keep checking, until the mock JTAI.
REVIEW_ON = datetime.date(2023, 3, 31)
PROGRESS_AUTHOR_NAME = "Improvement team"

# Partner organisations (names as in `people.ORGANISATIONS`).
POLICE = "West Midlands Police"
HEALTH = "Birmingham and Solihull Integrated Care Board"
PARTNERSHIP = "Solihull Safeguarding Children Partnership"

# Posts that own actions: the council's, and the partners' (see `POST_ORGANISATIONS`).
DIRECTOR = ilacs_2022.DIRECTOR
ASSISTANT_DIRECTOR_IMPROVEMENT = ilacs_2022.ASSISTANT_DIRECTOR_IMPROVEMENT
PARTNERSHIP_BUSINESS_MANAGER = ilacs_2022.PARTNERSHIP_BUSINESS_MANAGER
HEAD_OF_WORKFORCE = ilacs_2022.HEAD_OF_WORKFORCE
PRINCIPAL_SOCIAL_WORKER = ilacs_2022.PRINCIPAL_SOCIAL_WORKER
HEAD_OF_SYSTEMS = ilacs_2022.HEAD_OF_SYSTEMS
HEAD_OF_MASH = "Head of Service MASH and Front Door"
POLICE_PUBLIC_PROTECTION = "Detective Chief Inspector, Solihull Public Protection Unit"
DESIGNATED_NURSE = "Designated Nurse for Safeguarding Children"

POSTS: tuple[str, ...] = (HEAD_OF_MASH, POLICE_PUBLIC_PROTECTION, DESIGNATED_NURSE)
POST_ORGANISATIONS: dict[str, str] = {
    POLICE_PUBLIC_PROTECTION: POLICE,
    DESIGNATED_NURSE: HEALTH,
}


@dataclass(frozen=True)
class Progress:
    """One dated progress entry."""

    recorded_on: datetime.date
    narrative: str
    status: str
    brag: str = ""

    @property
    def next_review_on(self) -> datetime.date | None:
        return REVIEW_ON if self.status == DeliveryStatus.BUSINESS_AS_USUAL else None


def _done(on: datetime.date, narrative: str) -> Progress:
    return Progress(on, narrative, DeliveryStatus.COMPLETED, Brag.BLUE)


def _embedded(on: datetime.date, narrative: str) -> Progress:
    return Progress(on, narrative, DeliveryStatus.BUSINESS_AS_USUAL, Brag.BLUE)


def _going(on: datetime.date, narrative: str, brag: str) -> Progress:
    return Progress(on, narrative, DeliveryStatus.IN_PROGRESS, brag)


@dataclass(frozen=True)
class ActionRow:
    """One action, its owners (posts and partner organisations), due date and progress."""

    description: str
    posts: tuple[str, ...]
    due_on: datetime.date
    progress: tuple[Progress, ...]
    organisations: tuple[str, ...] = ()


@dataclass(frozen=True)
class SectionRow:
    """One section: the theme it sits in and the finding it answers."""

    number: int
    title: str
    theme: str
    finding: int
    aim: str
    actions: tuple[ActionRow, ...]
    expected_outcomes: tuple[str, ...]


SECTIONS: tuple[SectionRow, ...] = (
    SectionRow(
        number=1,
        title="Joint strategic governance of the MASH",
        theme=ilacs_2022.LEADERSHIP,
        finding=MASH_GOVERNANCE,
        aim=(
            "The three safeguarding partners govern the MASH together, with one agreed "
            "structure, shared resourcing and clear accountability."
        ),
        actions=(
            ActionRow(
                "Set up a MASH strategic board, chaired in turn by the three safeguarding "
                "partners, to govern the structure, resourcing and performance of the MASH.",
                (DIRECTOR,),
                datetime.date(2022, 6, 30),
                (
                    _done(
                        MERGED_ON,
                        "Completed. The MASH strategic board has met every month since June "
                        "2022, chaired in turn by the three safeguarding partners.",
                    ),
                    _embedded(
                        REPORTED_ON,
                        "Completed, now business as usual: the board reports to the safeguarding "
                        "partnership every quarter.",
                    ),
                ),
                organisations=(POLICE, HEALTH),
            ),
            ActionRow(
                "Agree a multi-agency operating model for the MASH, setting out each partner's "
                "role and staffing and the thresholds applied at the front door.",
                (HEAD_OF_MASH,),
                datetime.date(2022, 9, 30),
                (
                    _going(
                        MERGED_ON,
                        "Draft operating model consulted on with police, health and education "
                        "colleagues.",
                        Brag.GREEN,
                    ),
                    _done(
                        REPORTED_ON,
                        "Completed. Operating model agreed by the MASH strategic board in "
                        "October 2022.",
                    ),
                ),
                organisations=(POLICE, HEALTH),
            ),
            ActionRow(
                "Report progress on this Statement of Action to every meeting of the Improving "
                "Outcomes for Children in Solihull Board.",
                (ASSISTANT_DIRECTOR_IMPROVEMENT,),
                datetime.date(2022, 6, 30),
                (
                    _embedded(
                        MERGED_ON,
                        "Completed, now business as usual: the Statement of Action is part of "
                        "the single improvement plan the board accepted on 30 August 2022, and "
                        "each theme's highlight report goes to every meeting.",
                    ),
                ),
            ),
            ActionRow(
                "Commission an external review, a 'mock JTAI', to make sure every action has "
                "been implemented and fully embedded.",
                (ASSISTANT_DIRECTOR_IMPROVEMENT, PARTNERSHIP_BUSINESS_MANAGER),
                datetime.date(2023, 3, 31),
                (
                    _going(
                        REPORTED_ON,
                        "A proposal has since been made to the Local Government Association to "
                        "undertake this review, with a view to commencing the review in early "
                        "2023.",
                        Brag.GREEN,
                    ),
                ),
                organisations=(PARTNERSHIP,),
            ),
        ),
        expected_outcomes=(
            "One structure for the MASH, agreed and resourced by all three safeguarding partners.",
            "The safeguarding partners hold each other to account for the MASH's performance.",
        ),
    ),
    SectionRow(
        number=2,
        title="Resourcing the MASH from all three partners",
        theme=ilacs_2022.WORKFORCE,
        finding=MASH_GOVERNANCE,
        aim=(
            "The MASH has enough permanent staff from children's social care, the police and "
            "health to deal with every contact without delay."
        ),
        actions=(
            ActionRow(
                "Recruit permanent social workers and team managers to every post in the MASH, "
                "so that it relies less on agency staff.",
                (HEAD_OF_WORKFORCE, HEAD_OF_MASH),
                datetime.date(2022, 10, 31),
                (
                    _going(
                        MERGED_ON,
                        "Four of the six vacant social worker posts filled; two still covered "
                        "by agency staff.",
                        Brag.AMBER,
                    ),
                    _going(
                        REPORTED_ON,
                        "Five of the six posts filled permanently; recruitment to the last post "
                        "continues.",
                        Brag.AMBER,
                    ),
                ),
            ),
            ActionRow(
                "Increase the police officers and staff in the MASH so that police checks and "
                "decisions are made on the day a contact is received.",
                (POLICE_PUBLIC_PROTECTION,),
                datetime.date(2022, 7, 31),
                (
                    _done(
                        MERGED_ON,
                        "Completed. A detective sergeant and three police researchers joined "
                        "the MASH in July 2022.",
                    ),
                    _embedded(
                        REPORTED_ON,
                        "Completed and under regular review: police staffing is checked at "
                        "every MASH strategic board.",
                    ),
                ),
                organisations=(POLICE,),
            ),
            ActionRow(
                "Fund a MASH health team, so that health information is available for every "
                "contact whenever the MASH is open.",
                (DESIGNATED_NURSE,),
                datetime.date(2022, 9, 30),
                (
                    _going(
                        MERGED_ON,
                        "Funding agreed by the Integrated Care Board; two specialist nurses "
                        "being recruited.",
                        Brag.AMBER,
                    ),
                    _going(
                        REPORTED_ON,
                        "One specialist nurse in post since October 2022; the second starts in "
                        "January 2023.",
                        Brag.GREEN,
                    ),
                ),
                organisations=(HEALTH,),
            ),
        ),
        expected_outcomes=(
            "Every post in the MASH filled, most of them by permanent staff.",
            "Police and health information available for every contact on the day it arrives.",
        ),
    ),
    SectionRow(
        number=3,
        title="Timely assessment of children's initial need and risk",
        theme=ilacs_2022.PRACTICE,
        finding=WAITED_TOO_LONG,
        aim=(
            "Every child referred to the MASH has their initial need and risk assessed by the "
            "right agencies together, without delay."
        ),
        actions=(
            ActionRow(
                "Screen every contact received by the MASH and decide what happens next within "
                "one working day.",
                (HEAD_OF_MASH,),
                datetime.date(2022, 6, 30),
                (
                    _done(
                        MERGED_ON,
                        "Completed. Daily screening in place; 96% of contacts decided within "
                        "one working day in July 2022.",
                    ),
                    _embedded(
                        REPORTED_ON,
                        "Completed, now business as usual: timeliness is reported to the MASH "
                        "strategic board every month.",
                    ),
                ),
            ),
            ActionRow(
                "Hold a strategy discussion with children's social care, the police and health "
                "whenever there is reasonable cause to suspect that a child is suffering, or is "
                "likely to suffer, significant harm.",
                (HEAD_OF_MASH, POLICE_PUBLIC_PROTECTION, DESIGNATED_NURSE),
                datetime.date(2022, 7, 31),
                (
                    _going(
                        MERGED_ON,
                        "Police and health attended 85% of strategy discussions in July 2022; "
                        "daily slots agreed.",
                        Brag.GREEN,
                    ),
                    _done(
                        REPORTED_ON,
                        "Completed. Police and health attended every strategy discussion "
                        "audited in October 2022.",
                    ),
                ),
                organisations=(POLICE, HEALTH),
            ),
            ActionRow(
                "Review every police notification about a child within 24 hours, and share "
                "with the MASH each one that needs a response.",
                (POLICE_PUBLIC_PROTECTION,),
                datetime.date(2022, 6, 30),
                (
                    _going(
                        MERGED_ON,
                        "A backlog of 140 notifications from before June 2022 is being cleared; "
                        "new notifications are reviewed within 24 hours.",
                        Brag.RED,
                    ),
                    _going(
                        REPORTED_ON,
                        "Backlog cleared in October 2022; 88% of new notifications reviewed "
                        "within 24 hours.",
                        Brag.AMBER,
                    ),
                ),
                organisations=(POLICE,),
            ),
        ),
        expected_outcomes=(
            "Children's initial need and risk are assessed within timescales.",
            "Police and health take part in every strategy discussion.",
            "No child waits for a decision because of a backlog.",
        ),
    ),
    SectionRow(
        number=4,
        title="The partnership's understanding of the impact of practice from the MASH",
        theme=ilacs_2022.QUALITY_ASSURANCE,
        finding=PARTNERSHIP_UNDERSTANDING,
        aim=(
            "The safeguarding partnership knows, from data and audit, how well the MASH works "
            "for children and what difference it makes."
        ),
        actions=(
            ActionRow(
                "Report the MASH's performance to the safeguarding partnership every quarter, "
                "with data from children's social care, the police and health.",
                (HEAD_OF_SYSTEMS, PARTNERSHIP_BUSINESS_MANAGER),
                datetime.date(2022, 9, 30),
                (
                    _going(
                        MERGED_ON,
                        "Data set agreed by the three partners; the first report goes to the "
                        "partnership in October 2022.",
                        Brag.GREEN,
                    ),
                    _done(
                        REPORTED_ON,
                        "Completed. The first quarterly report was considered by the "
                        "partnership in October 2022.",
                    ),
                ),
                organisations=(PARTNERSHIP,),
            ),
            ActionRow(
                "Audit a sample of MASH decisions every quarter, with auditors from children's "
                "social care, the police and health.",
                (PRINCIPAL_SOCIAL_WORKER, POLICE_PUBLIC_PROTECTION, DESIGNATED_NURSE),
                datetime.date(2022, 10, 31),
                (
                    _going(
                        REPORTED_ON,
                        "First audit of 30 children's records completed in November 2022; its "
                        "findings go to the partnership in December 2022.",
                        Brag.GREEN,
                    ),
                ),
            ),
        ),
        expected_outcomes=(
            "The partnership receives and challenges a multi-agency report on the MASH every "
            "quarter.",
            "Audit findings change practice in the MASH, and the next audit shows it.",
        ),
    ),
    SectionRow(
        number=5,
        title="The partnership's understanding of the experiences of children and families",
        theme=ilacs_2022.PARTNERSHIPS,
        finding=PARTNERSHIP_UNDERSTANDING,
        aim=(
            "The safeguarding partnership hears from children and families about their "
            "experience of asking for and receiving help, and acts on what they say."
        ),
        actions=(
            ActionRow(
                "Ask children and families who have been through the MASH about their "
                "experience, and report what they say to the partnership.",
                (PARTNERSHIP_BUSINESS_MANAGER, PRINCIPAL_SOCIAL_WORKER),
                datetime.date(2022, 12, 31),
                (
                    _going(
                        REPORTED_ON,
                        "Questionnaire agreed; few families have replied, so follow-up "
                        "telephone calls are being tried.",
                        Brag.AMBER,
                    ),
                ),
                organisations=(PARTNERSHIP,),
            ),
            ActionRow(
                "Publish a multi-agency guide to thresholds of need for everyone who works with "
                "children in Solihull.",
                (PARTNERSHIP_BUSINESS_MANAGER,),
                datetime.date(2022, 9, 30),
                (
                    _done(MERGED_ON, "Completed. Guide published on the partnership's website."),
                    _embedded(
                        REPORTED_ON,
                        "Completed and ongoing: the guide is part of the partnership's "
                        "training offer.",
                    ),
                ),
                organisations=(PARTNERSHIP,),
            ),
            ActionRow(
                "Train GPs, health visitors and school nurses to make referrals to the MASH "
                "that set out the child's needs and the risk to them.",
                (DESIGNATED_NURSE,),
                datetime.date(2022, 12, 31),
                (
                    _going(
                        REPORTED_ON,
                        "Training given to 14 of 27 GP practices and to every health visiting "
                        "team.",
                        Brag.GREEN,
                    ),
                ),
                organisations=(HEALTH,),
            ),
        ),
        expected_outcomes=(
            "Children's and families' views shape how the MASH works.",
            "Referrals from health say clearly what the child needs and why.",
        ),
    ),
    SectionRow(
        number=6,
        title="Recording and sharing information in the MASH",
        theme=ilacs_2022.RECORD_KEEPING,
        finding=WAITED_TOO_LONG,
        aim=(
            "Every contact, decision and piece of information shared in the MASH is recorded "
            "on the child's file, so that the next person to help the child can see it."
        ),
        actions=(
            ActionRow(
                "Record every MASH decision, and the reasons for it, on the child's record in "
                "the case management system.",
                (HEAD_OF_SYSTEMS, HEAD_OF_MASH),
                datetime.date(2022, 8, 31),
                (
                    _done(
                        MERGED_ON,
                        "Completed. A MASH decision form was added to the case management "
                        "system in August 2022.",
                    ),
                ),
            ),
            ActionRow(
                "Agree how the three safeguarding partners share information in the MASH, in a "
                "signed information-sharing agreement.",
                (DIRECTOR,),
                datetime.date(2022, 7, 31),
                (
                    _done(
                        MERGED_ON,
                        "Completed. Signed by the three safeguarding partners in July 2022.",
                    ),
                ),
                organisations=(POLICE, HEALTH),
            ),
        ),
        expected_outcomes=(
            "Every MASH decision and its reasons can be read on the child's file.",
            "Partners share information in the MASH without delay, on one agreed basis.",
        ),
    ),
)
