"""Exports a teacher can put on a slide: PNG/SVG/PDF pictures with title and legend, the PDF handout.

Real files are written to tmp_path and read back: PNG size with Pillow, SVG
text as XML, the handout's pages and text with pypdf.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from PIL import Image
from pypdf import PdfReader

from un_pathways.cli.main import main
from un_pathways.graph.build import build_graph
from un_pathways.graph.cases import case_verdict
from un_pathways.graph.pathways import most_reliable_paths
from un_pathways.graph.views import configure
from un_pathways.loaders.dataset import read_dataset
from un_pathways.loaders.figure_views import neighbourhood_figure, pathway_figure, system_figure
from un_pathways.loaders.figures import FIGURE_FORMATS, draw_figure, legend_entries, write_figure
from un_pathways.loaders.handout import case_handout, pathway_handout, write_handout
from un_pathways.ui.graph_style import edge_style, kind_style, legend_html

APP_PNG = (614, 638)  # what the graph component's PNG button saved before: the picture as drawn on screen
SOURCE, TARGET, CASE = "field.unct.sri-lanka", "un.security-council", "case.sri-lanka-2008-09"


@pytest.fixture(autouse=True)
def curated_data(monkeypatch):
    """These tests read the project's own data/, whatever another test set PATHWAYS_DATA to."""
    monkeypatch.delenv("PATHWAYS_DATA", raising=False)


@pytest.fixture(scope="module")
def graph() -> nx.MultiDiGraph:
    return build_graph(read_dataset())


@pytest.fixture(scope="module")
def before_hruf(graph) -> nx.MultiDiGraph:
    return configure(graph, as_of=2009, scenario="pre_hruf")


@pytest.fixture(scope="module")
def paths(before_hruf) -> list[dict]:
    return [p.to_dict() for p in most_reliable_paths(before_hruf, SOURCE, TARGET, k=3)]


def svg_text(path) -> str:
    """Every piece of text of an SVG (matplotlib writes text as <text> when svg.fonttype is none)."""
    root = ET.parse(path).getroot()
    return "\n".join("".join(element.itertext()) for element in root.iter("{http://www.w3.org/2000/svg}text"))


def pdf_text(path) -> tuple[int, str]:
    reader = PdfReader(path)
    return len(reader.pages), " ".join((page.extract_text() or "") for page in reader.pages)


def test_png_is_at_least_twice_the_app_picture(graph, tmp_path):
    view = system_figure(graph, "The UN protection system", "all years")
    out = write_figure(view, "png", tmp_path / "system.png")
    with Image.open(out) as image:
        assert image.format == "PNG"
        width, height = image.size
    assert width >= 2 * APP_PNG[0] and height >= 2 * APP_PNG[1]


def test_svg_carries_title_and_a_legend_of_what_it_shows(before_hruf, paths, tmp_path):
    view = pathway_figure(before_hruf, paths, "From the UN team to the Council", "before HRUF, 2009")
    text = svg_text(write_figure(view, "svg", tmp_path / "pathway.svg"))
    assert "From the UN team to the Council" in text and "before HRUF, 2009" in text
    kinds = {attrs["kind"] for _, attrs in view.graph.nodes(data=True)}
    frictions = {attrs["friction"] for *_, attrs in view.graph.edges(data=True)}
    for kind in kinds:
        assert kind.replace("_", " ") in text
    for level in frictions:
        assert f"channel, friction {level}" in text
    assert "channel, friction none" not in text or "none" in frictions  # only the levels drawn are explained
    assert "passes 30% · stalls" in text  # the model's chance on the stalling hop


def test_legend_uses_the_apps_colour_and_dash_cue(graph):
    """Each legend entry is drawn from ui/graph_style: a friction level's colour and its dash pattern."""
    view = system_figure(graph, "t", "s")
    entries = dict(legend_entries(view))
    for level in ("none", "low", "medium", "high", "blocking"):
        style = edge_style({"channel": True, "friction": level})
        line = entries[f"channel, friction {level}"]
        colour = style["color"]["color"] if isinstance(style["color"], dict) else style["color"]
        assert line.get_color() == colour
        assert (line.get_linestyle() != "-") == bool(style.get("dashes"))  # dashed exactly when the app is
    for kind in {attrs["kind"] for _, attrs in graph.nodes(data=True)}:
        assert entries[kind.replace("_", " ")].get_color() == kind_style(kind)[0]


def test_neighbourhood_names_do_not_overlap(graph):
    view = neighbourhood_figure(graph, TARGET, 1, "The Security Council", "all years")
    figure = draw_figure(view)
    renderer = figure.canvas.get_renderer()
    graph_axes = figure.axes[0]
    boxes = [text.get_window_extent(renderer) for text in graph_axes.texts]
    assert len(boxes) >= view.graph.number_of_nodes() * 0.8  # most nodes keep their name
    for index, box in enumerate(boxes):
        for other in boxes[index + 1 :]:
            assert not box.overlaps(other), "two names overlap"


@pytest.mark.parametrize("fmt", FIGURE_FORMATS)
def test_every_format_is_a_real_file_of_its_kind(before_hruf, paths, tmp_path, fmt):
    out = write_figure(pathway_figure(before_hruf, paths, "t", "s"), fmt, tmp_path / f"p.{fmt}")
    magic = {"png": b"\x89PNG", "svg": b"<?xml", "pdf": b"%PDF"}[fmt]
    assert out.read_bytes().startswith(magic)


def test_pathway_handout_is_one_page_with_hops_reasons_and_sources(before_hruf, paths, tmp_path):
    best = paths[0]
    out = write_handout(
        pathway_handout(before_hruf, best, "Sri Lanka to the Council", "before HRUF"), tmp_path / "h.pdf"
    )
    pages, text = pdf_text(out)
    assert pages == 1
    words = " ".join(text.split())  # pypdf breaks lines where the page does
    for hop in best["hops"]:
        for end in (hop["from"], hop["to"]):
            assert before_hruf.nodes[end]["name"] in words
        for source in hop["sources"]:
            assert source in words  # the paper's locator of each reason
    assert "Model's estimate" in words and "curators' grade" in words
    assert "von Einsiedel" in words and "Whose is what" in words


def test_case_handout_shows_the_curated_reading_of_each_stage(graph, tmp_path):
    case = read_dataset().cases[CASE]
    verdict = case_verdict(graph, case)
    view = configure(graph, as_of=case.as_of, setting=case.setting, scenario=case.scenario)
    pages, text = pdf_text(
        write_handout(case_handout(view, case, verdict, case.name, "s"), tmp_path / "c.pdf")
    )
    words = " ".join(text.split())
    assert pages == 1
    for stage in ("information", "decision", "implementation"):
        reading = case.outcome.stage(stage)
        assert f"(paper, {reading.locator})" in words
    assert verdict["comparison"]["text"] in words
    assert "not a validation of the model" in words  # the comparison is a consistency check, said so


def test_html_export_carries_title_and_legend(graph):
    from un_pathways.ui.graph_data import vis_graph
    from un_pathways.ui.network import standalone_html

    kinds = {attrs["kind"] for _, attrs in graph.nodes(data=True)}
    vis = vis_graph(graph, positions={n: (0.0, 0.0) for n in graph}, kind_names={})
    page = standalone_html(vis, "caption", title="The <UN> system", legend=legend_html(kinds))
    assert "The &lt;UN&gt; system</h1>" in page  # escaped
    assert 'id="legend"' in page and "channel, friction blocking" in page
    assert page.index('id="legend"') < page.rindex("</body>")


def test_cli_writes_a_slide_and_reports_path_and_size(tmp_path, capsys):
    out = tmp_path / "council.png"
    assert main(["export", "--format", "png", "--focus", "Security Council", "--json", str(out)]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["path"] == str(out) and report["bytes"] == out.stat().st_size
    assert report["view"] == "neighbourhood" and not report["handout"]
    with Image.open(out) as image:
        assert image.size[0] >= 2 * APP_PNG[0]


def test_cli_case_pdf_is_the_handout(tmp_path, capsys):
    out = tmp_path / "case.pdf"
    assert main(["export", "--format", "pdf", "--case", "sri-lanka-2008-09", "--json", str(out)]) == 0
    assert json.loads(capsys.readouterr().out)["handout"] is True
    assert pdf_text(out)[0] == 1


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        # a graph format holds the whole graph: a view option is refused, not ignored
        (["--format", "json", "--case", "sri-lanka-2008-09"], "--case chooses what a picture shows"),
        # an unknown node is named, with the next step
        (["--format", "png", "--focus", "Nobody at all"], "Nobody at all"),
        # no route between two actors says so rather than drawing an empty slide
        (["--format", "svg", "--pathway", TARGET, SOURCE], "no channel pathway"),
    ],
)
def test_cli_bad_view_gets_a_clear_error(tmp_path, capsys, argv, message):
    assert main(["export", *argv, str(tmp_path / "out")]) != 0
    assert message in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
