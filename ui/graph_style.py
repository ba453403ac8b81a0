"""How the graph looks: colours and shapes by kind, edge styles by type and friction, the legend.

Colours are chosen to stay apart on a projector and for the common forms of
colour blindness; friction runs green (passes) to dark red (blocks).
"""

from __future__ import annotations

import html
from collections.abc import Iterable

__all__ = [
    "FRICTION_COLOURS",
    "KIND_STYLE",
    "edge_style",
    "friction_colour",
    "kind_style",
    "legend_html",
]

# kind -> (colour, vis-network shape)
KIND_STYLE: dict[str, tuple[str, str]] = {
    "organ": ("#0b3d91", "dot"),
    "office": ("#1f77b4", "dot"),
    "department": ("#6baed6", "dot"),
    "agency": ("#17a2b8", "dot"),
    "field_presence": ("#ff7f0e", "dot"),
    "mission": ("#2ca02c", "dot"),
    "mechanism": ("#a6a61d", "dot"),
    "panel": ("#e377c2", "dot"),
    "member_state": ("#6f6f6f", "square"),
    "regional_org": ("#8c564b", "square"),
    "state_group": ("#b8907f", "square"),
    "court": ("#9467bd", "square"),
    "non_state_actor": ("#393b79", "square"),
    "ngo": ("#5fbf5f", "square"),
    "policy": ("#c7c73a", "diamond"),
    "report": ("#f29cc6", "diamond"),
    "resolution": ("#b59ad6", "diamond"),
    "norm": ("#7fcfdb", "diamond"),
    "person": ("#ffbb78", "triangle"),
    "case": ("#d62728", "star"),
    "cluster": ("#34495e", "hexagon"),  # many nodes drawn as one (big graphs, see ui/big_graph.py)
}
UNKNOWN_KIND = ("#999999", "dot")

FRICTION_COLOURS: dict[str, str] = {
    "none": "#1a9850",
    "low": "#66bd63",
    "medium": "#f29e2e",
    "high": "#e5542d",
    "blocking": "#8b0000",
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
STRUCTURAL_COLOUR = "#9aa5b1"
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
        return {
            "color": friction_colour(friction),
            "width": 4 if friction == "blocking" else 3,
            "dashes": [10, 6] if friction == "blocking" else False,
        }
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


def _line(colour: str, style: str, label: str) -> str:
    return (
        f'<span class="pw-item"><span style="display:inline-block;width:26px;border-top:3px {style} {colour};'
        f'vertical-align:middle"></span> {html.escape(label)}</span>'
    )


def legend_html(
    kinds: Iterable[str], kind_names: dict[str, str] | None = None, frictions: bool = True
) -> str:
    """An HTML legend of the node kinds shown and the edge styles (all text escaped)."""
    names = kind_names or {}
    items = []
    for kind in sorted(set(kinds), key=lambda k: list(KIND_STYLE).index(k) if k in KIND_STYLE else 99):
        colour, shape = kind_style(kind)
        items.append(_swatch(colour, _SYMBOL.get(shape, "●"), names.get(kind, kind.replace("_", " "))))
    lines = []
    if frictions:
        lines += [
            _line(colour, "solid", f"channel, friction {level}") for level, colour in FRICTION_COLOURS.items()
        ]
    lines += [
        _line(ADVERSARIAL_COLOUR, "dotted", "pressure, veto, conflict"),
        _line(STRUCTURAL_COLOUR, "dashed", "structure (part of, leads, hosts…)"),
        _line(OTHER_COLOUR, "solid", "other relation"),
    ]
    style = (
        "<style>.pw-legend{font-size:0.9rem;line-height:1.9}.pw-item{white-space:nowrap;margin-right:14px}"
        ".pw-legend b{margin-right:8px}</style>"
    )
    return (
        f'{style}<div class="pw-legend"><b>Nodes</b> {" ".join(items)}<br>'
        f"<b>Relations</b> {' '.join(lines)}</div>"
    )
