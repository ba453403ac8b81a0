"""A case's timeline: a compact chart to see the order at a glance, the dated list with sources to read."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd
import streamlit as st

from un_pathways.graph.case_story import dated_timeline
from un_pathways.graph.model import Case, year_of
from un_pathways.ui.text import escape_markdown

__all__ = ["timeline_chart", "timeline_list", "timeline_section"]

_DURING, _AROUND = "during the case", "before or after"
_COLOURS = {_DURING: "#c0392b", _AROUND: "#7f8c8d"}


def _during(case: Case, start: dt.date, end: dt.date) -> bool:
    first, last = (year_of(p) for p in case.period)
    return (first is None or end.year >= first) and (last is None or start.year <= last)


def timeline_chart(case: Case) -> alt.Chart | None:
    """One row per dated entry, a bar over the span it covers; None when fewer than two are dated."""
    rows = [r for r in dated_timeline(case) if r["start"] is not None]
    if len(rows) < 2:
        return None
    frame = pd.DataFrame(
        {
            "entry": [str(r["order"] + 1) for r in rows],
            "start": [pd.Timestamp(r["start"]) for r in rows],
            # a day or a month still needs a visible width: at least a month wide
            "end": [pd.Timestamp(max(r["end"], r["start"] + dt.timedelta(days=30))) for r in rows],
            "when": [r["when"] for r in rows],
            "event": [r["event"] for r in rows],
            "phase": [_DURING if _during(case, r["start"], r["end"]) else _AROUND for r in rows],
        }
    )
    order = list(frame["entry"])
    return (
        alt.Chart(frame)
        .mark_bar(cornerRadius=3, height=16)
        .encode(
            x=alt.X("start:T", title=None, axis=alt.Axis(format="%Y", tickCount="year", labelAngle=0)),
            x2="end:T",
            y=alt.Y("entry:N", sort=order, title=None, axis=alt.Axis(labelFontWeight="bold")),
            color=alt.Color(
                "phase:N",
                scale=alt.Scale(domain=list(_COLOURS), range=list(_COLOURS.values())),
                legend=alt.Legend(title=None, orient="top"),
            ),
            tooltip=[alt.Tooltip("when:N", title="when"), alt.Tooltip("event:N", title="what happened")],
        )
        .properties(height=alt.Step(24))
    )


def timeline_list(case: Case) -> None:
    """Every entry, numbered as in the chart, with its date as written and its sources."""
    for row in dated_timeline(case):
        when = row["when"].replace("`", "'")
        st.markdown(f"**{row['order'] + 1}.** `{when}` {escape_markdown(row['event'])}")
        st.caption("Sources: " + escape_markdown("; ".join(row["sources"])))


def timeline_section(case: Case) -> None:
    """The chart (when there is something to chart) above the list."""
    if not case.timeline:
        st.caption("No timeline is recorded for this case.")
        return
    chart = timeline_chart(case)
    if chart is not None:
        st.altair_chart(chart, width="stretch", key=f"cs_timeline_{case.id}")
    timeline_list(case)
