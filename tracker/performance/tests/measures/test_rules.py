"""The target and tolerance rule (`tracker.performance.rules.rag_against_target`) and the
trend rule (`tracker.performance.measures.rules.trend_against_previous`)."""

from decimal import Decimal

import pytest

from tracker.performance.measures.rules import Trend, trend_against_previous
from tracker.performance.rules import Rag, rag_against_target

D = Decimal


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("25"), Rag.GREEN),  # better than target
        (D("20"), Rag.GREEN),  # exactly on target
        (D("19"), Rag.AMBER),  # worse, within tolerance
        (D("18"), Rag.AMBER),  # exactly on the tolerance boundary
        (D("17.99"), Rag.RED),  # just beyond the tolerance
        (D("0"), Rag.RED),
    ],
)
def test_rag_when_higher_is_better(value, expected):
    rag = rag_against_target(value=value, target=D("20"), tolerance=D("2"), direction="higher")
    assert rag == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (D("15"), Rag.GREEN),  # better (lower) than target
        (D("20"), Rag.GREEN),  # exactly on target
        (D("21.5"), Rag.AMBER),
        (D("22"), Rag.AMBER),  # exactly on the tolerance boundary
        (D("22.01"), Rag.RED),
        (D("100"), Rag.RED),
    ],
)
def test_rag_when_lower_is_better(value, expected):
    rag = rag_against_target(value=value, target=D("20"), tolerance=D("2"), direction="lower")
    assert rag == expected


@pytest.mark.parametrize("direction", ["higher", "lower"])
def test_rag_with_no_tolerance_is_red_for_any_shortfall(direction):
    worse = D("19.99") if direction == "higher" else D("20.01")

    assert (
        rag_against_target(value=worse, target=D("20"), tolerance=D("0"), direction=direction)
        == Rag.RED
    )
    assert (
        rag_against_target(value=D("20"), target=D("20"), tolerance=D("0"), direction=direction)
        == Rag.GREEN
    )


@pytest.mark.parametrize("direction", ["higher", "lower"])
def test_rag_with_no_target_is_not_rated(direction):
    assert (
        rag_against_target(value=D("20"), target=None, tolerance=D("2"), direction=direction) == ""
    )


@pytest.mark.parametrize("direction", ["higher", "lower"])
def test_rag_with_no_value_is_not_rated(direction):
    assert (
        rag_against_target(value=None, target=D("20"), tolerance=D("2"), direction=direction) == ""
    )


def test_rag_word_names_not_rated():
    assert Rag.word("") == "Not rated"
    assert Rag.word(Rag.AMBER) == "Amber"


@pytest.mark.parametrize(
    ("direction", "latest", "previous", "expected"),
    [
        ("higher", D("80"), D("75"), Trend.BETTER),
        ("higher", D("70"), D("75"), Trend.WORSE),
        ("lower", D("18"), D("20"), Trend.BETTER),
        ("lower", D("22"), D("20"), Trend.WORSE),
        ("higher", D("75"), D("75.00"), Trend.SAME),
        ("lower", D("20"), D("20"), Trend.SAME),
    ],
)
def test_trend_follows_the_measures_direction(direction, latest, previous, expected):
    assert trend_against_previous(latest=latest, previous=previous, direction=direction) == expected


@pytest.mark.parametrize(("latest", "previous"), [(None, D("20")), (D("20"), None), (None, None)])
def test_trend_needs_both_values(latest, previous):
    assert trend_against_previous(latest=latest, previous=previous, direction="higher") == ""
    assert Trend.word("") == "No earlier value"
    assert Trend.word(Trend.WORSE) == "Worse"
