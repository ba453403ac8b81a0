"""The validated dataset: every node, edge, case and scenario, cross-checked.

A :class:`Dataset` is what ``loaders.read_dataset`` returns and what every
other part (graph building, Neo4j loading, exports, the app) starts from.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from un_pathways.graph.model import Case, Edge, Node, Scenario, Vocabulary

__all__ = ["Dataset"]


@dataclass(frozen=True)
class Dataset:
    """Validated data with the file and line each item came from."""

    vocabulary: Vocabulary
    nodes: dict[str, Node]
    edges: dict[str, Edge]
    cases: dict[str, Case]
    scenarios: dict[str, Scenario]
    lessons: dict[str, dict] = field(default_factory=dict)
    origins: dict[str, str] = field(default_factory=dict, compare=False)

    def origin(self, item_id: str) -> str:
        """``file:line`` where an item (node id, edge key, case or scenario id) is defined."""
        return self.origins.get(item_id, "?")
