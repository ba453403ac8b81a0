"""The source paper, how to cite it and how to cite UN Pathways, ready to copy.

Title and authors are as printed on the paper's first page; the series line
(Occasional Paper 7, November 2016) comes from the same header.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

import streamlit as st

from un_pathways.loaders.paper import PAPER_CITATION, PAPER_TITLE

__all__ = [
    "PAPER_BIBTEX",
    "PAPER_CITATION",
    "locator_note",
    "pathways_bibtex",
    "pathways_citation",
    "source_section",
]

PAPER_BIBTEX = """@techreport{voneinsiedel2016protection,
  author      = {von Einsiedel, Sebastian and Bosetti, Louise},
  title       = {How Ant{\\'o}nio Guterres Can Advance the {UN}'s Protection Agenda},
  institution = {United Nations University Centre for Policy Research},
  type        = {Occasional Paper},
  number      = {7},
  year        = {2016},
  month       = nov
}"""

# The section codes the locators use (see docs/data-model.md), each with a short description.
LOCATORS = {
    "FM": "front matter: series line, title, authors",
    "INT": "introduction: the unfulfilled protection promise",
    "R2P": "rebuilding consensus on the sharp end of R2P",
    "POC": "protection of civilians in peace operations",
    "NMS": "human rights violations in non-mission settings",
    "CON": "conclusion",
    "n.N": "endnote N",
}


def _version() -> str:
    try:
        return version("un-pathways")
    except PackageNotFoundError:  # running from a checkout that was not installed
        return "unreleased"


def pathways_citation() -> str:
    """How to cite UN Pathways itself: the tool and dataset, with its version, and the paper it rests on."""
    return (
        f"UN Pathways, version {_version()}: a sourced graph of the UN protection system's decision "
        "pathways and where protection signals stall. Software and dataset, built on von Einsiedel and "
        "Bosetti (2016)."
    )


def pathways_bibtex() -> str:
    return (
        "@software{un_pathways,\n"
        "  title   = {{UN Pathways}: the decision pathways of the {UN} protection system},\n"
        "  author  = {{UN Pathways contributors}},\n"
        f"  version = {{{_version()}}},\n"
        "  note    = {Software and dataset, sourced to von Einsiedel and Bosetti (2016),\n"
        "             Occasional Paper 7, United Nations University Centre for Policy Research}\n"
        "}"
    )


def locator_note() -> None:
    """One line under a list of sources: how to read a locator, and where the whole scheme is explained."""
    st.caption(
        "How to read a source: `seed` is the 2016 paper, then its section (`INT` introduction, `R2P`, "
        "`POC` peace operations, `NMS` non-mission settings, `CON` conclusion), paragraph `¶` and endnote "
        "`n.`; `external` is the public record, with its exact reference."
    )
    st.page_link(
        "pages/data.py", label="The paper, its sections and how to cite it", icon=":material/menu_book:"
    )


def source_section() -> None:
    """The paper, its two citations to copy, how locators point into it, and UN Pathways' own citation."""
    st.markdown(
        f"Every node, relation, case and scenario is sourced to one paper: **{PAPER_TITLE}**, by "
        "Sebastian von Einsiedel and Louise Bosetti, published in November 2016 as Occasional Paper 7 of the "
        "United Nations University Centre for Policy Research. The few facts taken from the public record "
        "beyond it are marked `external` and give an exact reference."
    )
    paper, tool = st.columns(2, gap="large")
    with paper:
        st.markdown("**Cite the paper**")
        st.code(PAPER_CITATION, language=None, wrap_lines=True)
        st.code(PAPER_BIBTEX, language="latex", wrap_lines=True)
    with tool:
        st.markdown("**Cite UN Pathways**")
        st.code(pathways_citation(), language=None, wrap_lines=True)
        st.code(pathways_bibtex(), language="latex", wrap_lines=True)
    st.markdown("**How a source points into the paper**")
    st.markdown(
        "A locator such as `seed: NMS ¶5-¶7; n.74` reads: the paper (`seed`), section NMS, "
        "paragraphs 5 to 7, and endnote 74. Sections: "
        + "; ".join(f"`{code}` {text}" for code, text in LOCATORS.items())
        + "."
    )
    st.markdown("**Whose statement it is**")
    st.markdown(
        "A channel's *rationale* and its sources say what the paper says. Its friction grade is the "
        "curators' judgement, never the paper's: the paper grades nothing. Each grade carries a "
        "*justification* that argues for it against the grades above and below, citing the locators it "
        "rests on and saying where the paper is silent. Where the paper itself is wrong on a checkable fact, "
        "the item keeps the paper's words as an *error in the paper* and follows the public record. Reach, "
        "stall points and verdicts are the model's estimates, computed from those judgements."
    )
