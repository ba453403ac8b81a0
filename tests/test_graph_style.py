"""The graph's colours: readable on the white background, and friction readable without colour."""

from __future__ import annotations

import re

import pytest

from un_pathways.ui.graph_style import (
    ADVERSARIAL_COLOUR,
    FRICTION_COLOURS,
    FRICTION_LINES,
    KIND_STYLE,
    OTHER_COLOUR,
    STRUCTURAL_COLOUR,
    edge_style,
    legend_html,
)

BACKGROUND = "#ffffff"  # the graph component's and the legend's background


def _luminance(colour: str) -> float:
    """WCAG 2 relative luminance of a #rrggbb colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    light, dark = sorted((_luminance(first), _luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


LEGEND_COLOURS = {
    **{f"kind {kind}": colour for kind, (colour, _) in KIND_STYLE.items()},
    **{f"friction {level}": colour for level, colour in FRICTION_COLOURS.items()},
    "pressure, veto, conflict": ADVERSARIAL_COLOUR,
    "structure": STRUCTURAL_COLOUR,
    "other relation": OTHER_COLOUR,
}


@pytest.mark.parametrize(("entry", "colour"), sorted(LEGEND_COLOURS.items()))
def test_every_legend_colour_has_3_to_1_contrast_on_the_background(entry, colour):
    assert contrast(colour, BACKGROUND) >= 3.0, f"{entry} {colour}: {contrast(colour, BACKGROUND):.2f}:1"


def test_the_contrast_formula_matches_known_values():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)  # WCAG's reference grey


def test_each_friction_level_has_its_own_width_and_dash_pattern():
    looks = [(width, str(dashes)) for width, dashes in FRICTION_LINES.values()]
    assert set(FRICTION_LINES) == set(FRICTION_COLOURS)
    assert len(set(looks)) == len(looks), "two levels would look alike without colour"
    widths = [width for width, _ in FRICTION_LINES.values()]
    assert widths == sorted(widths), "harder channels are drawn thicker"
    for level, (width, dashes) in FRICTION_LINES.items():
        style = edge_style({"channel": True, "friction": level})
        assert (style["width"], style["dashes"]) == (width, dashes)


def test_the_legend_draws_each_friction_like_its_edges():
    legend = legend_html(["organ"])
    for level, (width, dashes) in FRICTION_LINES.items():
        colour = FRICTION_COLOURS[level]
        entry = re.search(rf'<line [^>]*stroke="{colour}" stroke-width="{width}"([^>]*)/>', legend)
        assert entry, level
        assert ("stroke-dasharray" in entry.group(1)) == bool(dashes)
