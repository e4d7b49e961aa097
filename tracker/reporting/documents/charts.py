"""The documents' charts: the board paper's "Progress by section" and "BRAG over time", and
a measure's trend (for the monitoring visit pack).

Each chart comes as PNG bytes (for Word, 150 dpi, sized for the text width of A4 portrait), as
SVG text (for the PDF) and as a plain-English text alternative that states the numbers, so a
reader who cannot see the picture loses nothing. BRAG ratings are told apart by colour, by
hatching and by the counts written on the bars, never by colour alone (WCAG 1.4.1).

matplotlib is imported inside the functions (through the Agg canvas, never pyplot, so there is
no global figure registry to leak into), which keeps importing this module cheap. Output is
deterministic: a fixed SVG hash salt and no dates in the metadata, so the same data gives the
same bytes.
"""

from __future__ import annotations

import io
import textwrap
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from tracker.core.formatting import format_date
from tracker.reporting.documents.data import BragPoint, CountRow, MeasureLine

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "BRAG_KEYS",
    "brag_key",
    "brag_over_time_alt_text",
    "brag_over_time_png",
    "brag_over_time_svg",
    "measure_trend_alt_text",
    "measure_trend_png",
    "measure_trend_svg",
    "progress_by_section_alt_text",
    "progress_by_section_png",
    "progress_by_section_svg",
]

# Text width of A4 portrait with 2.5 cm margins is 16 cm (6.3 in).
WIDTH_INCHES = 6.3
PNG_DPI = 150
FONT_SIZE = 8
# Height of the bars' area of "Progress by section" at most, so the chart fits on an A4 page.
MAX_BODY_INCHES = 8.75


@dataclass(frozen=True)
class _BragStyle:
    label: str
    colour: str
    hatch: str
    hatch_colour: str
    text_colour: str


# GOV.UK Frontend palette; each rating also has its own hatching. Line hatches only: dotted
# ones make SVG paths that take WeasyPrint seconds to draw.
_STYLES: dict[str, _BragStyle] = {
    "blue": _BragStyle("Blue (complete)", "#1d70b8", "", "#ffffff", "#ffffff"),
    "green": _BragStyle("Green (on track)", "#00703c", "//", "#85c9a5", "#ffffff"),
    "amber": _BragStyle("Amber (at risk)", "#ffbf47", "--", "#b88000", "#0b0c0c"),
    "red": _BragStyle("Red (off track)", "#d4351c", "xx", "#f3a597", "#ffffff"),
    "": _BragStyle("Not rated", "#b1b4b6", "\\\\", "#505a5f", "#0b0c0c"),
}
BRAG_KEYS: tuple[str, ...] = ("blue", "green", "amber", "red", "")
_SHORT = {"blue": "Blue", "green": "Green", "amber": "Amber", "red": "Red", "": "not rated"}


def brag_key(code: str) -> str:
    """The BRAG value ("blue", ... or "" for not rated) for a code such as "B" or "blue"."""
    letter = code.strip().lower()[:1]
    return {"b": "blue", "g": "green", "a": "amber", "r": "red"}.get(letter, "")


def _counts(by_brag: Sequence[tuple[str, str, int]]) -> dict[str, int]:
    counts = dict.fromkeys(BRAG_KEYS, 0)
    for code, _label, count in by_brag:
        counts[brag_key(code)] += count
    return counts


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _counts_sentence(counts: dict[str, int]) -> str:
    return ", ".join(f"{counts[key]} {_SHORT[key]}" for key in BRAG_KEYS)


# Rendering ----------------------------------------------------------------------------------


@contextmanager
def _settings() -> Iterator[None]:
    import matplotlib

    with matplotlib.rc_context(
        {
            "svg.hashsalt": "improvement-tracker",
            # Text as text: glyphs drawn as paths made the SVG three times larger and slow to
            # lay out in the PDF, and text stays searchable there.
            "svg.fonttype": "none",
            # Section titles are the users' text: "$5m" is money, not mathematics (and an
            # unbalanced "$" or "^" would stop the chart being drawn at all).
            "text.parse_math": False,
            "font.family": "DejaVu Sans",
            "font.size": FONT_SIZE,
            "hatch.linewidth": 0.8,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    ):
        yield


def _new_figure(height: float, *, left: float, bottom: float) -> Figure:
    """A figure with fixed margins in inches (an automatic layout would draw the figure twice,
    which doubles the time for a long plan)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(WIDTH_INCHES, height), dpi=PNG_DPI)
    FigureCanvasAgg(figure)
    figure.subplots_adjust(
        left=left / WIDTH_INCHES,
        right=1 - 0.15 / WIDTH_INCHES,
        bottom=bottom / height,
        top=1 - 0.15 / height,
    )
    return figure


def _png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=PNG_DPI, metadata={"Software": None})
    figure.clear()
    return buffer.getvalue()


def _svg(figure: Figure) -> str:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    figure.clear()
    return buffer.getvalue()


def _empty(figure: Figure, message: str) -> None:
    axes = figure.add_subplot()
    axes.set_axis_off()
    axes.text(0.5, 0.5, message, ha="center", va="center", fontsize=FONT_SIZE + 2)


def _stack(
    axes: Any,
    *,
    positions: Sequence[float],
    series: dict[str, list[int]],
    horizontal: bool,
    labels: bool = True,
) -> None:
    """Stacked bars, one segment per BRAG rating, each with its count written on it.

    Each rating's segments are one collection: a patch per bar, each with its own hatching,
    took half a second to draw for a 40-section plan.
    """
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Patch

    totals = [sum(values) for values in zip(*series.values(), strict=True)] or [0]
    biggest = max(totals) or 1
    half = 0.35
    base = [0] * len(positions)
    handles = []
    for key in BRAG_KEYS:
        style = _STYLES[key]
        values = series[key]
        shapes: list[list[tuple[float, float]]] = []
        for position, start, value in zip(positions, base, values, strict=True):
            if not value:
                continue
            low, high = position - half, position + half
            end = start + value
            if horizontal:
                shapes.append([(start, low), (end, low), (end, high), (start, high)])
            else:
                shapes.append([(low, start), (high, start), (high, end), (low, end)])
            if labels and value / biggest >= 0.04:
                middle = start + value / 2
                axes.text(
                    middle if horizontal else position,
                    position if horizontal else middle,
                    str(value),
                    ha="center",
                    va="center",
                    color=style.text_colour,
                    fontsize=FONT_SIZE - 1,
                    bbox={"boxstyle": "round,pad=0.3", "facecolor": style.colour, "lw": 0},
                )
        look: dict[str, Any] = {
            "facecolor": style.colour,
            "edgecolor": "#ffffff",
            "linewidth": 0.6,
            "hatch": style.hatch or None,
            "hatchcolor": style.hatch_colour,
        }
        if shapes:
            axes.add_collection(PolyCollection(shapes, **look))
        handles.append(Patch(label=style.label, **look))
        base = [b + v for b, v in zip(base, values, strict=True)]
    extent = (-0.6, len(positions) - 0.4)
    (axes.set_ylim if horizontal else axes.set_xlim)(*extent)
    (axes.set_xlim if horizontal else axes.set_ylim)(0, biggest * 1.03)
    axes.legend(
        handles=handles,
        bbox_to_anchor=(0.5, 0.0),
        bbox_transform=axes.figure.transFigure,
        loc="lower center",
        ncols=3 if horizontal else 5,
        frameon=False,
        fontsize=FONT_SIZE - 0.5,
        handlelength=1.6,
        handleheight=1.2,
    )


def _section_label(row: CountRow, *, lines: int) -> str:
    """The section's label on at most `lines` lines, shortened with an ellipsis if need be
    (the text alternative and the tables carry the full titles)."""
    wrapped = textwrap.wrap(row.label, width=40, break_long_words=True) or [""]
    if len(wrapped) > lines:
        wrapped = [*wrapped[: lines - 1], wrapped[lines - 1][:37] + "…"]
    return "\n".join(wrapped)


def _progress_by_section(rows: Sequence[CountRow]) -> Figure:
    from matplotlib.ticker import MaxNLocator

    rows = [row for row in rows if row.total]
    # Two-line labels while they fit; one line each for long plans, so the chart still fits
    # on an A4 page.
    lines = 2 if len(rows) <= 20 else 1
    per_row = 0.4 if lines == 2 else min(0.2, MAX_BODY_INCHES / max(len(rows), 1))
    height = max(2.6, 1.25 + per_row * len(rows))
    figure = _new_figure(height, left=2.65, bottom=1.05)
    if not rows:
        _empty(figure, "No actions to show yet")
        return figure
    axes = figure.add_subplot()
    counts = [_counts(row.by_brag) for row in rows]
    series = {key: [c[key] for c in counts] for key in BRAG_KEYS}
    positions = list(range(len(rows)))
    # Counts on the segments while the bars are tall enough to read them (up to 20 sections);
    # drawing 200 small labels also took a third of the chart's time. The hatching still tells
    # the ratings apart, and the tables and the text alternative give every count.
    _stack(axes, positions=positions, series=series, horizontal=True, labels=lines == 2)
    # Beyond about 45 sections the labels shrink to stay on the page; the text alternative
    # and the tables give every section in full.
    size = min(FONT_SIZE, per_row * 72 * 0.75)
    axes.set_yticks(positions, [_section_label(row, lines=lines) for row in rows], fontsize=size)
    axes.invert_yaxis()
    axes.set_xlabel("Number of actions")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.tick_params(axis="y", length=0)
    return figure


def _brag_over_time(points: Sequence[BragPoint]) -> Figure:
    from matplotlib.ticker import MaxNLocator

    figure = _new_figure(3.6, left=0.6, bottom=0.95)
    if not points:
        _empty(figure, "No BRAG ratings recorded yet")
        return figure
    axes = figure.add_subplot()
    counts = [_counts(point.by_brag) for point in points]
    series = {key: [c[key] for c in counts] for key in BRAG_KEYS}
    positions = list(range(len(points)))
    _stack(axes, positions=positions, series=series, horizontal=False)
    step = max(1, len(points) // 12)
    axes.set_xticks(positions[::step], [f"{p.on.day} {p.on:%b}\n{p.on:%Y}" for p in points][::step])
    axes.set_ylabel("Number of actions")
    axes.yaxis.set_major_locator(MaxNLocator(integer=True))
    return figure


# Public functions ---------------------------------------------------------------------------


def progress_by_section_png(rows: Sequence[CountRow]) -> bytes:
    """ "Progress by section" as a PNG: each section's actions by BRAG, stacked across."""
    with _settings():
        return _png(_progress_by_section(rows))


def progress_by_section_svg(rows: Sequence[CountRow]) -> str:
    """ "Progress by section" as SVG text."""
    with _settings():
        return _svg(_progress_by_section(rows))


def progress_by_section_alt_text(rows: Sequence[CountRow]) -> str:
    """The "Progress by section" chart in words, with every section's counts."""
    rows = [row for row in rows if row.total]
    if not rows:
        return "Progress by section: no actions to show yet."
    total = sum(row.total for row in rows)
    whole = dict.fromkeys(BRAG_KEYS, 0)
    for row in rows:
        for key, count in _counts(row.by_brag).items():
            whole[key] += count
    parts = [
        f"Bar chart of progress by section: {_plural(total, 'action')} in "
        f"{_plural(len(rows), 'section')}, by BRAG rating. "
        f"All sections: {_counts_sentence(whole)}."
    ]
    parts.extend(
        f"{row.label}: {_plural(row.total, 'action')}, {_counts_sentence(_counts(row.by_brag))}."
        for row in rows
    )
    return " ".join(parts)


def brag_over_time_png(points: Sequence[BragPoint]) -> bytes:
    """ "BRAG over time" as a PNG: actions by BRAG at each date, stacked upwards."""
    with _settings():
        return _png(_brag_over_time(points))


def brag_over_time_svg(points: Sequence[BragPoint]) -> str:
    """ "BRAG over time" as SVG text."""
    with _settings():
        return _svg(_brag_over_time(points))


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
        f"{format_date(point.on)}: {_counts_sentence(_counts(point.by_brag))}." for point in shown
    )
    return " ".join(parts)


# A measure's trend --------------------------------------------------------------------------

_VALUE_COLOUR = "#1d70b8"
_TARGET_COLOUR = "#0b0c0c"
_ENGLAND_COLOUR = "#505a5f"


def _measure_trend(line: MeasureLine) -> Figure:
    """The measure's value at each period (a solid line with round markers), its target (a
    dashed step line) and the England average (a dotted line with square markers): told apart
    by line style and marker as well as colour, and named in the legend."""
    from matplotlib.ticker import MaxNLocator

    figure = _new_figure(2.6, left=0.75, bottom=0.9)
    points = line.points
    if not points:
        _empty(figure, "No values recorded yet")
        return figure
    axes = figure.add_subplot()
    positions = list(range(len(points)))
    axes.plot(
        positions,
        [p.value for p in points],
        color=_VALUE_COLOUR,
        marker="o",
        markersize=3.5,
        linewidth=1.6,
        label=line.name[:60],
    )
    targets = [
        (x, p.target) for x, p in zip(positions, points, strict=True) if p.target is not None
    ]
    if targets:
        axes.step(
            [x for x, _ in targets],
            [t for _, t in targets],
            where="mid",
            color=_TARGET_COLOUR,
            linestyle="--",
            linewidth=1.1,
            label="Target",
        )
    england = [
        (x, p.england) for x, p in zip(positions, points, strict=True) if p.england is not None
    ]
    if england:
        axes.plot(
            [x for x, _ in england],
            [e for _, e in england],
            color=_ENGLAND_COLOUR,
            linestyle=":",
            marker="s",
            markersize=2.5,
            linewidth=1.1,
            label="England average",
        )
    step = max(1, len(points) // 8)
    axes.set_xticks(
        positions[::step],
        [f"{p.period_end:%b}\n{p.period_end:%Y}" for p in points][::step],
    )
    axes.set_xlim(-0.5, len(points) - 0.5)
    axes.set_ylabel(line.unit)
    axes.yaxis.set_major_locator(MaxNLocator(nbins=5))
    axes.legend(
        bbox_to_anchor=(0.5, 0.0),
        bbox_transform=axes.figure.transFigure,
        loc="lower center",
        ncols=3,
        frameon=False,
        fontsize=FONT_SIZE - 0.5,
    )
    return figure


def measure_trend_png(line: MeasureLine) -> bytes:
    """A measure's trend as a PNG: its values, target and England average by period."""
    with _settings():
        return _png(_measure_trend(line))


def measure_trend_svg(line: MeasureLine) -> str:
    """A measure's trend as SVG text."""
    with _settings():
        return _svg(_measure_trend(line))


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
