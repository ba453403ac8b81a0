"""Hostile text in the data is shown as text in every view, and no script of it ever runs.

The app test dataset is rewritten so that node names, acronyms, aliases,
descriptions, notes, source notes, edge rationales, scenario texts, a case
and a lesson carry ``<script>``, ``<img onerror>``, ``javascript:`` links,
HTML entities and Markdown. The real app serves it to headless Chromium,
which visits every page (Explore with a hostile node selected and its graph
tooltip hovered, Pathways with its stall details open, Queries, Cases, Learn,
Data, and shared links with hostile parameters). Each page must open no
dialog, log no error, hold no injected element, and show the hostile text as
the characters it is. The Explore view is saved as docs/screenshots/hostile-text.png.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

try:
    from tests.app_server import ROOT, VIEWPORT, launch_chromium, require_chromium, serve_app
    from tests.test_app_fixture_data import write_app_dataset
except ImportError:  # rootdir-less import: tests/ itself is on sys.path
    from app_server import ROOT, VIEWPORT, launch_chromium, require_chromium, serve_app
    from test_app_fixture_data import write_app_dataset

pytestmark = pytest.mark.browser

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(2)>"
JS_URL = "javascript:alert(3)"
ENTITY = "&lt;b&gt;not bold&lt;/b&gt;"
MD = "**x**"
MD_LINK = "[link](javascript:alert(4))"
ANCHOR = '<a href="javascript:alert(5)">click</a>'
SVG = "<svg onload=alert(6)>"
EVERYTHING = f"{SCRIPT} {IMG} {JS_URL} {ENTITY} {MD} {MD_LINK} {ANCHOR} {SVG}"
SHOWN_AS_TEXT = [SCRIPT, IMG, ENTITY, MD, MD_LINK]  # the exact characters must be readable on screen
HOSTILE_NODE = "field.unct.sri-lanka"
HOSTILE_NAME = f"Country Team {SCRIPT}"
HOSTILE_SHORT = f"UNCT {IMG}"
HOSTILE_SOURCE = [{"doc": "seed", "locator": "NMS ¶4", "note": f"{IMG} {MD_LINK}"}]
GRAPH_FRAME = 'iframe[title*="pathways_graph"]'
SCREENSHOT = ROOT / "docs" / "screenshots" / "hostile-text.png"

# Injected markup, if any of it got through: elements, handlers and links that would run script.
INJECTED = """() => {
  const found = [];
  for (const el of document.querySelectorAll('img[src="x"], svg[onload], script, a[href^="javascript:" i],'
                                             + ' iframe[src^="javascript:" i], [onerror], [onload]')) {
    if (el.tagName === 'SCRIPT' && !/alert\\(/.test(el.textContent)) continue;
    found.push(el.outerHTML.slice(0, 120));
  }
  return found;
}"""


class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data) -> bool:
        return True


def _dump(value: object, path: Path) -> None:
    path.write_text(yaml.dump(value, Dumper=_NoAliases, sort_keys=False, allow_unicode=True))


def _load(path: Path):
    return yaml.safe_load(path.read_text())


def write_hostile_dataset(root: Path) -> Path:
    """The app test dataset with hostile text in every free-text field the views show."""
    data = write_app_dataset(root)
    nodes = _load(data / "nodes" / "app.yaml")
    for node in nodes["nodes"]:
        node["sources"] = HOSTILE_SOURCE
        if node["id"] == HOSTILE_NODE:
            node.update(
                name=HOSTILE_NAME,
                short=HOSTILE_SHORT,
                aliases=[MD_LINK, JS_URL, ANCHOR],
                description=f"Agencies in Sri Lanka. {EVERYTHING}",
                note=f"{ENTITY} {MD} {SVG}",
            )
        elif node["id"] == "un.secretary-general":
            node.update(name=f"Secretary-General {IMG}", description=EVERYTHING)
    _dump(nodes, data / "nodes" / "app.yaml")
    for name in ("channels", "structure"):
        edges = _load(data / "edges" / f"{name}.yaml")
        for edge in edges["edges"]:
            edge["sources"] = HOSTILE_SOURCE
            if edge.get("rationale"):
                edge["rationale"] = f"{edge['rationale']} {EVERYTHING}"
            else:
                edge["description"] = EVERYTHING
        _dump(edges, data / "edges" / f"{name}.yaml")
    hruf = _load(data / "scenarios" / "hruf.yaml")
    hruf.update(name=f"HRuF {SCRIPT}", description=EVERYTHING)
    for regrade in hruf["regrade"]:
        regrade.update(rationale=f"{regrade['rationale']} {EVERYTHING}", sources=HOSTILE_SOURCE)
    _dump(hruf, data / "scenarios" / "hruf.yaml")
    _dump(_case(), data / "cases" / "sri-lanka.yaml")
    _dump(_lesson(), data / "lessons" / "hostile.yaml")
    return data


def _case() -> dict:
    return {
        "id": "case.sri-lanka-hostile",
        "name": f"Sri Lanka {SCRIPT}",
        "aliases": [f"Sri Lanka case {MD}"],
        "country": "state.sri-lanka",
        "period": [2008, 2009],
        "setting": "non_mission",
        "description": EVERYTHING,
        "signal_from": [HOSTILE_NODE],
        "decision_maker": "un.security-council",
        "scenario": "pre_hruf",
        "as_of": 2009,
        "timeline": [{"when": 2009, "event": f"The warning dies. {EVERYTHING}", "sources": HOSTILE_SOURCE}],
        "outcome": {
            "information": "stalled",
            "decision": "not_reached",
            "implementation": "not_reached",
            "stall_stage": "information",
            "stall_actors": [HOSTILE_NODE],
            "mechanisms": ["humanitarian_access_tradeoff"],
            "summary": EVERYTHING,
            "sources": HOSTILE_SOURCE,
        },
        "sources": HOSTILE_SOURCE,
    }


def _lesson() -> dict:
    return {
        "id": "hostile",
        "title": f"A lesson {SCRIPT}",
        "order": 1,
        "summary": EVERYTHING,
        "steps": [
            {
                "title": f"Step {IMG}",
                "text": EVERYTHING,
                "show": {"nodes": [HOSTILE_NODE, "field.rc.sri-lanka"]},
                "highlight": [HOSTILE_NODE],
                "sources": HOSTILE_SOURCE,
            }
        ],
        "quiz": [{"ask": "veto_holders"}],
    }


def test_the_hostile_dataset_is_valid(tmp_path):
    """The hostile text must reach the app: the dataset and its lesson load."""
    from un_pathways.graph.build import build_graph
    from un_pathways.loaders.dataset import read_dataset
    from un_pathways.loaders.lessons import read_lessons

    data = write_hostile_dataset(tmp_path)
    graph = build_graph(read_dataset(data))
    assert graph.nodes[HOSTILE_NODE]["name"] == HOSTILE_NAME
    assert graph.graph["dataset"].cases["case.sri-lanka-hostile"].description == EVERYTHING
    assert read_lessons(data, graph)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_chromium()
    with serve_app(write_hostile_dataset(tmp_path_factory.mktemp("hostile"))) as url:
        yield url


@pytest.fixture(scope="module")
def browser(server):
    with launch_chromium() as chromium:
        yield chromium


class Watched:
    """A page whose dialogs, console errors and uncaught exceptions are recorded."""

    def __init__(self, page):
        self.page = page
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        page.on("dialog", self._dialog)
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def settle(self) -> None:
        self.page.wait_for_function(
            "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000
        )
        self.page.wait_for_timeout(800)  # late renders: popovers, tabs, the graph frame

    def assert_safe(self) -> None:
        """No dialog, no error, no injected element in the page or any of its frames."""
        self.settle()
        for frame in self.page.frames:
            assert frame.evaluate(INJECTED) == [], frame.url
        assert self.dialogs == []
        assert [e for e in self.errors if "alert" in e or "javascript:" in e or "x:1" in e] == []
        assert not [e for e in self.errors if "Uncaught" in e or "Error" in e.split(":")[0]], self.errors

    def text(self) -> str:
        return self.page.locator("body").inner_text()


@pytest.fixture
def watched(browser):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield Watched(page)
    context.close()


def _hover_node(page, node: str) -> None:
    handle = page.locator(GRAPH_FRAME).first.element_handle()
    frame = handle.content_frame()
    frame.locator("body[data-ready='1']").wait_for(state="attached")
    page.wait_for_timeout(1200)  # the focus animation on the selected node ends
    point = frame.evaluate(
        """(id) => { const net = window.pathwaysNetwork;
                     const at = net.canvasToDOM(net.getPositions([id])[id]);
                     return {x: at.x, y: at.y}; }""",
        node,
    )
    box = handle.bounding_box()
    page.mouse.move(box["x"] + point["x"] - 40, box["y"] + point["y"] - 40)
    page.mouse.move(box["x"] + point["x"], box["y"] + point["y"], steps=8)


def test_explore_shows_hostile_names_and_tooltips_as_text(server, watched):
    page = watched.page
    page.goto(f"{server}/?node={HOSTILE_NODE}")
    page.get_by_role("heading", name=HOSTILE_NAME).wait_for()
    shown = watched.text()
    for text in SHOWN_AS_TEXT:
        assert text in shown, text
    assert page.locator("a", has_text=re.compile("^link$")).count() == 0  # no Markdown link from the data
    _hover_node(page, HOSTILE_NODE)
    tooltip = page.frame_locator(GRAPH_FRAME).first.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    assert SCRIPT in tooltip.inner_text() and IMG in tooltip.inner_text()
    assert tooltip.locator("img, script, svg, a").count() == 0
    watched.assert_safe()
    page.wait_for_timeout(300)
    SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOT))


def test_explore_search_box_takes_hostile_text(server, watched):
    page = watched.page
    page.goto(f"{server}/explore")
    box = page.get_by_role("textbox", name="Find a node")
    box.fill(f"{SCRIPT}{IMG}")
    box.press("Enter")
    page.wait_for_timeout(1000)  # whatever it finds (or "No match for ..."), it shows as text
    box.fill("Country Team")
    box.press("Enter")  # the best match (its name starts so) opens
    page.get_by_role("heading", name=HOSTILE_NAME).wait_for()
    watched.assert_safe()


def test_pathways_shows_hostile_rationales_as_text(server, watched):
    page = watched.page
    page.goto(f"{server}/pathways?source={HOSTILE_NODE}&target=un.security-council&scenario=hruf")
    page.get_by_text(HOSTILE_SHORT).first.wait_for()  # the chain names actors by their acronym
    page.get_by_role("button", name="Why it stalls").first.click()
    page.get_by_text("Rationale:").first.wait_for()
    shown = watched.text()
    for text in SHOWN_AS_TEXT:
        assert text in shown, text
    watched.assert_safe()


@pytest.mark.parametrize(
    "path, shown",
    [
        (
            "queries?q=actor_neighbourhood&p.actor=field.unct.sri-lanka",
            [],
        ),  # names only in the table (canvas)
        ("cases", SHOWN_AS_TEXT),  # the case's name, description, timeline, outcome
        ("learn", SHOWN_AS_TEXT),  # the lesson's title, summary, step text and sources
        ("data", [SCRIPT]),  # the scenario names
    ],
)
def test_other_pages_show_hostile_text_as_text(server, watched, path, shown):
    page = watched.page
    page.goto(f"{server}/{path}")
    page.locator("h1").first.wait_for()
    for text in shown:
        page.get_by_text(text, exact=False).first.wait_for()
    watched.settle()
    text = watched.text()
    assert [t for t in shown if t not in text] == []
    assert page.locator("a", has_text=re.compile("^link$")).count() == 0  # no Markdown link from the data
    watched.assert_safe()


@pytest.mark.parametrize(
    "path",
    [
        f"?node={quote(SCRIPT)}&scenario={quote(IMG)}",  # Explore
        f"pathways?source={quote(MD_LINK)}&target={quote(ANCHOR)}&friction={quote(SVG)}",  # Pathways
        f"queries?q=veto_holders&p.council={quote(EVERYTHING)}",  # Queries
    ],
)
def test_hostile_link_parameters_are_shown_as_text(server, watched, path):
    page = watched.page
    page.goto(f"{server}/{path}")
    page.get_by_text("Part of this link was ignored").wait_for()
    warning = (
        page.locator("[data-testid='stAlertContainer']").filter(has_text="Part of this link").inner_text()
    )
    assert any(text in warning for text in (SCRIPT, IMG, MD_LINK, ANCHOR, EVERYTHING[:60]))
    watched.assert_safe()
