"""Solihull's November 2019 ILACS inspection and the action plan that answered it.

Sources, quoted word for word (wrapped lines joined with single spaces):

- the inspection report published on 9 January 2020 ("What needs to improve"; a copy is
  `tracker/inspections/tests/fixtures/ofsted-reports/solihull-ilacs-published-2020-01-09.pdf`),
  for the ten recommendations;
- the council's "Ofsted ILACS action plan", as reported in 2021 (seed document
  `001_2d12930629797d8a.txt`), for the plan: every section's title, every Action / Who / Progress
  row and every expected outcome.

The published plan gives no dates. The demo starts every action on 1 February 2020 and makes it
due at the end of the 2020/21 financial year (31 March 2021), so the actions that were still
unfinished when progress was reported (30 June 2021) show as overdue.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from tracker.inspections.models import Grade, Inspection, JudgementArea
from tracker.plans.models import Brag, DeliveryStatus

# Inspection -------------------------------------------------------------------------------------

KIND = Inspection.Kind.ILACS_STANDARD
FRAMEWORK = Inspection.Framework.ILACS
STARTED_ON = datetime.date(2019, 11, 11)
ENDED_ON = datetime.date(2019, 11, 22)
PUBLISHED_ON = datetime.date(2020, 1, 9)
LEAD_INSPECTOR = "Peter McEntee"
SUMMARY = (
    "The local authority has made some progress in improving the quality of services for "
    "children and families since its inspection in 2016."
)

# (area, grade, grade as printed), in the report's order.
JUDGEMENTS: tuple[tuple[str, str, str], ...] = (
    (JudgementArea.IMPACT_OF_LEADERS, Grade.REQUIRES_IMPROVEMENT, "Requires improvement"),
    (JudgementArea.HELP_AND_PROTECTION, Grade.REQUIRES_IMPROVEMENT, "Requires improvement"),
    (JudgementArea.CHILDREN_IN_CARE_AND_CARE_LEAVERS, Grade.GOOD, "Good"),
    (JudgementArea.OVERALL, Grade.REQUIRES_IMPROVEMENT, "Requires improvement"),
)

# "What needs to improve", numbered in the report's order.
RECOMMENDATIONS: tuple[str, ...] = (
    "Quality assurance and audit arrangements to improve practice so that leaders are aware of "
    "strengths and weaknesses.",
    "The timeliness of strategy meetings and inclusion of all relevant partners, including the "
    "police.",
    "The practice and impact of ‘threshold’ visits on children and families should be reviewed.",
    "The offer and take up and analysis of return home interviews following episodes of going "
    "missing.",
    "The clarity of children in need and child protection plans so that parents and carers can "
    "more readily understand what is expected of them and why.",
    "The timeliness of reviews of children in need of services at level 2 in the disabled "
    "children’s team.",
    "Levels of awareness and access for connected carers to training opportunities that will "
    "enhance their skills in caring for children and in strengthening placements.",
    "Timely progress in the making of special guardianship orders where these are set out as the "
    "plan for permanence.",
    "Consideration of the need for homeless 16- and 17-year-olds to be cared for, and to be made "
    "aware of that option, by the local authority.",
    "The focus on and response to private fostering arrangements.",
)

# Plan -------------------------------------------------------------------------------------------

PLAN_TITLE = "Ofsted ILACS action plan 2020"
OWNER_DESCRIPTION = (
    "Director of Children’s Services and the Directorate Leadership Team, in conjunction with "
    "Corporate Leaders"
)
INTRODUCTION = "\n\n".join(
    (
        "In November 2019, Ofsted carried out a comprehensive inspection of children’s social care "
        "services in Solihull. This was conducted under the framework for inspecting local "
        "authority services for children in need of help and protection, children in care and "
        "care leavers.",
        "The overall judgement was that services in Solihull require improvement to be good. The "
        "individual service judgements were as follows.",
        "The impact of leaders on social work practice with children and families: Requires "
        "improvement\n"
        "The experiences and progress of children who need help and protection: Requires "
        "improvement\n"
        "The experiences and progress of children in care and care leavers: Good\n"
        "Overall effectiveness: Requires improvement",
        "This action plan will be overseen primarily by the Director of Children’s Services and "
        "the Directorate Leadership Team, in conjunction with Corporate Leaders. The delivery, "
        "accountability, monitoring and audit will be a routine feature of our Children’s "
        "Strategic Directorate meetings, as well as our operational Leadership Meetings, "
        "throughout Children’s Services. The Cabinet Member will be updated at his regular "
        "briefing sessions and the Children’s Overview and Scrutiny Board will receive progress "
        "reports at a frequency to be agreed with the Chairperson.",
        "It is to be noted that where activities are identified as completed within the action "
        "plan, they will still be subject to our routine monitoring processes to ensure ongoing "
        "implementation and continuous development.",
    )
)

ACTION_STARTS_ON = datetime.date(2020, 2, 1)
ACTION_DUE_ON = datetime.date(2021, 3, 31)  # end of the 2020/21 financial year: see above
PROGRESS_RECORDED_ON = datetime.date(2021, 6, 30)
PROGRESS_AUTHOR_NAME = "Improvement team"
# "Business as usual" actions stay under routine monitoring, so they need a next review date.
NEXT_REVIEW_ON = datetime.date(2021, 9, 30)

# Posts named in the plan's "Who" column.
SAFEGUARDS = "Head of Service Safeguards"
FAMILY_SUPPORT = "Head of Service Family Support"
COMMISSIONING = "Head of Service Children’s Commissioning"
LOOKED_AFTER = "Head of Service Looked After Children"
PRINCIPAL_SOCIAL_WORKER = "Principal Social Worker"
MISSING_MANAGER = "Missing and Exploitation Team Manager"

POSTS: tuple[str, ...] = (
    SAFEGUARDS,
    FAMILY_SUPPORT,
    COMMISSIONING,
    LOOKED_AFTER,
    PRINCIPAL_SOCIAL_WORKER,
    MISSING_MANAGER,
)

# Each "Who" as printed -> (owning posts, note about who). "Heads of Service A and B" names one
# post per service; a partner named only in passing ("with the Provider") stays in the note.
WHO_OWNERS: dict[str, tuple[tuple[str, ...], str]] = {
    "Head of Service Safeguards": ((SAFEGUARDS,), ""),
    "Head of Service Family Support": ((FAMILY_SUPPORT,), ""),
    "Head of Service Children’s Commissioning": ((COMMISSIONING,), ""),
    "Head of Service Looked After Children": ((LOOKED_AFTER,), ""),
    "Principal Social Worker": ((PRINCIPAL_SOCIAL_WORKER,), ""),
    "Heads of Service Safeguards and Children’s Commissioning": ((SAFEGUARDS, COMMISSIONING), ""),
    "Heads of Service Safeguards and Family Support": ((SAFEGUARDS, FAMILY_SUPPORT), ""),
    "Heads of Service Family Support and Safeguards": ((FAMILY_SUPPORT, SAFEGUARDS), ""),
    "Heads of Service Family Support and Children’s Commissioning": (
        (FAMILY_SUPPORT, COMMISSIONING),
        "",
    ),
    "Heads of Service Family Support and Looked After Children": (
        (FAMILY_SUPPORT, LOOKED_AFTER),
        "",
    ),
    "Heads of Service Looked After Children and Safeguards": ((LOOKED_AFTER, SAFEGUARDS), ""),
    "Heads of Service Safeguards, Family Support and Looked After Children": (
        (SAFEGUARDS, FAMILY_SUPPORT, LOOKED_AFTER),
        "",
    ),
    "Head of Service Safeguards and Principal Social Worker": (
        (SAFEGUARDS, PRINCIPAL_SOCIAL_WORKER),
        "",
    ),
    "Head of Service Family Support and Principal Social Worker": (
        (FAMILY_SUPPORT, PRINCIPAL_SOCIAL_WORKER),
        "",
    ),
    "Missing and Exploitation Team Manager, supported by the Commissioning Officer": (
        (MISSING_MANAGER,),
        "supported by the Commissioning Officer",
    ),
    "Missing and Exploitation Team Manager with the Provider": (
        (MISSING_MANAGER,),
        "with the Provider",
    ),
}

# How each progress narrative sets the action's status and BRAG. The narrative's opening words
# are looked up here; the longest matching opening wins. Completed actions are Blue whatever
# else is said. "Ongoing", "under regular review", "now built into" a routine process or a repeat
# audit already booked mean the work is embedded and monitored: business as usual.
_IN_PROGRESS = DeliveryStatus.IN_PROGRESS
_BAU = DeliveryStatus.BUSINESS_AS_USUAL
PROGRESS_STATUS: tuple[tuple[str, str, str], ...] = (
    # (opening words of the narrative, status, BRAG)
    ("Completed", DeliveryStatus.COMPLETED, Brag.BLUE),
    ("All Level 2 cases reviewed", DeliveryStatus.COMPLETED, Brag.BLUE),
    ("Completed and ongoing", _BAU, Brag.BLUE),
    ("Completed and ongoing review through business as usual", _BAU, Brag.BLUE),
    ("Completed and under regular review", _BAU, Brag.BLUE),
    ("Completed now business as usual", _BAU, Brag.BLUE),
    ("Completed, now business as usual", _BAU, Brag.BLUE),
    ("Completed – now business as usual", _BAU, Brag.BLUE),
    ("Completed – this is now business as usual", _BAU, Brag.BLUE),
    ("Completed and next Audit in", _BAU, Brag.BLUE),
    ("Completed. This is now built into", _BAU, Brag.BLUE),
    ("Completed Escalation procedure implemented spring 2020 with ongoing review", _BAU, Brag.BLUE),
    # On track: most of it done, the rest expected soon or continuing without a stated risk.
    ("Nearing completion", _IN_PROGRESS, Brag.GREEN),
    ("Completion imminent", _IN_PROGRESS, Brag.GREEN),
    ("First audit of strategy discussions completed", _IN_PROGRESS, Brag.GREEN),
    ("Process in place and ongoing – completed", _IN_PROGRESS, Brag.GREEN),
    # At risk: only part done, or held up (Covid).
    ("Partially complete", _IN_PROGRESS, Brag.AMBER),
    ("On-going - Delays due to Covid", _IN_PROGRESS, Brag.AMBER),
    (
        "In progress - This needs to be developed further. Covid has impacted",
        _IN_PROGRESS,
        Brag.AMBER,
    ),
)


def status_for_progress(narrative: str) -> tuple[str, str]:
    """The status and BRAG that a progress narrative of this plan reports.

    Raises `KeyError` for a narrative the table does not cover, so nothing is guessed.
    """
    text = " ".join(narrative.split())
    matches = [row for row in PROGRESS_STATUS if text.startswith(row[0])]
    if not matches:
        raise KeyError(f"No status for progress {text[:60]!r}")
    _, status, brag = max(matches, key=lambda row: len(row[0]))
    return status, brag


@dataclass(frozen=True)
class ActionRow:
    """One Action / Who / Progress row, as printed."""

    description: str
    who: tuple[str, ...]
    progress: str
    # Numbers of other 2019 recommendations the row refers to ("see recommendation 1").
    linked_recommendations: tuple[int, ...] = ()


@dataclass(frozen=True)
class SectionRow:
    """One "Ofsted recommendation N" part of the plan."""

    number: int
    title: str
    actions: tuple[ActionRow, ...]
    expected_outcomes: tuple[str, ...]


SECTIONS: tuple[SectionRow, ...] = (
    SectionRow(
        number=1,
        title="Quality assurance and audit arrangements to improve practice so that leaders are "
        "aware of strengths and weaknesses",
        actions=(
            ActionRow(
                "Explore alternative audit processes best practice options (including evidencing "
                "impact of audit process – learning loop, and escalation processes) and "
                "incorporate themed and other audits into quality assurance processes",
                ("Head of Service Safeguards",),
                "Completed. The process has a revised audit tool and guidance and seeks to "
                "include feedback from service users and partner agencies. Learning from the "
                "completed audits will be formulated within learning panels (every other month) "
                "and shared onwards via this route",
            ),
            ActionRow(
                "Launch new process, guidance and reporting frameworks",
                ("Head of Service Safeguards",),
                "Completed. The revised Childrens Social Work case file audit process was "
                "launched at the end of March 2021",
            ),
            ActionRow(
                "Quality Assurance – review of process and accelerate escalation activity, "
                "inclusive of team and individual performance and reflective practice "
                "supervision processes",
                ("Head of Service Safeguards",),
                "Completed. Launched March 2021.",
            ),
            ActionRow(
                "Review and refresh of existing case audit process to evidence outcomes for "
                "children and families as well as adherence to quality standards",
                ("Head of Service Safeguards",),
                "Completed. The process has a revised audit tool and guidance and seeks to "
                "include feedback from service users and partner agencies. Learning from the "
                "completed audits will be formulated within learning panels (every other month) "
                "and shared onwards via this route.",
            ),
            ActionRow(
                "Learning from audits is shared across the Service",
                ("Head of Service Safeguards",),
                "Completed. Please see above commentary",
            ),
            ActionRow(
                "Develop and revise data sets in children’s services",
                ("Head of Service Safeguards",),
                "Partially complete, Data sets available December 2020 – as first iteration. "
                "Further work being progressed in respect of Exploitation and Missing",
            ),
        ),
        expected_outcomes=(
            "Revised audit process in place and compliance levels good.",
            "Learning from audits influence action plans to improve practice.",
            "Escalation processes are activated in a timely way – to avoid drift and delay.",
            "Analysis of data influences action plans to improve practice, team and individual "
            "performance.",
            "Learning is disseminated across the Directorate.",
        ),
    ),
    SectionRow(
        number=2,
        title="The timeliness of strategy meetings and inclusion of all relevant partners, "
        "including the Police",
        actions=(
            ActionRow(
                "Review all processes relevant to strategy meetings (including MACE – "
                "Multi-Agency Child Exploitation). This is to include:-\n"
                "a) escalation procedure to ensure senior managers are notified of exceptions, "
                "along with the Safeguarding Partnership\n"
                "b) escalation procedure to ensure notification and exception reporting to "
                "partner organisations",
                ("Head of Service Family Support",),
                "Completed",
            ),
            ActionRow(
                "Ensure that all strategy discussions take place in a timely way – process to be "
                "drawn up to reflect expectations, implemented and monitored, with reporting "
                "through the senior leadership meetings",
                ("Head of Service Family Support",),
                "First audit of strategy discussions completed. Further audit to take place in "
                "summer 2021. Monitored and ongoing",
            ),
            ActionRow(
                "In cases where any delay has been identified (internal or external) escalation "
                "policies to be followed e.g. police and any other organisation, and senior "
                "managers to be notified",
                ("Head of Service Family Support",),
                "Completed Escalation procedure implemented spring 2020 with ongoing review.",
            ),
            ActionRow(
                "Review recent cases where delay in holding strategy meetings have been "
                "identified to ensure lessons are learned and there is no repetition\n\n"
                "Learning from this review to be built into the Quality assurance framework",
                ("Head of Service Family Support",),
                "Completed",
            ),
            ActionRow(
                "Quality assurance/audit strategy monitoring discussion to ensure relevant "
                "practitioners have been involved in strategy discussion",
                ("Head of Service Family Support",),
                "Completed and ongoing",
            ),
            ActionRow(
                "Ensure Family Support and Child Protection managers on duty attend Strategy "
                "meetings within MASH (Multi Agency Safeguarding Hub) – exception reporting",
                ("Head of Service Family Support",),
                "Completed and ongoing",
            ),
        ),
        expected_outcomes=(
            "MASH strategy discussions will be held in a timely way with all relevant "
            "professionals contributing to the decision making process. Any exceptions will be "
            "escalated in a timely way, according to procedure.",
            "All relevant information will be presented by our partner agencies and shared as "
            "part of the strategy discussion.",
            "Increase effectiveness and timeliness of intervention.",
            "Seamless transfer of responsibilities from MASH to the relevant Social Care team.",
        ),
    ),
    SectionRow(
        number=3,
        title="The practice and impact of “threshold” visits on children and families should be "
        "reviewed",
        actions=(
            ActionRow(
                "Audit of threshold visits completed and report to be presented to senior managers",
                ("Head of Service Family Support",),
                "Completed and next Audit in summer 2021",
            ),
            ActionRow(
                "Dip sample audit of threshold visits to review impact of visits on the "
                "timeliness of response and potential need for further intervention",
                ("Head of Service Family Support",),
                "Completed. Outcome from review is to cease threshold visits moving forward.",
            ),
        ),
        expected_outcomes=(
            "All children and families will have received a timely and proportionate response "
            "to identified needs and concerns.",
            "The Local Authority will continue to have a good understanding of the purpose and "
            "impact of threshold visits on the decision making process.",
            "The Local Authority will be satisfied that the use of threshold visits continues to "
            "be justified and proportionate and is not contributing to delayed intervention to "
            "children and families.",
            "Children and families will only be subject to an assessment if they need to be.",
        ),
    ),
    SectionRow(
        number=4,
        title="The offer and take up and analysis of return home interviews following episodes "
        "of going missing.",
        actions=(
            ActionRow(
                "Review of current specification to ensure it clearly reflects needs/service "
                "requirements and the increased knowledge and information around criminal and "
                "sexual exploitation as well as social work processes",
                ("Head of Service Children’s Commissioning",),
                "Completed. We will review this again in light of learning during Covid",
            ),
            ActionRow(
                "The timeliness of referrals into the Local Authority as well as to the provider "
                "has been reviewed and benchmarked with robust monitoring, reporting and "
                "escalation processes in place. This will feed into our revised quality "
                "assurance processes identified in recommendation 1 of this Action Plan with "
                "learning escalated, disseminated, and addressed at all levels of the "
                "organisation e.g. strategic, operational and individual to ensure lessons are "
                "learned and practice is developed",
                ("Heads of Service Safeguards and Children’s Commissioning",),
                "Completed. This is now built into the revised case audit process",
                linked_recommendations=(1,),
            ),
            ActionRow(
                "Review and streamline internal processes for managing missing children "
                "including notifying provider. This to include exploring the potential of "
                "Liquid Logic to support more effective and efficient communication with the "
                "provider regarding missing episodes",
                ("Head of Service Safeguards", "Principal Social Worker"),
                "Process in place and ongoing – completed.\n\n"
                "Exploring options within Liquid Logic is continuing.",
            ),
            ActionRow(
                "Work collaboratively with the provider to develop more innovative and creative "
                "ways to engage with young people to increase the uptake of missing interviews",
                ("Heads of Service Safeguards and Children’s Commissioning",),
                "Completed",
            ),
            ActionRow(
                "Develop different ways to engage and seek feedback from young people who have "
                "experienced the service to identify learning and where practice can be improved",
                ("Missing and Exploitation Team Manager, supported by the Commissioning Officer",),
                "Completed and under regular review.",
            ),
            ActionRow(
                "Monthly contract monitoring to ensure compliance with the service specification "
                "and improved performance, once established this may become quarterly",
                ("Head of Service Children’s Commissioning",),
                "Completed and ongoing",
            ),
            ActionRow(
                "Monthly review of cumulative data reports to inform detailed analysis of missing "
                "episodes to further develop targeted support, especially for those young people "
                "who have repeated missing episodes, shared with the commissioner",
                ("Missing and Exploitation Team Manager with the Provider",),
                "Completed and ongoing",
            ),
            ActionRow(
                "Identify external placement providers where missing episodes are more prevalent, "
                "Quality assurance visit to ensure provider has appropriate procedures in place "
                "and is following the Solihull process and actions are in place to prevent "
                "repeat missing episodes",
                ("Head of Service Children’s Commissioning",),
                "Completed",
            ),
        ),
        expected_outcomes=(
            "More timely referrals to provider to enable increased likelihood of interviews "
            "taking place within 72 hours.",
            "Children and young people who go missing will be engaged with and have a return "
            "home interview where they can share concerns and issues and be supported with "
            "strategies to prevent further missing episodes, as well as identify safeguarding "
            "issues including exploitation.",
            "Social workers receive a report of issues and recommendations identified at the "
            "interview to support their ongoing care planning with the individual young person.",
            "An improved and shared understanding based on data analysis that informs practice "
            "development and enables effective targeted support to be provided for the young "
            "person.",
            "An increased proportion of children and young people who go missing will have a "
            "return home interview.",
        ),
    ),
    SectionRow(
        number=5,
        title="The clarity of children in need and child protection plans so that parents and "
        "carers can more readily understand what is expected of them and why.",
        actions=(
            ActionRow(
                "Ensure that all Child in Need and Child Protection plans are written in a way "
                "that is easily understood by parents\n\n"
                "This will be audited through seeking service user feedback on a routine basis "
                "and is part of our revised Audit and Quality Assurance processes as identified "
                "in recommendation 1 of this Action Plan",
                (
                    "Heads of Service Safeguards and Family Support",
                    "Heads of Service Safeguards and Family Support",
                ),
                "Completed, now business as usual\n\nCompleted and ongoing",
                linked_recommendations=(1,),
            ),
            ActionRow(
                "Implement revised Signs of Safety guidance into Liquid Logic which will support "
                "our practice and engagement with children, parents/carers",
                ("Head of Service Safeguards and Principal Social Worker",),
                "Completed",
            ),
            ActionRow(
                "Practice workshops with relevant professionals to develop and strengthen "
                "practice will be held regularly",
                ("Head of Service Safeguards and Principal Social Worker",),
                "Completed. Signs of Safety Leads within Independent Reviewing Officer Service "
                "convene practice meetings with workforce",
            ),
            ActionRow(
                "Audits of Child in Need and Child Protection Plans will be built into our revised "
                "audit and monitoring processes",
                ("Head of Service Safeguards",),
                "Completed - One of the themes/cohorts included in the first round of audit is "
                "CP cases and planning",
            ),
        ),
        expected_outcomes=(
            "All plans will be written to ensure that they are easily understood by parents and "
            "carers, and they are fully aware of what is required of them.",
            "Engagement with parents and carers is enhanced, to improve outcomes for children.",
        ),
    ),
    SectionRow(
        number=6,
        # The plan prints no text under "Ofsted recommendation 6": the report's words are used.
        title=RECOMMENDATIONS[5],
        actions=(
            ActionRow(
                "The processes and capacity of the Children’s Disabilities Team will be reviewed",
                ("Head of Service Family Support",),
                "Completed - Threshold document has been agreed and rolled out in May 2021",
            ),
            ActionRow(
                "The backlog of and timeliness of reviews has been cleared and review timescales "
                "met",
                ("Head of Service Family Support",),
                "All Level 2 cases reviewed, allocated and initial assessments completed",
            ),
            ActionRow(
                "Implement plan to review existing Level 2 Children in Need of services to ensure "
                "needs continue to be met",
                ("Head of Service Family Support",),
                "Completed now business as usual",
            ),
            ActionRow(
                "Training and development through team and individual supervision embed the "
                "Family Support Model to support the delivery of services to children with "
                "disabilities",
                ("Head of Service Family Support and Principal Social Worker",),
                "Completed now business as usual",
            ),
            ActionRow(
                "Implement finalised threshold document",
                ("Head of Service Family Support and Principal Social Worker",),
                "Completed",
            ),
        ),
        expected_outcomes=(
            "All children supported at Level 2 (ie without the need for Family Support or Social "
            "Work intervention) have their needs reviewed on at least an annual basis to ensure "
            "support continues to be appropriate.",
            "Backlog of reviews is cleared.",
        ),
    ),
    SectionRow(
        number=7,
        title="Levels of awareness and access for connected carers to training opportunities "
        "that will enhance their skills in caring for children and in strengthening placements.",
        actions=(
            ActionRow(
                "Ensure clear communication with all connected carers of the existing offer",
                ("Head of Service Looked After Children",),
                "Completed April 2020 and communications repeated.",
            ),
            ActionRow(
                "Promote the existing opportunities for e learning model, and monitoring access "
                "and engagement",
                ("Head of Service Looked After Children",),
                "Completed now business as usual",
            ),
            ActionRow(
                "Quality assurance and monitoring reports to senior managers to monitor access to "
                "and take up of training – quarterly",
                ("Head of Service Looked After Children",),
                "Completed now business as usual",
            ),
            ActionRow(
                "Develop a business case for further support and training in respect of other "
                "permanency options e.g. Special Guardianship Orders (SGO)",
                ("Head of Service Looked After Children",),
                "Completed Permanency Hub is now in place to develop permanency options",
            ),
            ActionRow(
                "Triangulate direct feedback from carers through audit and quality assurance of "
                "the training offer to identify areas for development and barriers to access",
                ("Head of Service Looked After Children",),
                "In progress - This needs to be developed further. Covid has impacted on the "
                "offer of face to face training",
            ),
        ),
        expected_outcomes=(
            "All carers have access to suitable and informative training dependent upon their "
            "requirements and other commitments.",
            "Connected Carers and Mainstream Carers already have equal access, and take up rates "
            "will be increased.",
            "All our carers would be highly trained and feel appropriately supported in caring "
            "for children.",
            "Carers would feel supported to consider other permanency options (i.e. SGO) for "
            "children if appropriate.",
        ),
    ),
    SectionRow(
        number=8,
        title="Timely progress in the making of special guardianship orders where these are set "
        "out as the plan for permanence",
        actions=(
            ActionRow(
                "Review Special Guardianship Orders (SGO) financial policy",
                ("Head of Service Looked After Children",),
                "Completion imminent – awaiting final legal overview",
            ),
            ActionRow(
                "Develop a business case for dedicated resource to facilitate/timely SGO "
                "arrangements",
                ("Head of Service Looked After Children",),
                "Completed",
            ),
            ActionRow(
                "Liaison with judiciary about pathways to support SGO process to remove any "
                "avoidable delays",
                ("Heads of Service Family Support and Looked After Children",),
                "On-going - Delays due to Covid – working with Judiciary to implement SGO plans "
                "within proceedings",
            ),
            ActionRow(
                "Permanency planning to be considered throughout children services intervention "
                "including private law orders. Review and embed within our current process and "
                "procedures, through training and development, team and individual supervision",
                ("Heads of Service Safeguards, Family Support and Looked After Children",),
                "Completed – now business as usual",
            ),
            ActionRow(
                "Timeliness and service user feed-back, will be monitored and audited through our "
                "revised quality assurance framework. This is identified within the initial "
                "recommendation of this Action Plan",
                ("Heads of Service Safeguards, Family Support and Looked After Children",),
                "Completed - Service user feedback is included within the revised case audit "
                "process",
                linked_recommendations=(1,),
            ),
        ),
        expected_outcomes=(
            "All children who are currently looked after but who could be cared for "
            "appropriately without the need for statutory intervention, would have permanency "
            "with their current connected person or mainstream foster carers under a private law "
            "order.",
            "Those carers would have access to training and support should they need this post "
            "order being made. The carers would have access to continued financial support at "
            "the appropriate level.",
        ),
    ),
    SectionRow(
        number=9,
        title="Consideration of the need for homeless 16 and 17 year olds to be cared for, and to "
        "be made aware of that option, by the local authority.",
        actions=(
            ActionRow(
                "There is a clear pathway for young people to access independent support and "
                "advice when requiring/needing accommodation",
                ("Heads of Service Family Support and Children’s Commissioning",),
                "Completed",
            ),
            ActionRow(
                "An information pack will be developed to advise young people of their rights and "
                "benefits of being accommodated in the care of the Local Authority",
                ("Head of Service Family Support",),
                "Completed",
            ),
            ActionRow(
                "Quality Assurance and review to ensure compliance and impact inclusive of young "
                "people’s feedback. This to form part of the audit and monitoring processes which "
                "is identified within recommendation 1 of this Action Plan",
                ("Heads of Service Family Support and Safeguards",),
                "Completed - Service user feedback is included within the revised case audit "
                "process launched end of March 2021",
                linked_recommendations=(1,),
            ),
            ActionRow(
                "Review framework for support for 16-17 years old with Solihull Housing Group",
                ("Head of Service Family Support",),
                "Completed",
            ),
            ActionRow(
                "Evidence on file that all of the above has been completed",
                ("Head of Service Family Support",),
                "Completed – this is now business as usual",
            ),
        ),
        expected_outcomes=(
            "Young person will make an informed decision and understand the impact of their "
            "decision.",
            "Young person who does not chose or require to be accommodated in the care of the "
            "Local Authority will continue to receive the right support at the right time.",
            "Clear evidence on the children’s case file that all of the above has been "
            "considered and discussed with the young person and his/her family.",
            "Service user feedback to develop service provision and outcomes.",
        ),
    ),
    SectionRow(
        number=10,
        title="The focus on and response to private fostering arrangements",
        actions=(
            ActionRow(
                "Awareness raising activity plan to be developed across all partners",
                ("Head of Service Looked After Children",),
                "Completed – see below",
            ),
            ActionRow(
                "A training and awareness raising programme across social care",
                ("Head of Service Looked After Children",),
                "Completed - Due to Covid, awareness raising has taken place via email and social "
                "media platforms",
            ),
            ActionRow(
                "Quality assurance and reporting arrangements to the Local Safeguarding Childrens "
                "Partnership (LSCP) to be implemented",
                ("Heads of Service Looked After Children and Safeguards",),
                "Nearing completion - A report will be presented to the next LSCP meeting - "
                "delayed due to Covid.",
            ),
            ActionRow(
                "Private fostering arrangements are identified at the front door and appropriate "
                "arrangements put in place. Review and embed within our current process and "
                "procedures, through training and development, team and individual supervision",
                ("Head of Service Family Support",),
                "Completed and ongoing review through business as usual.",
            ),
            ActionRow(
                "Audit and monitor increased development and use of private fostering "
                "arrangements, which will include feedback from partners and other service "
                "users. This will form a part of our revised audit and quality assurance "
                "framework which is outlined within the initial recommendation of this Action "
                "Plan",
                ("Heads of Service Safeguards, Family Support and Looked After Children",),
                "Completed - developed as part of the QA process as identified within "
                "recommendation 1",
                linked_recommendations=(1,),
            ),
        ),
        expected_outcomes=(
            "Solihull will have an increase in Private Fostering Arrangements that are known, "
            "assessed and supported appropriately.",
            "All professionals in Solihull will be aware of Private Fostering and know how to "
            "report this to Children’s Services",
        ),
    ),
)
