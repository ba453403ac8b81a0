"""Draw a view of the graph for a slide: PNG (3200 x 1800 px), SVG or PDF, with its title and legend.

The picture uses the app's own styles, read through ui/graph_style.py's
functions (``kind_style`` for a node, ``edge_style`` for a relation: colour,
width and dash pattern), so a friction level has the same colour *and* line
pattern here as on screen. Drawn with matplotlib on a ``Figure`` of its own
(no pyplot, no global state), so the app can render in any thread.

Labels are placed biggest node first; a label that would cover another
label or a node is tried above, below, left and right of its node, and left
out when none fits (the count is printed under the picture), except in small
views (``label_all``), where every name is kept.
"""

from __future__ import annotations

import io
import textwrap
import threading
from pathlib import Path
from typing import TYPE_CHECKING, cast

import matplotlib

matplotlib.use("Agg")  # before anything else of matplotlib: never a window, safe in a server

from matplotlib import patheffects  # noqa: E402
from matplotlib.axes import Axes  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg, RendererAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.font_manager import FontProperties  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.patches import FancyArrowPatch  # noqa: E402
from matplotlib.transforms import Bbox  # noqa: E402

from un_pathways.loaders.figure_views import FigureView  # noqa: E402
from un_pathways.loaders.paper import PAPER_SHORT  # noqa: E402
from un_pathways.ui.graph_style import (  # noqa: E402
    ADVERSARIAL_TYPES,
    FRICTION_COLOURS,
    STRUCTURAL_TYPES,
    edge_style,
    kind_style,
)

if TYPE_CHECKING:
    from matplotlib.typing import LineStyleType, RcKeyType

__all__ = [
    "FIGURE_FORMATS",
    "FONT",
    "RENDER_LOCK",
    "SLIDE_DPI",
    "SLIDE_INCHES",
    "TEXT_KEPT",
    "draw_figure",
    "draw_into",
    "figure_bytes",
    "fitted",
    "fitted_size",
    "legend_entries",
    "write_figure",
]

FIGURE_FORMATS = ("png", "svg", "pdf")
SLIDE_INCHES = (40 / 3, 7.5)  # a 16:9 slide, as PowerPoint and Google Slides size them
SLIDE_DPI = 240  # 3200 x 1800 px: sharp on a 4K projector, 5x the app's 614 px picture
FONT = "DejaVu Sans"  # shipped with matplotlib: the same letters on every machine
MARKERS = {"dot": "o", "square": "s", "diamond": "D", "triangle": "^", "star": "*", "hexagon": "h"}
LABEL_CHARS = 28
_MEASURE = RendererAgg(1, 1, 72)  # measures text in points (72 dpi), for fitting titles on one line
# Text stays text: selectable and searchable in the PDF, editable in the SVG (not outlines).
TEXT_KEPT: dict[RcKeyType, str | int] = {"svg.fonttype": "none", "pdf.fonttype": 42}
# Set once, not per save with rc_context: the app draws in several threads, and rcParams are global.
matplotlib.rcParams.update(TEXT_KEPT)
# matplotlib is not thread-safe (shared font caches); the app's sessions draw one file at a time.
RENDER_LOCK = threading.Lock()
_HALO = [patheffects.withStroke(linewidth=3, foreground="white")]
# Relation groups other than channels, with a representative type for ui/graph_style.edge_style.
_RELATION_GROUPS = (
    ("pressure, veto, conflict", next(iter(sorted(ADVERSARIAL_TYPES)))),
    ("structure (part of, leads, hosts…)", next(iter(sorted(STRUCTURAL_TYPES)))),
    ("other relation", "OTHER"),
)
FOOTER = (
    f"UN Pathways · built from {PAPER_SHORT}.\nNodes and relations: the paper's (with locators in the data). "
    "Friction grades: the curators' reading of the paper. "
    "Pass chances: the model's estimates, not the paper's findings."
)


def _width_points(text: str, size: float, bold: bool) -> float:
    """How wide ``text`` is, in points, as the renderer lays it out."""
    font = FontProperties(family=FONT, size=size, weight="bold" if bold else "normal")
    return _MEASURE.get_text_width_height_descent(text, font, ismath=False)[0]


def fitted_size(text: str, width_points: float, largest: float, bold: bool = True) -> float:
    """The largest font size, down to 60% of ``largest``, at which ``text`` fits on one line."""
    natural = _width_points(text, largest, bold)
    return largest if natural <= width_points else max(0.6 * largest, largest * width_points / natural)


def fitted(text: str, width_points: float, largest: float, bold: bool = True) -> str:
    """``text`` at :func:`fitted_size`, shortened with "…" if it still does not fit on one line."""
    size = fitted_size(text, width_points, largest, bold)
    while len(text) > 10 and _width_points(text, size, bold) > width_points:
        text = text[:-2].rstrip() + "…"
    return text


def _line_style(style: dict) -> LineStyleType:
    """vis-network's dash list (pixels) as a matplotlib dash pattern (multiples of the line width)."""
    dashes = style.get("dashes")
    if not dashes:
        return "solid"
    width = max(float(style.get("width", 1)), 0.5)
    return (0, tuple(max(d / width, 0.6) for d in dashes))


def _colour(style: dict) -> str:
    colour = style["color"]
    return colour["color"] if isinstance(colour, dict) else colour


def _relation_group(attrs: dict) -> str:
    if attrs.get("channel"):
        return f"friction {attrs.get('friction')}"
    kind = attrs.get("type", "")
    if kind in ADVERSARIAL_TYPES:
        return _RELATION_GROUPS[0][0]
    if kind in STRUCTURAL_TYPES:
        return _RELATION_GROUPS[1][0]
    return _RELATION_GROUPS[2][0]


def legend_entries(view: FigureView) -> list[tuple[str, Line2D]]:
    """(label, handle) for each node kind and relation style the picture shows, in the app's legend order."""
    kinds = {attrs["kind"] for _, attrs in view.graph.nodes(data=True)}
    groups = {_relation_group(attrs) for *_, attrs in view.graph.edges(data=True)}
    entries = [("Nodes", Line2D([], [], linestyle="none"))]
    from un_pathways.ui.graph_style import KIND_STYLE

    for kind in sorted(kinds, key=lambda k: (list(KIND_STYLE).index(k) if k in KIND_STYLE else 99, k)):
        colour, shape = kind_style(kind)
        marker = Line2D(
            [],
            [],
            linestyle="none",
            marker=MARKERS.get(shape, "o"),
            markersize=13 if shape == "star" else 9,  # a star's ink is thin: drawn bigger, as on the graph
            color=colour,
            markeredgecolor="white",
        )
        entries.append((kind.replace("_", " "), marker))
    entries.append(("Relations", Line2D([], [], linestyle="none")))
    for level in FRICTION_COLOURS:
        if f"friction {level}" in groups:
            style = edge_style({"channel": True, "friction": level})
            line = Line2D(
                [], [], color=_colour(style), linewidth=style["width"] * 0.9, linestyle=_line_style(style)
            )
            entries.append((f"channel, friction {level}", line))
    for label, sample in _RELATION_GROUPS:
        if label in groups:
            style = edge_style({"type": sample})
            line = Line2D(
                [], [], color=_colour(style), linewidth=style["width"] * 1.2, linestyle=_line_style(style)
            )
            entries.append((label, line))
    return entries


def _draw_legend(fig: Figure, ax: Axes, view: FigureView, size: float) -> None:
    """The legend, its letters made smaller when there are many entries, so it always fits its box."""
    ax.set_axis_off()
    entries = legend_entries(view)
    box = ax.get_position()
    tall = box.height * fig.get_figheight() * 72 / (len(entries) * 1.75)
    wide = box.width * fig.get_figwidth() * 72 / (0.6 * max(len(label) for label, _ in entries) + 4.5)
    size = min(size, tall, wide)
    legend = ax.legend(
        [handle for _, handle in entries],
        [label for label, _ in entries],
        loc="upper left",
        frameon=False,
        fontsize=size,
        handlelength=3.4,
        borderaxespad=0,
        labelspacing=0.55,
        prop={"family": FONT, "size": size},
    )
    for text, (label, _) in zip(legend.get_texts(), entries, strict=True):
        if label in ("Nodes", "Relations"):
            text.set_fontweight("bold")
            text.set_x(-40)  # headings start where the swatches do


def _node_size(view: FigureView) -> dict[str, float]:
    """Marker area in points²: by degree in big views, one size in small ones."""
    if view.label_all:
        return dict.fromkeys(view.graph, 260.0)
    degree = dict(view.graph.degree())
    top = max(degree.values(), default=1) or 1
    return {node: 30 + 300 * (degree[node] / top) ** 0.5 for node in view.graph}


def _draw_edges(ax: Axes, view: FigureView, sizes: dict[str, float]) -> list:
    labels = []
    seen: dict[tuple[str, str], int] = {}
    for source, target, key, attrs in sorted(view.graph.edges(keys=True, data=True), key=lambda e: e[2]):
        style = edge_style(attrs)
        pair = tuple(sorted((source, target)))
        bend = 0.12 * seen.get(pair, 0) + (0.08 if view.graph.has_edge(target, source) else 0.0)
        seen[pair] = seen.get(pair, 0) + 1
        faint = bool(view.emphasis) and key not in view.emphasis
        width = float(style["width"]) * (2.0 if key in view.emphasis else 0.8)
        arrow = FancyArrowPatch(
            view.positions[source],
            view.positions[target],
            arrowstyle="-|>",
            mutation_scale=8 + 3 * width,
            connectionstyle=f"arc3,rad={bend}",
            linewidth=width,
            linestyle=_line_style(style),
            color=_colour(style),
            alpha=0.25 if faint else (0.9 if view.label_all else 0.55),
            shrinkA=(sizes[source] ** 0.5) / 2 + 2,
            shrinkB=(sizes[target] ** 0.5) / 2 + 3,
            zorder=1 if faint else 2,
        )
        ax.add_artist(arrow)  # not add_patch: the limits are set, and it costs 10 ms an arrow
        if key in view.edge_labels:
            labels.append(_edge_label(ax, view, source, target, key, _colour(style)))
    return labels


def _edge_label(ax: Axes, view: FigureView, source: str, target: str, key: str, colour: str):
    """A relation's words at its middle: just above it when it runs flat (a chain), else boxed on it."""
    (x1, y1), (x2, y2) = view.positions[source], view.positions[target]
    flat = abs(y2 - y1) < 1e-9
    return ax.annotate(
        view.edge_labels[key],
        ((x1 + x2) / 2, (y1 + y2) / 2),
        xytext=(0, 7 if flat else 0),
        textcoords="offset points",
        ha="center",
        va="bottom" if flat else "center",
        fontsize=9,
        family=FONT,
        color="#1b1f24",
        zorder=5,
        path_effects=_HALO if flat else None,
        bbox=None if flat else {"boxstyle": "round,pad=0.25", "facecolor": "white", "edgecolor": colour},
    )


def _draw_nodes(ax: Axes, view: FigureView, sizes: dict[str, float]) -> None:
    by_kind: dict[str, list[str]] = {}
    for node, attrs in view.graph.nodes(data=True):
        by_kind.setdefault(attrs["kind"], []).append(node)
    for kind, nodes in sorted(by_kind.items()):
        colour, shape = kind_style(kind)
        ax.scatter(
            [view.positions[n][0] for n in nodes],
            [view.positions[n][1] for n in nodes],
            s=[sizes[n] * (1.8 if shape == "star" else 1.0) for n in nodes],
            c=colour,
            marker=MARKERS.get(shape, "o"),
            edgecolors="white",
            linewidths=1.2,
            zorder=3,
        )


def _node_name(attrs: dict, full: bool) -> str:
    """The app's short label; in small views the full name, on up to three lines of LABEL_CHARS."""
    if full:
        lines = textwrap.wrap(attrs["name"], LABEL_CHARS)
        return "\n".join(
            lines[:2] + ([textwrap.shorten(" ".join(lines[2:]), LABEL_CHARS)] if lines[2:] else [])
        )
    text = attrs.get("short") or attrs["name"]
    return text if len(text) <= LABEL_CHARS else text[: LABEL_CHARS - 1].rstrip() + "…"


def _text_size(renderer, text: str, font: FontProperties) -> tuple[float, float]:
    """Width and height in pixels of a name, one line or several."""
    sizes = [renderer.get_text_width_height_descent(line, font, ismath=False) for line in text.split("\n")]
    return max(w for w, _, _ in sizes), sum(h for _, h, _ in sizes) * 1.2


# x0, y0, x1, y1 in display pixels (plain tuples: 20x faster than Bbox)
Box = tuple[float, float, float, float]


def _overlaps(box: Box, others: list[Box]) -> bool:
    x0, y0, x1, y1 = box
    return any(x0 < b[2] and b[0] < x1 and y0 < b[3] and b[1] < y1 for b in others)


def _candidates(
    centre: tuple[float, float],
    middle: tuple[float, float],
    gap: float,
    width: float,
    height: float,
    upright: bool = False,
) -> list[tuple]:
    """Where a name may go, in display pixels, facing away from the picture's ``middle`` first."""
    cx, cy = centre
    below = ((0, -1), "center", "top", (cx - width / 2, cy - gap - height, cx + width / 2, cy - gap))
    above = ((0, 1), "center", "bottom", (cx - width / 2, cy + gap, cx + width / 2, cy + gap + height))
    right = ((1, 0), "left", "center", (cx + gap, cy - height / 2, cx + gap + width, cy + height / 2))
    left = ((-1, 0), "right", "center", (cx - gap - width, cy - height / 2, cx - gap, cy + height / 2))
    dx, dy = cx - middle[0], cy - middle[1]
    if upright:  # chains: names above the top row and below the bottom one, where the arrows are not
        return [above, below, right, left] if dy > 0 else [below, above, right, left]
    if abs(dx) > abs(dy) * 1.5:
        return [right, above, below, left] if dx > 0 else [left, above, below, right]
    return [below, above, right, left] if dy <= 0 else [above, below, right, left]


def _inside(box: Box, frame: Bbox) -> bool:
    return frame.x0 <= box[0] and box[2] <= frame.x1 and frame.y0 <= box[1] and box[3] <= frame.y1


def _place_labels(fig: Figure, ax: Axes, view: FigureView, sizes: dict[str, float], taken: list) -> int:
    """Name each node where it covers no other name or node; return how many names were left out.

    Each place is measured (the renderer's text extent) before anything is drawn,
    so only the names kept become artists.
    """
    renderer = cast(FigureCanvasAgg, fig.canvas).get_renderer()  # draw_figure and draw_handout attach Agg
    frame = ax.get_window_extent(renderer)
    pixels = fig.dpi / 72
    middle = ((frame.x0 + frame.x1) / 2, (frame.y0 + frame.y1) / 2)
    placed: list[Box] = [
        tuple(label.get_window_extent(renderer).expanded(1.05, 1.1).extents) for label in taken
    ]
    centres = {node: tuple(ax.transData.transform(xy)) for node, xy in view.positions.items()}
    dots = {}
    for node, (cx, cy) in centres.items():
        radius = (sizes[node] ** 0.5) / 2 * pixels
        dots[node] = (cx - radius, cy - radius, cx + radius, cy + radius)
    degree = dict(view.graph.degree())
    on_route = {end for u, v, key in view.graph.edges(keys=True) if key in view.emphasis for end in (u, v)}
    order = sorted(view.graph, key=lambda n: (n not in on_route, -degree[n], n))
    font = FontProperties(family=FONT, size=10 if view.label_all else 7.5)
    hidden = 0
    for node in order:
        text = _node_name(view.graph.nodes[node], view.label_all)
        width, height = _text_size(renderer, text, font)
        gap_points = (sizes[node] ** 0.5) / 2 + 2
        options = _candidates(
            centres[node], middle, gap_points * pixels, width + 4, height + 4, upright=view.label_all
        )
        others = [box for other, box in dots.items() if other != node]
        chosen = next(
            (
                o
                for o in options
                if _inside(o[3], frame) and not _overlaps(o[3], placed) and not _overlaps(o[3], others)
            ),
            options[0] if view.label_all else None,
        )
        if chosen is None:
            hidden += 1
            continue
        (dx, dy), ha, va, box = chosen
        ax.annotate(
            text,
            view.positions[node],
            xytext=(dx * gap_points, dy * gap_points),
            textcoords="offset points",
            ha=ha,
            va=va,
            fontproperties=font,
            color="#1b1f24",
            path_effects=_HALO,
            zorder=4,
        )
        placed.append(box)
    return hidden


def _frame(ax: Axes, view: FigureView) -> None:
    xs = [x for x, _ in view.positions.values()] or [0.0]
    ys = [y for _, y in view.positions.values()] or [0.0]
    width, height = (max(xs) - min(xs)) or 1.0, (max(ys) - min(ys)) or 1.0
    side = 0.18 if view.label_all else 0.08  # room for the end nodes' full names
    ax.set_xlim(min(xs) - side * width, max(xs) + side * width)
    ax.set_ylim(min(ys) - 2.5 * side * height, max(ys) + 2.5 * side * height)
    ax.set_axis_off()


def draw_into(fig: Figure, graph_box: tuple, legend_box: tuple | None, view: FigureView) -> int:
    """Draw ``view`` into the parts of ``fig`` at [left, bottom, width, height]; return hidden labels."""
    ax = fig.add_axes(graph_box)
    _frame(ax, view)
    sizes = _node_size(view)
    edge_labels = _draw_edges(ax, view, sizes)
    _draw_nodes(ax, view, sizes)
    if legend_box is not None:
        _draw_legend(fig, fig.add_axes(legend_box), view, 10)
    return _place_labels(fig, ax, view, sizes, edge_labels)


def draw_figure(view: FigureView) -> Figure:
    """The slide: title and subtitle on top, the graph, the legend on the right, whose is what below."""
    fig = Figure(figsize=SLIDE_INCHES, dpi=SLIDE_DPI, facecolor="white")
    FigureCanvasAgg(fig)
    width = SLIDE_INCHES[0] * 0.95 * 72
    fig.text(
        0.025,
        0.955,
        fitted(view.title, width, 22),
        fontsize=fitted_size(view.title, width, 22),
        fontweight="bold",
        family=FONT,
        color="#1b1f24",
        va="top",
    )
    fig.text(
        0.025,
        0.895,
        fitted(view.subtitle, width, 12, bold=False),
        fontsize=fitted_size(view.subtitle, width, 12, bold=False),
        family=FONT,
        color="#4a5560",
        va="top",
    )
    hidden = draw_into(fig, (0.02, 0.12, 0.74, 0.75), (0.775, 0.12, 0.215, 0.76), view)
    notes = [view.note] if view.note else []
    if hidden:
        nodes = "1 smaller node is" if hidden == 1 else f"{hidden} smaller nodes are"
        notes.append(f"{nodes} drawn without a name, so that no two names overlap.")
    fig.text(0.025, 0.085, " ".join(notes), fontsize=9, family=FONT, color="#4a5560", va="bottom")
    fig.text(0.025, 0.015, FOOTER, fontsize=9, family=FONT, color="#4a5560", va="bottom", linespacing=1.5)
    return fig


def figure_bytes(view: FigureView, fmt: str) -> bytes:
    """The slide as the bytes of a PNG, SVG or PDF file."""
    if fmt not in FIGURE_FORMATS:
        raise ValueError(f"unknown figure format {fmt!r}; formats: {', '.join(FIGURE_FORMATS)}")
    buffer = io.BytesIO()
    metadata = (
        {"Title": view.title} if fmt in ("svg", "pdf") else {"Title": view.title, "Software": "UN Pathways"}
    )
    with RENDER_LOCK:
        draw_figure(view).savefig(buffer, format=fmt, dpi=SLIDE_DPI, facecolor="white", metadata=metadata)
    return buffer.getvalue()


def write_figure(view: FigureView, fmt: str, out: Path) -> Path:
    """Write the slide to ``out`` in ``fmt``; return the path."""
    out = Path(out)
    out.write_bytes(figure_bytes(view, fmt))
    return out
