"""How a pathway reads on screen: a chain of hops coloured by friction, the stall point one click away."""

from __future__ import annotations

import html

import pandas as pd
import streamlit as st

from un_pathways.graph.provenance import JUDGEMENT_LABEL, PAPER_LABEL
from un_pathways.graph.robust_words import band_words, holds_words
from un_pathways.ui.graph_style import friction_colour
from un_pathways.ui.text import escape_markdown

__all__ = ["bottleneck_frames", "hops_frame", "loss_text", "pathway_block", "reach_metric", "robustness_note"]

_CSS = """
<style>
.pw-chain{display:flex;flex-wrap:wrap;align-items:center;gap:4px 0;margin:2px 0 6px 0;font-size:1.02rem}
.pw-node{padding:5px 10px;border-radius:14px;background:#eef2f7;border:1px solid #cfd6df;font-weight:600;
 white-space:nowrap}
.pw-node.end{background:#0b3d91;color:#fff;border-color:#0b3d91}
.pw-hop{display:flex;flex-direction:column;align-items:center;margin:0 4px;min-width:92px}
.pw-hop .bar{height:6px;width:100%;border-radius:3px}
.pw-hop .lbl{font-size:0.78rem;color:#41505f;white-space:nowrap;line-height:1.25}
.pw-hop.stall .lbl{color:#8b0000;font-weight:700}
.pw-stallmark{font-size:0.78rem;font-weight:700;color:#fff;background:#c0392b;border-radius:8px;padding:0 6px}
.pw-signal{font-size:0.95rem;color:#41505f}
.pw-loss{width:100%;height:5px;background:#e5e8ec;border-radius:3px;margin-top:2px}
.pw-loss span{display:block;height:5px;background:#8b0000;border-radius:3px}
</style>
"""


def _mechanisms(items: list[str]) -> str:
    return ", ".join(m.replace("_", " ") for m in items if m != "none") or "none recorded"


def loss_text(hop: dict) -> str:
    """A hop's share of the route's loss in words: "loses 54% of the signal lost" or "blocks it all"."""
    if hop.get("blocks"):
        return "blocks the signal: all of the loss"
    return f"{hop['loss_share']:.0%} of the loss"


def chain_html(path: dict, names: dict[str, str]) -> str:
    """A pathway as a horizontal chain; every data value escaped."""
    esc = html.escape
    stall_index = path["stall"]["hop_index"] if path.get("stall") else None
    parts = []
    nodes = path["nodes"]
    for index, node in enumerate(nodes):
        end = " end" if index in (0, len(nodes) - 1) else ""
        parts.append(f'<span class="pw-node{end}" title="{esc(node)}">{esc(names.get(node, node))}</span>')
        if index < len(path["hops"]):
            hop = path["hops"][index]
            stall = index == stall_index
            mark = '<span class="pw-stallmark">stalls here</span>' if stall else ""
            colour = friction_colour(hop["friction"])
            parts.append(
                f'<span class="pw-hop{" stall" if stall else ""}">'
                f'<span class="lbl">{esc(hop["type"])} · {hop["pass_probability"]:.0%}</span>'
                f'<span class="bar" style="background:{colour}"></span>'
                f'<span class="lbl">{esc(hop["friction"])} → signal {hop["signal_after"]:.2f}</span>'
                f'<span class="pw-loss" title="share of the signal lost along the route">'
                f'<span style="width:{hop["loss_share"]:.0%}"></span></span>'
                f'<span class="lbl">{esc(loss_text(hop))}</span>'
                f"{mark}</span>"
            )
    return f'{_CSS}<div class="pw-chain">{"".join(parts)}</div>'


def hops_frame(path: dict, names: dict[str, str]) -> pd.DataFrame:
    """Every hop of a pathway as a table."""
    return pd.DataFrame(
        [
            {
                "from": names.get(h["from"], h["from"]),
                "relation": h["type"],
                "to": names.get(h["to"], h["to"]),
                "stage": h["stage"],
                "friction": h["friction"],
                "passes": h["pass_probability"],
                "signal after": h["signal_after"],
                "share of loss": h["loss_share"],
                "why": _mechanisms(h["mechanism"]),
                "sources": "; ".join(h["sources"]),
                "curators' judgement": h.get("justification") or "",
            }
            for h in path["hops"]
        ]
    )


def _stall_details(point: dict, names: dict[str, str], hop: dict | None) -> None:
    esc = escape_markdown
    st.markdown(
        f"**{esc(names.get(point['from'], point['from']))} → {esc(names.get(point['to'], point['to']))}** "
        f"({point['stage']} stage, friction **{point['friction']}**)"
    )
    st.markdown(f"**Mechanism:** {esc(_mechanisms(point['mechanism']))}")
    st.markdown(f"**{PAPER_LABEL}:** {esc(point['rationale'])}")
    st.markdown("**Sources:**\n" + "\n".join(f"- {esc(s)}" for s in point["sources"]))
    if point.get("justification"):
        graded = point.get("curated_friction") or point["friction"]
        st.markdown(
            f"**{JUDGEMENT_LABEL}** (why **{graded}**, not the grade above or below; "
            f"the paper grades nothing): {esc(point['justification'])}"
        )
    if hop is not None:
        st.caption(
            f"Signal falls from {hop['signal_after'] / hop['pass_probability']:.2f} to "
            f"{hop['signal_after']:.2f} on this hop."
            if hop["pass_probability"]
            else "This hop blocks the signal completely."
        )


def pathway_block(
    number: int, path: dict, names: dict[str, str], threshold: float, key: str, title: str | None = None
) -> None:
    """One pathway: its signal, its chain, its stall point and every hop one click away.

    ``title`` replaces the heading "Pathway <number>" (the Cases page names each leg).
    """
    stall = path.get("stall")
    verdict = (
        f"stalls at hop {stall['hop_index'] + 1}"
        if stall
        else f"stays above the threshold {threshold:.2f} all the way"
    )
    heading = title or f"Pathway {number}"
    st.markdown(f"**{heading}** · signal at the target **{path['signal']:.2f}** · {verdict}")
    st.html(chain_html(path, names))
    st.caption(escape_markdown(_where_lost(path, names)))
    row = st.container(horizontal=True, vertical_alignment="center")
    if stall:
        with row.popover("Why it stalls", icon=":material/block:", key=f"{key}_stall"):
            _stall_details(stall, names, path["hops"][stall["hop_index"]])
    weakest = path["weakest"]
    with row.popover("Weakest hop", icon=":material/trending_down:", key=f"{key}_weak"):
        _stall_details(weakest, names, path["hops"][weakest["hop_index"]])
    with row.expander("Every hop, with sources"):
        st.dataframe(
            hops_frame(path, names),
            hide_index=True,
            width="stretch",
            column_config={
                "passes": st.column_config.NumberColumn(format="percent"),
                "signal after": st.column_config.NumberColumn(format="%.2f"),
                "share of loss": st.column_config.ProgressColumn(
                    format="percent",
                    min_value=0.0,
                    max_value=1.0,
                    help="The hop's share of all the signal lost along this route (model estimate).",
                ),
            },
        )


def _where_lost(path: dict, names: dict[str, str]) -> str:
    """Where the route loses its signal, hop by hop, biggest first (a model estimate)."""
    hops = sorted(path["hops"], key=lambda h: -h["loss_share"])
    shown = [
        f"{names.get(h['from'], h['from'])} → {names.get(h['to'], h['to'])} {loss_text(h)}"
        for h in hops
        if h["loss_share"] >= 0.05
    ]
    lost = "; ".join(shown) or "nowhere: every hop passes it whole"
    return f"Where the signal is lost (model estimate): {lost}"


def robustness_note(robust: dict | None, aspect: str, names: dict[str, str]) -> None:
    """The reach band and the answer's share of plausible settings and tipping point, in plain words."""
    if not robust:
        return
    if "reach" in robust:
        st.caption(f"Reach {escape_markdown(band_words(robust['reach']))}.")
    icon = ":material/verified:" if robust[aspect]["label"] == "robust" else ":material/warning:"
    st.info(escape_markdown(holds_words(robust[aspect], aspect, names)), icon=icon)


def reach_metric(
    reach: dict | None, target_name: str, delta: float | None = None, label: str | None = None
) -> None:
    """The reach probability, its 95% interval and the method that computed it.

    ``label`` (default: "Chance the signal reaches <target>") is plain text: it is escaped here.
    """
    title = escape_markdown(label or f"Chance the signal reaches {target_name}")
    if reach is None:
        st.metric(title, "—", help="No route exists in this configuration.")
        return
    st.metric(
        title,
        f"{reach['probability']:.1%}",
        delta=None if delta is None else f"{delta * 100:+.1f} points",
        help="Every channel passes or fails independently with its pass probability; this is the chance "
        "that at least one route gets through.",
    )
    interval = (
        "exact" if reach["low"] == reach["high"] else f"95% interval {reach['low']:.1%} – {reach['high']:.1%}"
    )
    st.caption(f"{interval} · method: {reach['method']} · {reach['arcs']} channels matter")


def bottleneck_frames(result: dict, names: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(channels, actors) ranked by how much reach changes without them or with them repaired."""
    edges = pd.DataFrame(
        [
            {
                "from": names.get(r["from"], r["from"]),
                "relation": r["type"],
                "to": names.get(r["to"], r["to"]),
                "friction": r["friction"],
                "reach lost if removed": r["reach_drop_if_removed"],
                "reach gained if repaired": r["reach_gain_if_repaired"],
                "why": _mechanisms(r["mechanism"]),
            }
            for r in result["edges"]
        ],
        columns=[
            "from",
            "relation",
            "to",
            "friction",
            "reach lost if removed",
            "reach gained if repaired",
            "why",
        ],
    )
    actors = pd.DataFrame(
        [
            {
                "actor": names.get(r["id"], r["id"]),
                "reach lost if removed": r["reach_drop_if_removed"],
                "on every route": r["on_every_route"],
            }
            for r in result["nodes"]
        ],
        columns=["actor", "reach lost if removed", "on every route"],
    )
    return edges, actors
