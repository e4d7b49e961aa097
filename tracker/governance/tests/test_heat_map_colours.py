"""The heat map's colours, read from our Sass and GOV.UK Frontend's palette: each level of
rating is darker than the one below it, and its text keeps WCAG AA contrast (4.5:1)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
SASS = ROOT / "assets" / "scss" / "application.scss"
PALETTE = (
    ROOT
    / "node_modules"
    / "govuk-frontend"
    / "dist"
    / "govuk"
    / "settings"
    / "_colours-palette--internal.scss"
)
COLOUR = r'govuk\.govuk-colour\("(?P<{0}>[a-z]+)"(?:, \$variant: "(?P<{0}_variant>[a-z0-9-]+)")?\)'
RULE = re.compile(
    r"\.app-heat--level-(?P<level>\d) \{ background: "
    + COLOUR.format("background")
    + r"; color: "
    + COLOUR.format("text")
    + r"; \}"
)


def _palette() -> dict[tuple[str, str], str]:
    colours: dict[tuple[str, str], str] = {}
    name = ""
    for line in PALETTE.read_text().splitlines():
        if match := re.match(r'\s*"white": (#[0-9a-f]{6})', line):
            colours[("white", "primary")] = match.group(1)
        elif match := re.match(r'\s*"([a-z]+)": \($', line):
            name = match.group(1)
        elif match := re.match(r'\s*"([a-z0-9-]+)": (#[0-9a-f]{6})', line):
            colours[(name, match.group(1))] = match.group(2)
    return colours


def _luminance(hex_colour: str) -> float:
    """WCAG 2.2 relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(first: float, second: float) -> float:
    light, dark = max(first, second), min(first, second)
    return (light + 0.05) / (dark + 0.05)


def test_heat_map_colours_darken_as_the_level_rises_with_aa_text():
    palette = _palette()
    rules = sorted(RULE.finditer(SASS.read_text()), key=lambda m: int(m.group("level")))
    assert [int(m.group("level")) for m in rules] == [1, 2, 3, 4]
    backgrounds = []
    for rule in rules:
        background = palette[
            (rule.group("background"), rule.group("background_variant") or "primary")
        ]
        text = palette[(rule.group("text"), rule.group("text_variant") or "primary")]
        backgrounds.append(_luminance(background))
        assert _contrast(_luminance(background), _luminance(text)) >= 4.5, rule.group(0)
    assert backgrounds == sorted(backgrounds, reverse=True)
    assert len(set(backgrounds)) == 4
