"""What a visit pack and the board paper's impact sections read: the focus cut, the gaps and
the scorecard, in a fixed number of queries."""

from __future__ import annotations

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tracker.accounts.tests.factories import LocalAuthorityFactory
from tracker.performance.models import Evidence
from tracker.reporting.models import VisitPack
from tracker.reporting.packs import selectors
from tracker.reporting.tests.packs.pack_world import (
    FINDING,
    OUTCOME,
    UNANSWERED,
    UNMEASURED,
    build_pack_world,
)

pytestmark = pytest.mark.django_db


def _pack(world, *, focus, recommendations=(), themes=()):
    pack = VisitPack.objects.create(
        local_authority=world.plan.local_authority,
        plan=world.plan,
        visit_title="Monitoring visit",
        visit_on=datetime.date(2027, 3, 12),
        focus=focus,
        format="docx",
    )
    pack.recommendations.set(recommendations)
    pack.themes.set(themes)
    return pack


def test_a_recommendation_chapter_holds_its_sections_actions_measures_findings_and_gaps(
    local_authority,
):
    world = build_pack_world(local_authority=local_authority, actions=3)
    pack = _pack(world, focus="recommendations", recommendations=[world.supervision])

    data = selectors.visit_pack_data(pack=pack)

    [chapter] = data.chapters
    assert chapter.heading == "Recommendation 1"
    assert chapter.sections == ("1. Management oversight",)
    assert chapter.outcomes == (OUTCOME,)
    assert [a.reference for a in chapter.actions] == ["1.1", "1.3"]
    [measure] = chapter.measures
    assert (measure.latest_period, measure.latest_value, measure.target) == (
        "October 2026",
        "20.25%",
        "20%",
    )
    assert (measure.rag, measure.rag_word, measure.england) == ("amber", "Amber", "21.4%")
    assert measure.trend == "Better than September 2026"
    assert len(measure.points) == 24
    assert [f.text for f in chapter.findings] == [FINDING]
    assert [e.of for e in chapter.evidence] == ["Audit: Supervision audit"]
    # 1.1 is complete and an audit finding confirms it; 1.3 has nothing behind it.
    assert [(g.kind, g.text) for g in chapter.gaps] == [
        ("Completed action with no evidence", "1.3: Action number 3")
    ]


def test_evidence_on_a_completed_action_closes_its_gap(local_authority):
    world = build_pack_world(local_authority=local_authority, actions=3)
    Evidence.objects.create(
        local_authority=local_authority,
        kind=Evidence.Kind.NOTE,
        title="Supervision policy",
        dated_on=datetime.date(2026, 4, 1),
        action=world.plan.actions.get(reference="1.3"),
    )
    pack = _pack(world, focus="recommendations", recommendations=[world.supervision])

    [chapter] = selectors.visit_pack_data(pack=pack).chapters

    assert chapter.gaps == ()
    assert "Supervision policy" in [e.title for e in chapter.evidence]


def test_a_theme_chapter_and_an_unanswered_recommendation(local_authority):
    world = build_pack_world(local_authority=local_authority, actions=2)
    by_theme = selectors.visit_pack_data(
        pack=_pack(world, focus="themes", themes=[world.workforce])
    )
    [chapter] = by_theme.chapters
    assert chapter.heading == "Workforce"
    assert chapter.measures == ()
    assert ("Outcome no measure shows", f"Section 2, outcome 1: {UNMEASURED}") in [
        (g.kind, g.text) for g in chapter.gaps
    ]
    assert by_theme.focus == "Theme: Workforce"

    unanswered = selectors.visit_pack_data(
        pack=_pack(world, focus="recommendations", recommendations=[world.unanswered])
    )
    [chapter] = unanswered.chapters
    assert chapter.actions == () and chapter.sections == ()
    assert [g.text for g in chapter.gaps] == [
        f"Recommendation 2: {UNANSWERED} ({world.inspection})"
    ]


def test_board_paper_impact_gives_the_scorecard_and_coverage_totals(local_authority):
    world = build_pack_world(local_authority=local_authority, actions=3)

    scorecard, coverage = selectors.board_paper_impact(plan=world.plan)

    assert [(m.reference, m.rag_word) for m in scorecard] == [("CIN-03", "Amber")]
    totals = {kind: (count, of, percent) for kind, count, of, percent in coverage.totals}
    assert totals["Recommendation nothing answers"] == (1, 2, 50)
    assert totals["Outcome no measure shows"] == (1, 2, 50)
    assert totals["Completed action with no evidence"] == (1, 2, 50)
    assert totals["Measure off target"] == (0, 1, 0)
    assert coverage.total == 3


def test_show_value_in_each_unit():
    from decimal import Decimal

    assert selectors.show_value(Decimal("23.50"), "percentage") == "23.5%"
    assert selectors.show_value(Decimal("1"), "days") == "1 day"
    assert selectors.show_value(Decimal("12.00"), "days") == "12 days"
    assert selectors.show_value(Decimal("45.20"), "rate_per_10000") == "45.2 per 10,000"
    assert selectors.show_value(Decimal("1234"), "number") == "1,234"
    assert selectors.show_value(None, "number") == ""


@pytest.mark.parametrize("focus", ["recommendations", "themes"])
def test_pack_data_queries_do_not_grow_with_the_plan(focus):
    counts = []
    for size in (4, 40):
        world = build_pack_world(local_authority=LocalAuthorityFactory(), actions=size)
        pack = _pack(
            world,
            focus=focus,
            recommendations=[world.supervision, world.unanswered],
            themes=[world.practice, world.workforce],
        )
        with CaptureQueriesContext(connection) as queries:
            selectors.visit_pack_data(pack=pack)
        counts.append(len(queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 50
