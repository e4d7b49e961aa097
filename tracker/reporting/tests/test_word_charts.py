"""The Word documents' charts are native Word charts: a chart part per figure, drawn by Word
and LibreOffice from the values cached in it, meaning what the PDF's SVG charts mean."""

import dataclasses
import datetime
import io
import zipfile

import pytest
from docx import Document
from docx.enum.shape import WD_INLINE_SHAPE
from lxml import etree

from tracker.reporting.documents import charts, word_charts
from tracker.reporting.documents.data import (
    BragPoint,
    PackChapter,
    TrendPoint,
    VisitPackData,
)
from tracker.reporting.documents.word import build_visit_pack_word, build_word
from tracker.reporting.tests.papers.paper_data import SCORECARD, count_row, make_board_paper_data

C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
NS = {"c": C, "a": A, "r": R}
CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
CHART_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/chart"
HOSTILE = "<script>alert(1)</script> & \"quoted\" 'single'"
BRAG_NAMES = ["Blue (complete)", "Green (on track)", "Amber (at risk)", "Red (off track)"]
BRAG_NAMES.append("Not rated")


def _parse(xml):
    return etree.fromstring(xml.encode() if isinstance(xml, str) else xml)


def _chart_parts(content):
    """The package's chart parts in the order the body shows them, each as (part name,
    parsed XML), after checking each one's relationship and content type."""
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        types = etree.fromstring(package.read("[Content_Types].xml"))
        relationships = etree.fromstring(package.read("word/_rels/document.xml.rels"))
        body = etree.fromstring(package.read("word/document.xml"))
        overrides = {e.get("PartName"): e.get("ContentType") for e in types if e.get("PartName")}
        targets = {e.get("Id"): (e.get("Type"), e.get("Target")) for e in relationships}
        parts = []
        for frame in body.iter(f"{{{A}}}graphicData"):
            assert frame.get("uri") == C
            (reference,) = frame.findall("c:chart", NS)
            kind, target = targets[reference.get(f"{{{R}}}id")]
            assert kind == CHART_RELATIONSHIP
            name = f"word/{target}"
            assert overrides[f"/{name}"] == CHART_TYPE
            parts.append((name, etree.fromstring(package.read(name))))
        names = package.namelist()
    assert sorted(n for n in names if n.startswith("word/charts/")) == sorted(n for n, _ in parts)
    return parts


def _series(chart):
    """Each series as (name, categories, values): the cached text and numbers, a missing
    value as None."""
    out = []
    for series in chart.iter(f"{{{C}}}ser"):
        name = series.findtext("c:tx//c:v", namespaces=NS)
        categories = [v.text for v in series.findall("c:cat//c:pt/c:v", NS)]
        count = int(series.find("c:val//c:ptCount", NS).get("val"))
        values = [None] * count
        for point in series.findall("c:val//c:pt", NS):
            values[int(point.get("idx"))] = float(point.findtext("c:v", namespaces=NS))
        out.append((name, categories, values))
    return out


def _fill(series):
    """A series' fill: ("solid", colour) or (preset, foreground, background)."""
    properties = series.find("c:spPr", NS)
    solid = properties.find("a:solidFill/a:srgbClr", NS)
    if solid is not None:
        return ("solid", solid.get("val"))
    pattern = properties.find("a:pattFill", NS)
    return (
        pattern.get("prst"),
        pattern.find("a:fgClr/a:srgbClr", NS).get("val"),
        pattern.find("a:bgClr/a:srgbClr", NS).get("val"),
    )


@pytest.fixture(scope="module")
def data():
    return make_board_paper_data(actions=20, sections=4, brag_points=6)


@pytest.fixture(scope="module")
def content(data):
    return build_word(data)


def test_board_paper_has_a_chart_part_per_figure_shown_inline_with_its_alt_text(content):
    parts = _chart_parts(content)

    assert [name for name, _ in parts] == ["word/charts/chart1.xml", "word/charts/chart2.xml"]
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        names = package.namelist()
    # Nothing rasterised and no SVG any more.
    assert not [n for n in names if n.endswith((".png", ".svg"))]
    document = Document(io.BytesIO(content))
    shapes = document.inline_shapes
    assert [shape.type for shape in shapes] == [WD_INLINE_SHAPE.CHART] * 2
    assert [shape._inline.docPr.get("title") for shape in shapes] == [
        "Figure 1: Progress by section (actions by BRAG rating)",
        "Figure 2: BRAG ratings over time",
    ]
    assert (
        shapes[0]
        ._inline.docPr.get("descr")
        .startswith("Bar chart of progress by section: 20 actions in 4 sections")
    )
    assert shapes[0].width == round(charts.WIDTH_INCHES * 914400)
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert "Figure 2: BRAG ratings over time" in captions


def test_progress_by_section_is_a_stacked_horizontal_bar_of_each_sections_counts(data, content):
    chart = _chart_parts(content)[0][1]

    bar = chart.find(".//c:barChart", NS)
    assert bar.find("c:barDir", NS).get("val") == "bar"
    assert bar.find("c:grouping", NS).get("val") == "stacked"
    assert bar.find("c:overlap", NS).get("val") == "100"
    series = _series(chart)
    assert [name for name, _, _ in series] == BRAG_NAMES
    rows = [row for row in data.section_rows if row.total]
    for index, (_name, categories, values) in enumerate(series):
        key = charts.BRAG_KEYS[index]
        assert categories == [row.label for row in rows]
        assert values == [charts.brag_counts(row.by_brag)[key] for row in rows]
    # A section's counts read across the series add up to its actions.
    first = rows[0]
    assert sum(values[0] for _, _, values in series) == first.total
    # The first section at the top, the value axis still at the foot, with its title.
    assert chart.find(".//c:catAx/c:scaling/c:orientation", NS).get("val") == "maxMin"
    assert chart.find(".//c:valAx/c:crosses", NS).get("val") == "max"
    assert chart.find(".//c:valAx/c:axPos", NS).get("val") == "b"
    assert chart.findtext(".//c:valAx/c:title//a:t", namespaces=NS) == "Number of actions"
    assert chart.find(".//c:legend/c:legendPos", NS).get("val") == "b"
    assert chart.find("c:lang", NS).get("val") == "en-GB"
    # No embedded workbook: Word draws the chart from the cached values.
    assert chart.find("c:externalData", NS) is None


def test_brag_ratings_have_the_svg_colours_and_hatching_as_pattern_fills(content):
    chart = _chart_parts(content)[0][1]

    fills = [_fill(series) for series in chart.iter(f"{{{C}}}ser")]

    assert fills == [
        ("solid", "1D70B8"),
        ("dkUpDiag", "85C9A5", "00703C"),
        ("dkHorz", "B88000", "FFBF47"),
        ("diagCross", "F3A597", "D4351C"),
        ("dkDnDiag", "505A5F", "B1B4B6"),
    ]
    for key, fill in zip(charts.BRAG_KEYS, fills, strict=True):
        style = charts.BRAG_STYLES[key]
        assert fill[-1] == style.colour.lstrip("#").upper()
        assert (len(fill) == 3) is bool(style.hatch)


def test_counts_are_written_on_segments_big_enough_to_read_as_in_the_svg():
    rows = [count_row("1. Big", blue=40, green=1, amber=0, red=5), count_row("2. Small", red=2)]

    chart = _parse(word_charts.progress_by_section_chart(rows).xml)

    hidden = {}
    for index, series in enumerate(chart.iter(f"{{{C}}}ser")):
        labels = series.find("c:dLbls", NS)
        assert labels.find("c:showVal", NS).get("val") == "1"
        hidden[charts.BRAG_KEYS[index]] = [
            int(label.find("c:idx", NS).get("val")) for label in labels.findall("c:dLbl", NS)
        ]
    # Under 4% of the longest bar (46) or nothing at all: no count written.
    assert hidden == {"blue": [1], "green": [0, 1], "amber": [0, 1], "red": [], "": [0, 1]}


def test_a_long_plan_has_no_counts_on_the_bars_and_smaller_labels():
    rows = [count_row(f"{n}. Section", green=n % 3 + 1) for n in range(1, 61)]

    chart = word_charts.progress_by_section_chart(rows)

    root = _parse(chart.xml)
    assert root.find(".//c:dLbls", NS) is None
    size = int(root.find(".//c:catAx/c:txPr//a:defRPr", NS).get("sz"))
    assert size < charts.FONT_SIZE * 100
    assert chart.height_inches == charts.progress_by_section_layout(60).height_inches
    assert len(_series(root)[0][1]) == 60


def test_brag_over_time_is_stacked_columns_of_the_counts_at_each_date(data, content):
    chart = _chart_parts(content)[1][1]

    bar = chart.find(".//c:barChart", NS)
    assert bar.find("c:barDir", NS).get("val") == "col"
    assert bar.find("c:grouping", NS).get("val") == "stacked"
    series = _series(chart)
    assert [name for name, _, _ in series] == BRAG_NAMES
    first = data.brag_over_time[0]
    assert series[0][1][0] == f"{first.on.day} {first.on:%b %Y}"
    for index, (_name, categories, values) in enumerate(series):
        assert len(categories) == len(data.brag_over_time)
        key = charts.BRAG_KEYS[index]
        assert values == [charts.brag_counts(p.by_brag)[key] for p in data.brag_over_time]


def test_hostile_section_titles_are_escaped_and_the_document_still_opens(data):
    row = dataclasses.replace(data.section_rows[0], label=f"1. {HOSTILE}")
    hostile = dataclasses.replace(data, section_rows=(row, *data.section_rows[1:]))

    content = build_word(hostile)

    chart = _chart_parts(content)[0][1]
    assert _series(chart)[0][1][0] == f"1. {HOSTILE}"
    with zipfile.ZipFile(io.BytesIO(content)) as package:
        raw = package.read("word/charts/chart1.xml").decode()
    assert "<script>" not in raw
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; " in raw
    assert len(Document(io.BytesIO(content)).inline_shapes) == 2


def test_charts_are_deterministic(data):
    first = [etree.tostring(part) for _, part in _chart_parts(build_word(data))]
    second = [etree.tostring(part) for _, part in _chart_parts(build_word(data))]

    assert first == second
    assert word_charts.progress_by_section_chart(data.section_rows) == (
        word_charts.progress_by_section_chart(data.section_rows)
    )


def test_nothing_to_chart_gives_the_svg_message_instead_of_a_chart():
    assert word_charts.progress_by_section_chart([count_row("1. Empty")]) == word_charts.WordChart(
        message="No actions to show yet"
    )
    assert word_charts.brag_over_time_chart(()).message == "No BRAG ratings recorded yet"
    assert word_charts.measure_trend_chart(SCORECARD[1]).message == "No values recorded yet"
    assert word_charts.measure_trend_chart(SCORECARD[1]).xml == ""


def test_brag_over_time_with_only_zero_counts_is_an_empty_chart_without_labels():
    points = [BragPoint(on=datetime.date(2026, 3, 12), by_brag=(("", "Not rated", 0),))]

    chart = _parse(word_charts.brag_over_time_chart(points).xml)

    assert [values for _, _, values in _series(chart)] == [[0.0]] * 5
    assert len(chart.findall(".//c:dLbl/c:delete", NS)) == 5


# The monitoring visit pack's measure trends --------------------------------------------------


def _pack(*measures):
    chapter = PackChapter(
        heading="Recommendation 1",
        recommendations=("1. Improve supervision",),
        sections=(),
        outcomes=(),
        actions=(),
        measures=measures,
        findings=(),
        evidence=(),
        gaps=(),
    )
    return VisitPackData(
        local_authority="Solihull Metropolitan Borough Council",
        plan_title="Improvement plan",
        title="Monitoring visit pack",
        visit="Third monitoring visit, 12 March 2027",
        visit_on=datetime.date(2027, 3, 12),
        focus="Recommendation 1",
        generated_at=datetime.datetime(2027, 3, 1, 9, 30, tzinfo=datetime.UTC),
        chapters=(chapter,),
    )


def test_visit_pack_measure_trend_is_a_line_chart_of_value_target_and_england():
    measure = SCORECARD[0]
    patchy = dataclasses.replace(
        measure,
        reference="CIN-04",
        name=f"Repeat plans {HOSTILE}",
        points=(
            TrendPoint(datetime.date(2026, 1, 31), "January 2026", 12.5, None, 11.0),
            TrendPoint(datetime.date(2026, 2, 28), "February 2026", 13.0, 10.0, None),
            TrendPoint(datetime.date(2026, 3, 31), "March 2026", 9.75, 10.0, 11.0),
        ),
    )

    content = build_visit_pack_word(_pack(measure, patchy))

    parts = _chart_parts(content)
    assert len(parts) == 2
    chart = parts[0][1]
    assert chart.find(".//c:lineChart", NS) is not None
    assert _series(chart) == [
        ("Re-referrals within 12 months", ["Jan 2026", "Feb 2026"], [22.0, 23.5]),
        ("Target", ["Jan 2026", "Feb 2026"], [20.0, 20.0]),
        ("England average", ["Jan 2026", "Feb 2026"], [21.4, 21.4]),
    ]
    lines = chart.findall(".//c:ser", NS)
    assert [line.find("c:spPr/a:ln/a:prstDash", NS).get("val") for line in lines] == [
        "solid",
        "dash",
        "sysDot",
    ]
    assert [line.find("c:marker/c:symbol", NS).get("val") for line in lines] == [
        "circle",
        "none",
        "square",
    ]
    assert chart.findtext(".//c:valAx/c:title//a:t", namespaces=NS) == "Percentage"
    # Missing targets and averages are gaps, not zeros.
    assert [values for _, _, values in _series(parts[1][1])] == [
        [12.5, 13.0, 9.75],
        [None, 10.0, 10.0],
        [11.0, None, 11.0],
    ]
    assert _series(parts[1][1])[0][0] == f"Repeat plans {HOSTILE}"
    document = Document(io.BytesIO(content))
    docpr = [shape._inline.docPr for shape in document.inline_shapes]
    assert docpr[0].get("title") == "Figure 1: Trend of CIN-03 Re-referrals within 12 months"
    assert docpr[0].get("descr").startswith("Line chart of CIN-03 Re-referrals within 12 months")
    assert docpr[1].get("title") == f"Figure 2: Trend of CIN-04 Repeat plans {HOSTILE}"


def test_visit_pack_measure_without_values_says_so_in_place_of_its_chart():
    content = build_visit_pack_word(_pack(SCORECARD[1], SCORECARD[0]))

    assert len(_chart_parts(content)) == 1
    document = Document(io.BytesIO(content))
    texts = [p.text for p in document.paragraphs]
    message = texts.index("No values recorded yet.")
    assert texts[message + 1] == "Figure 1: Trend of WF-01 Social worker vacancy rate"
    assert "Figure 2: Trend of CIN-03 Re-referrals within 12 months" in texts
    assert [s._inline.docPr.get("title") for s in document.inline_shapes] == [
        "Figure 2: Trend of CIN-03 Re-referrals within 12 months"
    ]


def test_measure_trend_scale_starts_and_ends_on_a_step_and_not_below_zero():
    measure = dataclasses.replace(
        SCORECARD[0],
        points=(
            TrendPoint(datetime.date(2026, 1, 31), "January 2026", 0.0, None, None),
            TrendPoint(datetime.date(2026, 2, 28), "February 2026", 3.0, None, None),
        ),
    )

    chart = _parse(word_charts.measure_trend_chart(measure).xml)

    scaling = chart.find(".//c:valAx/c:scaling", NS)
    low = float(scaling.find("c:min", NS).get("val"))
    high = float(scaling.find("c:max", NS).get("val"))
    step = float(chart.find(".//c:valAx/c:majorUnit", NS).get("val"))
    assert low == 0
    assert high >= 3
    assert (high / step).is_integer()
    # No target or England average: only the measure's own line.
    assert [name for name, _, _ in _series(chart)] == ["Re-referrals within 12 months"]
