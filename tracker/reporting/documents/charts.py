"""The documents' charts: the board paper's "Progress by section" and "BRAG over time", and
a measure's trend (for the monitoring visit pack).

Each chart comes as SVG text, drawn here from the numbers as plain SVG elements, which the PDF
embeds, and as a plain-English text alternative that states the numbers, so a reader who
cannot see the picture loses nothing. The Word documents draw the same charts as native Word
charts from the same numbers (`word_charts.py`, which takes its colours, hatching, series and
scales from here). BRAG ratings are told apart by colour, by hatching and by the counts
written on the bars, never by colour alone (WCAG 1.4.1); a measure's lines by line style and
marker as well as colour.

Drawing the SVG is string formatting (a millisecond or two); users' text is escaped for XML.
Output is deterministic: the same data gives the same bytes.
"""

from __future__ import annotations

import datetime
import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape

from tracker.core.formatting import format_date
from tracker.reporting.documents.data import BragPoint, CountRow, MeasureLine

__all__ = [
    "AXIS_COLOUR",
    "BRAG_KEYS",
    "BRAG_STYLES",
    "INK",
    "NO_BRAG_HISTORY",
    "NO_SECTION_ACTIONS",
    "NO_TREND_VALUES",
    "TREND_SERIES",
    "SectionLayout",
    "brag_counts",
    "brag_date_lines",
    "brag_key",
    "brag_over_time_alt_text",
    "brag_over_time_svg",
    "measure_trend_alt_text",
    "measure_trend_svg",
    "nice_ticks",
    "progress_by_section_alt_text",
    "progress_by_section_layout",
    "progress_by_section_svg",
    "trend_period_lines",
    "trend_scale",
]

# Text width of A4 portrait with 2.5 cm margins is 16 cm (6.3 in).
WIDTH_INCHES = 6.3
FONT_SIZE = 8
# Height of the bars' area of "Progress by section" at most, so the chart fits on an A4 page.
MAX_BODY_INCHES = 8.75
BRAG_OVER_TIME_INCHES = 3.6
MEASURE_TREND_INCHES = 2.6
# A segment's count is written on it when the segment is at least this share of the longest bar.
LABEL_SHARE = 0.04
# At most this many dates (BRAG over time) and periods (a measure's trend) are labelled.
MOST_DATE_LABELS = 12
MOST_PERIOD_LABELS = 8
# What a chart says when there is nothing to draw.
NO_SECTION_ACTIONS = "No actions to show yet"
NO_BRAG_HISTORY = "No BRAG ratings recorded yet"
NO_TREND_VALUES = "No values recorded yet"
_PT = 72  # SVG user units are points
_FONT = "DejaVu Sans, Arial, Liberation Sans, sans-serif"
INK = "#0b0c0c"
AXIS_COLOUR = "#505a5f"


@dataclass(frozen=True)
class BragStyle:
    label: str
    colour: str
    hatch: str  # "" none, "/" rising lines, "-" level lines, "x" crossed, "\\" falling lines
    hatch_colour: str
    text_colour: str


# GOV.UK Frontend palette; each rating also has its own hatching.
BRAG_STYLES: dict[str, BragStyle] = {
    "blue": BragStyle("Blue (complete)", "#1d70b8", "", "#ffffff", "#ffffff"),
    "green": BragStyle("Green (on track)", "#00703c", "/", "#85c9a5", "#ffffff"),
    "amber": BragStyle("Amber (at risk)", "#ffbf47", "-", "#b88000", "#0b0c0c"),
    "red": BragStyle("Red (off track)", "#d4351c", "x", "#f3a597", "#ffffff"),
    "": BragStyle("Not rated", "#b1b4b6", "\\", "#505a5f", "#0b0c0c"),
}
BRAG_KEYS: tuple[str, ...] = ("blue", "green", "amber", "red", "")
_SHORT = {"blue": "Blue", "green": "Green", "amber": "Amber", "red": "Red", "": "not rated"}
_PATTERN_ID = {"blue": "", "green": "hatch-green", "amber": "hatch-amber", "red": "hatch-red"}
_PATTERN_ID[""] = "hatch-none"


@dataclass(frozen=True)
class SectionLayout:
    """How "Progress by section" is laid out for its number of sections."""

    lines: int  # lines of each section's label: 2 while they fit, 1 for long plans
    height_inches: float
    label_size: float  # of the sections' labels, in points
    has_counts: bool  # whether each segment's count is written on it


def progress_by_section_layout(sections: int) -> SectionLayout:
    """The layout for `sections` sections that have actions: two-line labels and the counts
    on the bars while they fit (up to 20 sections), one line each beyond, and smaller labels
    beyond about 45 sections, so the chart still fits on an A4 page."""
    lines = 2 if sections <= 20 else 1
    per_row = 0.4 if lines == 2 else min(0.2, MAX_BODY_INCHES / max(sections, 1))
    return SectionLayout(
        lines=lines,
        height_inches=max(2.6, 1.25 + per_row * sections),
        label_size=min(FONT_SIZE, per_row * _PT * 0.75),
        has_counts=lines == 2,
    )


def brag_date_lines(day: datetime.date) -> list[str]:
    """A date on the BRAG over time chart's axis: "12 Mar" above "2026"."""
    return [f"{day.day} {day:%b}", f"{day:%Y}"]


def trend_period_lines(period_end: datetime.date) -> list[str]:
    """A period on a measure's trend axis: "Mar" above "2026"."""
    return [f"{period_end:%b}", f"{period_end:%Y}"]


def trend_scale(line: MeasureLine) -> tuple[float, float]:
    """The value scale of a measure's trend (low, high): every value, target and England
    average, with a margin above and below so no line runs along the axis. The line must have
    points."""
    values = [p.value for p in line.points]
    values += [p.target for p in line.points if p.target is not None]
    values += [p.england for p in line.points if p.england is not None]
    pad = (max(values) - min(values)) * 0.08 or abs(max(values)) * 0.1 or 1
    return min(values) - pad, max(values) + pad


def brag_key(code: str) -> str:
    """The BRAG value ("blue", ... or "" for not rated) for a code such as "B" or "blue"."""
    letter = code.strip().lower()[:1]
    return {"b": "blue", "g": "green", "a": "amber", "r": "red"}.get(letter, "")


def brag_counts(by_brag: Sequence[tuple[str, str, int]]) -> dict[str, int]:
    counts = dict.fromkeys(BRAG_KEYS, 0)
    for code, _label, count in by_brag:
        counts[brag_key(code)] += count
    return counts


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _counts_sentence(counts: dict[str, int]) -> str:
    return ", ".join(f"{counts[key]} {_SHORT[key]}" for key in BRAG_KEYS)


# Drawing ------------------------------------------------------------------------------------


def _n(value: float) -> str:
    """A coordinate, short and stable."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _text_width(text: str, size: float) -> float:
    """Roughly how wide text is, in points (DejaVu Sans averages about 0.6 em)."""
    return len(text) * size * 0.6


class _Svg:
    """An SVG document in points, built as a list of strings."""

    def __init__(self, height_inches: float) -> None:
        self.width = WIDTH_INCHES * _PT
        self.height = height_inches * _PT
        self.parts: list[str] = []

    def add(self, element: str) -> None:
        self.parts.append(element)

    def text(
        self,
        x: float,
        y: float,
        text: str,
        *,
        size: float = FONT_SIZE,
        anchor: str = "middle",
        colour: str = INK,
        rotate: bool = False,
        lines: Sequence[str] = (),
    ) -> None:
        """Text whose middle (vertically) is at y; several lines are centred on y together."""
        rows = list(lines) or [text]
        step = size * 1.2
        first = y - step * (len(rows) - 1) / 2 + size * 0.35
        transform = f' transform="rotate(-90 {_n(x)} {_n(y)})"' if rotate else ""
        if len(rows) == 1:
            body = escape(rows[0])
        else:
            body = "".join(
                f'<tspan x="{_n(x)}" y="{_n(first + step * i)}">{escape(row)}</tspan>'
                for i, row in enumerate(rows)
            )
        self.add(
            f'<text x="{_n(x)}" y="{_n(first)}" font-size="{_n(size)}" '
            f'text-anchor="{anchor}" fill="{colour}"{transform}>{body}</text>'
        )

    def rect(self, x: float, y: float, width: float, height: float, key: str) -> None:
        """A bar segment in the rating's colour, with its hatching over it."""
        style = BRAG_STYLES[key]
        box = f'x="{_n(x)}" y="{_n(y)}" width="{_n(width)}" height="{_n(height)}"'
        self.add(f'<rect {box} fill="{style.colour}"/>')
        if style.hatch:
            self.add(f'<rect {box} fill="url(#{_PATTERN_ID[key]})"/>')
        self.add(f'<rect {box} fill="none" stroke="#ffffff" stroke-width="0.6"/>')

    def line(
        self, x1: float, y1: float, x2: float, y2: float, *, colour: str = AXIS_COLOUR
    ) -> None:
        self.add(
            f'<line x1="{_n(x1)}" y1="{_n(y1)}" x2="{_n(x2)}" y2="{_n(y2)}" '
            f'stroke="{colour}" stroke-width="0.8"/>'
        )

    def render(self) -> str:
        return (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{_n(self.width)}pt" '
            f'height="{_n(self.height)}pt" viewBox="0 0 {_n(self.width)} {_n(self.height)}" '
            f'font-family="{_FONT}">'
            f"<defs>{_PATTERNS}</defs>"
            f'<rect width="100%" height="100%" fill="#ffffff"/>'
            f"{''.join(self.parts)}</svg>\n"
        )


def _pattern(key: str) -> str:
    """The rating's hatching: lines 4 pt apart in its hatch colour, over a transparent ground."""
    style = BRAG_STYLES[key]
    stroke = f'stroke="{style.hatch_colour}" stroke-width="0.8"'
    lines = {
        "/": f'<path d="M-1,1 l2,-2 M0,4 l4,-4 M3,5 l2,-2" {stroke}/>',
        "\\": f'<path d="M-1,3 l2,2 M0,0 l4,4 M3,-1 l2,2" {stroke}/>',
        "-": f'<path d="M0,2 h4" {stroke}/>',
        "x": f'<path d="M0,0 l4,4 M0,4 l4,-4" {stroke}/>',
    }[style.hatch]
    return (
        f'<pattern id="{_PATTERN_ID[key]}" width="4" height="4" patternUnits="userSpaceOnUse">'
        f"{lines}</pattern>"
    )


_PATTERNS = "".join(_pattern(key) for key in BRAG_KEYS if BRAG_STYLES[key].hatch)


def nice_ticks(low: float, high: float, *, most: int = 6, integer: bool = False) -> list[float]:
    """Round tick values covering low..high, at most `most` of them (1, 2, 2.5 or 5 x 10^n)."""
    if high <= low:
        high = low + 1
    raw = (high - low) / max(most - 1, 1)
    power = 10 ** math.floor(math.log10(raw))
    steps = (1, 2, 2.5, 5, 10) if not integer else (1, 2, 5, 10)
    step = next(s * power for s in steps if s * power >= raw)
    if integer:
        step = max(1, round(step))
    first = math.ceil(low / step - 1e-9) * step
    ticks = []
    value = first
    while value <= high + 1e-9:
        ticks.append(round(value, 10))
        value += step
    return ticks


def _tick_label(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _legend(svg: _Svg, entries: Sequence[tuple[str, str]], *, columns: int, bottom: float) -> None:
    """Swatches (a bar segment's look, or a line's) with their labels, centred at the foot, at
    most `columns` to a row and never wider than the chart.

    Each entry is (kind, label); kind is a BRAG key prefixed "brag:", or "line:" and a series.
    """
    size = FONT_SIZE - 0.5
    widths = [18 + _text_width(label, size) + 10 for _, label in entries]
    rows: list[list[int]] = [[]]
    for index, width in enumerate(widths):
        row = rows[-1]
        if row and (len(row) == columns or sum(widths[i] for i in row) + width > svg.width):
            rows.append([])
        rows[-1].append(index)
    for number, row in enumerate(rows):
        x = (svg.width - sum(widths[i] for i in row) + 10) / 2
        y = svg.height - bottom - (len(rows) - 1 - number) * 13
        for index in row:
            kind, label = entries[index]
            if kind.startswith("brag:"):
                svg.rect(x, y - 4.5, 14, 9, kind.removeprefix("brag:"))
            else:
                _series_swatch(svg, kind.removeprefix("line:"), x, y)
            svg.text(x + 18, y, label, size=size, anchor="start")
            x += widths[index]


def _section_label(row: CountRow, *, lines: int) -> list[str]:
    """The section's label on at most `lines` lines, shortened with an ellipsis if need be
    (the text alternative and the tables carry the full titles)."""
    wrapped = textwrap.wrap(row.label, width=40, break_long_words=True) or [""]
    if len(wrapped) > lines:
        wrapped = [*wrapped[: lines - 1], wrapped[lines - 1][:37] + "…"]
    return wrapped


def _stack(
    svg: _Svg,
    *,
    counts: Sequence[dict[str, int]],
    horizontal: bool,
    place: tuple[float, float, float, float],
    labels: bool = True,
) -> float:
    """Stacked bars, one segment per BRAG rating, each with its count written on it when it
    is big enough to read. `place` is the plot area (left, top, width, height); returns the
    largest total (the value scale's top)."""
    left, top, width, height = place
    totals = [sum(c.values()) for c in counts] or [0]
    biggest = max(totals) or 1
    scale_top = biggest * 1.03
    slot = (height if horizontal else width) / max(len(counts), 1)
    thickness = slot * 0.7
    for position, row in enumerate(counts):
        base = 0
        middle = (top if horizontal else left) + slot * (position + 0.5)
        for key in BRAG_KEYS:
            value = row[key]
            if not value:
                continue
            if horizontal:
                x = left + width * base / scale_top
                length = width * value / scale_top
                svg.rect(x, middle - thickness / 2, length, thickness, key)
                centre = (x + length / 2, middle)
            else:
                length = height * value / scale_top
                y = top + height - height * (base + value) / scale_top
                svg.rect(middle - thickness / 2, y, thickness, length, key)
                centre = (middle, y + length / 2)
            if labels and value / biggest >= LABEL_SHARE:
                text = str(value)
                size = FONT_SIZE - 1
                box = _text_width(text, size) + 4
                style = BRAG_STYLES[key]
                svg.add(
                    f'<rect x="{_n(centre[0] - box / 2)}" y="{_n(centre[1] - size * 0.7)}" '
                    f'width="{_n(box)}" height="{_n(size * 1.4)}" rx="2" '
                    f'fill="{style.colour}"/>'
                )
                svg.text(*centre, text, size=size, colour=style.text_colour)
            base += value
    return scale_top


def _value_axis(
    svg: _Svg,
    ticks: Sequence[float],
    *,
    place: tuple[float, float, float, float],
    scale: tuple[float, float],
    horizontal: bool,
    title: str,
) -> None:
    """The value axis with its ticks, tick labels and title (x when horizontal, else y)."""
    left, top, width, height = place
    low, high = scale
    span = (high - low) or 1
    if horizontal:
        svg.line(left, top + height, left + width, top + height)
        for tick in ticks:
            x = left + width * (tick - low) / span
            svg.line(x, top + height, x, top + height + 3)
            svg.text(x, top + height + 9, _tick_label(tick))
        svg.text(left + width / 2, top + height + 22, title)
    else:
        svg.line(left, top, left, top + height)
        for tick in ticks:
            y = top + height - height * (tick - low) / span
            svg.line(left - 3, y, left, y)
            svg.text(left - 5, y, _tick_label(tick), anchor="end")
        svg.text(left - 32, top + height / 2, title, rotate=True)


def _empty(svg: _Svg, message: str) -> str:
    svg.text(svg.width / 2, svg.height / 2, message, size=FONT_SIZE + 2)
    return svg.render()


def _plot_area(svg: _Svg, *, left: float, bottom: float) -> tuple[float, float, float, float]:
    """The plot area for margins in inches (left and bottom; 0.15 in top and right)."""
    x, y = left * _PT, 0.15 * _PT
    return (x, y, svg.width - x - 0.15 * _PT, svg.height - y - bottom * _PT)


def _brag_legend(svg: _Svg, *, columns: int) -> None:
    entries = [(f"brag:{key}", BRAG_STYLES[key].label) for key in BRAG_KEYS]
    _legend(svg, entries, columns=columns, bottom=8)


# "Progress by section" ----------------------------------------------------------------------


def progress_by_section_svg(rows: Sequence[CountRow]) -> str:
    """ "Progress by section" as SVG text: each section's actions by BRAG, stacked across."""
    rows = [row for row in rows if row.total]
    layout = progress_by_section_layout(len(rows))
    svg = _Svg(layout.height_inches)
    if not rows:
        return _empty(svg, NO_SECTION_ACTIONS)
    place = _plot_area(svg, left=2.65, bottom=1.05)
    counts = [brag_counts(row.by_brag) for row in rows]
    # Counts on the segments while the bars are tall enough to read them (up to 20 sections).
    # The hatching still tells the ratings apart, and the tables and the text alternative give
    # every count.
    scale_top = _stack(svg, counts=counts, horizontal=True, place=place, labels=layout.has_counts)
    size = layout.label_size
    left, top, _width, height = place
    slot = height / len(rows)
    for position, row in enumerate(rows):
        y = top + slot * (position + 0.5)
        svg.text(
            left - 4, y, "", size=size, anchor="end", lines=_section_label(row, lines=layout.lines)
        )
    ticks = nice_ticks(0, scale_top / 1.03, integer=True)
    _value_axis(
        svg,
        ticks,
        place=place,
        scale=(0, scale_top),
        horizontal=True,
        title="Number of actions",
    )
    _brag_legend(svg, columns=3)
    return svg.render()


# "BRAG over time" -----------------------------------------------------------------------------


def brag_over_time_svg(points: Sequence[BragPoint]) -> str:
    """ "BRAG over time" as SVG text: actions by BRAG at each date, stacked upwards."""
    svg = _Svg(BRAG_OVER_TIME_INCHES)
    if not points:
        return _empty(svg, NO_BRAG_HISTORY)
    place = _plot_area(svg, left=0.6, bottom=0.95)
    counts = [brag_counts(point.by_brag) for point in points]
    scale_top = _stack(svg, counts=counts, horizontal=False, place=place)
    left, top, width, height = place
    slot = width / len(points)
    step = max(1, len(points) // MOST_DATE_LABELS)
    svg.line(left, top + height, left + width, top + height)
    for position in range(0, len(points), step):
        day = points[position].on
        svg.text(
            left + slot * (position + 0.5),
            top + height + 13,
            "",
            lines=brag_date_lines(day),
        )
    ticks = nice_ticks(0, scale_top / 1.03, integer=True)
    _value_axis(
        svg,
        ticks,
        place=place,
        scale=(0, scale_top),
        horizontal=False,
        title="Number of actions",
    )
    _brag_legend(svg, columns=5)
    return svg.render()


# A measure's trend --------------------------------------------------------------------------

_VALUE_COLOUR = "#1d70b8"
_TARGET_COLOUR = "#0b0c0c"
_ENGLAND_COLOUR = "#505a5f"
# Each series: colour, dash pattern ("" solid), marker ("circle", "square" or "") and line
# width in points.
TREND_SERIES = {
    "value": (_VALUE_COLOUR, "", "circle", 1.6),
    "target": (_TARGET_COLOUR, "4 2", "", 1.1),
    "england": (_ENGLAND_COLOUR, "1 1.5", "square", 1.1),
}


def _marker(svg: _Svg, series: str, x: float, y: float) -> None:
    colour, _dash, marker, _width = TREND_SERIES[series]
    if marker == "circle":
        svg.add(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="1.8" fill="{colour}"/>')
    elif marker == "square":
        svg.add(
            f'<rect x="{_n(x - 1.3)}" y="{_n(y - 1.3)}" width="2.6" height="2.6" fill="{colour}"/>'
        )


def _polyline(svg: _Svg, series: str, points: Sequence[tuple[float, float]]) -> None:
    colour, dash, _marker_kind, width = TREND_SERIES[series]
    dashes = f' stroke-dasharray="{dash}"' if dash else ""
    path = " ".join(f"{_n(x)},{_n(y)}" for x, y in points)
    svg.add(
        f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="{width}"{dashes}/>'
    )


def _series_swatch(svg: _Svg, series: str, x: float, y: float) -> None:
    _polyline(svg, series, [(x, y), (x + 14, y)])
    _marker(svg, series, x + 7, y)


def measure_trend_svg(line: MeasureLine) -> str:
    """A measure's trend as SVG text: its value at each period (a solid line with round
    markers), its target (a dashed step line) and the England average (a dotted line with
    square markers), named in the legend."""
    svg = _Svg(MEASURE_TREND_INCHES)
    points = line.points
    if not points:
        return _empty(svg, NO_TREND_VALUES)
    place = _plot_area(svg, left=0.75, bottom=0.9)
    left, top, width, height = place
    low, high = trend_scale(line)
    ticks = [t for t in nice_ticks(low, high, most=5) if low <= t <= high]
    span = (high - low) or 1
    slot = width / len(points)

    def x_at(position: float) -> float:
        return left + slot * (position + 0.5)

    def y_at(value: float) -> float:
        return top + height - height * (value - low) / span

    targets = [(i, p.target) for i, p in enumerate(points) if p.target is not None]
    if targets:
        # A step line that changes halfway between periods.
        steps: list[tuple[float, float]] = []
        for index, (position, target) in enumerate(targets):
            start = position - 0.5 if index else position
            end = position + 0.5 if index < len(targets) - 1 else position
            steps += [(x_at(start), y_at(target)), (x_at(end), y_at(target))]
        _polyline(svg, "target", steps)
    england = [(x_at(i), y_at(p.england)) for i, p in enumerate(points) if p.england is not None]
    if england:
        _polyline(svg, "england", england)
        for x, y in england:
            _marker(svg, "england", x, y)
    own = [(x_at(i), y_at(p.value)) for i, p in enumerate(points)]
    _polyline(svg, "value", own)
    for x, y in own:
        _marker(svg, "value", x, y)

    svg.line(left, top + height, left + width, top + height)
    step = max(1, len(points) // MOST_PERIOD_LABELS)
    for position in range(0, len(points), step):
        period = points[position].period_end
        svg.text(x_at(position), top + height + 13, "", lines=trend_period_lines(period))
    _value_axis(svg, ticks, place=place, scale=(low, high), horizontal=False, title=line.unit)
    entries = [("line:value", line.name[:60])]
    if targets:
        entries.append(("line:target", "Target"))
    if england:
        entries.append(("line:england", "England average"))
    _legend(svg, entries, columns=3, bottom=8)
    return svg.render()


# Text alternatives --------------------------------------------------------------------------


def progress_by_section_alt_text(rows: Sequence[CountRow]) -> str:
    """The "Progress by section" chart in words, with every section's counts."""
    rows = [row for row in rows if row.total]
    if not rows:
        return "Progress by section: no actions to show yet."
    total = sum(row.total for row in rows)
    whole = dict.fromkeys(BRAG_KEYS, 0)
    for row in rows:
        for key, count in brag_counts(row.by_brag).items():
            whole[key] += count
    parts = [
        f"Bar chart of progress by section: {_plural(total, 'action')} in "
        f"{_plural(len(rows), 'section')}, by BRAG rating. "
        f"All sections: {_counts_sentence(whole)}."
    ]
    parts.extend(
        f"{row.label}: {_plural(row.total, 'action')}, "
        f"{_counts_sentence(brag_counts(row.by_brag))}."
        for row in rows
    )
    return " ".join(parts)


def brag_over_time_alt_text(points: Sequence[BragPoint]) -> str:
    """The "BRAG over time" chart in words: the counts at each date (the first and last few
    when there are many)."""
    if not points:
        return "BRAG over time: no BRAG ratings recorded yet."
    first, last = points[0].on, points[-1].on
    parts = [
        f"Bar chart of actions by BRAG rating on {_plural(len(points), 'date')}"
        + (f" from {format_date(first)} to {format_date(last)}." if len(points) > 1 else ".")
    ]
    shown: Sequence[BragPoint] = points
    if len(points) > 12:
        shown = [*points[:3], *points[-3:]]
        parts.append("The first and last three dates:")
    parts.extend(
        f"{format_date(point.on)}: {_counts_sentence(brag_counts(point.by_brag))}."
        for point in shown
    )
    return " ".join(parts)


def measure_trend_alt_text(line: MeasureLine) -> str:
    """A measure's trend in words: the number of periods, the first and latest values with
    their targets, and the latest rating (the table beside it gives the rest)."""
    name = f"{line.reference} {line.name}"
    if not line.points:
        return f"Trend of {name}: no values recorded yet."
    first, last = line.points[0], line.points[-1]
    parts = [
        f"Line chart of {name} over {_plural(len(line.points), 'period')}"
        + (f", from {first.label} to {last.label}." if len(line.points) > 1 else f", {last.label}.")
    ]
    parts.append(f"{first.label}: {_number(first.value)}" + _target_words(first.target) + ".")
    if len(line.points) > 1:
        parts.append(f"{last.label}: {_number(last.value)}" + _target_words(last.target) + ".")
    parts.append(f"Latest rating: {line.rag_word}. {line.trend}.")
    if line.england:
        parts.append(f"England average for the latest period: {line.england}.")
    return " ".join(parts)


def _number(value: float) -> str:
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def _target_words(target: float | None) -> str:
    return f" (target {_number(target)})" if target is not None else " (no target)"
