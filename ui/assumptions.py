"""The model's assumptions, plainly: what the numbers mean, how they are computed, what is left out.

Every figure quoted here is read from graph/settings.py, so the page cannot
drift from what the engine actually does (docs/analysis.md tells the same
story at more length).
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

from un_pathways.graph.settings import (
    DEFAULT_FRICTION_PASS,
    PLAUSIBLE_FRICTION_PASS,
    PLAUSIBLE_THRESHOLD,
    SETTINGS,
)
from un_pathways.loaders.data_model_doc import FRICTION_MEANING

__all__ = ["assumptions_section", "friction_frame"]

LEFT_OUT = (
    "**People and timing.** Channels are fixed roles between bodies; who held an office, what they knew "
    "on a given day, and how long a warning took are not modelled.",
    "**Shared causes.** Channels pass or fail independently, so one government's pressure that silences "
    "several channels at once is counted as several separate chances.",
    "**Repetition and feedback.** A warning is sent once; repeated alarms, press leaks and pressure from "
    "outside the UN that could reopen a stalled route are not counted.",
    "**Degrees of action.** A decision or an implementation passes or stalls; how strong a resolution was "
    "or how much of a mandate was carried out is left to the case's text.",
    "**Anything beyond the paper.** Only what the 2016 paper discusses (plus a few certain public-record "
    "facts, marked external) is in the graph; a channel the paper does not describe is absent.",
)


def _range(level: str) -> str:
    span = PLAUSIBLE_FRICTION_PASS[level]
    return f"{span.low:.0%}–{span.high:.0%}"


def friction_frame() -> pd.DataFrame:
    """Each friction level, the pass probability it stands for, and what it means."""
    return pd.DataFrame(
        [
            {
                "friction": level,
                "chance a signal passes": p,
                "plausible range": _range(level),
                "read it as": FRICTION_MEANING.get(level, ""),
            }
            for level, p in DEFAULT_FRICTION_PASS.items()
        ]
    )


def assumptions_section() -> None:
    """Friction, independence, exact or Monte Carlo reach, the stall threshold, verdicts, what is left out."""
    threshold = SETTINGS["stall_threshold"].default
    st.markdown(
        "**Friction is a judgement, not a measurement.** The curators grade each channel on an ordinal scale "
        "and argue the grade from what the paper says in the channel's justification; "
        "the paper grades nothing. To multiply along a pathway the engine maps each grade to a chance that a "
        "signal passes the hop. The numbers are conventions: change any of them with the sliders on the "
        "Pathways page (or `--friction high=0.4` on the command line) and see whether a conclusion holds."
    )
    st.dataframe(
        friction_frame(),
        hide_index=True,
        width="stretch",
        column_config={"chance a signal passes": st.column_config.NumberColumn(format="percent")},
    )
    left, right = st.columns(2, gap="large")
    with left:
        st.markdown(
            "**A pathway's signal** starts at 1 and is multiplied by each hop's chance. It **stalls** at the "
            f"first hop where the signal falls below the threshold, **{threshold:.2f}** by default (a slider "
            "on the Pathways page); the *weakest hop* is the one with the lowest chance, which may come "
            "earlier or later."
        )
        st.markdown(
            "**A case's verdict** runs up to three legs, each over channels of one stage: information (from "
            "where the warning rose to who must decide), decision (to who must act) and implementation. The "
            "first leg whose best pathway stalls is where the case stalls."
        )
    with right:
        st.markdown(
            "**Reach** is the chance that at least one route gets through when **every channel passes or "
            "fails independently**. It is computed **exactly** when at most "
            f"{SETTINGS['exact_reach_max_edges'].default} channels lie between the two actors, otherwise "
            f"by **Monte Carlo** ({SETTINGS['monte_carlo_samples'].default:,} samples, seed "
            f"{SETTINGS['random_seed'].default}, so results repeat) with a 95% interval; the result always "
            "names its method."
        )
        st.markdown(
            "**Time, setting and scenario** select the system of a year (bodies and relations that did not "
            "exist yet drop out), the channels of a mission or non-mission setting, and a scenario's "
            "overlay: routes switched on, added or removed, channels re-graded."
        )
    robust = SETTINGS["robust_share"].default
    st.markdown(
        "**How robust a conclusion is.** The numbers above, and the threshold (plausibly "
        f"{PLAUSIBLE_THRESHOLD.low:.2f}–{PLAUSIBLE_THRESHOLD.high:.2f}), could fairly be set otherwise, "
        f"so the model re-asks every question at {SETTINGS['robustness_samples'].default} settings drawn "
        "from the "
        "plausible ranges (the curators' judgement too, with reasons in graph/settings.py). A reach is shown "
        "with its band (5th–95th percentile); a verdict or stall point with the share of settings in "
        f"which it holds, *robust* from {robust:.0%}, *fragile* below, and its tipping point: the smallest "
        "single "
        "change that flips it."
    )
    st.markdown("**What the model leaves out**")
    st.markdown("\n".join(f"- {item}" for item in LEFT_OUT))
