"""The Solihull demo data: complete, faithful to its sources, and safe to load twice."""

from __future__ import annotations

import datetime
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tracker.accounts.models import LocalAuthority, Organisation, Post, User
from tracker.inspections.models import Inspection, Judgement, Recommendation
from tracker.plans.access import user_can_record_progress
from tracker.plans.demo import DemoSummary, jtai_2022, load_demo_data
from tracker.plans.demo.ilacs_2019 import status_for_progress
from tracker.plans.models import (
    Action,
    Brag,
    DeliveryStatus,
    ExpectedOutcome,
    Plan,
    PlanPartnerAccess,
    PriorityArea,
    ProgressUpdate,
    Section,
    Theme,
)
from tracker.plans.partners.services import plan_partner_withdraw
from tracker.plans.selectors import plan_list_for_user, plan_priority_area_rollup

PASSWORD = "demo-password-for-tests"
ACTIONS_PER_SECTION_2020 = {1: 6, 2: 6, 3: 2, 4: 8, 5: 4, 6: 5, 7: 5, 8: 5, 9: 5, 10: 5}
OUTCOMES_PER_SECTION_2020 = {1: 5, 2: 4, 3: 4, 4: 5, 5: 2, 6: 2, 7: 4, 8: 2, 9: 4, 10: 2}

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo() -> DemoSummary:
    return load_demo_data(password=PASSWORD)


def _action(summary: DemoSummary, reference: str) -> Action:
    return summary.action_plan.actions.get(reference=reference)


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (
            LocalAuthority,
            Organisation,
            Post,
            User,
            Inspection,
            Judgement,
            Recommendation,
            Plan,
            Theme,
            PriorityArea,
            Section,
            ExpectedOutcome,
            Action,
            ProgressUpdate,
        )
    }


def test_load_demo_data_creates_the_authority_and_its_partners(demo):
    assert demo.created is True
    assert demo.local_authority.name == "Solihull Metropolitan Borough Council"
    assert demo.local_authority.short_name == "Solihull"
    assert dict(demo.local_authority.organisations.values_list("name", "kind")) == {
        "West Midlands Police": "police",
        "Birmingham and Solihull Integrated Care Board": "health",
        "Solihull Safeguarding Children Partnership": "safeguarding_partnership",
    }


def test_load_demo_data_creates_the_2019_inspection_as_published(demo):
    inspection = demo.inspection_2019

    assert inspection.kind == Inspection.Kind.ILACS_STANDARD
    assert inspection.framework == Inspection.Framework.ILACS
    assert inspection.started_on == datetime.date(2019, 11, 11)
    assert inspection.ended_on == datetime.date(2019, 11, 22)
    assert inspection.published_on == datetime.date(2020, 1, 9)
    assert inspection.lead_inspector == "Peter McEntee"
    assert list(inspection.judgements.values_list("area", "grade", "text")) == [
        ("impact_of_leaders", "requires_improvement", "Requires improvement"),
        ("help_and_protection", "requires_improvement", "Requires improvement"),
        ("children_in_care_and_care_leavers", "good", "Good"),
        ("overall", "requires_improvement", "Requires improvement"),
    ]
    recommendations = dict(inspection.recommendations.values_list("number", "text"))
    assert sorted(recommendations) == list(range(1, 11))
    assert recommendations[3] == (
        "The practice and impact of ‘threshold’ visits on children and families should be reviewed."
    )
    assert recommendations[9] == (
        "Consideration of the need for homeless 16- and 17-year-olds to be cared for, and to be "
        "made aware of that option, by the local authority."
    )


def test_load_demo_data_creates_the_whole_2020_action_plan(demo):
    plan = demo.action_plan

    assert plan.title == "Ofsted ILACS action plan 2020"
    assert plan.kind == Plan.Kind.OFSTED_ACTION_PLAN
    assert plan.status == Plan.Status.PUBLISHED
    assert list(plan.inspections.all()) == [demo.inspection_2019]
    assert plan.owner_description.startswith(
        "Director of Children’s Services and the Directorate Leadership Team"
    )
    assert plan.introduction.startswith("In November 2019, Ofsted carried out")
    sections = list(plan.sections.order_by("number"))
    assert [section.number for section in sections] == list(range(1, 11))
    assert {
        section.number: section.actions.count() for section in sections
    } == ACTIONS_PER_SECTION_2020
    assert plan.actions.count() == 51
    assert {
        section.number: section.expected_outcomes.count() for section in sections
    } == OUTCOMES_PER_SECTION_2020


def test_load_demo_data_links_each_2020_section_to_its_recommendation(demo):
    for section in demo.action_plan.sections.all():
        assert [r.number for r in section.recommendations.all()] == [section.number]
        assert section.recommendations.get().inspection == demo.inspection_2019
    section_6 = demo.action_plan.sections.get(number=6)
    assert section_6.title == section_6.recommendations.get().text


def test_load_demo_data_numbers_actions_in_the_plans_order(demo):
    for section in demo.action_plan.sections.all():
        references = list(section.actions.order_by("position").values_list("reference", flat=True))
        expected = [f"{section.number}.{n}" for n in range(1, len(references) + 1)]
        assert references == expected


def test_load_demo_data_gives_every_action_an_owner_dates_and_one_progress_update(demo):
    for action in demo.action_plan.actions.all():
        assert action.owner_posts.exists(), action.reference
        assert action.progress_updates.count() == 1, action.reference
        assert action.latest_update == action.progress_updates.get()
        assert action.starts_on == datetime.date(2020, 2, 1)
        assert action.due_on == datetime.date(2021, 3, 31)
        if action.status == DeliveryStatus.BUSINESS_AS_USUAL:
            assert action.next_review_on == datetime.date(2021, 9, 30)


def test_load_demo_data_splits_who_into_posts_and_notes(demo):
    def owners(reference: str) -> set[str]:
        return set(_action(demo, reference).owner_posts.values_list("title", flat=True))

    assert owners("4.3") == {"Head of Service Safeguards", "Principal Social Worker"}
    assert owners("4.2") == {
        "Head of Service Safeguards",
        "Head of Service Children’s Commissioning",
    }
    assert owners("8.4") == {
        "Head of Service Safeguards",
        "Head of Service Family Support",
        "Head of Service Looked After Children",
    }
    assert owners("4.5") == {"Missing and Exploitation Team Manager"}
    assert _action(demo, "4.5").owner_note == "supported by the Commissioning Officer"
    assert _action(demo, "4.7").owner_note == "with the Provider"


def test_load_demo_data_keeps_both_parts_of_a_two_part_row(demo):
    action = _action(demo, "5.1")
    narrative = action.latest_update.narrative

    assert set(action.owner_posts.values_list("title", flat=True)) == {
        "Head of Service Safeguards",
        "Head of Service Family Support",
    }
    assert "Completed, now business as usual" in narrative
    assert "Completed and ongoing" in narrative
    assert "Exploring options within Liquid Logic is continuing." in (
        _action(demo, "4.3").latest_update.narrative
    )


def test_load_demo_data_sets_status_and_brag_from_the_progress(demo):
    def status(reference: str) -> tuple[str, str]:
        action = _action(demo, reference)
        return action.status, action.brag

    assert status("1.1") == (DeliveryStatus.COMPLETED, Brag.BLUE)
    assert status("1.6") == (DeliveryStatus.IN_PROGRESS, Brag.AMBER)
    assert status("2.2") == (DeliveryStatus.IN_PROGRESS, Brag.GREEN)
    assert status("2.5") == (DeliveryStatus.BUSINESS_AS_USUAL, Brag.BLUE)
    assert status("7.5") == (DeliveryStatus.IN_PROGRESS, Brag.AMBER)
    assert status("8.1") == (DeliveryStatus.IN_PROGRESS, Brag.GREEN)
    assert status("8.3") == (DeliveryStatus.IN_PROGRESS, Brag.AMBER)
    assert status("10.3") == (DeliveryStatus.IN_PROGRESS, Brag.GREEN)
    assert status("10.4") == (DeliveryStatus.BUSINESS_AS_USUAL, Brag.BLUE)
    assert _action(demo, "8.1").latest_update.narrative == (
        "Completion imminent – awaiting final legal overview"
    )


def test_load_demo_data_leaves_unfinished_actions_overdue(demo):
    overdue = Action.objects.filter(plan=demo.action_plan).overdue(datetime.date(2026, 11, 22))

    assert sorted(overdue.values_list("reference", flat=True)) == sorted(
        ["1.6", "2.2", "4.3", "7.5", "8.1", "8.3", "10.3"]
    )


def test_load_demo_data_links_cross_references_to_recommendation_1(demo):
    linked = Action.objects.filter(
        plan=demo.action_plan, linked_recommendations__number=1
    ).values_list("reference", flat=True)

    assert sorted(linked) == sorted(["4.2", "5.1", "8.5", "9.3", "10.5"])
    assert _action(demo, "4.2").linked_recommendations.get().inspection == demo.inspection_2019


def test_status_for_progress_refuses_a_narrative_the_table_does_not_cover():
    with pytest.raises(KeyError, match="No status for progress"):
        status_for_progress("Abandoned")


def test_load_demo_data_creates_the_2022_inspections(demo):
    inspection = demo.inspection_2022

    assert inspection.started_on == datetime.date(2022, 10, 31)
    assert inspection.ended_on == datetime.date(2022, 11, 11)
    assert inspection.published_on == datetime.date(2023, 1, 13)
    assert inspection.lead_inspector == "Victoria Horsefield"
    assert set(inspection.judgements.values_list("grade", flat=True)) == {"inadequate"}
    assert inspection.judgements.count() == 4
    assert inspection.recommendations.count() == 9
    assert inspection.recommendations.get(number=9).text == (
        "Timeliness of safeguarding checks for children in private fostering placements."
    )
    assert demo.jtai_2022.kind == Inspection.Kind.JTAI
    assert demo.jtai_2022.judgements.count() == 0
    assert demo.jtai_2022.issued_by == ["ofsted", "cqc", "hmicfrs", "hmi_probation"]
    assert inspection.issued_by == ["ofsted"]


def test_load_demo_data_creates_the_draft_2023_plan(demo):
    plan = demo.improvement_plan

    assert plan.title == "Children's services improvement plan 2023"
    assert plan.kind == Plan.Kind.IMPROVEMENT_PLAN
    assert plan.status == Plan.Status.DRAFT
    assert list(plan.inspections.all()) == [demo.inspection_2022]
    assert list(plan.themes.values_list("name", flat=True)) == [
        "Leadership and Governance",
        "Partnerships",
        "Workforce",
        "Quality of Practice",
        "Quality Assurance & Performance",
        "Record Keeping",
    ]
    assert all(theme.lead_post_id is not None for theme in plan.themes.all())
    assert plan.themes.get(lead__username="lead").name == "Quality Assurance & Performance"
    sections = list(plan.sections.order_by("number"))
    assert [section.number for section in sections] == list(range(1, 11))
    for section in sections[:9]:
        recommendation = section.recommendations.get()
        assert recommendation.inspection == demo.inspection_2022
        assert recommendation.number == section.number
        assert section.title == recommendation.text
    assert sections[9].title == "Early Help"
    assert all(section.aim and section.theme_id for section in sections)


def test_load_demo_data_links_the_statement_of_action_to_the_2023_priority_areas(demo):
    rollups = plan_priority_area_rollup(plan=demo.improvement_plan)

    assert [rollup.priority_area.name for rollup in rollups] == [
        "The front door and the MASH",
        "Knowing the impact of practice",
        "Recording and sharing information",
    ]
    assert [[linked.section.number for linked in rollup.sections] for rollup in rollups] == [
        [1, 2, 3],
        [4, 5],
        [6],
    ]
    assert all(
        linked.section.plan == demo.statement_of_action
        for rollup in rollups
        for linked in rollup.sections
    )
    assert (
        sum(rollup.summary.total for rollup in rollups) == demo.statement_of_action.actions.count()
    )


def test_load_demo_data_creates_one_user_per_role(demo):
    users = {user.username: user for user in demo.local_authority.users.filter(organisation=None)}

    assert {name: user.role for name, user in users.items()} == {
        "admin": User.Role.ADMINISTRATOR,
        "lead": User.Role.IMPROVEMENT_LEAD,
        "owner": User.Role.ACTION_OWNER,
        "viewer": User.Role.VIEWER,
    }
    assert not any(user.is_staff or user.is_superuser for user in users.values())
    assert list(users["owner"].posts.values_list("title", flat=True)) == [
        "Head of Service Safeguards"
    ]
    assert all(user.check_password(PASSWORD) for user in users.values())


def test_load_demo_data_twice_adds_nothing_and_resets_passwords(demo):
    before = _counts()

    again = load_demo_data(password="a-new-password")

    assert again.created is False
    assert _counts() == before
    assert again.action_plan == demo.action_plan
    assert again.improvement_plan == demo.improvement_plan
    assert all(user.check_password("a-new-password") for user in demo.local_authority.users.all())


def test_load_demo_data_again_takes_platform_rights_from_an_earlier_demo_administrator(demo):
    """Earlier versions made the demo administrator a superuser; loading again undoes it."""
    User.objects.filter(username="admin").update(is_staff=True, is_superuser=True)

    load_demo_data(password="a-new-password")

    admin = User.objects.get(username="admin")
    assert admin.is_staff is False
    assert admin.is_superuser is False
    assert admin.role == User.Role.ADMINISTRATOR
    assert admin.check_password("a-new-password") is True


def test_load_demo_data_records_history(demo):
    assert Action.history.count() > 0
    assert Action.history.filter(reference="1.1").count() >= 2  # created, then progress
    assert Plan.history.filter(title="Ofsted ILACS action plan 2020").exists()
    assert Recommendation.history.count() == Recommendation.objects.count()


def test_load_demo_data_command_prints_the_sign_in_details():
    out = StringIO()

    call_command("load_demo_data", password=PASSWORD, stdout=out)

    output = out.getvalue()
    assert "Demo data loaded for Solihull Metropolitan Borough Council." in output
    assert "http://127.0.0.1:8000/" in output
    for username, role in (
        ("admin", "Administrator"),
        ("lead", "Improvement lead"),
        ("owner", "Action owner"),
        ("viewer", "Viewer"),
        ("police", "Action owner, West Midlands Police"),
        ("health", "Action owner, Birmingham and Solihull Integrated Care Board"),
    ):
        assert f"{username}" in output
        assert role in output
    assert output.count(PASSWORD) == 6


def test_load_demo_data_command_says_when_the_data_was_already_there():
    call_command("load_demo_data", password=PASSWORD, stdout=StringIO())
    out = StringIO()

    call_command("load_demo_data", password="second-password", stdout=out)

    assert "was already loaded: nothing added, passwords reset." in out.getvalue()
    assert User.objects.get(username="lead").check_password("second-password") is True


def test_load_demo_data_command_takes_the_password_from_the_environment(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "from-the-environment")
    out = StringIO()

    call_command("load_demo_data", stdout=out)

    assert "from-the-environment" in out.getvalue()
    assert User.objects.get(username="viewer").check_password("from-the-environment") is True


def test_load_demo_data_command_makes_a_new_random_password_each_run(monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("load_demo_data", stdout=StringIO())
    first = User.objects.get(username="admin").password

    call_command("load_demo_data", stdout=StringIO())

    assert User.objects.get(username="admin").password != first


def test_load_demo_data_refuses_an_empty_password_and_writes_nothing():
    with pytest.raises(ValidationError, match="Enter a password for the demo users"):
        load_demo_data(password="")

    assert LocalAuthority.objects.exists() is False


def test_load_demo_data_command_prints_links_to_the_site(db, settings):
    settings.SITE_URL = "http://127.0.0.1:8101"
    out = StringIO()

    call_command("load_demo_data", password=PASSWORD, stdout=out)

    output = out.getvalue()
    assert "Sign in at http://127.0.0.1:8101/\n" in output
    assert "Administration (http://127.0.0.1:8101/accounts/manage/).\n" in output
    assert ":8000" not in output


# The JTAI, its Statement of Action and the police officer who owns the police's actions -------

SEED_SUMMARY = (
    "The headline findings of the report found children in need of help and protection in "
    "Solihull waited too long for their initial need and risk to be assessed; weaknesses in the "
    "joint strategic governance of the multi-agency safeguarding hub (MASH) led to the lack of a "
    "cohesive approach to structuring and resourcing the MASH; and the Local Safeguarding "
    "Children Partnership did not have a clear understanding of the impact of practice from the "
    "MASH or the experiences of children and their families that need help and protection in "
    "their local area."
)
POLICE = "West Midlands Police"
HEALTH = "Birmingham and Solihull Integrated Care Board"


def _police_owns(action: Action) -> bool:
    return action.owner_organisations.filter(name=POLICE).exists() or (
        action.owner_posts.filter(organisation__name=POLICE).exists()
    )


def test_load_demo_data_gives_the_jtai_its_three_findings_word_for_word(demo):
    jtai = demo.jtai_2022

    assert jtai.summary == SEED_SUMMARY
    findings = list(jtai.recommendations.order_by("number"))
    assert [(finding.number, finding.kind) for finding in findings] == [
        (1, Recommendation.Kind.FINDING),
        (2, Recommendation.Kind.FINDING),
        (3, Recommendation.Kind.FINDING),
    ]
    assert findings[0].text == (
        "Children in need of help and protection in Solihull waited too long for their initial "
        "need and risk to be assessed."
    )
    for finding in findings:  # each finding is a clause of the headline, capitalised
        assert finding.text[1:-1] in SEED_SUMMARY


def test_load_demo_data_creates_the_statement_of_action_answering_the_jtai(demo):
    plan = demo.statement_of_action

    assert plan.title == "JTAI Statement of Action 2022"
    assert plan.kind == Plan.Kind.STATEMENT_OF_ACTION
    assert plan.status == Plan.Status.PUBLISHED
    assert list(plan.inspections.all()) == [demo.jtai_2022]
    assert (
        "SMBC and safeguarding partners were required to produce a written Statement of Action "
        "(SoA), which would provide a series of actions in response to each of the findings from "
        "the JTAI and be assigned to the various partner organisations to drive forward "
        "improvement." in plan.introduction
    )
    assert (
        "received notification from Ofsted, CQC, HMICFRS and HMI Probation that they have "
        "reviewed the JTAI SoA and agreed that it demonstrated an accurate understanding of the "
        "findings of the joint inspection team." in plan.introduction
    )
    assert list(plan.themes.values_list("name", flat=True)) == [
        "Leadership and Governance",
        "Partnerships",
        "Workforce",
        "Quality of Practice",
        "Quality Assurance & Performance",
        "Record Keeping",
    ]
    assert all(theme.lead_post_id is not None for theme in plan.themes.all())
    sections = list(plan.sections.order_by("number"))
    assert len(sections) == 6
    assert {section.theme.name for section in sections} == set(
        plan.themes.values_list("name", flat=True)
    )
    answered = {section.recommendations.get() for section in sections}
    assert answered == set(demo.jtai_2022.recommendations.all())
    assert all(section.aim and section.expected_outcomes.count() >= 2 for section in sections)


def test_statement_of_action_actions_are_owned_by_the_partners_and_dated(demo):
    actions = list(demo.statement_of_action.actions.all())

    assert len(actions) == 17
    organisations = {
        name for action in actions for name in action.owner_organisations.values_list("name")
    }
    assert {(POLICE,), (HEALTH,), ("Solihull Safeguarding Children Partnership",)} <= (
        organisations
    )
    council_only = [
        action
        for action in actions
        if not action.owner_organisations.exists()
        and not action.owner_posts.exclude(organisation=None).exists()
    ]
    assert council_only  # and some the council's own posts own alone
    assert all(action.owner_posts.exists() and action.due_on for action in actions)
    assert all(action.progress_updates.exists() for action in actions)
    statuses = {action.status for action in actions}
    assert {DeliveryStatus.COMPLETED, DeliveryStatus.BUSINESS_AS_USUAL} <= statuses
    assert DeliveryStatus.IN_PROGRESS in statuses
    mock_jtai = demo.statement_of_action.actions.get(reference="1.4")
    assert mock_jtai.latest_update.narrative == (
        "A proposal has since been made to the Local Government Association to undertake this "
        "review, with a view to commencing the review in early 2023."
    )


def test_statement_of_action_history_is_dated_as_the_paper_tells_it(demo):
    plan = demo.statement_of_action

    created = plan.history.earliest("history_date")
    assert timezone.localdate(created.history_date) == datetime.date(2022, 5, 20)
    days = {
        timezone.localdate(entry.history_date)
        for entry in ProgressUpdate.history.filter(action__plan=plan)
    }
    assert days == {datetime.date(2022, 8, 31), datetime.date(2022, 11, 30)}
    police_update = plan.actions.get(reference="3.3").latest_update
    assert police_update.author.username == "police"


def test_demo_police_officer_belongs_to_the_police_and_holds_its_post(demo):
    police = User.objects.get(username="police")

    assert police.local_authority == demo.local_authority
    assert police.role == User.Role.ACTION_OWNER
    assert police.organisation.name == POLICE
    assert police.organisation.kind == Organisation.Kind.POLICE
    assert [(post.title, post.organisation.name) for post in police.posts.all()] == [
        ("Detective Chief Inspector, Solihull Public Protection Unit", POLICE)
    ]
    assert police.email.endswith("@westmidlands-police.example.org")
    assert police.check_password(PASSWORD) is True


def test_demo_police_officer_may_record_progress_on_the_police_actions_only(demo):
    police = User.objects.get(username="police")
    actions = list(Action.objects.filter(plan__local_authority=demo.local_authority))

    mine = {action.pk for action in actions if user_can_record_progress(user=police, action=action)}

    assert mine == {action.pk for action in actions if _police_owns(action)}
    assert {action.plan for action in actions if action.pk in mine} == {demo.statement_of_action}
    assert len(mine) >= 5


def test_demo_police_officer_is_refused_a_health_action_in_the_browser(client, demo):
    police = User.objects.get(username="police")
    client.force_login(police)
    theirs = demo.statement_of_action.actions.get(reference="3.3")
    health = demo.statement_of_action.actions.get(reference="2.3")
    before = ProgressUpdate.objects.count()

    own = client.get(reverse("plans:progress_create", args=[theirs.plan_id, theirs.pk]))
    refused = client.post(
        reverse("plans:progress_create", args=[health.plan_id, health.pk]),
        {"version": health.version, "narrative": "Not mine", "status": "in_progress"},
    )

    assert own.status_code == 200
    assert refused.status_code == 403
    assert ProgressUpdate.objects.count() == before


def test_load_demo_data_adds_what_an_earlier_demo_lacked(demo):
    """A database loaded before the Statement of Action gets it, and the JTAI its findings."""
    plan = demo.statement_of_action
    ProgressUpdate.objects.filter(action__plan=plan).delete()  # bypass PROTECT, test set-up only
    Action.objects.filter(plan=plan).update(latest_update=None)
    Action.objects.filter(plan=plan).delete()
    plan.partner_accesses.all().delete()
    plan.delete()
    demo.jtai_2022.recommendations.all().delete()

    again = load_demo_data(password=PASSWORD)

    assert again.created is True
    assert again.statement_of_action.actions.count() == 17
    assert again.jtai_2022.recommendations.count() == len(jtai_2022.FINDINGS)


# Partners see only the Statement of Action ------------------------------------------------------


def test_demo_shares_the_statement_of_action_with_the_police_and_health_only(demo):
    shared = {
        (access.plan.title, access.organisation.name)
        for access in PlanPartnerAccess.objects.filter(withdrawn_at__isnull=True)
    }
    assert shared == {
        (demo.statement_of_action.title, POLICE),
        (demo.statement_of_action.title, "Birmingham and Solihull Integrated Care Board"),
    }


def test_demo_partners_see_only_the_statement_of_action(client, demo):
    for username in ("police", "health"):
        partner = User.objects.get(username=username)
        assert partner.is_partner is True
        client.force_login(partner)
        assert [plan for plan, _summary in plan_list_for_user(user=partner)] == [
            demo.statement_of_action
        ]
        shared = client.get(reverse("plans:plan_detail", args=[demo.statement_of_action.pk]))
        other = client.get(reverse("plans:plan_detail", args=[demo.improvement_plan.pk]))
        assert shared.status_code == 200
        assert other.status_code == 404


def test_demo_health_user_manages_the_icbs_staff_and_is_no_council_administrator(demo):
    health = User.objects.get(username="health")
    assert health.is_organisation_administrator is True
    assert health.can_edit_plans is False
    assert health.role == User.Role.ACTION_OWNER


def test_load_demo_data_does_not_share_a_plan_again_once_withdrawn(demo):
    access = PlanPartnerAccess.objects.filter(organisation__name=POLICE).get()
    plan_partner_withdraw(user=User.objects.get(username="lead"), access=access)

    load_demo_data(password=PASSWORD)

    assert not PlanPartnerAccess.objects.filter(
        organisation__name=POLICE, withdrawn_at__isnull=True
    ).exists()
