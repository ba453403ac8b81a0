"""Robustness in plain words, the same on the command line and in the app.

Every sentence says it is the model's estimate: the verdict, the share of
settings and the tipping point are computed from the curators' grades and
ranges, never stated by the paper.
"""

from __future__ import annotations

from collections.abc import Mapping

__all__ = ["band_words", "flip_words", "holds_words", "outcome_words", "stall_words"]


def outcome_words(verdict: tuple) -> str:
    """A verdict (``((stage, passed), ...)``) as "information passes, decision stalls".

    >>> outcome_words((("information", True), ("decision", False)))
    'information passes, decision stalls'
    """
    return ", ".join(f"{stage} {'passes' if passed else 'stalls'}" for stage, passed in verdict)


def stall_words(stall, names: Mapping[str, str] | None = None) -> str:
    """A stall hop ((stage,) from, to), "through" or "no route" in words.

    >>> stall_words(("information", "a", "b"), {"a": "A"})
    'stalls at A → b (information stage)'
    >>> stall_words("through")
    'keeps its signal all the way'
    """
    names = names or {}
    if stall is None or stall == "through":
        return "keeps its signal all the way"
    if stall == "no route":
        return "has no channel route"
    *stage, source, target = stall
    where = f"stalls at {names.get(source, source)} → {names.get(target, target)}"
    return f"{where} ({stage[0]} stage)" if stage else where


def _becomes(aspect: str, value, names: Mapping[str, str] | None) -> str:
    return outcome_words(value) if aspect == "verdict" else stall_words(value, names)


def flip_words(flip: Mapping, aspect: str = "stall", names: Mapping[str, str] | None = None) -> str:
    """One single change that flips an answer, as a clause: "if 'medium' channels pass more than ...".

    >>> flip = {"kind": "friction", "dimension": "medium", "direction": "up", "from": 0.6, "to": 0.68,
    ...         "within_plausible": True, "becomes": "through"}
    >>> flip_words(flip)[:61]
    "if 'medium' channels pass more than 0.68 of the time (now 0.6"
    """
    if flip["kind"] == "friction":
        more = "more" if flip["direction"] == "up" else "less"
        change = (
            f"if '{flip['dimension']}' channels pass {more} than {flip['to']:.2f} of the time "
            f"(now {flip['from']:.2f})"
        )
    elif flip["kind"] == "threshold":
        moved = "raised above" if flip["direction"] == "up" else "lowered below"
        change = f"if the stall threshold is {moved} {flip['to']:.2f} (now {flip['from']:.2f})"
    else:
        change = f"if the channel {flip['dimension']} were graded {flip['to']} instead of {flip['from']}"
    if not flip["within_plausible"]:
        change += ", outside the plausible range"
    subject = "the verdict then reads" if aspect == "verdict" else "the route then"
    return f"{change}: {subject} {_becomes(aspect, flip['becomes'], names)}"


def holds_words(result: Mapping, aspect: str = "verdict", names: Mapping[str, str] | None = None) -> str:
    """A robustness result in one sentence a student reads at once, labelled as the model's estimate.

    >>> result = {"share": 0.72, "label": "fragile", "tipping_point": None}
    >>> holds_words(result)
    'Model estimate: this verdict holds in 72% of plausible settings (fragile); no single change flips it.'
    """
    what = "this verdict" if aspect == "verdict" else "this stall point"
    sentence = (
        f"Model estimate: {what} holds in {result['share']:.0%} of plausible settings ({result['label']})"
    )
    tip = result["tipping_point"]
    if tip is None:
        return sentence + "; no single change flips it."
    return f"{sentence}; it flips {flip_words(tip, aspect, names)}."


def band_words(reach: Mapping) -> str:
    """A reach band as "about 5-21% across plausible settings (model estimate)".

    >>> band_words({"value": 0.12, "band": {"p5": 0.046, "median": 0.12, "p95": 0.21}})
    'about 5–21% across plausible settings (5th–95th percentile; model estimate)'
    """
    low, high = reach["band"]["p5"], reach["band"]["p95"]
    return (
        f"about {low:.0%}–{high:.0%} across plausible settings (5th–95th percentile; model estimate)".replace(
            "%–", "–", 1
        )
    )
