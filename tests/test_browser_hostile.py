"""Hostile text in the data is shown as text in every view, and no script of it ever runs.

The app test dataset is rewritten so that node names, acronyms, aliases,
descriptions, notes, source notes, edge rationales and justifications, scenario texts, a case
and a lesson carry ``<script>``, ``<img onerror>``, ``javascript:`` links,
HTML entities and Markdown; and, in every field the views render (names,
acronyms, mechanism keys, scenario and case names, lesson text), what makes a
browser fetch or link by itself: a Markdown image and an HTML ``<img>``
pointing at a local "remote" server that records every request, bare URLs,
``www.`` and e-mail addresses (which Streamlit autolinks), emoji and icon
shortcodes, ``:red[…]`` directives and LaTeX. The real app serves it to headless Chromium,
which visits every page (Explore with a hostile node selected and its graph
tooltip hovered, Pathways with its stall details open, Queries, Cases, Learn,
Data, and shared links with hostile parameters). Each page must open no
dialog, log no error, hold no injected element, and show the hostile text as
the characters it is; no request may reach the remote server, and no link,
emoji, icon, coloured text or formula from the data may appear. The Explore
view is saved as hostile-text.png in the screenshot folder (a temporary one;
docs/screenshots under `make screenshots`).
"""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest
import yaml

from un_pathways.ui.text import escape_markdown

try:
    from tests.app_server import VIEWPORT, launch_chromium, require_chromium, screenshot_folder, serve_app
    from tests.test_app_fixture_data import write_app_dataset
except ImportError:  # rootdir-less import: tests/ itself is on sys.path
    from app_server import VIEWPORT, launch_chromium, require_chromium, screenshot_folder, serve_app
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
NO_REMOTE = "http://127.0.0.1:9"  # for datasets no browser reads
WJ = "\u2060"  # the word joiner escape_markdown puts inside would-be links and shortcodes


def self_markup(remote: str) -> str:
    """Text that a Markdown renderer turns into a fetch, a link, an emoji, an icon, colour or a formula."""
    return (
        f'![pic]({remote}/md.png) <img src="{remote}/html.png"> {remote}/bare www.example.org '
        f"someone@example.org :smile: :material/home: :red[hostilered] :blue-badge[hostilebadge] $x^2$ "
        f"[pay]({remote}/link)"
    )


def short_markup(remote: str) -> str:
    """The same kinds, short enough for a name or an acronym."""
    return f"![p]({remote}/name.png) {remote}/n www.example.org :smile: :red[hostilered] $y$"


HOSTILE_MECHANISM = "stalls :red[hostilered] :smile: www.example.org"  # a vocabulary key, shown in words
# Pieces of self_markup that must be readable as the characters they are (word joiners aside).
SELF_SHOWN = ["![pic](", "www.example.org", "someone@example.org", ":smile:", ":red[hostilered]", "$x^2$"]

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


def write_hostile_dataset(root: Path, remote: str = NO_REMOTE) -> Path:
    """The app test dataset with hostile text in every free-text field the views show.

    ``remote`` is the base URL the self-fetching markup points at (the recording server of the browser tests).
    """
    data = write_app_dataset(root)
    everything = f"{self_markup(remote)} {EVERYTHING}"  # no leading tag: an HTML block hides the rest
    short = short_markup(remote)
    source = [{**HOSTILE_SOURCE[0], "note": f"{HOSTILE_SOURCE[0]['note']} {self_markup(remote)}"}]
    vocabulary = _load(data / "vocabulary" / "mechanisms.yaml")
    vocabulary["mechanisms"][HOSTILE_MECHANISM] = {"description": everything, "example": everything}
    _dump(vocabulary, data / "vocabulary" / "mechanisms.yaml")
    nodes = _load(data / "nodes" / "app.yaml")
    for node in nodes["nodes"]:
        node["sources"] = source
        if node["id"] == HOSTILE_NODE:
            node.update(
                name=HOSTILE_NAME,
                short=HOSTILE_SHORT,
                aliases=[MD_LINK, JS_URL, ANCHOR, short],
                description=f"Agencies in Sri Lanka. {everything}",
                note=f"{ENTITY} {MD} {SVG} {short}",
            )
        elif node["id"] == "un.secretary-general":
            node.update(name=f"Secretary-General {IMG}", description=everything)
        elif node["id"] == "field.rc.sri-lanka":
            node.update(name=f"Resident Coordinator {short}", short=f"RC {short}", description=everything)
    _dump(nodes, data / "nodes" / "app.yaml")
    for name in ("channels", "structure"):
        edges = _load(data / "edges" / f"{name}.yaml")
        for edge in edges["edges"]:
            edge["sources"] = source
            if edge.get("rationale"):
                edge["rationale"] = f"{edge['rationale']} {everything}"
                edge["mechanism"] = [*edge["mechanism"], HOSTILE_MECHANISM]
                edge["justification"] = f"{edge['justification']} {everything}"
            else:
                edge["description"] = everything
        _dump(edges, data / "edges" / f"{name}.yaml")
    hruf = _load(data / "scenarios" / "hruf.yaml")
    hruf.update(name=f"HRuF {SCRIPT} {short}", description=everything)
    for regrade in hruf["regrade"]:
        regrade.update(
            rationale=f"{regrade['rationale']} {everything}",
            justification=f"{regrade['justification']} {everything}",
            sources=source,
            mechanism=[*regrade["mechanism"], HOSTILE_MECHANISM],
        )
    _dump(hruf, data / "scenarios" / "hruf.yaml")
    _dump(_case(remote), data / "cases" / "sri-lanka.yaml")
    _dump(_lesson(remote), data / "lessons" / "hostile.yaml")
    return data


def _case(remote: str) -> dict:
    everything = f"{self_markup(remote)} {EVERYTHING}"  # no leading tag: an HTML block hides the rest
    return {
        "id": "case.sri-lanka-hostile",
        "name": f"Sri Lanka {SCRIPT} {short_markup(remote)}",
        "aliases": [f"Sri Lanka case {MD}"],
        "country": "state.sri-lanka",
        "period": [2008, 2009],
        "setting": "non_mission",
        "description": everything,
        "signal_from": [HOSTILE_NODE],
        "decision_maker": "un.security-council",
        "scenario": "pre_hruf",
        "as_of": 2009,
        "timeline": [{"when": 2009, "event": f"The warning dies. {everything}", "sources": HOSTILE_SOURCE}],
        "outcome": {
            "information": {
                "status": "stalled",
                "locator": "NMS ¶5",
                "says": everything,
                "actors": [HOSTILE_NODE],
                "mechanisms": ["humanitarian_access_tradeoff", HOSTILE_MECHANISM],
            },
            "decision": {"status": "not_reached", "locator": "NMS ¶7", "says": everything},
            "implementation": {"status": "not_stated", "says": everything},
            "summary": everything,
            "sources": HOSTILE_SOURCE,
        },
        "sources": HOSTILE_SOURCE,
    }


def _lesson(remote: str) -> dict:
    everything = f"{self_markup(remote)} {EVERYTHING}"  # no leading tag: an HTML block hides the rest
    return {
        "id": "hostile",
        "title": f"A lesson {SCRIPT} {short_markup(remote)}",
        "order": 1,
        "summary": everything,
        "steps": [
            {
                "title": f"Step {IMG} {short_markup(remote)}",
                "text": everything,
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
    assert graph.graph["dataset"].cases["case.sri-lanka-hostile"].description.endswith(EVERYTHING)
    assert HOSTILE_MECHANISM in graph.graph["dataset"].vocabulary.mechanisms
    assert read_lessons(data, graph)


class _Recorder(BaseHTTPRequestHandler):
    """Answers every request with 404 after writing down its path: the 'remote' site data points at."""

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        self.server.hits.append(self.path)
        self.send_error(404)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def remote():
    """A local server standing in for a remote host: its ``hits`` must stay empty."""
    recorder = ThreadingHTTPServer(("127.0.0.1", 0), _Recorder)
    recorder.hits = []
    thread = threading.Thread(target=recorder.serve_forever, daemon=True)
    thread.start()
    try:
        yield recorder
    finally:
        recorder.shutdown()
        recorder.server_close()
        thread.join(timeout=5)


def _remote_url(recorder) -> str:
    return f"http://127.0.0.1:{recorder.server_address[1]}"


@pytest.fixture(scope="module")
def server(tmp_path_factory, remote):
    require_chromium()
    data = write_hostile_dataset(tmp_path_factory.mktemp("hostile"), _remote_url(remote))
    with serve_app(data) as url:
        yield url
    assert remote.hits == []  # not one request from any page reached the 'remote' host


@pytest.fixture(scope="module")
def browser(server):
    with launch_chromium() as chromium:
        yield chromium


# Markup the data made render by itself: links to the remote host or anywhere outside the app,
# emoji, icons, coloured text and badges carrying the data's words, formulas.
SELF_MARKUP = """(remote) => {
  const found = [];
  const selectors = [`a[href^="${remote}"]`, `img[src^="${remote}"]`, 'a[href*="example.org"]',
                     'a[href^="mailto:"]', '.katex', '[aria-label="home icon"]'];
  for (const el of document.querySelectorAll(selectors.join(', '))) found.push(el.outerHTML.slice(0, 120));
  for (const el of document.querySelectorAll('.stMarkdownColoredText, .stMarkdownBadge')) {
    if (/hostile/.test(el.textContent)) found.push(el.outerHTML.slice(0, 120));
  }
  const text = document.body ? document.body.innerText : '';
  if (text.includes(String.fromCodePoint(0x1F604))) found.push('an emoji from :smile:');
  return found;
}"""


class Watched:
    """A page whose dialogs, console errors, uncaught exceptions and requests off the app are recorded."""

    def __init__(self, page, remote: str = NO_REMOTE):
        self.page = page
        self.remote = remote
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.off_app: list[str] = []  # requests to the 'remote' host (or example.org)
        page.on("request", self._request)
        page.on("dialog", self._dialog)
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))
        page.on("pageerror", lambda exc: self.errors.append(str(exc)))

    def _request(self, request) -> None:
        if request.url.startswith(self.remote) or "example.org" in request.url:
            self.off_app.append(request.url)

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
            assert frame.evaluate(SELF_MARKUP, self.remote) == [], frame.url
        assert self.off_app == []  # no image, link preview or anything else fetched from the data's URLs
        assert self.dialogs == []
        assert [e for e in self.errors if "alert" in e or "javascript:" in e or "x:1" in e] == []
        assert not [e for e in self.errors if "Uncaught" in e or "Error" in e.split(":")[0]], self.errors

    def text(self) -> str:
        """The page's text as a reader sees it (the invisible word joiners left out)."""
        return self.page.locator("body").inner_text().replace(WJ, "")


@pytest.fixture
def watched(browser, remote):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield Watched(page, _remote_url(remote))
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


def test_explore_shows_hostile_names_and_tooltips_as_text(server, watched, tmp_path_factory):
    page = watched.page
    page.goto(f"{server}/?node={HOSTILE_NODE}")
    page.get_by_role("heading", name=HOSTILE_NAME).wait_for()
    shown = watched.text()
    for text in SHOWN_AS_TEXT + SELF_SHOWN:
        assert text in shown, text
    assert page.locator("a", has_text=re.compile("^link$")).count() == 0  # no Markdown link from the data
    _hover_node(page, HOSTILE_NODE)
    tooltip = page.frame_locator(GRAPH_FRAME).first.locator("div.vis-tooltip")
    tooltip.wait_for(state="visible")
    assert SCRIPT in tooltip.inner_text() and IMG in tooltip.inner_text()
    assert tooltip.locator("img, script, svg, a").count() == 0
    watched.assert_safe()
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshot_folder(tmp_path_factory) / "hostile-text.png"))


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
    page.get_by_text("Paper:").first.wait_for()
    page.get_by_text("Curators' judgement").first.wait_for()
    shown = watched.text()
    for text in SHOWN_AS_TEXT + SELF_SHOWN + [HOSTILE_MECHANISM]:  # the mechanism key in words
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
        ("cases?whatif=hruf", SHOWN_AS_TEXT),  # the what-if: scenario name, its reach and stall lines
        ("learn", SHOWN_AS_TEXT),  # the lesson's title, summary, step text and sources
        ("data", [SCRIPT]),  # the scenario names
    ],
)
def test_other_pages_show_hostile_text_as_text(server, watched, path, shown):
    page = watched.page
    page.goto(f"{server}/{path}")
    page.locator("h1").first.wait_for()
    for text in shown:
        if WJ not in escape_markdown(text):  # the rest is compared below, word joiners left out
            page.get_by_text(text, exact=False).first.wait_for()
    watched.settle()
    text = watched.text()
    assert [t for t in shown if t not in text] == []
    if shown == SHOWN_AS_TEXT:
        assert [t for t in SELF_SHOWN if t not in text] == []
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
    ).replace(WJ, "")
    assert any(text in warning for text in (SCRIPT, IMG, MD_LINK, ANCHOR, EVERYTHING[:60]))
    watched.assert_safe()
