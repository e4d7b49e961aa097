"""The Word documents' charts as native Word charts: a DrawingML chart part (`c:chartSpace`)
for each figure, written as XML text from the chart's numbers.

Word and LibreOffice draw a native chart from the values cached in the part
(`c:strCache`, `c:numCache`), so nothing is rasterised: the PNG fallback that Typst drew for
the embedded SVG cost 22-40 ms a paper, more than the rest of the charts' share of the build
(decision 0021). An officer can also restyle a native chart in Word. There is no embedded
workbook, so Word's "Edit data" is not available; the figures' numbers are in the paper's
tables and in each chart's alternative text.

The charts mean what the PDF's SVG charts (`charts.py`) mean, with the same colours, series
and scales: "Progress by section" is a stacked horizontal bar chart, "BRAG over time" a
stacked column chart, one series per BRAG rating in the order Blue, Green, Amber, Red, Not
rated, each with its hatching as a DrawingML pattern fill (so ratings are never told apart by
colour alone) and its counts written on the bars where the SVG writes them; a measure's trend
is a line chart of its values (a solid line with round markers), its target (dashed) and the
England average (dotted, square markers). Word joins the targets with a straight dashed line
where the SVG draws a step at each change. A chart with nothing to draw is a message instead,
the one the SVG shows.

Users' text is escaped for XML (section titles are category labels, a measure's name a series
name). Output is deterministic: the same data gives the same text.
"""

from __future__ import annotations

import datetime
import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from tracker.reporting.documents import charts
from tracker.reporting.documents.data import (
    BoardPaperData,
    BragPoint,
    CountRow,
    MeasureLine,
    StatementOfActionData,
    VisitPackData,
)
from tracker.reporting.documents.outline import Block, clean_text

__all__ = [
    "WordChart",
    "brag_over_time_chart",
    "measure_trend_chart",
    "progress_by_section_chart",
    "word_chart",
]

Data = BoardPaperData | VisitPackData | StatementOfActionData

EMU_PER_INCH = 914400
_EMU_PER_POINT = 12700
_FONT = "Arial"
# The SVG's hatching as DrawingML preset patterns: the pattern's lines in the hatch colour
# (foreground) over the rating's colour (background).
_PATTERNS = {"/": "dkUpDiag", "\\": "dkDnDiag", "-": "dkHorz", "x": "diagCross"}
# A measure's lines as DrawingML dashes and markers (the SVG's `charts.TREND_SERIES`).
_DASHES = {"value": "solid", "target": "dash", "england": "sysDot"}
_MARKER_SIZES = {"circle": 5, "square": 4}
# Axis ids: any numbers, unique within a chart.
_CATEGORY_AXIS = 1001
_VALUE_AXIS = 1002

_HEAD = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
    'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<c:date1904 val="0"/><c:lang val="en-GB"/><c:roundedCorners val="0"/>'
    '<c:chart><c:autoTitleDeleted val="1"/><c:plotArea><c:layout/>'
)


@dataclass(frozen=True)
class WordChart:
    """A figure's native chart: its part's XML and height, or, when there is nothing to
    chart, no XML and the message that stands in its place."""

    xml: str = ""
    height_inches: float = 0.0
    message: str = ""

    @property
    def width_emu(self) -> int:
        return round(charts.WIDTH_INCHES * EMU_PER_INCH)

    @property
    def height_emu(self) -> int:
        return round(self.height_inches * EMU_PER_INCH)


def word_chart(block: Block, data: Data) -> WordChart:
    """The native chart of a figure block, as `pdf.chart_svg` gives its SVG."""
    if block.chart == "measure_trend" and block.measure is not None:
        return measure_trend_chart(block.measure)
    if not isinstance(data, BoardPaperData):
        raise ValueError(f"No chart {block.chart!r} in this document")
    if block.chart == "progress_by_section":
        return progress_by_section_chart(data.section_rows)
    if block.chart == "brag_over_time":
        return brag_over_time_chart(data.brag_over_time)
    raise ValueError(f"No chart {block.chart!r} in this document")


# DrawingML pieces -----------------------------------------------------------------------------


def _colour(value: str) -> str:
    return value.lstrip("#").upper()


def _solid(colour: str) -> str:
    return f'<a:solidFill><a:srgbClr val="{_colour(colour)}"/></a:solidFill>'


def _line(colour: str, width_points: float, dash: str = "solid") -> str:
    width = round(width_points * _EMU_PER_POINT)
    return f'<a:ln w="{width}">{_solid(colour)}<a:prstDash val="{dash}"/></a:ln>'


def _text(size: float, colour: str = charts.INK, *, rotate: bool = False) -> str:
    """A `c:txPr`: Arial, not bold, at `size` points, in `colour`."""
    body = '<a:bodyPr rot="-5400000" vert="horz"/>' if rotate else "<a:bodyPr/>"
    return (
        f"<c:txPr>{body}<a:lstStyle/><a:p><a:pPr>"
        f'<a:defRPr sz="{round(size * 100)}" b="0">{_solid(colour)}'
        f'<a:latin typeface="{_FONT}"/></a:defRPr>'
        '</a:pPr><a:endParaRPr lang="en-GB"/></a:p></c:txPr>'
    )


def _axis_title(text: str, *, rotate: bool) -> str:
    body = '<a:bodyPr rot="-5400000" vert="horz"/>' if rotate else "<a:bodyPr/>"
    size = charts.FONT_SIZE * 100
    return (
        f"<c:title><c:tx><c:rich>{body}<a:lstStyle/><a:p>"
        f'<a:pPr><a:defRPr sz="{size}" b="0"/></a:pPr>'
        f'<a:r><a:rPr lang="en-GB" sz="{size}" b="0">{_solid(charts.INK)}'
        f'<a:latin typeface="{_FONT}"/></a:rPr><a:t>{escape(clean_text(text))}</a:t></a:r>'
        '</a:p></c:rich></c:tx><c:overlay val="0"/></c:title>'
    )


def _column(index: int) -> str:
    """The worksheet column of series `index` (A holds the categories)."""
    return chr(ord("B") + index)


def _string_reference(reference: str, values: Sequence[str]) -> str:
    points = "".join(
        f'<c:pt idx="{i}"><c:v>{escape(clean_text(v))}</c:v></c:pt>' for i, v in enumerate(values)
    )
    return (
        f"<c:strRef><c:f>{reference}</c:f><c:strCache>"
        f'<c:ptCount val="{len(values)}"/>{points}</c:strCache></c:strRef>'
    )


def _number(value: float) -> str:
    """A cached value: integers as integers, other numbers as Python writes them (the
    shortest text that reads back as the same number)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _number_reference(reference: str, values: Sequence[float | None]) -> str:
    """Cached numbers; a missing value (None) has no point, which the chart leaves as a gap."""
    points = "".join(
        f'<c:pt idx="{i}"><c:v>{_number(v)}</c:v></c:pt>'
        for i, v in enumerate(values)
        if v is not None
    )
    return (
        f"<c:numRef><c:f>{reference}</c:f><c:numCache><c:formatCode>General</c:formatCode>"
        f'<c:ptCount val="{len(values)}"/>{points}</c:numCache></c:numRef>'
    )


def _series_data(index: int, name: str, categories: Sequence[str]) -> tuple[str, str]:
    """A series' name (`c:tx`) and categories (`c:cat`), referring to where a workbook
    would hold them, with their cached values."""
    rows = len(categories) + 1
    name_xml = f"<c:tx>{_string_reference(f'Sheet1!${_column(index)}$1', [name])}</c:tx>"
    categories_xml = f"<c:cat>{_string_reference(f'Sheet1!$A$2:$A${rows}', categories)}</c:cat>"
    return name_xml, categories_xml


def _values(index: int, values: Sequence[float | None]) -> str:
    column = _column(index)
    reference = f"Sheet1!${column}$2:${column}${len(values) + 1}"
    return f"<c:val>{_number_reference(reference, values)}</c:val>"


def _brag_fill(key: str) -> str:
    """The rating's colour, with its hatching over it as a pattern, and a white edge between
    segments (as the SVG draws them)."""
    style = charts.BRAG_STYLES[key]
    if style.hatch:
        fill = (
            f'<a:pattFill prst="{_PATTERNS[style.hatch]}">'
            f'<a:fgClr><a:srgbClr val="{_colour(style.hatch_colour)}"/></a:fgClr>'
            f'<a:bgClr><a:srgbClr val="{_colour(style.colour)}"/></a:bgClr></a:pattFill>'
        )
    else:
        fill = _solid(style.colour)
    return f"<c:spPr>{fill}{_line('#ffffff', 0.6)}</c:spPr>"


def _brag_labels(key: str, values: Sequence[int], *, biggest: int) -> str:
    """The counts written on a rating's segments: in the rating's text colour on a box of its
    colour, so the hatching does not hide them; none on a segment under `LABEL_SHARE` of the
    longest bar, or with nothing in it, as the SVG leaves them out."""
    style = charts.BRAG_STYLES[key]
    hidden = "".join(
        f'<c:dLbl><c:idx val="{i}"/><c:delete val="1"/></c:dLbl>'
        for i, value in enumerate(values)
        if not value or value / biggest < charts.LABEL_SHARE
    )
    return (
        f'<c:dLbls>{hidden}<c:numFmt formatCode="#,##0" sourceLinked="0"/>'
        f"<c:spPr>{_solid(style.colour)}<a:ln><a:noFill/></a:ln></c:spPr>"
        f"{_text(charts.FONT_SIZE - 1, style.text_colour)}"
        '<c:dLblPos val="ctr"/><c:showLegendKey val="0"/><c:showVal val="1"/>'
        '<c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/>'
        '<c:showBubbleSize val="0"/></c:dLbls>'
    )


def _axis_line() -> str:
    return f"<c:spPr><a:noFill/>{_line(charts.AXIS_COLOUR, 0.8)}</c:spPr>"


def _category_axis(
    *, position: str, reversed_order: bool, label_size: float, label_every: int = 1
) -> str:
    orientation = "maxMin" if reversed_order else "minMax"
    skip = (
        f'<c:tickLblSkip val="{label_every}"/><c:tickMarkSkip val="{label_every}"/>'
        if label_every > 1
        else ""
    )
    return (
        f'<c:catAx><c:axId val="{_CATEGORY_AXIS}"/>'
        f'<c:scaling><c:orientation val="{orientation}"/></c:scaling>'
        f'<c:delete val="0"/><c:axPos val="{position}"/>'
        '<c:numFmt formatCode="General" sourceLinked="0"/>'
        '<c:majorTickMark val="none"/><c:minorTickMark val="none"/>'
        f'<c:tickLblPos val="nextTo"/>{_axis_line()}{_text(label_size)}'
        f'<c:crossAx val="{_VALUE_AXIS}"/><c:crosses val="autoZero"/>'
        '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/>'
        f'{skip}<c:noMultiLvlLbl val="0"/></c:catAx>'
    )


def _value_axis(
    *,
    position: str,
    title: str,
    scale: tuple[float | None, float | None],
    step: float,
    number_format: str,
    crosses: str = "autoZero",
) -> str:
    """The value axis: its scale (min, max; None lets the chart choose), tick step, title."""
    low, high = scale
    bounds = (f'<c:max val="{_number(high)}"/>' if high is not None else "") + (
        f'<c:min val="{_number(low)}"/>' if low is not None else ""
    )
    return (
        f'<c:valAx><c:axId val="{_VALUE_AXIS}"/>'
        f'<c:scaling><c:orientation val="minMax"/>{bounds}</c:scaling>'
        f'<c:delete val="0"/><c:axPos val="{position}"/>'
        f"{_axis_title(title, rotate=position == 'l')}"
        f'<c:numFmt formatCode="{number_format}" sourceLinked="0"/>'
        '<c:majorTickMark val="out"/><c:minorTickMark val="none"/>'
        f'<c:tickLblPos val="nextTo"/>{_axis_line()}{_text(charts.FONT_SIZE)}'
        f'<c:crossAx val="{_CATEGORY_AXIS}"/><c:crosses val="{crosses}"/>'
        f'<c:crossBetween val="between"/><c:majorUnit val="{_number(step)}"/></c:valAx>'
    )


def _chart_space(plot: str) -> str:
    """The whole part: the plot area, a legend at the foot, a white ground without a border,
    and Arial 8 pt for its text."""
    return (
        f"{_HEAD}{plot}</c:plotArea>"
        '<c:legend><c:legendPos val="b"/><c:overlay val="0"/>'
        f"{_text(charts.FONT_SIZE - 0.5)}</c:legend>"
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        f"<c:spPr>{_solid('#ffffff')}<a:ln><a:noFill/></a:ln></c:spPr>"
        f"{_text(charts.FONT_SIZE)}</c:chartSpace>"
    )


def _tick_step(ticks: Sequence[float]) -> float:
    return ticks[1] - ticks[0] if len(ticks) > 1 else 1


# The BRAG charts -----------------------------------------------------------------------------


def _brag_bars(
    categories: Sequence[str],
    counts: Sequence[dict[str, int]],
    *,
    horizontal: bool,
    with_counts: bool,
) -> str:
    """A stacked bar chart (`c:barChart`) of one series per rating, in `BRAG_KEYS` order."""
    biggest = max((sum(c.values()) for c in counts), default=0) or 1
    series = []
    for index, key in enumerate(charts.BRAG_KEYS):
        values = [c[key] for c in counts]
        name, cat = _series_data(index, charts.BRAG_STYLES[key].label, categories)
        labels = _brag_labels(key, values, biggest=biggest) if with_counts else ""
        series.append(
            f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/>{name}{_brag_fill(key)}'
            f'<c:invertIfNegative val="0"/>{labels}{cat}{_values(index, values)}</c:ser>'
        )
    # The SVG's bars fill 70% of their slot: the gap is 30/70 of a bar.
    return (
        f'<c:barChart><c:barDir val="{"bar" if horizontal else "col"}"/>'
        f'<c:grouping val="stacked"/><c:varyColors val="0"/>{"".join(series)}'
        '<c:gapWidth val="43"/><c:overlap val="100"/>'
        f'<c:axId val="{_CATEGORY_AXIS}"/><c:axId val="{_VALUE_AXIS}"/></c:barChart>'
    )


def _count_scale(counts: Sequence[dict[str, int]]) -> float:
    """The tick step of a count axis, as the SVG's (whole numbers)."""
    biggest = max((sum(c.values()) for c in counts), default=0)
    return _tick_step(charts.nice_ticks(0, biggest, integer=True))


def progress_by_section_chart(rows: Sequence[CountRow]) -> WordChart:
    """ "Progress by section" as a native chart: each section's actions by BRAG, stacked
    across, the first section at the top."""
    rows = [row for row in rows if row.total]
    layout = charts.progress_by_section_layout(len(rows))
    if not rows:
        return WordChart(message=charts.NO_SECTION_ACTIONS)
    counts = [charts.brag_counts(row.by_brag) for row in rows]
    plot = _brag_bars(
        [row.label for row in rows], counts, horizontal=True, with_counts=layout.has_counts
    )
    # The sections read from the top (the category axis reversed), with the value axis still
    # at the foot (it crosses the category axis at its last section).
    axes = _category_axis(
        position="l", reversed_order=True, label_size=layout.label_size
    ) + _value_axis(
        position="b",
        title="Number of actions",
        scale=(0, None),
        step=_count_scale(counts),
        number_format="#,##0",
        crosses="max",
    )
    return WordChart(xml=_chart_space(plot + axes), height_inches=layout.height_inches)


def _date_label(day: datetime.date) -> str:
    return " ".join(charts.brag_date_lines(day))


def brag_over_time_chart(points: Sequence[BragPoint]) -> WordChart:
    """ "BRAG over time" as a native chart: actions by BRAG at each date, stacked upwards."""
    if not points:
        return WordChart(message=charts.NO_BRAG_HISTORY)
    counts = [charts.brag_counts(point.by_brag) for point in points]
    plot = _brag_bars(
        [_date_label(point.on) for point in points], counts, horizontal=False, with_counts=True
    )
    axes = _category_axis(
        position="b",
        reversed_order=False,
        label_size=charts.FONT_SIZE,
        label_every=max(1, len(points) // charts.MOST_DATE_LABELS),
    ) + _value_axis(
        position="l",
        title="Number of actions",
        scale=(0, None),
        step=_count_scale(counts),
        number_format="#,##0",
    )
    return WordChart(xml=_chart_space(plot + axes), height_inches=charts.BRAG_OVER_TIME_INCHES)


# A measure's trend ---------------------------------------------------------------------------


def _trend_series(
    index: int, series: str, name: str, categories: Sequence[str], values: Sequence[float | None]
) -> str:
    colour, _dash, marker, width = charts.TREND_SERIES[series]
    if marker:
        marker_xml = (
            f'<c:marker><c:symbol val="{marker}"/><c:size val="{_MARKER_SIZES[marker]}"/>'
            f"<c:spPr>{_solid(colour)}<a:ln><a:noFill/></a:ln></c:spPr></c:marker>"
        )
    else:
        marker_xml = '<c:marker><c:symbol val="none"/></c:marker>'
    name_xml, cat = _series_data(index, name, categories)
    return (
        f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/>{name_xml}'
        f"<c:spPr>{_line(colour, width, _DASHES[series])}</c:spPr>{marker_xml}"
        f'{cat}{_values(index, values)}<c:smooth val="0"/></c:ser>'
    )


def measure_trend_chart(line: MeasureLine) -> WordChart:
    """A measure's trend as a native line chart: its value at each period, its target and the
    England average where there are any, named in the legend."""
    points = line.points
    if not points:
        return WordChart(message=charts.NO_TREND_VALUES)
    categories = [" ".join(charts.trend_period_lines(p.period_end)) for p in points]
    series = [_trend_series(0, "value", line.name, categories, [p.value for p in points])]
    if any(p.target is not None for p in points):
        targets = [p.target for p in points]
        series.append(_trend_series(len(series), "target", "Target", categories, targets))
    if any(p.england is not None for p in points):
        england = [p.england for p in points]
        series.append(_trend_series(len(series), "england", "England average", categories, england))
    low, high = charts.trend_scale(line)
    step = _tick_step(charts.nice_ticks(low, high, most=5))
    # The SVG's scale widened to whole steps, so the axis starts and ends on a labelled tick;
    # never below zero when no line is.
    bottom = round(math.floor(low / step) * step, 10)
    top = round(math.ceil(high / step) * step, 10)
    smallest = min(v for p in points for v in (p.value, p.target, p.england) if v is not None)
    if bottom < 0 <= smallest:
        bottom = 0
    plot = (
        '<c:lineChart><c:grouping val="standard"/><c:varyColors val="0"/>'
        f'{"".join(series)}<c:marker val="1"/>'
        f'<c:axId val="{_CATEGORY_AXIS}"/><c:axId val="{_VALUE_AXIS}"/></c:lineChart>'
    )
    axes = _category_axis(
        position="b",
        reversed_order=False,
        label_size=charts.FONT_SIZE,
        label_every=max(1, len(points) // charts.MOST_PERIOD_LABELS),
    ) + _value_axis(
        position="l",
        title=line.unit,
        scale=(bottom, top),
        step=step,
        number_format="General",
    )
    return WordChart(xml=_chart_space(plot + axes), height_inches=charts.MEASURE_TREND_INCHES)
