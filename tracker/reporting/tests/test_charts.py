import datetime
import xml.etree.ElementTree as ET

import pytest

from tracker.reporting.documents import charts
from tracker.reporting.documents.data import BragPoint
from tracker.reporting.tests.papers.paper_data import count_row, make_board_paper_data


def _size_inches(svg):
    """The SVG's width and height in inches (it is drawn in points)."""
    root = ET.fromstring(svg.encode())  # noqa: S314 (our own output)
    return tuple(float(root.get(side).removesuffix("pt")) / 72 for side in ("width", "height"))


def _texts(svg):
    return "".join(ET.fromstring(svg.encode()).itertext())  # noqa: S314 (our own output)


def test_progress_by_section_is_the_text_width_of_a4():
    data = make_board_paper_data(actions=20, sections=4)

    width, _height = _size_inches(charts.progress_by_section_svg(data.section_rows))

    assert width == pytest.approx(charts.WIDTH_INCHES)


def test_progress_by_section_fits_an_a4_page_for_a_long_plan():
    data = make_board_paper_data(actions=240, sections=80)

    _width, height = _size_inches(charts.progress_by_section_svg(data.section_rows))

    assert height <= 10.1
    assert height == pytest.approx(charts.progress_by_section_layout(80).height_inches)


def test_charts_are_deterministic():
    data = make_board_paper_data(actions=20, sections=4)

    assert charts.progress_by_section_svg(data.section_rows) == charts.progress_by_section_svg(
        data.section_rows
    )
    assert charts.brag_over_time_svg(data.brag_over_time) == charts.brag_over_time_svg(
        data.brag_over_time
    )


def test_svg_is_valid_xml_without_a_date_and_keeps_special_characters():
    data = make_board_paper_data(actions=20, sections=4)

    svg = charts.progress_by_section_svg(data.section_rows)

    root = ET.fromstring(svg.encode())  # noqa: S314 (our own output)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert "<dc:date>" not in svg
    # Text stays text (not glyph outlines), with "<" and "&" escaped.
    assert "reviewed &lt;on time&gt;" in svg
    assert "MASH) &amp; early help" in svg


def test_brag_over_time_svg_labels_its_dates():
    data = make_board_paper_data(actions=20, sections=4, brag_points=6)

    svg = charts.brag_over_time_svg(data.brag_over_time)

    first = data.brag_over_time[0].on
    assert f"{first.day} {first:%b}" in _texts(svg)
    assert _size_inches(svg)[1] == pytest.approx(charts.BRAG_OVER_TIME_INCHES)


def test_progress_by_section_alt_text_states_every_section_and_the_totals():
    rows = [
        count_row("1. Leadership & governance", blue=2, green=3, amber=1, red=1, unrated=0),
        count_row("2. The “front door”", blue=0, green=1, amber=2, red=4, unrated=1),
    ]

    text = charts.progress_by_section_alt_text(rows)

    assert text.startswith("Bar chart of progress by section: 15 actions in 2 sections")
    assert "All sections: 2 Blue, 4 Green, 3 Amber, 5 Red, 1 not rated." in text
    assert "1. Leadership & governance: 7 actions, 2 Blue, 3 Green, 1 Amber, 1 Red" in text
    assert "2. The “front door”: 8 actions, 0 Blue, 1 Green, 2 Amber, 4 Red, 1 not rated." in text


def test_progress_by_section_leaves_out_sections_without_actions():
    rows = [count_row("1. Empty"), count_row("2. Busy", green=1)]

    text = charts.progress_by_section_alt_text(rows)

    assert "1. Empty" not in text
    assert "1 action in 1 section" in text


def test_brag_over_time_alt_text_states_the_counts_at_each_date():
    points = [
        BragPoint(
            on=datetime.date(2026, 1, 12),
            by_brag=(("blue", "Blue", 1), ("green", "Green", 5), ("red", "Red", 2)),
        ),
        BragPoint(
            on=datetime.date(2026, 3, 12),
            by_brag=(("blue", "Blue", 4), ("green", "Green", 4), ("", "Not rated", 1)),
        ),
    ]

    text = charts.brag_over_time_alt_text(points)

    assert "on 2 dates from 12 January 2026 to 12 March 2026" in text
    assert "12 January 2026: 1 Blue, 5 Green, 0 Amber, 2 Red, 0 not rated." in text
    assert "12 March 2026: 4 Blue, 4 Green, 0 Amber, 0 Red, 1 not rated." in text


def test_brag_over_time_alt_text_summarises_a_long_history():
    data = make_board_paper_data(actions=20, sections=4, brag_points=20)

    text = charts.brag_over_time_alt_text(data.brag_over_time)

    assert "on 20 dates" in text
    assert "The first and last three dates:" in text
    assert text.count(": ") == 6 + 1


@pytest.mark.parametrize(
    ("draw", "alt_text", "message", "expected"),
    [
        (
            charts.progress_by_section_svg,
            charts.progress_by_section_alt_text,
            "No actions to show yet",
            "Progress by section: no actions to show yet.",
        ),
        (
            charts.brag_over_time_svg,
            charts.brag_over_time_alt_text,
            "No BRAG ratings recorded yet",
            "BRAG over time: no BRAG ratings recorded yet.",
        ),
    ],
)
def test_charts_handle_no_data(draw, alt_text, message, expected):
    assert _texts(draw(())) == message
    assert alt_text(()) == expected


def test_charts_handle_all_zero_counts():
    rows = [count_row("1. Nothing yet")]
    points = [BragPoint(on=datetime.date(2026, 3, 12), by_brag=(("", "Not rated", 0),))]

    assert charts.progress_by_section_svg(rows).startswith("<?xml")
    assert "Number of actions" in _texts(charts.brag_over_time_svg(points))


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("B", "blue"),
        ("blue", "blue"),
        ("G", "green"),
        ("amber", "amber"),
        ("R", "red"),
        ("", ""),
        ("not rated", ""),
        ("N", ""),
    ],
)
def test_brag_key_accepts_letters_and_values(code, expected):
    assert charts.brag_key(code) == expected


def test_dollar_signs_in_section_titles_are_text_not_mathematics():
    """ "$5m" is money; an unbalanced "$...^$" used to stop the chart being drawn."""
    rows = [
        count_row("1. Save $5m and $2m by 2027", green=2),
        count_row("2. Budget $x^$ gap", red=1),
    ]

    svg = charts.progress_by_section_svg(rows)

    assert "Save $5m and $2m by 2027" in _texts(svg)
    assert "Budget $x^$ gap" in _texts(svg)


def test_brag_ratings_are_told_apart_by_hatching_and_words_as_well_as_colour():
    rows = [count_row("1. All kinds", blue=2, green=3, amber=1, red=4, unrated=2)]

    svg = charts.progress_by_section_svg(rows)

    root = ET.fromstring(svg.encode())  # noqa: S314 (our own output)
    namespace = "{http://www.w3.org/2000/svg}"
    patterns = {p.get("id") for p in root.iter(f"{namespace}pattern")}
    assert patterns == {"hatch-green", "hatch-amber", "hatch-red", "hatch-none"}
    fills = {r.get("fill") for r in root.iter(f"{namespace}rect")}
    assert {f"url(#{pattern})" for pattern in patterns} <= fills
    words = "".join(root.itertext())
    for label in ("Blue (complete)", "Green (on track)", "Amber (at risk)", "Red (off track)"):
        assert label in words
    # The counts are written on the bars.
    assert all(str(count) in words for count in (2, 3, 1, 4))


def test_measure_trend_lines_differ_by_dashes_and_markers_as_well_as_colour():
    data = make_board_paper_data(actions=4, sections=1)
    line = data.scorecard[0]

    svg = charts.measure_trend_svg(line)

    root = ET.fromstring(svg.encode())  # noqa: S314 (our own output)
    namespace = "{http://www.w3.org/2000/svg}"
    dashes = {p.get("stroke-dasharray") for p in root.iter(f"{namespace}polyline")}
    assert {None, "4 2", "1 1.5"} <= dashes
    assert any(True for _ in root.iter(f"{namespace}circle"))
    words = "".join(root.itertext())
    assert "Target" in words and "England average" in words
