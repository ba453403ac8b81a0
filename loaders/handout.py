"""A one-page PDF handout of a pathway or a case: the chain, the reasons with their sources, the legend.

Every line says whose it is: the paper's (with its locator), the curators'
(friction grades, rationales, stage readings, inferences with their reason)
or the model's (pass chances, signals, the verdict: estimates). Laid out with
matplotlib, the same drawing as the slide figures (loaders/figures.py): one
dependency for PNG, SVG and PDF, and the graph is drawn by the same code.
The text is set at the largest size (9.5 pt down to 6.5 pt) at which it fits
on one A4 page; what still does not fit is cut, and the page says so.
"""

from __future__ import annotations

import io
import textwrap
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import TypedDict

import networkx as nx
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from un_pathways.graph.cases import CONSISTENCY_NOTE
from un_pathways.graph.model import STAGES, Case
from un_pathways.loaders.figure_views import FigureView, case_figure, pathway_figure
from un_pathways.loaders.figures import FONT, RENDER_LOCK, draw_into, fitted, fitted_size
from un_pathways.loaders.paper import PAPER_CITATION

__all__ = ["Block", "case_handout", "handout_bytes", "pathway_handout", "write_handout"]

A4_INCHES = (8.27, 11.69)
MARGIN = 0.55  # inches
FIGURE_HEIGHT = 3.1  # inches of the page given to the picture
SIZES = (9.5, 9.0, 8.5, 8.0, 7.5, 7.0, 6.5)  # points, largest first
CHAR_WIDTH = 0.55  # DejaVu Sans: average letter width in ems, for wrapping
WHOSE = (
    "The paper's: what each locator points to (section ¶, endnote n.), paraphrased, never quoted beyond "
    "short phrases. The curators': the friction grades, mechanisms and rationales of the channels, the "
    "reading of each stage of a case and any inference (with its written reason). The model's: pass "
    "chances, signals, stall "
    "points and the verdict, computed from the curators' grades: estimates, not findings of the paper."
)


class _TextStyle(TypedDict):
    size: float  # a multiple of the text size
    weight: str
    colour: str


_STYLE: dict[str, _TextStyle] = {
    "title": {"size": 2.0, "weight": "bold", "colour": "#1b1f24"},
    "heading": {"size": 1.15, "weight": "bold", "colour": "#0b3d91"},
    "item": {"size": 1.0, "weight": "bold", "colour": "#1b1f24"},
    "text": {"size": 1.0, "weight": "normal", "colour": "#1b1f24"},
    "note": {"size": 0.92, "weight": "normal", "colour": "#4a5560"},
}


@dataclass(frozen=True)
class Block:
    """A paragraph of the handout and how it looks: title, heading, item, text or note."""

    style: str
    text: str


@dataclass(frozen=True)
class Handout:
    """What one handout holds: the picture, and the text under it."""

    title: str
    subtitle: str
    figure: FigureView
    blocks: list[Block]


def _name(view: nx.MultiDiGraph, node: str) -> str:
    attrs = view.nodes[node] if node in view else {}
    name = attrs.get("name", node)
    return f"{name} ({attrs['short']})" if attrs.get("short") and attrs["short"] != name else name


def _hop_blocks(
    view: nx.MultiDiGraph, hops: list[dict], stall_index: int | None, offset: int = 0
) -> list[Block]:
    """Each hop: who to whom, the curators' grade, the model's chance, then the reason with its sources."""
    blocks = []
    for index, hop in enumerate(hops):
        loss = (
            f", {hop['loss_share']:.0%} of the signal lost here" if hop.get("loss_share") is not None else ""
        )
        stalls = " The signal falls below the stall threshold here." if index == stall_index else ""
        blocks.append(
            Block("item", f"{offset + index + 1}. {_name(view, hop['from'])} → {_name(view, hop['to'])}")
        )
        blocks.append(
            Block(
                "text",
                f"{hop['stage'].capitalize()} channel ({hop['type']}), "
                f"friction {hop['friction']} (curators' grade). "
                f"Model's estimate: passes {hop['pass_probability']:.0%}, signal after this hop "
                f"{hop['signal_after']:.2f}{loss}.{stalls}",
            )
        )
        mechanisms = ", ".join(m.replace("_", " ") for m in hop["mechanism"] if m != "none")
        blocks.append(
            Block(
                "text",
                f"Why (curators' rationale, paraphrasing the paper at {'; '.join(hop['sources'])}): "
                f"{hop['rationale']}" + (f" Mechanisms: {mechanisms}." if mechanisms else ""),
            )
        )
        edge = (
            view.edges[hop["from"], hop["to"], hop["key"]]
            if view.has_edge(hop["from"], hop["to"], hop["key"])
            else {}
        )
        if edge.get("justification"):
            blocks.append(Block("text", f"Curators' justification of the grade: {edge['justification']}"))
    return blocks


def _closing() -> list[Block]:
    return [
        Block("heading", "Whose is what"),
        Block("note", WHOSE),
        Block("heading", "Source"),
        Block("note", PAPER_CITATION + " Graph, grades and model: UN Pathways."),
    ]


def pathway_handout(view: nx.MultiDiGraph, path: dict, title: str, subtitle: str) -> Handout:
    """A handout of one pathway (``Pathway.to_dict()``) on the configured ``view``."""
    stall = path["stall"]["hop_index"] if path.get("stall") else None
    end = _name(view, path["nodes"][-1])
    verdict = (
        f"The signal stalls at hop {stall + 1}."
        if stall is not None
        else "The signal stays above the stall threshold."
    )
    blocks = [
        Block("heading", "The chain, hop by hop"),
        Block(
            "note",
            f"Model's estimate: {path['signal']:.2f} of the signal reaches {end} along this route. {verdict}",
        ),
        *_hop_blocks(view, path["hops"], stall),
        *_closing(),
    ]
    return Handout(title, subtitle, pathway_figure(view, [path], title, subtitle), blocks)


def _reading_blocks(reading: dict, names: nx.MultiDiGraph) -> list[Block]:
    blocks = [Block("heading", "The curated reading of the paper, stage by stage")]
    for stage in STAGES:
        part = reading[stage]
        status = part["status"].replace("_", " ")
        if part["status"] == "not_stated":
            blocks.append(Block("text", f"{stage.capitalize()}: the paper is silent on this stage."))
            continue
        actors = ", ".join(_name(names, a) for a in part.get("actors", []))
        blocks.append(
            Block(
                "text",
                f"{stage.capitalize()}: {status} (paper, {part['locator']}). {part['says']}"
                + (f" Actors the paper names: {actors}." if actors else ""),
            )
        )
        if part.get("inference"):
            blocks.append(Block("note", f"Curators' inference for this stage: {part['inference']['reason']}"))
    blocks.append(Block("note", f"Curators' summary of what the paper records: {reading['summary']}"))
    return blocks


def case_handout(view: nx.MultiDiGraph, case: Case, verdict: dict, title: str, subtitle: str) -> Handout:
    """A handout of a case: the model's legs (``case_verdict``), the curated reading, how they compare."""
    blocks: list[Block] = [Block("heading", "The chain the model runs, leg by leg")]
    count = 0
    for leg in verdict["legs"]:
        path = leg["path"]
        state = "passes" if leg["passed"] else "stalls"
        if not path:
            blocks.append(Block("note", f"{leg['stage'].capitalize()} leg: no channel route exists (model)."))
            continue
        blocks.append(
            Block(
                "note",
                f"{leg['stage'].capitalize()} leg ({state}): model's estimate, "
                f"{path['signal']:.2f} of the signal reaches {_name(view, path['nodes'][-1])}.",
            )
        )
        stall = path["stall"]["hop_index"] if path.get("stall") else None
        blocks += _hop_blocks(view, path["hops"], stall, count)
        count += len(path["hops"])
    blocks += _reading_blocks(verdict["curated_reading"], view)
    comparison = verdict["comparison"]
    blocks.append(Block("heading", "The model beside the reading"))
    blocks.append(Block("text", f"The model's verdict {comparison['text']}. {CONSISTENCY_NOTE}"))
    blocks += _closing()
    return Handout(title, subtitle, case_figure(view, verdict, title, subtitle), blocks)


def _lines(blocks: list[Block], size: float, width_points: float) -> list[tuple[str, str]]:
    """(style, line) for every line of text at ``size`` points, wrapped to the page width."""
    lines: list[tuple[str, str]] = []
    for block in blocks:
        scale = _STYLE[block.style]["size"]
        if block.style == "heading" and lines:
            lines.append(("gap", ""))
        per_line = max(20, int(width_points / (size * scale * CHAR_WIDTH)))
        lines += [(block.style, line) for line in textwrap.wrap(block.text, per_line) or [""]]
    return lines


def _height(lines: list[tuple[str, str]], size: float) -> float:
    return sum(size * (0.6 if style == "gap" else _STYLE[style]["size"] * 1.32) for style, _ in lines)


def _fit(blocks: list[Block], width_points: float, height_points: float) -> tuple[float, list, bool]:
    """The largest size at which the text fits; at the smallest, the lines that fit and True (cut)."""
    for size in SIZES:
        lines = _lines(blocks, size, width_points)
        if _height(lines, size) <= height_points:
            return size, lines, False
    size = SIZES[-1]
    lines = _lines(blocks, size, width_points)
    while lines and _height(lines, size) > height_points - 2 * size:
        lines.pop()
    return size, lines, True


def draw_handout(handout: Handout) -> Figure:
    """The handout page: title, the picture with its legend, then the text."""
    fig = Figure(figsize=A4_INCHES, facecolor="white")
    FigureCanvasAgg(fig)
    width, height = A4_INCHES
    left = MARGIN / width
    line = (width - 2 * MARGIN) * 72
    title, size = fitted(handout.title, line, 17), fitted_size(handout.title, line, 17)
    fig.text(left, 1 - MARGIN / height, title, fontsize=size, fontweight="bold", family=FONT, va="top")
    fig.text(
        left,
        1 - (MARGIN + 0.36) / height,
        handout.subtitle,
        fontsize=9.5,
        family=FONT,
        va="top",
        color="#4a5560",
    )
    top = 1 - (MARGIN + 0.6) / height
    rows = max(Counter(x for x, _ in handout.figure.positions.values()).values(), default=1)
    picture = min(FIGURE_HEIGHT, 1.9 + 0.5 * (rows - 1)) / height  # a flat chain needs little height
    draw_into(
        fig,
        (left, top - picture, 0.68 - left, picture),
        (0.7, top - picture, 0.3 - left, picture),
        handout.figure,
    )
    text_top = (top - picture) * height - 0.15  # inches from the bottom
    size, lines, cut = _fit(handout.blocks, (width - 2 * MARGIN) * 72, (text_top - MARGIN) * 72)
    y = text_top * 72
    for style, line in lines:
        look = _STYLE.get(style)
        if look is None:
            y -= size * 0.6
            continue
        fig.text(
            left,
            y / (height * 72),
            line,
            fontsize=size * look["size"],
            fontweight=look["weight"],
            color=look["colour"],
            family=FONT,
            va="top",
        )
        y -= size * look["size"] * 1.32
    if cut:
        fig.text(
            left,
            (MARGIN - 0.1) / height,
            "The text is cut to fit one page; the app shows all of it.",
            fontsize=7,
            family=FONT,
            color="#8b0000",
            va="top",
        )
    return fig


def handout_bytes(handout: Handout) -> bytes:
    """The handout as the bytes of a one-page PDF (text kept as text: selectable, searchable)."""
    buffer = io.BytesIO()
    with RENDER_LOCK:
        draw_handout(handout).savefig(buffer, format="pdf", metadata={"Title": handout.title})
    return buffer.getvalue()


def write_handout(handout: Handout, out: Path) -> Path:
    """Write the handout PDF to ``out``; return the path."""
    out = Path(out)
    out.write_bytes(handout_bytes(handout))
    return out
