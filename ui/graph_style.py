"""How the graph looks: colours and shapes by kind, edge styles by type and friction, the legend.

Every colour keeps at least 3:1 contrast on the white background (WCAG's
minimum for graphics; tests/test_graph_style.py computes it), and kinds differ
by shape as well as colour. Friction runs from blue (passes) through orange to
dark red (blocks), a scale red-green colour-blind readers can follow, and each
level also has its own width and dash pattern, so it reads without colour.
"""

from __future__ import annotations

import html
from collections.abc import Iterable

__all__ = [
    "FRICTION_COLOURS",
    "FRICTION_LINES",
    "KIND_STYLE",
    "edge_style",
    "friction_colour",
    "kind_style",
    "legend_html",
    "legend_kinds",
]

# kind -> (colour, vis-network shape)
KIND_STYLE: dict[str, tuple[str, str]] = {
    "organ": ("#0b3d91", "dot"),
    "office": ("#1f77b4", "dot"),
    "department": ("#479acc", "dot"),
    "agency": ("#17a2b8", "dot"),
    "field_presence": ("#e96d00", "dot"),
    "mission": ("#2ca02c", "dot"),
    "mechanism": ("#97971a", "dot"),
    "panel": ("#c652a8", "dot"),
    "member_state": ("#6f6f6f", "square"),
    "regional_org": ("#8c564b", "square"),
    "state_group": ("#a97c6a", "square"),
    "court": ("#9467bd", "square"),
    "non_state_actor": ("#393b79", "square"),
    "ngo": ("#558b2f", "square"),
    "policy": ("#6b8e23", "diamond"),
    "report": ("#c2185b", "diamond"),
    "resolution": ("#a482cc", "diamond"),
    "norm": ("#4f7cac", "diamond"),
    "person": ("#a0522d", "triangle"),
    "case": ("#d62728", "star"),
    "cluster": ("#34495e", "hexagon"),  # many nodes drawn as one (big graphs, see ui/big_graph.py)
}
UNKNOWN_KIND = ("#999999", "dot")

FRICTION_COLOURS: dict[str, str] = {  # blue to dark red: apart for red-green colour blindness too
    "none": "#2166ac",
    "low": "#4a8cc4",
    "medium": "#c77700",
    "high": "#d0442a",
    "blocking": "#6b0000",
}
# The second cue: (width, dash pattern) per friction level; harder channels are thicker and more broken.
FRICTION_LINES: dict[str, tuple[float, list[int] | bool]] = {
    "none": (2.0, False),
    "low": (2.5, False),
    "medium": (3.0, [14, 5]),
    "high": (3.5, [6, 5]),
    "blocking": (4.5, [2, 5]),
}

# Relations that are about power and conflict rather than structure or signals.
ADVERSARIAL_TYPES = frozenset(
    {
        "PRESSURES",
        "VETOED",
        "HOLDS_VETO_IN",
        "OPPOSES",
        "ATTACKS",
        "CONSTRAINS",
        "CRITICIZES",
        "DECLARES_PERSONA_NON_GRATA",
        "VIOLATES",
        "FAILS_TO_ACT_ON",
        "DISMISSES",
        "DEFERS_TO",
    }
)
STRUCTURAL_TYPES = frozenset(
    {
        "PART_OF",
        "MEMBER_OF",
        "LEADS",
        "HOLDS_OFFICE",
        "ESTABLISHED_BY",
        "DEPLOYED_IN",
        "HOSTS",
        "CO_CHAIRS",
        "SUCCEEDS",
        "SUPERSEDES",
        "GROUNDED_IN",
        "REPRESENTS",
        "APPOINTS",
        "AUTHORED",
        "CONSENTS_TO",
        "CONTRIBUTES_TROOPS_TO",
        "FUNDS",
        "DEPLOYS",
    }
)
ADVERSARIAL_COLOUR = "#8e44ad"
STRUCTURAL_COLOUR = "#8693a1"
OTHER_COLOUR = "#7f8c99"


def kind_style(kind: str) -> tuple[str, str]:
    """(colour, shape) of a node kind."""
    return KIND_STYLE.get(kind, UNKNOWN_KIND)


def friction_colour(friction: str | None) -> str:
    """The colour of a friction level (grey when there is none to show)."""
    return FRICTION_COLOURS.get(friction or "", OTHER_COLOUR)


def edge_style(attrs: dict) -> dict:
    """vis-network edge options for an edge's type, and for channels its friction."""
    if attrs.get("channel"):
        friction = attrs.get("friction")
        width, dashes = FRICTION_LINES.get(friction or "", (3.0, False))
        return {"color": friction_colour(friction), "width": width, "dashes": dashes}
    kind = attrs.get("type", "")
    if kind in ADVERSARIAL_TYPES:
        return {"color": ADVERSARIAL_COLOUR, "width": 1.5, "dashes": [2, 5]}
    if kind in STRUCTURAL_TYPES:
        return {"color": STRUCTURAL_COLOUR, "width": 1, "dashes": [6, 6]}
    return {"color": OTHER_COLOUR, "width": 1.2, "dashes": False}


_SYMBOL = {"dot": "●", "square": "■", "diamond": "◆", "triangle": "▲", "star": "★"}


def _swatch(colour: str, symbol: str, label: str) -> str:
    return (
        f'<span class="pw-item"><span style="color:{colour};font-size:1.15em">{symbol}</span>'
        f" {html.escape(label)}</span>"
    )


def _line(colour: str, dashes: list[int] | bool, label: str, width: float = 3.0) -> str:
    """A legend entry drawn like the edge: its colour, width and dash pattern."""
    pattern = f' stroke-dasharray="{",".join(map(str, dashes))}"' if isinstance(dashes, list) else ""
    return (
        f'<span class="pw-item"><svg width="34" height="10" style="vertical-align:middle" aria-hidden="true">'
        f'<line x1="0" y1="5" x2="34" y2="5" stroke="{colour}" stroke-width="{width}"{pattern}/></svg>'
        f" {html.escape(label)}</span>"
    )


def _legend_order(kinds: Iterable[str]) -> list[str]:
    return sorted(set(kinds), key=lambda k: list(KIND_STYLE).index(k) if k in KIND_STYLE else 99)


def legend_kinds(
    shown: Iterable[str], hidden: Iterable[str], kind_names: dict[str, str], toggleable: Iterable[str]
) -> list[dict]:
    """The node kinds of a clickable legend (drawn by the graph component), shown ones and hidden ones.

    Each entry: ``kind``, ``label``, ``colour``, ``symbol``, ``hidden`` and whether a click may
    hide it (``toggle``: clusters of a big graph are not a kind one can filter).
    """
    hidden, toggleable = set(hidden), set(toggleable)
    entries = []
    for kind in _legend_order({*shown, *hidden}):
        colour, shape = kind_style(kind)
        entries.append(
            {
                "kind": kind,
                "label": kind_names.get(kind, kind.replace("_", " ")),
                "colour": colour,
                "symbol": _SYMBOL.get(shape, "●"),
                "hidden": kind in hidden,
                "toggle": kind in toggleable,
            }
        )
    return entries


def legend_html(
    kinds: Iterable[str], kind_names: dict[str, str] | None = None, frictions: bool = True
) -> str:
    """An HTML legend of the node kinds shown and the edge styles (all text escaped).

    Without kinds (a page whose graph draws them itself, see ``legend_kinds``) only the relations.
    """
    names = kind_names or {}
    items = []
    for kind in _legend_order(kinds):
        colour, shape = kind_style(kind)
        items.append(_swatch(colour, _SYMBOL.get(shape, "●"), names.get(kind, kind.replace("_", " "))))
    lines = []
    if frictions:
        lines += [
            _line(colour, FRICTION_LINES[level][1], f"channel, friction {level}", FRICTION_LINES[level][0])
            for level, colour in FRICTION_COLOURS.items()
        ]
    lines += [
        _line(ADVERSARIAL_COLOUR, [2, 5], "pressure, veto, conflict", 1.5),
        _line(STRUCTURAL_COLOUR, [6, 6], "structure (part of, leads, hosts…)", 1.5),
        _line(OTHER_COLOUR, False, "other relation", 1.5),
    ]
    style = (
        "<style>.pw-legend{font-size:0.9rem;line-height:1.9}.pw-item{white-space:nowrap;margin-right:14px}"
        ".pw-legend b{margin-right:8px}</style>"
    )
    return (
        f'{style}<div class="pw-legend">'
        + (f"<b>Nodes</b> {' '.join(items)}<br>" if items else "")
        + f"<b>Relations</b> {' '.join(lines)}</div>"
    )
