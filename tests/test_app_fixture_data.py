"""A small, realistic dataset the app tests run on, written to a temporary folder.

The real ``data/`` folder is large and still being written; the app tests need
data that is valid at every moment and whose answers they can predict. This
module writes a slice of the Sri Lanka story (field -> headquarters ->
Council, before and after Human Rights up Front) using the stable vocabulary
of ``tests/fixtures/mini``. The tests below check that the slice loads and
tells the story the app tests rely on.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

MINI_VOCABULARY = Path(__file__).resolve().parent / "fixtures" / "mini" / "vocabulary"

SOURCE = [{"doc": "seed", "locator": "NMS ¶4"}]


def _node(id_, name, kind, description, *, short=None, roles=(), aliases=(), valid_from=None, valid_to=None):
    node = {"id": id_, "name": name, "kind": kind, "description": description, "sources": SOURCE}
    if short:
        node["short"] = short
    if roles:
        node["roles"] = list(roles)
    if aliases:
        node["aliases"] = list(aliases)
    if valid_from:
        node["valid_from"] = valid_from
    if valid_to:
        node["valid_to"] = valid_to
    return node


NODES = [
    _node(
        "un.security-council",
        "Security Council",
        "organ",
        "Primary responsibility for peace and security.",
        short="UNSC",
        roles=["decision_maker"],
        aliases=["the Council"],
        valid_from=1945,
    ),
    _node(
        "un.general-assembly",
        "General Assembly",
        "organ",
        "The plenary of all member states.",
        short="UNGA",
        valid_from=1945,
    ),
    _node(
        "un.human-rights-council",
        "Human Rights Council",
        "organ",
        "Intergovernmental human rights body.",
        short="HRC",
        valid_from=2006,
    ),
    _node("un.secretariat", "Secretariat", "organ", "The UN's civil service.", valid_from=1945),
    _node(
        "un.secretary-general",
        "Secretary-General",
        "office",
        "Head of the Secretariat; can bring matters to the Council under Article 99.",
        short="SG",
        roles=["decision_maker"],
        valid_from=1945,
    ),
    _node(
        "un.osapg",
        "Office of the Special Adviser on the Prevention of Genocide",
        "office",
        "Collects information on risks of genocide and alerts the Secretary-General and the Council.",
        short="OSAPG",
        valid_from=2004,
    ),
    _node(
        "un.dpa",
        "Department of Political Affairs",
        "department",
        "Political analysis and mediation.",
        short="DPA",
        aliases=["political affairs"],
        valid_from=1992,
        valid_to=2018,
    ),
    _node(
        "un.dpko",
        "Department of Peacekeeping Operations",
        "department",
        "Runs peacekeeping missions.",
        short="DPKO",
        valid_from=1992,
        valid_to=2018,
    ),
    _node(
        "un.undp",
        "UN Development Programme",
        "agency",
        "The UN's main development programme.",
        short="UNDP",
        valid_from=1965,
    ),
    _node(
        "un.ohchr",
        "Office of the High Commissioner for Human Rights",
        "agency",
        "The UN's human rights office.",
        short="OHCHR",
        valid_from=1993,
    ),
    _node(
        "field.unct.sri-lanka",
        "UN Country Team in Sri Lanka",
        "field_presence",
        "The UN agencies working in Sri Lanka <b>during</b> the war.",
        short="UNCT Sri Lanka",
        roles=["field_actor"],
        aliases=["UNCT"],
    ),
    _node(
        "field.rc.sri-lanka",
        "Resident Coordinator in Sri Lanka",
        "field_presence",
        "Leads the country team; usually also UNDP's Resident Representative.",
        short="RC Sri Lanka",
    ),
    _node(
        "field.pda.sri-lanka",
        "Peace and Development Adviser in Sri Lanka",
        "field_presence",
        "A joint UNDP-DPA adviser to the Resident Coordinator.",
        short="PDA Sri Lanka",
    ),
    _node(
        "mission.unmiss",
        "UN Mission in South Sudan",
        "mission",
        "Peacekeeping mission.",
        short="UNMISS",
        valid_from=2011,
    ),
    _node(
        "mission.unamid",
        "AU-UN Hybrid Operation in Darfur",
        "mission",
        "Peacekeeping mission.",
        short="UNAMID",
        valid_from=2007,
        valid_to=2020,
    ),
    _node("state.sri-lanka", "Sri Lanka", "member_state", "Host state.", roles=["host_state"]),
    _node(
        "state.south-sudan",
        "South Sudan",
        "member_state",
        "Host state.",
        roles=["host_state"],
        valid_from=2011,
    ),
    _node("state.sudan", "Sudan", "member_state", "Host state.", roles=["host_state"]),
    _node(
        "state.russia",
        "Russia",
        "member_state",
        "Permanent member.",
        roles=["veto_holder", "permanent_member"],
        aliases=["Russian Federation"],
    ),
    _node(
        "state.china", "China", "member_state", "Permanent member.", roles=["veto_holder", "permanent_member"]
    ),
    _node(
        "state.united-states",
        "United States",
        "member_state",
        "Permanent member.",
        roles=["veto_holder", "permanent_member"],
        aliases=["USA"],
    ),
    _node(
        "mech.hruf-coordination",
        "HRuF coordination meetings",
        "mechanism",
        "Regional quarterly reviews and senior action group created by Human Rights up Front.",
        valid_from=2013,
    ),
    _node(
        "policy.hruf",
        "Human Rights up Front",
        "policy",
        "The Secretary-General's 2013 action plan.",
        short="HRuF",
        valid_from=2013,
    ),
    _node(
        "panel.petrie",
        "Internal Review Panel on Sri Lanka",
        "panel",
        "Reviewed UN action in Sri Lanka.",
        aliases=["Petrie panel"],
        valid_from=2012,
        valid_to=2012,
    ),
    _node(
        "report.petrie-2012",
        "Petrie Report",
        "report",
        "Found a systemic failure of the UN in Sri Lanka.",
        valid_from=2012,
    ),
    _node("org.hrw", "Human Rights Watch", "ngo", "An international human rights NGO."),
]


def _channel(source, type_, target, stage, friction, mechanism, rationale, **extra):
    return {
        "from": source,
        "type": type_,
        "to": target,
        "channel": True,
        "stage": stage,
        "friction": friction,
        "mechanism": mechanism,
        "rationale": rationale,
        "justification": f"Fixture judgement: {friction} for this test.",
        "sources": SOURCE,
        **extra,
    }


def _plain(source, type_, target, **extra):
    return {"from": source, "type": type_, "to": target, "sources": SOURCE, **extra}


CHANNELS = [
    _channel(
        "field.unct.sri-lanka",
        "REPORTS_TO",
        "field.rc.sri-lanka",
        "information",
        "low",
        ["capacity_gap"],
        "Agencies report through the RC, who lacks human rights expertise.",
    ),
    _channel(
        "field.rc.sri-lanka",
        "REPORTS_TO",
        "un.undp",
        "information",
        "high",
        ["host_consent_dependence", "persona_non_grata_risk"],
        "The RC answers to UNDP, which needs the government's goodwill.",
    ),
    _channel(
        "field.rc.sri-lanka",
        "ALERTS",
        "un.dpa",
        "information",
        "high",
        ["no_political_mandate"],
        "The RC has no political mandate to raise alarms with DPA.",
    ),
    _channel(
        "field.pda.sri-lanka",
        "ADVISES",
        "field.rc.sri-lanka",
        "information",
        "low",
        ["capacity_gap"],
        "A single adviser with little weight.",
    ),
    _channel(
        "field.unct.sri-lanka",
        "ALERTS",
        "un.ohchr",
        "information",
        "high",
        ["humanitarian_access_tradeoff"],
        "Agencies keep quiet to protect humanitarian access.",
    ),
    _channel(
        "un.undp",
        "ADVISES",
        "un.secretary-general",
        "information",
        "medium",
        ["interagency_rivalry"],
        "UNDP's development lens filters what reaches the SG.",
    ),
    _channel(
        "un.dpa",
        "ADVISES",
        "un.secretary-general",
        "information",
        "low",
        ["interagency_rivalry"],
        "DPA advises the SG directly.",
    ),
    _channel(
        "un.ohchr",
        "ALERTS",
        "un.secretary-general",
        "information",
        "medium",
        ["member_state_pressure"],
        "Member states push back on human rights reporting.",
    ),
    _channel(
        "un.secretary-general",
        "BRIEFS",
        "un.security-council",
        "information",
        "high",
        ["self_censorship", "weak_political_engagement"],
        "The Secretariat tells the Council what it wants to hear.",
    ),
    _channel(
        "un.dpa",
        "BRIEFS",
        "un.security-council",
        "information",
        "medium",
        ["self_censorship"],
        "Briefings are cautious.",
    ),
    _channel(
        "un.osapg",
        "ALERTS",
        "un.security-council",
        "information",
        "high",
        ["weak_political_engagement"],
        "The Special Adviser's warnings rarely reach the agenda.",
        valid_from=2004,
    ),
    _channel(
        "un.ohchr",
        "BRIEFS",
        "un.human-rights-council",
        "information",
        "low",
        ["member_state_pressure"],
        "Reporting to the Council in Geneva.",
    ),
    _channel(
        "field.rc.sri-lanka",
        "ALERTS",
        "mech.hruf-coordination",
        "information",
        "low",
        ["no_follow_up"],
        "Regional quarterly reviews give field warnings a place to go.",
        valid_from=2013,
    ),
    _channel(
        "mech.hruf-coordination",
        "ADVISES",
        "un.secretary-general",
        "information",
        "low",
        ["no_follow_up"],
        "The senior action group puts situations before the SG.",
        valid_from=2013,
    ),
    _channel(
        "un.security-council",
        "MANDATES",
        "mission.unmiss",
        "decision",
        "medium",
        ["veto_deadlock"],
        "Mandates are negotiated among permanent members.",
        valid_from=2011,
    ),
    _channel(
        "un.security-council",
        "MANDATES",
        "mission.unamid",
        "decision",
        "high",
        ["selective_application"],
        "Darfur was handled case by case.",
        valid_from=2007,
    ),
    _channel(
        "mission.unmiss",
        "REPORTS_TO",
        "un.dpko",
        "information",
        "high",
        ["host_consent_dependence"],
        "Missions soften reports to keep the host's consent.",
        valid_from=2011,
        valid_to=2018,
    ),
    _channel(
        "mission.unamid",
        "REPORTS_TO",
        "un.dpko",
        "information",
        "high",
        ["host_consent_dependence"],
        "UNAMID under-reported government attacks.",
        valid_from=2007,
        valid_to=2018,
    ),
    _channel(
        "un.dpko",
        "BRIEFS",
        "un.security-council",
        "information",
        "medium",
        ["self_censorship"],
        "DPKO does not say no to under-resourced mandates.",
        valid_to=2018,
    ),
]

PLAIN = [
    _plain("state.russia", "HOLDS_VETO_IN", "un.security-council"),
    _plain("state.china", "HOLDS_VETO_IN", "un.security-council"),
    _plain("state.united-states", "HOLDS_VETO_IN", "un.security-council"),
    _plain("state.russia", "MEMBER_OF", "un.security-council"),
    _plain("state.china", "MEMBER_OF", "un.security-council"),
    _plain("state.united-states", "MEMBER_OF", "un.security-council"),
    _plain("un.dpa", "PART_OF", "un.secretariat", valid_to=2018),
    _plain("un.dpko", "PART_OF", "un.secretariat", valid_to=2018),
    _plain("un.osapg", "PART_OF", "un.secretariat", valid_from=2004),
    _plain("un.secretary-general", "LEADS", "un.secretariat"),
    _plain("field.rc.sri-lanka", "LEADS", "field.unct.sri-lanka"),
    _plain("un.undp", "DEPLOYS", "field.pda.sri-lanka"),
    _plain("un.dpa", "DEPLOYS", "field.pda.sri-lanka", valid_to=2018),
    _plain("state.sri-lanka", "DECLARES_PERSONA_NON_GRATA", "field.rc.sri-lanka"),
    _plain("state.sri-lanka", "PRESSURES", "un.secretary-general"),
    _plain("field.unct.sri-lanka", "DEFERS_TO", "state.sri-lanka"),
    _plain("state.sri-lanka", "HOSTS", "field.unct.sri-lanka"),
    _plain("mission.unmiss", "DEPLOYED_IN", "state.south-sudan", valid_from=2011),
    _plain("state.south-sudan", "CONSENTS_TO", "mission.unmiss", valid_from=2011),
    _plain("mission.unamid", "DEPLOYED_IN", "state.sudan", valid_from=2007, valid_to=2020),
    _plain("mech.hruf-coordination", "ESTABLISHED_BY", "policy.hruf", valid_from=2013),
    _plain("policy.hruf", "RESPONDS_TO", "report.petrie-2012", valid_from=2013),
    _plain("panel.petrie", "AUTHORED", "report.petrie-2012", valid_from=2012, valid_to=2012),
    _plain("un.secretary-general", "APPOINTS", "panel.petrie", valid_from=2012, valid_to=2012),
    _plain("report.petrie-2012", "CRITICIZES", "un.secretariat", valid_from=2012),
    _plain("report.petrie-2012", "RECOMMENDS", "policy.hruf", valid_from=2013),
    _plain("org.hrw", "PRESSURES", "un.security-council"),
    _plain("un.human-rights-council", "REPORTS_TO", "un.general-assembly", valid_from=2006),
]

SG_BRIEFS = "un.secretary-general -BRIEFS-> un.security-council"
RC_ALERTS_DPA = "field.rc.sri-lanka -ALERTS-> un.dpa"
RC_TO_UNDP = "field.rc.sri-lanka -REPORTS_TO-> un.undp"


def _regrade(edge, friction, mechanism, rationale):
    return {
        "edge": edge,
        "friction": friction,
        "mechanism": mechanism,
        "rationale": rationale,
        "justification": f"Fixture judgement: {friction} for this test.",
        "sources": SOURCE,
    }


SCENARIOS = [
    {
        "id": "pre_hruf",
        "name": "Before Human Rights up Front",
        "as_of": 2009,
        "sources": SOURCE,
        "description": "The system as it stood during the last months of the war in Sri Lanka.",
    },
    {
        "id": "hruf",
        "name": "Human Rights up Front",
        "as_of": 2013,
        "sources": SOURCE,
        "description": "The 2013 action plan: coordination meetings and a duty to speak up.",
        "enable_edges": [
            "field.rc.sri-lanka -ALERTS-> mech.hruf-coordination",
            "mech.hruf-coordination -ADVISES-> un.secretary-general",
        ],
        "regrade": [
            _regrade(SG_BRIEFS, "medium", ["self_censorship"], "HRuF asks the SG to speak candidly.")
        ],
    },
    {
        "id": "special_circumstances",
        "name": "Special circumstances",
        "as_of": 2011,
        "sources": SOURCE,
        "description": "Ad hoc task forces for countries in crisis.",
        "regrade": [_regrade(RC_ALERTS_DPA, "medium", ["no_follow_up"], "A task force hears the RC.")],
    },
    {
        "id": "brahimi_candour",
        "name": "Brahimi candour",
        "as_of": 2001,
        "hypothetical": True,
        "sources": SOURCE,
        "description": "The Secretariat tells the Council what it needs to know.",
        "regrade": [_regrade(SG_BRIEFS, "low", ["self_censorship"], "Candid briefings.")],
    },
    {
        "id": "rc_political_mandate",
        "name": "RC with a political mandate",
        "as_of": 2016,
        "hypothetical": True,
        "sources": SOURCE,
        "description": "Resident Coordinators empowered to raise political alarms.",
        "regrade": [
            _regrade(RC_ALERTS_DPA, "low", ["capacity_gap"], "A mandate to speak."),
            _regrade(RC_TO_UNDP, "medium", ["host_consent_dependence"], "Less dependent on UNDP."),
        ],
    },
]


class _NoAliases(yaml.SafeDumper):
    """Writes shared values out in full: data files may not use YAML aliases (*name)."""

    def ignore_aliases(self, data) -> bool:
        return True


def write_app_dataset(root: Path) -> Path:
    """Write the app test dataset under ``root`` and return the data folder."""
    data = Path(root) / "data"
    for folder in ("nodes", "edges", "cases", "scenarios", "lessons"):
        (data / folder).mkdir(parents=True, exist_ok=True)
    shutil.copytree(MINI_VOCABULARY, data / "vocabulary", dirs_exist_ok=True)
    dump = lambda obj, path: path.write_text(  # noqa: E731
        yaml.dump(obj, Dumper=_NoAliases, sort_keys=False, allow_unicode=True)
    )
    dump({"nodes": NODES}, data / "nodes" / "app.yaml")
    dump({"edges": CHANNELS}, data / "edges" / "channels.yaml")
    dump({"edges": PLAIN}, data / "edges" / "structure.yaml")
    for scenario in SCENARIOS:
        dump(scenario, data / "scenarios" / f"{scenario['id']}.yaml")
    return data


def test_app_dataset_loads_and_hruf_raises_reach(tmp_path):
    from un_pathways.graph.build import build_graph
    from un_pathways.graph.reach import reach_probability
    from un_pathways.graph.views import configure
    from un_pathways.loaders.dataset import read_dataset

    graph = build_graph(read_dataset(write_app_dataset(tmp_path)))
    before = configure(graph, as_of=2009, scenario="pre_hruf")
    after = configure(graph, as_of=2009, scenario="hruf")
    reach = [
        reach_probability(v, "field.unct.sri-lanka", "un.security-council").probability
        for v in (before, after)
    ]
    assert len(graph.graph["dataset"].scenarios) == 5
    assert 0 < reach[0] < reach[1] < 1
