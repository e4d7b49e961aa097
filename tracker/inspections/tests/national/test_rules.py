"""Rules of the national picture: which authority a report names, and the next inspection."""

from __future__ import annotations

import datetime

import pytest

from tracker.inspections.national.register import AUTHORITIES, REGIONS
from tracker.inspections.national.rules import (
    name_words,
    next_inspection_predicted,
    registered_authority_for,
)

TODAY = datetime.date(2026, 12, 7)


@pytest.mark.parametrize(
    ("printed", "authority"),
    [
        ("Solihull Metropolitan Borough Council", "Solihull"),
        ("Metropolitan Borough of Solihull", "Solihull"),
        ("Sunderland City Council", "Sunderland"),
        ("London Borough of Barnet", "Barnet"),
        ("Royal Borough of Kensington and Chelsea", "Kensington and Chelsea"),
        ("North Lincolnshire Council", "North Lincolnshire"),
        ("Lincolnshire County Council", "Lincolnshire"),
        ("Kingston upon Hull City Council", "Kingston upon Hull"),
        ("Hull City Council", "Kingston upon Hull"),
        ("Royal Borough of Kingston upon Thames", "Kingston upon Thames"),
        ("Brighton & Hove City Council", "Brighton and Hove"),
        ("St. Helens Council", "St Helens"),
        ("Durham County Council", "Durham"),
        ("Council of the Isles of Scilly", "Isles of Scilly"),
        ("City of London Corporation", "City of London"),
        ("North Northamptonshire Council", "North Northamptonshire"),
    ],
)
def test_registered_authority_for_the_names_reports_print(printed, authority):
    found = registered_authority_for(printed)
    assert found is not None
    assert found.name == authority


@pytest.mark.parametrize("printed", ["", "Council", "Atlantis Borough Council", "Tyneside"])
def test_registered_authority_for_a_name_of_no_authority(printed):
    assert registered_authority_for(printed) is None


def test_register_names_each_authority_once_in_a_region():
    names = [a.name for a in AUTHORITIES]
    assert len(names) == len(set(names))
    assert {a.region for a in AUTHORITIES} == set(REGIONS)
    # Every name is told from every other by its words.
    assert len({name_words(name) for name in names}) == len(names)
    # England's 153 authorities, and Cumbria and Northamptonshire, whose reports stay on record.
    assert len(names) == 155


def test_next_inspection_after_inadequate_is_a_reinspection_about_two_and_a_half_years_on():
    predicted = next_inspection_predicted(
        grade="inadequate",
        ended_on=datetime.date(2022, 11, 11),
        published_on=datetime.date(2023, 1, 13),
        today=TODAY,
    )
    assert predicted is not None
    assert predicted.earliest == datetime.date(2025, 4, 13)
    assert predicted.latest == datetime.date(2025, 10, 13)
    assert predicted.is_overdue is True
    assert predicted.name == "Re-inspection (standard inspection)"


def test_next_inspection_after_inadequate_without_a_publication_date():
    predicted = next_inspection_predicted(
        grade="inadequate", ended_on=datetime.date(2025, 6, 6), published_on=None, today=TODAY
    )
    assert predicted is not None
    assert (predicted.earliest, predicted.latest) == (
        datetime.date(2027, 9, 6),
        datetime.date(2028, 3, 6),
    )
    assert predicted.is_overdue is False


@pytest.mark.parametrize(
    ("grade", "name"),
    [
        ("outstanding", "Next inspection (short inspection)"),
        ("good", "Next inspection (short inspection)"),
        ("requires_improvement", "Next inspection (standard inspection)"),
    ],
)
def test_next_inspection_on_the_three_year_cycle(grade, name):
    predicted = next_inspection_predicted(
        grade=grade, ended_on=datetime.date(2024, 3, 15), published_on=None, today=TODAY
    )
    assert predicted is not None
    assert predicted.name == name
    assert (predicted.earliest, predicted.latest) == (
        datetime.date(2026, 9, 15),
        datetime.date(2027, 9, 15),
    )
    assert predicted.is_overdue is False


def test_no_next_inspection_without_a_grade():
    assert (
        next_inspection_predicted(
            grade="", ended_on=datetime.date(2024, 3, 15), published_on=None, today=TODAY
        )
        is None
    )
