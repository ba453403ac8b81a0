"""Download buttons for a teacher: the view as a slide (PNG, SVG) and a one-page PDF handout.

Pages call :func:`figure_downloads` with functions that build the picture and
the handout; the files are drawn only when a button is clicked (Streamlit's
deferred ``data``), by loaders/figures.py and loaders/handout.py, so a page
costs nothing more to show.
"""

from __future__ import annotations

from collections.abc import Callable

import networkx as nx
import streamlit as st

from un_pathways.graph.model import Case
from un_pathways.graph.views import configure
from un_pathways.loaders.figure_views import (
    FigureView,
    case_figure,
    neighbourhood_figure,
    pathway_figure,
    system_figure,
)
from un_pathways.loaders.figures import figure_bytes
from un_pathways.loaders.handout import Handout, case_handout, handout_bytes, pathway_handout

__all__ = ["case_downloads", "figure_downloads", "pathway_downloads", "view_downloads"]


def figure_downloads(
    key: str, file_stem: str, figure: Callable[[], FigureView], handout: Callable[[], Handout] | None = None
) -> None:
    """ "PNG for slides", "SVG" and (when there is one) "PDF handout", side by side."""
    columns = st.columns(3 if handout else 2)
    columns[0].download_button(
        "PNG for slides",
        data=lambda: figure_bytes(figure(), "png"),
        file_name=f"{file_stem}.png",
        mime="image/png",
        icon=":material/slideshow:",
        key=f"{key}_png",
        on_click="ignore",
        help="3200 x 1800 px, with title and legend: a 16:9 slide.",
    )
    columns[1].download_button(
        "SVG",
        data=lambda: figure_bytes(figure(), "svg"),
        file_name=f"{file_stem}.svg",
        mime="image/svg+xml",
        icon=":material/draw:",
        key=f"{key}_svg",
        on_click="ignore",
        help="The same picture as a vector file: sharp at any size, text editable.",
    )
    if handout:
        columns[2].download_button(
            "PDF handout",
            data=lambda: handout_bytes(handout()),
            file_name=f"{file_stem}-handout.pdf",
            mime="application/pdf",
            icon=":material/description:",
            key=f"{key}_pdf",
            on_click="ignore",
            help="One A4 page: the chain, the reasons with their sources, the legend, whose is what.",
        )


def view_downloads(
    shown: Callable[[], nx.MultiDiGraph],
    positions: Callable[[], dict],
    centre: str | None,
    hops: int,
    title: str,
    subtitle: str,
) -> None:
    """Explore's view as a slide: a neighbourhood in its own radial layout, else the whole filtered system."""

    def figure() -> FigureView:
        graph = shown()
        if centre and hops and centre in graph:
            return neighbourhood_figure(graph, centre, hops, title, subtitle)
        return system_figure(graph, title, subtitle, positions())

    figure_downloads("ex_slide", "un-pathways-explore", figure)


def pathway_downloads(view: nx.MultiDiGraph, paths: list[dict], title: str, subtitle: str) -> None:
    """The pathways as a slide, the best one as a handout."""
    figure_downloads(
        "pw_slide",
        "un-pathways-pathway",
        lambda: pathway_figure(view, paths, title, subtitle),
        lambda: pathway_handout(view, paths[0], title, subtitle),
    )


def case_downloads(graph: nx.MultiDiGraph, case: Case, verdict: dict, subtitle: str) -> None:
    """A case's legs as a slide, and its handout (legs, the curated reading, how they compare)."""
    title = f"{case.name}: where the warning stalled" if verdict["verdict"]["stall"] else case.name

    def view() -> nx.MultiDiGraph:
        scenario = verdict["scenario"] or None
        return configure(graph, as_of=verdict["as_of"], setting=case.setting, scenario=scenario)

    figure_downloads(
        "cs_slide",
        f"un-pathways-{case.id.removeprefix('case.')}",
        lambda: case_figure(view(), verdict, title, subtitle),
        lambda: case_handout(view(), case, verdict, title, subtitle),
    )
