"""Checking and saving an imported report: every problem at once, all or nothing, no duplicates."""

from __future__ import annotations

import dataclasses
import datetime
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError

from tracker.accounts.tests.factories import LocalAuthorityFactory
from tracker.inspections.imports import services as import_services
from tracker.inspections.imports.forms import ReportPreviewForm
from tracker.inspections.imports.ofsted_report import (
    ParsedJudgement,
    ParsedRecommendation,
    ParsedReport,
    parse_report,
)
from tracker.inspections.imports.services import (
    DuplicateReportError,
    inspection_find_duplicate,
    inspection_import_apply,
    inspection_import_validate,
    report_is_about,
)
from tracker.inspections.models import Inspection, Judgement, Recommendation

FIXTURES = Path(__file__).parent.parent / "fixtures" / "ofsted-reports"


@pytest.fixture(scope="module")
def solihull_2022() -> ParsedReport:
    return parse_report((FIXTURES / "solihull-ilacs-published-2023-01-13.pdf").read_bytes())


def test_validate_accepts_every_fixture_report():
    for path in sorted(FIXTURES.glob("*.pdf")):
        assert inspection_import_validate(report=parse_report(path.read_bytes())) == {}, path


def test_validate_collects_every_problem_at_once(solihull_2022):
    report = dataclasses.replace(
        solihull_2022,
        inspection_start=None,
        inspection_end=datetime.date(2022, 11, 11),
        judgements=[
            ParsedJudgement("impact_of_leaders", "inadequate", "Inadequate"),
            ParsedJudgement("impact_of_leaders", "good", "Good"),
            ParsedJudgement("help_and_protection", "excellent", "Excellent"),
            ParsedJudgement("sif_adoption", "good", "Good"),
        ],
        recommendations=[
            ParsedRecommendation(1, "One."),
            ParsedRecommendation(1, "Also one."),
            ParsedRecommendation(2, "   "),
        ],
    )
    assert inspection_import_validate(report=report) == {
        "started_on": ["Enter the date the inspection started"],
        "judgements": [
            "“The impact of leaders on social work practice with children and families” is "
            "judged more than once",
            "Select a grade for “The experiences and progress of children who need help and "
            "protection”",
            "“Adoption performance” is not a judgement of this framework on these dates",
            "Select a grade for “The experiences and progress of children in care and care "
            "leavers”",
            "Select a grade for “Overall effectiveness”",
        ],
        "recommendations": [
            "Two of the recommendations are numbered 1: renumber one",
            "Enter the words of recommendation 2",
        ],
    }


@pytest.mark.django_db
def test_apply_saves_inspection_judgements_recommendations_and_history(
    solihull_2022, local_authority, improvement_lead
):
    inspection = inspection_import_apply(
        user=improvement_lead, local_authority=local_authority, report=solihull_2022
    )
    assert (inspection.kind, inspection.framework) == ("standard", "ILACS")
    assert inspection.lead_inspector == "Victoria Horsefield"
    assert Judgement.objects.filter(inspection=inspection).count() == 4
    numbers = inspection.recommendations.order_by("number").values_list("number", flat=True)
    assert list(numbers) == list(range(1, 10))
    created = inspection.history.get()
    assert created.history_user == improvement_lead
    assert inspection.source_fingerprint == solihull_2022.fingerprint
    assert inspection.recommendations.first().history.get().history_user == improvement_lead
    assert inspection.issued_by == ["ofsted"]


@pytest.mark.django_db
def test_apply_records_a_jtai_as_issued_by_the_four_inspectorates(
    solihull_2022, local_authority, improvement_lead
):
    report = dataclasses.replace(
        solihull_2022,
        kind="jtai",
        framework="JTAI",
        judgements=[],
        areas_for_priority_action=[],
        inspection_start=datetime.date(2022, 1, 17),
        inspection_end=datetime.date(2022, 1, 21),
        published_on=datetime.date(2022, 3, 9),
    )

    inspection = inspection_import_apply(
        user=improvement_lead, local_authority=local_authority, report=report
    )

    assert (inspection.kind, inspection.framework) == ("jtai", "JTAI")
    assert inspection.issued_by == ["ofsted", "cqc", "hmicfrs", "hmi_probation"]
    assert inspection.issued_by_in_words == "Ofsted, CQC, HMICFRS and HMI Probation"


@pytest.mark.parametrize("kind", ["national_review", "peer_review", "nonsense"])
def test_validate_refuses_a_kind_ofsted_publishes_no_report_of(solihull_2022, kind):
    report = dataclasses.replace(solihull_2022, kind=kind, judgements=[])

    assert inspection_import_validate(report=report)["kind"] == ["Select the kind of inspection"]


def test_the_importer_offers_only_the_kinds_ofsted_publishes_reports_of():
    kinds = [value for value, _label in ReportPreviewForm.base_fields["kind"].choices]

    assert kinds == ["standard", "short", "focused_visit", "monitoring_visit", "jtai", "sif"]


@pytest.mark.django_db
def test_apply_saves_nothing_when_any_write_fails(solihull_2022, local_authority, monkeypatch):
    real = import_services.services.recommendation_create
    calls = []

    def failing(**kwargs):
        calls.append(kwargs["number"])
        if len(calls) == 5:
            raise ValidationError({"text": ["Something went wrong"]})
        return real(**kwargs)

    monkeypatch.setattr(import_services.services, "recommendation_create", failing)
    with pytest.raises(ValidationError, match="Something went wrong"):
        inspection_import_apply(user=None, local_authority=local_authority, report=solihull_2022)
    assert Inspection.objects.count() == 0
    assert Judgement.objects.count() == 0
    assert Recommendation.objects.count() == 0


@pytest.mark.django_db
def test_apply_refuses_a_report_with_problems(solihull_2022, local_authority):
    report = dataclasses.replace(solihull_2022, kind="standard", inspection_end=None)
    with pytest.raises(ValidationError) as raised:
        inspection_import_apply(user=None, local_authority=local_authority, report=report)
    assert raised.value.message_dict == {"ended_on": ["Enter the date the inspection ended"]}
    assert Inspection.objects.count() == 0


@pytest.mark.django_db
def test_apply_refuses_the_same_report_twice_naming_the_inspection(solihull_2022, local_authority):
    first = inspection_import_apply(
        user=None, local_authority=local_authority, report=solihull_2022
    )
    with pytest.raises(
        DuplicateReportError,
        match="This report has already been imported: ILACS standard inspection, "
        "31 October 2022 to 11 November 2022",
    ) as raised:
        inspection_import_apply(user=None, local_authority=local_authority, report=solihull_2022)
    assert raised.value.inspection == first
    assert Inspection.objects.count() == 1


@pytest.mark.django_db
def test_find_duplicate_by_kind_and_start_by_dates_or_by_fingerprint(
    solihull_2022, local_authority, other_local_authority
):
    inspection = inspection_import_apply(
        user=None,
        local_authority=local_authority,
        report=dataclasses.replace(solihull_2022, inspection_start=datetime.date(2022, 11, 1)),
    )

    def find(**changes):
        report = dataclasses.replace(solihull_2022, **changes)
        return inspection_find_duplicate(
            local_authority=local_authority,
            kind=report.kind,
            started_on=report.inspection_start,
            ended_on=report.inspection_end,
            fingerprint=report.fingerprint,
        )

    start = datetime.date(2022, 11, 1)
    assert find(inspection_start=start, fingerprint="") == inspection
    assert find(inspection_start=start, kind="short", fingerprint="") == inspection
    assert find() == inspection  # the dates were corrected at import: the fingerprint knows it
    assert find(fingerprint="") is None
    assert (
        inspection_find_duplicate(
            local_authority=other_local_authority,
            kind="standard",
            started_on=start,
            ended_on=solihull_2022.inspection_end,
            fingerprint=solihull_2022.fingerprint,
        )
        is None
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "short_name", "printed", "expected"),
    [
        ("Solihull Metropolitan Borough Council", "Solihull", "Solihull", True),
        ("Solihull Metropolitan Borough Council", "", "Metropolitan Borough of Solihull", True),
        ("Hull City Council", "Hull", "Kingston upon Hull", True),
        ("Windsor and Maidenhead", "", "Royal Borough of Windsor and Maidenhead", True),
        ("St Helens Council", "", "St. Helens", True),
        ("West Sussex County Council", "West Sussex", "East Sussex", False),
        ("Solihull Metropolitan Borough Council", "Solihull", "Barnsley", False),
        ("Solihull Metropolitan Borough Council", "Solihull", "", True),
    ],
)
def test_report_is_about(name, short_name, printed, expected):
    authority = LocalAuthorityFactory(name=name, short_name=short_name)
    report = ParsedReport(local_authority=printed)
    assert report_is_about(local_authority=authority, report=report) is expected
