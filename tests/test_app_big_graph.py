"""Explore on a graph too big to draw node by node: it summarises, says so, and opens a country in full.

The data is the curated core plus synthetic countries (bench/synthetic.py),
enough to pass the draw limit of ui/big_graph.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

try:
    from tests.data_env import pathways_data
except ImportError:  # rootdir-less import: tests/ itself is on sys.path
    from data_env import pathways_data

from bench.synthetic import synthetic_dataset
from bench.synthetic_folder import write_synthetic_folder
from un_pathways.ui.big_graph import DRAW_LIMIT

APP = str(Path(__file__).resolve().parent.parent / "app.py")
COUNTRIES = 80  # about 2,400 nodes: past the draw limit


@pytest.fixture(scope="module")
def big_data(tmp_path_factory) -> Path:
    """A synthetic data folder, and PATHWAYS_DATA pointing at it while this module runs."""
    folder = tmp_path_factory.mktemp("big") / "data"
    write_synthetic_folder(synthetic_dataset(COUNTRIES, seed=11), folder)
    with pathways_data(folder):
        yield folder


def _explore(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.switch_page("pages/explore.py")
    at.query_params.update(query)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def _drawn(at: AppTest) -> dict:
    return json.loads(at.get("component_instance")[0].proto.json_args)


def test_a_big_graph_is_drawn_as_country_clusters_and_says_so(big_data):
    at = _explore()
    notice = " ".join(i.value for i in at.info)
    assert "more than a browser draws smoothly" in notice and "each country is drawn as one cluster" in notice
    drawn = _drawn(at)
    assert len(drawn["nodes"]) <= DRAW_LIMIT
    clusters = [n for n in drawn["nodes"] if n["id"].startswith("cluster:state.")]
    assert len(clusters) >= COUNTRIES
    assert any(n["id"] == "un.security-council" for n in drawn["nodes"])  # headquarters stay themselves


def test_choosing_a_country_shows_it_in_full_and_puts_it_in_the_link(big_data):
    at = _explore()
    at.selectbox(key="ex_country").set_value("state.syn-0005").run()
    assert not at.exception
    ids = {n["id"] for n in _drawn(at)["nodes"]}
    assert {"state.syn-0005", "field.unct.syn-0005", "field.rc.syn-0005"} <= ids
    assert not any(i.startswith("cluster:") for i in ids)
    assert not at.info  # nothing summarised any more
    assert at.query_params["country"] == "state.syn-0005"


def test_a_shared_link_opens_the_country(big_data):
    at = _explore(country="state.syn-0009")
    assert at.selectbox(key="ex_country").value == "state.syn-0009"
    assert "field.rc.syn-0009" in {n["id"] for n in _drawn(at)["nodes"]}
