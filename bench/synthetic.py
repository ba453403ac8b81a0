"""Synthetic but UN-shaped datasets: the curated core plus N generated countries.

Users extend the graph to every country the UN works in, so the benchmarks
need graphs of that size with the same shape as the real one. Each synthetic
country gets a member state, a Resident Coordinator, a country team of 5-15
agency offices (real UN system entities) with a few sub-offices, and, in about
a third of them, a mission with its Council resolutions, Secretary-General
reports and (for peacekeeping) troop contributors drawn from synthetic and
curated member states. Host-state edges (HOSTS, CONSENTS_TO) tie each presence
to its country; channel edges carry the signal upwards (sub-office -> agency
office -> country team -> RC -> Secretary-General, DPA, UNDP; mission -> DPKO
and the Council; the Council -> the mission), each with a friction and
mechanism copied from a randomly drawn curated channel edge of the same type
and stage, so frictions follow the curated distribution.

Every item is validated by the real model (graph/model.py) and sourced
``doc: synthetic``: generated data, never a fact, never written into data/.
Generation is seeded and deterministic.

Run ``python -m bench.synthetic --countries 130 --seed 2016 --out /tmp/syn130``
to write a YAML data folder that ``pathways validate --data`` and the app
(``PATHWAYS_DATA``) accept.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, replace
from typing import Any

from un_pathways.graph.dataset import Dataset
from un_pathways.graph.model import Edge, Node, Source
from un_pathways.loaders.dataset import DEFAULT_DATA_DIR, read_dataset

__all__ = [
    "AGENCIES",
    "country_number",
    "MISSION_SHARE",
    "SYNTHETIC_PREFIX",
    "synthetic_dataset",
    "synthetic_ids",
]

SYNTHETIC_PREFIX = "syn-"  # every synthetic id holds it, e.g. field.unct.syn-0007
MISSION_SHARE = 0.3  # about 40 missions beside some 130 country teams in the real UN system
PEACEKEEPING_SHARE = 0.4  # of the missions; the rest are special political missions
AGENCY_RANGE = (5, 15)  # agencies in a country team
SUB_OFFICE_RANGE = (0, 2)  # field sub-offices per agency office
RESOLUTION_RANGE = (2, 10)  # Council resolutions establishing and renewing a mission
REPORT_RANGE = (1, 4)  # Secretary-General reports on a mission
CONTRIBUTOR_RANGE = (3, 8)  # troop contributors of a peacekeeping operation

# Real UN system entities that sit in country teams: (id slug, short name, curated parent or None).
AGENCIES = (
    ("undp", "UNDP", "un.undp"),
    ("unicef", "UNICEF", None),
    ("wfp", "WFP", None),
    ("unhcr", "UNHCR", None),
    ("who", "WHO", None),
    ("fao", "FAO", None),
    ("unfpa", "UNFPA", None),
    ("ocha", "OCHA", None),
    ("ohchr", "OHCHR", "un.ohchr"),
    ("iom", "IOM", "org.iom"),
    ("unwomen", "UN Women", None),
    ("ilo", "ILO", None),
    ("unesco", "UNESCO", None),
    ("unops", "UNOPS", None),
    ("unaids", "UNAIDS", None),
    ("unep", "UNEP", None),
    ("unhabitat", "UN-Habitat", None),
)

# Curated nodes the synthetic countries attach to.
SG, COUNCIL, DPA, DPKO, UNDP = (
    "un.secretary-general",
    "un.security-council",
    "un.dpa",
    "un.dpko",
    "un.undp",
)
RC_SYSTEM, PEACEKEEPING, SPM, POC = "field.rc-system", "mission.peacekeeping", "mission.spm", "norm.poc"


@dataclass(frozen=True)
class _Country:
    """The plan of one synthetic country, fixed before any item is made."""

    number: int
    mission: str | None  # None, "peacekeeping" or "political"

    @property
    def code(self) -> str:
        return f"{SYNTHETIC_PREFIX}{self.number:04d}"

    @property
    def name(self) -> str:
        return f"Synthetic country {self.number:04d}"


def synthetic_ids(dataset: Dataset) -> set[str]:
    """Ids of the synthetic nodes of a dataset (those sourced ``doc: synthetic``)."""
    return {n.id for n in dataset.nodes.values() if any(s.doc == "synthetic" for s in n.sources)}


class _Builder:
    """Makes validated nodes and edges for the synthetic countries of one dataset."""

    def __init__(self, core: Dataset, seed: int):
        self.core, self.seed = core, seed
        self.context = {"vocabulary": core.vocabulary}
        self.nodes: dict[str, Node] = {}
        self.edges: dict[str, Edge] = {}
        self.templates = _channel_templates(core)

    def source(self, country: _Country) -> list[Source]:
        locator = f"bench/synthetic.py, seed {self.seed}, {country.name}"
        return [Source(doc="synthetic", locator=locator, note="generated benchmark item, not a fact")]

    def node(self, country: _Country, id_: str, name: str, kind: str, description: str, **extra: Any) -> str:
        raw = {"id": id_, "name": name, "kind": kind, "description": f"Synthetic: {description}"}
        raw["sources"] = self.source(country)
        self.nodes[id_] = Node.model_validate({**raw, **extra}, context=self.context)
        return id_

    def edge(self, country: _Country, source: str, type_: str, target: str, setting: str = "any") -> None:
        raw = {
            "from": source,
            "type": type_,
            "to": target,
            "setting": setting,
            "sources": self.source(country),
        }
        edge = Edge.model_validate(raw, context=self.context)
        self.edges[edge.key] = edge

    def channel(
        self,
        rng: random.Random,
        country: _Country,
        source: str,
        type_: str,
        target: str,
        stage: str,
        setting: str,
    ) -> None:
        """A channel edge whose friction and mechanism copy a curated channel of the same type and stage."""
        pool = self.templates.get((type_, stage)) or self.templates[("*", stage)]
        template = rng.choice(pool)
        raw = {
            "from": source,
            "type": type_,
            "to": target,
            "setting": setting,
            "channel": True,
            "stage": stage,
            "friction": template.friction,
            "mechanism": list(template.mechanism),
            "rationale": f"Synthetic: friction and mechanism drawn from the curated channel {template.key}.",
            "justification": f"Synthetic: the grade of curated channel {template.key}, copied, not argued.",
            "sources": self.source(country),
        }
        edge = Edge.model_validate(raw, context=self.context)
        self.edges[edge.key] = edge


def _channel_templates(core: Dataset) -> dict[tuple[str, str], list[Edge]]:
    """Curated channel edges by (type, stage), and by ("*", stage) as the fallback pool.

    A (type, stage) pool with fewer than two edges is left out, so a single
    curated edge does not fix the friction of every synthetic edge of its type.
    """
    pools: dict[tuple[str, str], list[Edge]] = {}
    for edge in core.edges.values():
        if edge.channel:
            pools.setdefault((edge.type, edge.stage), []).append(edge)
            pools.setdefault(("*", edge.stage), []).append(edge)
    return {key: edges for key, edges in pools.items() if key[0] == "*" or len(edges) >= 2}


def _plan(countries: int, seed: int) -> list[_Country]:
    rng = random.Random(f"{seed}:plan")
    plan = []
    for number in range(1, countries + 1):
        mission = None
        if rng.random() < MISSION_SHARE:
            mission = "peacekeeping" if rng.random() < PEACEKEEPING_SHARE else "political"
        plan.append(_Country(number, mission))
    return plan


def _contributors(plan: list[_Country], core: Dataset, seed: int) -> dict[int, list[str]]:
    """Troop contributors of each peacekeeping operation: synthetic and curated member states."""
    rng = random.Random(f"{seed}:contributors")
    curated_states = sorted(n.id for n in core.nodes.values() if n.kind == "member_state")
    synthetic_states = [f"state.{c.code}" for c in plan]
    chosen = {}
    for country in plan:
        if country.mission != "peacekeeping":
            continue
        pool = [s for s in synthetic_states + curated_states if s != f"state.{country.code}"]
        chosen[country.number] = rng.sample(pool, min(len(pool), rng.randint(*CONTRIBUTOR_RANGE)))
    return chosen


def _add_country(build: _Builder, country: _Country, contributors: set[str], troops_for: list[str]) -> None:
    rng = random.Random(f"{build.seed}:{country.number}")
    code, name = country.code, country.name
    field_setting = "mission" if country.mission else "non_mission"
    roles = ["host_state"] + (["troop_contributor"] if f"state.{code}" in contributors else [])
    state = build.node(
        country, f"state.{code}", name, "member_state", "a member state hosting UN presences.", roles=roles
    )
    rc = build.node(
        country,
        f"field.rc.{code}",
        f"Resident Coordinator in {name}",
        "field_presence",
        "the UN's senior official in the country, heading its country team.",
        short=f"RC {code.upper()}",
        roles=["field_actor"],
    )
    team = build.node(
        country,
        f"field.unct.{code}",
        f"UN Country Team in {name}",
        "field_presence",
        "the UN agencies working in the country, under the Resident Coordinator.",
        short=f"UNCT {code.upper()}",
        roles=["field_actor"],
    )
    build.edge(country, state, "HOSTS", team)
    build.edge(country, rc, "LEADS", team)
    build.edge(country, rc, "PART_OF", RC_SYSTEM)
    build.channel(rng, country, team, "REPORTS_TO", rc, "information", field_setting)
    build.channel(rng, country, rc, "REPORTS_TO", SG, "information", field_setting)
    build.channel(rng, country, rc, "ALERTS", DPA, "information", field_setting)
    build.channel(rng, country, rc, "REPORTS_TO", UNDP, "information", field_setting)
    for slug, short, parent in sorted(rng.sample(AGENCIES, rng.randint(*AGENCY_RANGE))):
        office = build.node(
            country,
            f"field.{code}.{slug}",
            f"{short} office in {name}",
            "agency",
            f"the {short} country office, part of the country team.",
            roles=["field_actor"],
        )
        build.edge(country, office, "PART_OF", team)
        build.channel(rng, country, office, "BRIEFS", team, "information", field_setting)
        if parent:
            build.edge(country, office, "PART_OF", parent)
            build.channel(rng, country, office, "REPORTS_TO", parent, "information", field_setting)
        for number in range(2, 2 + rng.randint(*SUB_OFFICE_RANGE)):
            sub = build.node(
                country,
                f"field.{code}.{slug}-{number}",
                f"{short} sub-office {number} in {name}",
                "field_presence",
                f"a {short} field sub-office.",
                roles=["field_actor"],
            )
            build.edge(country, sub, "PART_OF", office)
            build.channel(rng, country, sub, "REPORTS_TO", office, "information", field_setting)
    if country.mission:
        _add_mission(build, rng, country, state, rc, troops_for)


def _add_mission(
    build: _Builder, rng: random.Random, country: _Country, state: str, rc: str, troops_for: list[str]
) -> None:
    code, name = country.code, country.name
    peacekeeping = country.mission == "peacekeeping"
    kind_name = "peacekeeping operation" if peacekeeping else "special political mission"
    mission = build.node(
        country,
        f"mission.{code}",
        f"UN mission in {name}",
        "mission",
        f"a UN {kind_name} in the country.",
        short=f"UNM {code.upper()}",
        roles=["field_actor"],
    )
    build.edge(country, state, "HOSTS", mission)
    build.edge(country, state, "CONSENTS_TO", mission)
    build.edge(country, mission, "PART_OF", PEACEKEEPING if peacekeeping else SPM)
    headquarters = DPKO if peacekeeping else DPA
    build.channel(rng, country, mission, "REPORTS_TO", headquarters, "information", "mission")
    build.channel(rng, country, mission, "REPORTS_TO", COUNCIL, "information", "mission")
    build.channel(rng, country, rc, "COORDINATES_WITH", mission, "information", "mission")
    build.channel(rng, country, COUNCIL, "MANDATES", mission, "decision", "mission")
    build.channel(rng, country, mission, "IMPLEMENTS", POC, "implementation", "mission")
    for number in range(1, 1 + rng.randint(*RESOLUTION_RANGE)):
        resolution = build.node(
            country,
            f"res.sc-{code}-{number:02d}",
            f"Security Council resolution {number} on {name}",
            "resolution",
            "a Council resolution establishing or renewing the mission's mandate.",
        )
        build.edge(country, resolution, "ESTABLISHED_BY", COUNCIL)
        build.edge(country, resolution, "MANDATES", mission)
        build.edge(country, resolution, "CONCERNS", state)
    for number in range(1, 1 + rng.randint(*REPORT_RANGE)):
        report = build.node(
            country,
            f"report.sg-{code}-{number:02d}",
            f"Secretary-General report {number} on {name}",
            "report",
            "a periodic report of the Secretary-General on the mission.",
        )
        build.edge(country, SG, "AUTHORED", report)
        build.edge(country, report, "CONCERNS", mission)
    for contributor in troops_for:
        build.edge(country, contributor, "CONTRIBUTES_TROOPS_TO", mission)


def _synthetic_items(core: Dataset, countries: int, seed: int) -> _Builder:
    build = _Builder(core, seed)
    plan = _plan(countries, seed)
    troops = _contributors(plan, core, seed)
    contributors = {state for states in troops.values() for state in states}
    for country in plan:
        _add_country(build, country, contributors, troops.get(country.number, []))
    return build


def synthetic_dataset(countries: int, seed: int = 2016, core: Dataset | None = None) -> Dataset:
    """The curated dataset (``core``, default data/) plus ``countries`` synthetic countries.

    Examples
    --------
    >>> small = synthetic_dataset(2, seed=1)
    >>> "field.unct.syn-0002" in small.nodes and small.nodes["state.syn-0001"].sources[0].doc
    'synthetic'
    """
    if not 0 <= countries <= 9999:
        raise ValueError(f"countries must lie between 0 and 9999, got {countries}")
    core = core if core is not None else read_dataset(DEFAULT_DATA_DIR)
    build = _synthetic_items(core, countries, seed)
    clashes = (build.nodes.keys() & core.nodes.keys()) | (build.edges.keys() & core.edges.keys())
    if clashes:
        raise ValueError(f"synthetic ids clash with the curated data: {sorted(clashes)[:3]}")
    origin = f"synthetic (seed {seed})"
    origins = {**core.origins, **{key: origin for key in [*build.nodes, *build.edges]}}
    return replace(
        core, nodes={**core.nodes, **build.nodes}, edges={**core.edges, **build.edges}, origins=origins
    )


def country_number(sources: list[Source]) -> int | None:
    """The synthetic country an item was generated for (from its ``doc: synthetic`` locator), or None."""
    for source in sources:
        if source.doc == "synthetic":
            return int(source.locator.rsplit(" ", 1)[-1])
    return None


def main(argv: list[str] | None = None) -> int:
    """``python -m bench.synthetic --countries N --seed S --out DIR``: write a data folder."""
    import argparse
    from pathlib import Path

    from bench.synthetic_folder import write_synthetic_folder

    parser = argparse.ArgumentParser(prog="python -m bench.synthetic", description=main.__doc__)
    parser.add_argument(
        "--countries", type=int, required=True, help="synthetic countries to add (10 to 1,000)"
    )
    parser.add_argument("--seed", type=int, default=2016, help="random seed (same seed, same data)")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (never data/)")
    args = parser.parse_args(argv)
    try:
        counts = write_synthetic_folder(synthetic_dataset(args.countries, args.seed), args.out)
    except (ValueError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    print(
        f"wrote {args.out}: {counts['nodes']:,} nodes, {counts['edges']:,} edges "
        f"({counts['synthetic_nodes']:,} and {counts['synthetic_edges']:,} synthetic, "
        f"{args.countries} countries)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
