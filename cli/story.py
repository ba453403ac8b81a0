"""Plain-text pages for ``pathways show`` and ``pathways cases CASE``: the facts in words, not only ids.

Each relation is a short block of labelled lines (what it is, why, how it
fails, where it comes from); a new field is one more ``(label, value)`` pair
in :func:`relation_lines`. Whose statement each line is stays visible: the
paper's summary and locators, the curator's rationale, the model's replay.
"""

from __future__ import annotations

import textwrap

import networkx as nx

from un_pathways.cli.cases_text import case_report
from un_pathways.graph.model import Case
from un_pathways.graph.provenance import channel_statements

__all__ = ["case_story", "node_page", "relation_lines"]

WIDTH = 100


def _wrapped(label: str, text: str, indent: str) -> list[str]:
    lead = f"{indent}{label}: " if label else indent
    return textwrap.wrap(
        str(text), width=WIDTH, initial_indent=lead, subsequent_indent=indent + "  ", break_on_hyphens=False
    )


def _words(term: str) -> str:
    return term.replace("non_mission", "non-mission").replace("_", " ")


def _dates(attrs: dict) -> str:
    start, end = attrs.get("valid_from"), attrs.get("valid_to")
    if not start and not end:
        return ""
    return f"{start or 'always'} to {end or 'today'}"


def relation_lines(edge: dict) -> list[tuple[str, str]]:
    """The labelled lines of one relation, in reading order; empty values are left out by the caller."""
    channel = ""
    if edge.get("channel"):
        channel = f"{edge.get('stage')} channel, friction {edge.get('friction')} (the curators' grade)"
    return [
        ("channel", channel),
        ("what", edge.get("description", "")),
        *channel_statements(edge),  # the paper's rationale, then the curators' justification of the grade
        ("how it fails", ", ".join(_words(m) for m in edge.get("mechanism", []))),
        ("in force", _dates(edge)),
        ("setting", "" if edge.get("setting", "any") == "any" else _words(edge["setting"])),
        ("note", edge.get("note", "")),
        ("error in the paper (kept as printed)", edge.get("paper_error", "")),
        ("sources", "; ".join(edge.get("sources", []))),
    ]


def _relation_block(edge: dict, arrow: str) -> list[str]:
    head = f"  - {_words(edge['type']).lower()} {arrow} {edge['other_name']} ({edge['other']})"
    lines = [head]
    for label, value in relation_lines(edge):
        if value:
            lines += _wrapped(label, value, "      ")
    return lines


def node_page(details: dict) -> str:
    """A node as text: names, dates, description, note, sources, then every relation with its reasons."""
    lines = [f"{details['name']} ({details['id']}) · {_words(details['kind'])}"]
    facts = [
        ("acronym or document symbol", details.get("short", "")),
        ("also called", ", ".join(details.get("aliases", []))),
        ("in existence", _dates(details)),
        ("roles", ", ".join(_words(r) for r in details.get("roles", []))),
    ]
    lines += [line for label, value in facts if value for line in _wrapped(label, value, "")]
    lines += ["", *textwrap.wrap(details["description"], width=WIDTH)]
    if details.get("note"):
        lines += ["", *_wrapped("note", details["note"], "")]
    if details.get("paper_error"):
        lines += ["", *_wrapped("error in the paper (kept as printed)", details["paper_error"], "")]
    lines += ["", *_wrapped("sources", "; ".join(details["sources"]), "")]
    if any(e.get("channel") for direction in ("outgoing", "incoming") for e in details[direction]):
        lines += [
            "",
            "Friction grades and their justifications are the curators' judgement; the paper grades nothing.",
        ]
    for direction, arrow in (("outgoing", "→"), ("incoming", "←")):
        relations = details[direction]
        lines += ["", f"{direction.capitalize()} relations ({len(relations)}):"]
        lines += [line for edge in relations for line in _relation_block(edge, arrow)] or ["  none"]
    return "\n".join(lines)


def _named(graph: nx.MultiDiGraph, ids: list[str]) -> str:
    return ", ".join(graph.nodes[n]["name"] if n in graph else n for n in ids) or "none"


def case_story(graph: nx.MultiDiGraph, case: Case, verdict: dict) -> str:
    """A case as text: what happened, who acted, the timeline, then stage by stage the model's estimate,
    the curated reading of the paper and the comparison (cli/cases_text.py)."""
    period = " to ".join(str(p) for p in case.period if p is not None)
    lines = [f"{case.name} ({case.id}) · {_words(case.setting)} setting · {period}", ""]
    lines += textwrap.wrap(case.description, width=WIDTH)
    lines += ["", "Actors:"]
    actors = [
        ("warning from", _named(graph, case.signal_from)),
        ("decision maker", _named(graph, [case.decision_maker])),
        ("implementer", _named(graph, [case.implementer]) if case.implementer else "none"),
        ("country", _named(graph, [case.country])),
        ("recorded vetoes", _named(graph, case.vetoes)),
    ]
    lines += [line for label, value in actors for line in _wrapped(label, value, "  ")]
    if case.timeline:
        lines += ["", "Timeline:"]
        for entry in case.timeline:
            cited = "; ".join(s.citation() for s in entry.sources)
            lines += _wrapped(str(entry.when), f"{entry.event} [{cited}]", "  ")
    outcome_sources = "; ".join(s.citation() for s in case.outcome.sources)
    lines += ["", "What the paper says happened (paraphrased by the curators):"]
    lines += _wrapped("summary", f"{case.outcome.summary} [{outcome_sources}]", "  ")
    lines += ["", "Stage by stage: the model's estimate, the curated reading, the comparison", ""]
    lines.append(case_report(verdict))
    return "\n".join(lines)
