"""Turn a validated Dataset into the networkx graph every analysis runs on.

Node and edge attributes are the *same flat properties* that the Neo4j loader
writes (strings, numbers, booleans and lists of them), so a saved Cypher query
and its embedded twin read identical values.
"""

from __future__ import annotations

import networkx as nx

from un_pathways.graph.collector import cycle_collector_paused
from un_pathways.graph.dataset import Dataset
from un_pathways.graph.model import Edge, Node, year_of

__all__ = ["OPEN_FUTURE", "OPEN_PAST", "build_graph", "edge_properties", "node_labels", "node_properties"]

# The years a node or edge is in force, stored as ``first_year``/``last_year`` with an open end
# written as one of these bounds, so one short predicate serves every query and both backends:
# ``x.first_year <= $as_of <= x.last_year`` in Cypher, ``graph.views.in_force`` in Python.
# ``from_year``/``to_year`` stay as the data gives them (absent when open), for display.
OPEN_PAST = -1_000_000
OPEN_FUTURE = 1_000_000


def node_labels(node: Node, dataset: Dataset) -> list[str]:
    """Neo4j labels of a node: ``Entity``, its kind's label, then its roles' labels.

    >>> from un_pathways.loaders.dataset import read_dataset
    >>> ds = read_dataset()
    >>> node_labels(ds.nodes["state.russia"], ds)[:2]
    ['Entity', 'MemberState']
    """
    vocab = dataset.vocabulary
    labels = ["Entity", vocab.kinds[node.kind].label or node.kind.title()]
    labels += [vocab.roles[role].label or role.title() for role in node.roles]
    return labels


def _validity(item: Node | Edge) -> dict[str, object]:
    props: dict[str, object] = {}
    if item.valid_from is not None:
        props["valid_from"] = str(item.valid_from)
        props["from_year"] = year_of(item.valid_from)
    if item.valid_to is not None:
        props["valid_to"] = str(item.valid_to)
        props["to_year"] = year_of(item.valid_to)
    props["first_year"] = props.get("from_year", OPEN_PAST)
    props["last_year"] = props.get("to_year", OPEN_FUTURE)
    return props


def node_properties(node: Node, dataset: Dataset) -> dict[str, object]:
    """The flat property map stored for a node in networkx and in Neo4j."""
    props: dict[str, object] = {
        "id": node.id,
        "name": node.name,
        "kind": node.kind,
        "labels": node_labels(node, dataset),
        "description": node.description,
        "sources": [s.citation() for s in node.sources],
    }
    # Empty lists are left out rather than stored, so every export format
    # (CSV has no way to tell an empty list from a missing one) reads back the same.
    if node.aliases:
        props["aliases"] = list(node.aliases)
    if node.roles:
        props["roles"] = list(node.roles)
    if node.short:
        props["short"] = node.short
    if node.note:
        props["note"] = node.note
    if node.paper_error:
        props["paper_error"] = node.paper_error.citation()
    props.update(_validity(node))
    return props


def edge_properties(edge: Edge) -> dict[str, object]:
    """The flat property map stored for an edge in networkx and in Neo4j."""
    props: dict[str, object] = {
        "edge_id": edge.key,
        "type": edge.type,
        "setting": edge.setting,
        "channel": edge.channel,
        "sources": [s.citation() for s in edge.sources],
    }
    if edge.channel:
        props.update(
            stage=edge.stage,
            friction=edge.friction,
            mechanism=list(edge.mechanism),
            rationale=edge.rationale,
            justification=edge.justification,
        )
    if edge.description:
        props["description"] = edge.description
    if edge.note:
        props["note"] = edge.note
    if edge.paper_error:
        props["paper_error"] = edge.paper_error.citation()
    props.update(_validity(edge))
    return props


@cycle_collector_paused()
def build_graph(dataset: Dataset) -> nx.MultiDiGraph:
    """Build the MultiDiGraph of the whole dataset; edge keys are ``from -TYPE-> to``.

    The dataset travels with the graph (``G.graph["dataset"]``) so analyses can
    reach scenarios and cases without a second argument.

    Examples
    --------
    >>> from un_pathways.loaders.dataset import read_dataset
    >>> G = build_graph(read_dataset())
    >>> G.nodes["un.security-council"]["kind"]
    'organ'
    """
    graph: nx.MultiDiGraph[str] = nx.MultiDiGraph(dataset=dataset)
    for node in dataset.nodes.values():
        graph.add_node(node.id, **node_properties(node, dataset))
    for edge in dataset.edges.values():
        graph.add_edge(edge.source, edge.target, key=edge.key, **edge_properties(edge))
    return graph
