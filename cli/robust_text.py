"""How the analysis commands print robustness: one line for a reach band, one for a verdict's share."""

from __future__ import annotations

from collections.abc import Mapping

from un_pathways.graph.robust_words import band_words, holds_words

__all__ = ["print_reach_band", "print_robustness"]


def print_reach_band(reach: Mapping, indent: str = "") -> None:
    """``reach band: about 5-21% across plausible settings (...)``."""
    print(f"{indent}reach band: {band_words(reach)}")


def print_robustness(result: Mapping, aspect: str, indent: str = "") -> None:
    """The share of plausible settings in which an answer holds, its label and its tipping point."""
    print(indent + holds_words(result, aspect))
