"""Holding a report in the national record, and loading statistical neighbours."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from tracker.inspections.imports.ofsted_report import ParsedJudgement, ParsedReport
from tracker.inspections.national.models import NationalAuthority, StatisticalNeighbour
from tracker.inspections.national.services import (
    AlreadyHeldError,
    NeighbourRow,
    published_report_hold,
    statistical_neighbours_load,
)
from tracker.inspections.tests.national.factories import national_authority

pytestmark = pytest.mark.django_db


def _report(name: str = "Leeds City Council", **changes) -> ParsedReport:
    report = ParsedReport(
        local_authority=name,
        framework="ILACS",
        kind="short",
        inspection_start=datetime.date(2024, 5, 13),
        inspection_end=datetime.date(2024, 5, 17),
        judgements=[
            ParsedJudgement(area=area, grade="good", text="Good")
            for area in (
                "impact_of_leaders",
                "help_and_protection",
                "children_in_care",
                "care_leavers",
                "overall",
            )
        ],
        fingerprint="f" * 64,
    )
    for key, value in changes.items():
        setattr(report, key, value)
    return report


def test_published_report_hold_adds_the_authority_from_the_register():
    held = published_report_hold(report=_report(), source_name="leeds.pdf")
    assert held.national_authority.name == "Leeds"
    assert held.national_authority.region == "Yorkshire and the Humber"
    assert held.overall_grade == "good"
    assert held.history.count() == 1
    assert held.judgements.first().history.count() == 1


def test_published_report_hold_refuses_a_report_held_already():
    published_report_hold(report=_report(), source_name="leeds.pdf")
    # The same inspection, read from another copy whose text differs.
    with pytest.raises(AlreadyHeldError, match="Already held: the report on Leeds of 13 May 2024"):
        published_report_hold(report=_report(fingerprint="e" * 64), source_name="copy.pdf")


def test_published_report_hold_refuses_an_authority_not_in_england():
    with pytest.raises(ValidationError) as caught:
        published_report_hold(report=_report("Cardiff Council"), source_name="cardiff.pdf")
    assert caught.value.messages == [
        "The report names “Cardiff Council”, which is not an English local authority this "
        "service knows"
    ]
    assert NationalAuthority.objects.count() == 0


def test_published_report_hold_refuses_a_report_without_what_the_picture_needs():
    report = _report(inspection_start=None, judgements=[])
    with pytest.raises(ValidationError) as caught:
        published_report_hold(report=report, source_name="leeds.pdf")
    assert "Enter the date the inspection started" in caught.value.messages
    assert "Select a grade for “Overall effectiveness”" in caught.value.messages
    assert NationalAuthority.objects.count() == 0


def _rows(*lines: tuple[str, str, str]) -> list[NeighbourRow]:
    return [NeighbourRow(index + 2, *line) for index, line in enumerate(lines)]


def test_statistical_neighbours_load_replaces_the_lists_it_names():
    solihull = national_authority("Solihull")
    leeds = national_authority("Leeds")
    statistical_neighbours_load(rows=_rows(("Leeds", "Solihull", "1")))
    loaded = statistical_neighbours_load(
        rows=_rows(
            ("Solihull Metropolitan Borough Council", "Coventry", "2"),
            ("Solihull", "Stockport", "1"),
        )
    )
    assert (loaded.authorities, loaded.neighbours) == (1, 2)
    assert [(n.neighbour.name, n.rank) for n in solihull.neighbour_links.all()] == [
        ("Stockport", 1),
        ("Coventry", 2),
    ]
    # Leeds's list is kept; Coventry and Stockport were added from the register.
    assert [n.neighbour.name for n in leeds.neighbour_links.all()] == ["Solihull"]
    assert NationalAuthority.objects.get(name="Stockport").region == "North West"


def test_statistical_neighbours_load_lists_every_problem_and_saves_nothing():
    national_authority("Solihull")
    with pytest.raises(ValidationError) as caught:
        statistical_neighbours_load(
            rows=_rows(
                ("Solihull", "Coventry", "1"),
                ("Solihull", "Atlantis", "2"),
                ("Solihull", "Solihull", "3"),
                ("Solihull", "Coventry", "4"),
                ("Solihull", "Dudley", "1"),
                ("Solihull", "Walsall", "first"),
            )
        )
    assert caught.value.messages == [
        "Line 3: “Atlantis” is not an English local authority",
        "Line 4: Solihull cannot be its own neighbour",
        "Line 5: Coventry is already a neighbour of Solihull",
        "Line 6: Solihull already has a neighbour ranked 1",
        "Line 7: the rank must be a whole number, 1 or more",
    ]
    assert StatisticalNeighbour.objects.count() == 0
    assert NationalAuthority.objects.count() == 1


def test_statistical_neighbours_load_refuses_an_empty_list():
    with pytest.raises(ValidationError, match="The list is empty"):
        statistical_neighbours_load(rows=[])


def test_the_national_record_moves_its_own_data_version_and_no_authoritys(local_authority):
    """An import of every report would otherwise make every council's kept pages stale; the
    national picture, which shows the record, reads the record's own version."""
    from tracker.core import data_version

    ours = data_version.current(local_authority_id=local_authority.pk)
    national = data_version.current(local_authority_id=None, scopes=[data_version.NATIONAL])
    solihull = national_authority("Solihull")
    national_authority("Coventry")
    statistical_neighbours_load(rows=_rows(("Solihull", "Coventry", "1")))
    assert data_version.current(local_authority_id=local_authority.pk) == ours
    moved = data_version.current(local_authority_id=None, scopes=[data_version.NATIONAL])
    assert moved != national
    solihull.region = "West Midlands"
    solihull.save()
    assert data_version.current(local_authority_id=None, scopes=[data_version.NATIONAL]) != moved
    assert data_version.current(local_authority_id=local_authority.pk) == ours
