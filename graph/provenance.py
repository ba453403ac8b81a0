"""Whose statement each channel field is: the paper's, or the curators' judgement.

A channel edge mixes two kinds of statement. Its ``rationale`` and ``sources``
paraphrase what the paper says, with locators. Its ``friction`` grade (and the
stage and mechanisms it is filed under) is the curators' judgement, argued in
its ``justification``: the paper grades nothing. Every surface that shows a
channel (CLI, app, exports) labels the two with these words, from here, so the
wording cannot drift between them.
"""

from __future__ import annotations

from types import MappingProxyType

__all__ = ["JUDGEMENT_LABEL", "PAPER_LABEL", "STATEMENT_KINDS", "attach_judgements", "channel_statements"]

PAPER_LABEL = "Paper"
JUDGEMENT_LABEL = "Curators' judgement"

# Field of a channel edge -> whose statement it is (shown in `show --json` and in the exports).
STATEMENT_KINDS = MappingProxyType(
    {
        "rationale": "paper: what the source says about this channel, paraphrased (locators in sources)",
        "sources": "paper: the locators (seed) or public-record references (external) the rationale rests on",
        "friction": "curators' judgement: an ordinal grade the paper does not give",
        "mechanism": "curators' judgement: which documented stall mechanisms the grade is filed under",
        "justification": (
            "curators' judgement: why this friction and not the grade above or below it, citing the locators "
            "it argues from and saying where the paper is silent"
        ),
    }
)


def channel_statements(attrs: dict) -> list[tuple[str, str]]:
    """(label, text) pairs of a channel edge's paper statement and curators' judgement, in display order.

    Examples
    --------
    >>> channel_statements({"channel": True, "rationale": "R.", "sources": ["seed: NMS ¶2"],
    ...                     "friction": "high", "justification": "J."})
    [('Paper', 'R. [seed: NMS ¶2]'), ("Curators' judgement", 'J.')]
    >>> channel_statements({"channel": False})
    []
    """
    if not attrs.get("channel"):
        return []
    pairs = []
    if attrs.get("rationale"):
        cited = "; ".join(attrs.get("sources") or [])
        pairs.append((PAPER_LABEL, f"{attrs['rationale']} [{cited}]" if cited else attrs["rationale"]))
    if attrs.get("justification"):
        pairs.append((JUDGEMENT_LABEL, attrs["justification"]))
    return pairs


def attach_judgements(graph, path: dict) -> dict:
    """Add each hop's ``justification`` and ``curated_friction`` (the grade it argues for) to a pathway dict.

    ``path`` is a ``Pathway.to_dict()`` computed on ``graph`` (a view: its regraded edges carry the
    scenario's justification). The stall and weakest points get the same fields from their hop. A user's
    friction override changes ``friction`` but not ``curated_friction``, so a reader sees which grade the
    justification defends. Returns ``path``, changed in place.

    Examples
    --------
    >>> import networkx as nx
    >>> g = nx.MultiDiGraph()
    >>> g.add_edge("a", "b", key="a -ALERTS-> b", friction="high", justification="High, not blocking.")
    'a -ALERTS-> b'
    >>> path = {"hops": [{"from": "a", "to": "b", "key": "a -ALERTS-> b", "friction": "low"}],
    ...         "stall": None, "weakest": {"hop_index": 0}}
    >>> attach_judgements(g, path)["weakest"]
    {'hop_index': 0, 'justification': 'High, not blocking.', 'curated_friction': 'high'}
    """
    for hop in path["hops"]:
        attrs = graph.get_edge_data(hop["from"], hop["to"], hop["key"]) or {}
        hop["justification"] = attrs.get("justification")
        hop["curated_friction"] = attrs.get("friction")
    for point in (path.get("stall"), path.get("weakest")):
        if point is not None:
            hop = path["hops"][point["hop_index"]]
            point.update(justification=hop["justification"], curated_friction=hop["curated_friction"])
    return path
