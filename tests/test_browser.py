"""The real app in headless Chromium: pages open, a graph click reaches Python, links reopen views.

Starts ``streamlit run app.py`` on a free 127.0.0.1 port and drives it with
Playwright. Runs on the project's ``data/`` when it loads (so the screenshots
show the real dataset), else on the app test dataset; ``PATHWAYS_BROWSER_DATA``
names another folder. Saves a 1400x900 screenshot of every page to a temporary
folder, or to ``docs/screenshots/`` under ``make screenshots`` (``PATHWAYS_SCREENSHOTS``),
and prints the timings (start to first graph, widget change to update).

Needs Debian's ``/usr/bin/chromium``; without it the tests skip, loudly,
unless ``PATHWAYS_REQUIRE_BROWSER=1`` (CI), which turns the skip into a failure.
"""

from __future__ import annotations

import os
import re
import time

import pytest
from playwright.sync_api import expect

try:
    from tests.app_server import VIEWPORT, launch_chromium, require_chromium, screenshot_folder, serve_app
    from tests.test_app_fixture_data import write_app_dataset
except ImportError:  # rootdir-less import: tests/ itself is on sys.path
    from app_server import VIEWPORT, launch_chromium, require_chromium, screenshot_folder, serve_app
    from test_app_fixture_data import write_app_dataset

pytestmark = pytest.mark.browser

GRAPH_FRAME = 'iframe[title*="pathways_graph"]'
TIMINGS: dict[str, float] = {}


def _real_data() -> str | None:
    """The project's data/ when it loads (the screenshots then show the real dataset), else None."""
    from un_pathways.graph.errors import DataError
    from un_pathways.loaders.dataset import DEFAULT_DATA_DIR, read_dataset

    try:
        read_dataset(DEFAULT_DATA_DIR)
    except DataError:
        return None
    return str(DEFAULT_DATA_DIR)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A running app: (base URL, the time it was started)."""
    require_chromium()
    data = (
        os.environ.get("PATHWAYS_BROWSER_DATA")
        or _real_data()
        or str(write_app_dataset(tmp_path_factory.mktemp("browser")))
    )
    print(f"\nbrowser tests run on {data}")
    started = time.monotonic()
    with serve_app(data) as url:
        TIMINGS["server start to healthy"] = time.monotonic() - started
        yield url, started


@pytest.fixture(scope="module")
def browser(server):
    with launch_chromium() as chromium:
        yield chromium
    if TIMINGS:
        print(
            "\nbrowser timings: " + ", ".join(f"{name} {seconds:.2f} s" for name, seconds in TIMINGS.items())
        )


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    """The folder the screenshots go to (docs/screenshots only under `make screenshots`)."""
    return screenshot_folder(tmp_path_factory)


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def _wait_for_graph(page, index: int = 0):
    """The graph component's frame, once vis-network has drawn it."""
    page.locator(GRAPH_FRAME).nth(index).wait_for(state="visible")
    frame = page.frame_locator(GRAPH_FRAME).nth(index)
    frame.locator("body[data-ready='1']").wait_for(state="attached")
    return frame


def _wait_idle(page) -> None:
    """Until Streamlit has finished the current run (no 'running' indicator)."""
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=30_000
    )


def _shoot(page, shots, name: str) -> None:
    _wait_idle(page)
    page.mouse.move(1000, 30)  # off the graph
    for frame in page.frames:  # and no tooltip left over from the last hover
        frame.evaluate(
            "() => document.querySelectorAll('.vis-tooltip').forEach(t => t.style.visibility = 'hidden')"
        )
    page.wait_for_timeout(600)  # let animations (focus, tabs) settle
    page.screenshot(path=str(shots / f"{name}.png"))


def _click_node(page, node: str, index: int = 0) -> None:
    """A real mouse click where vis-network draws ``node``."""
    handle = page.locator(GRAPH_FRAME).nth(index).element_handle()
    handle.scroll_into_view_if_needed()  # as a reader scrolls to it: a click below the fold hits nothing
    frame = handle.content_frame()
    point = frame.evaluate(
        """(id) => { const net = window.pathwaysNetwork;
                     const at = net.canvasToDOM(net.getPositions([id])[id]);
                     return {x: at.x, y: at.y}; }""",
        node,
    )
    box = handle.bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def test_explore_draws_the_graph_and_a_click_opens_the_details(server, page, shots):
    url, started = server
    opened = time.monotonic()
    page.goto(f"{url}/explore")
    _wait_for_graph(page)
    TIMINGS.setdefault("app start to first graph", time.monotonic() - started)
    TIMINGS.setdefault("first page open to graph drawn", time.monotonic() - opened)
    page.get_by_text("How to read it").wait_for()
    _shoot(page, shots, "explore")

    clicked = time.monotonic()
    _click_node(page, "un.secretary-general")
    page.get_by_role("heading", name="Secretary-General").wait_for()
    TIMINGS["graph click to details panel"] = time.monotonic() - clicked
    page.wait_for_url("**node=un.secretary-general**")
    assert page.get_by_text("Outgoing").first.is_visible()
    frame = _wait_for_graph(page)
    frame.locator("body[data-selected='un.secretary-general']").wait_for(state="attached")
    _shoot(page, shots, "explore-selected")


def test_explore_downloads_a_standalone_view_that_works_offline(server, page, browser, tmp_path):
    url, _ = server
    page.goto(f"{url}/explore")
    _wait_for_graph(page)
    with page.expect_download() as download:
        page.get_by_role("button", name="Download this view as HTML").click()
    saved = tmp_path / "graph.html"
    download.value.save_as(saved)
    offline = browser.new_context(viewport=VIEWPORT, offline=True)
    try:
        viewer = offline.new_page()
        fetched = []
        viewer.on("request", lambda request: fetched.append(request.url))
        viewer.goto(saved.as_uri())
        viewer.locator("body[data-ready='1']").wait_for(state="attached")
        assert [u for u in fetched if not u.startswith("file:")] == []
        assert viewer.evaluate("() => window.pathwaysNetwork.body.data.nodes.length") > 10
    finally:
        offline.close()


@pytest.mark.parametrize(
    ("typed", "body"),
    [
        ("Security Council", "un.security-council"),  # an alias, also inside the P5's name
        ("UNSC", "un.security-council"),  # an acronym
        ("DPKO", "un.dpko"),  # not the DPKO factsheet
        ("Secretary-General", "un.secretary-general"),  # not Kofi Annan
        ("UNMISS", "mission.unmiss"),  # not its force commander
    ],
)
def test_explore_search_box_opens_the_body_named(server, page, typed, body):
    url, _ = server
    opened = time.monotonic()
    page.goto(f"{url}/explore")
    _wait_for_graph(page)
    TIMINGS.setdefault("page open to graph drawn (warm)", time.monotonic() - opened)
    box = page.get_by_role("textbox", name="Find a node")
    box.fill(typed)
    box.press("Enter")
    page.wait_for_url(f"**node={body}**")
    _wait_for_graph(page).locator(f"body[data-selected='{body}']").wait_for(state="attached")
    page.get_by_text(re.compile(r"^\d+ best matches$")).click()  # an exact name: the list is folded away
    matches = page.get_by_role("radiogroup", name="Matches, best first")
    assert matches.get_by_role("radio").first.is_checked()  # the best match is the one opened


def test_explore_search_box_finds_words_of_the_data(server, page):
    url, _ = server
    page.goto(f"{url}/explore")
    _wait_for_graph(page)
    box = page.get_by_role("textbox", name="Find a node")
    box.fill("S/2011/701")
    box.press("Enter")
    page.get_by_text(re.compile(r"relation · description: .*S/2011/701")).first.wait_for()
    page.wait_for_url("**node=person.brazil-permanent-representative**")


def test_pathways_scenario_change_updates_the_reach(server, page, shots):
    url, _ = server
    page.goto(f"{url}/pathways")
    metric = page.locator("[data-testid='stMetricValue']").first
    metric.wait_for()
    before = metric.inner_text()
    _shoot(page, shots, "pathways")

    changed = time.monotonic()
    page.get_by_role("combobox", name="Scenario").click()
    page.get_by_role("option", name=re.compile(r"^Human Rights up Front", re.IGNORECASE)).click()
    page.wait_for_function(
        "(old) => { const m = document.querySelector('[data-testid=\"stMetricValue\"]');"
        " return m && m.innerText !== old; }",
        arg=before,
    )
    TIMINGS["scenario change to new reach"] = time.monotonic() - changed
    page.wait_for_url("**scenario=hruf**")

    page.get_by_role("tab", name="On the graph").click()
    _wait_for_graph(page)
    _shoot(page, shots, "pathways-graph")
    page.goto(f"{url}/pathways?mode=compare")
    page.get_by_text("Channels that differ").wait_for()
    _shoot(page, shots, "pathways-compare")


def test_queries_runs_a_saved_query(server, page, shots):
    url, _ = server
    page.goto(f"{url}/queries")
    page.get_by_role("button", name="The veto holders").click()  # choose it in the library: it runs
    page.get_by_role("heading", name="The veto holders").wait_for()
    _wait_idle(page)
    table = page.locator("[data-testid='stDataFrame']").first
    table.wait_for()
    page.get_by_text(re.compile(r"^[1-9]\d* row\(s\)")).wait_for()
    council = page.get_by_role("textbox", name="Decision-maker")  # an actor picker: the name it holds
    assert council.input_value().endswith("Security Council")
    page.get_by_role("tab", name="Graph (").click()
    _wait_for_graph(page)
    page.get_by_role("tab", name="Table").click()
    _shoot(page, shots, "queries")


@pytest.mark.parametrize(
    ("card", "heading", "url_part"),
    [
        ("Compare the two pathways", "Where does the warning stall?", "mode=compare"),
        ("Open the case", "Malakal, South Sudan, February 2016", "case=south-sudan-malakal-2016"),
        ("Start the lesson", None, "lesson=security-council-veto"),
        ("Explore the graph", "Explore the UN protection system", "/explore"),
    ],
)
def test_start_page_cards_lead_to_their_views(server, page, card, heading, url_part):
    url, _ = server
    page.goto(url)
    page.get_by_role("heading", name="UN Pathways").wait_for()
    page.get_by_role("link", name=card).click()
    page.wait_for_url(f"**{url_part}**")
    if heading:
        page.get_by_role("heading", name=heading).first.wait_for()
    assert page.get_by_text("Page not found").count() == 0


@pytest.mark.parametrize("name", ["", "explore", "pathways", "queries", "cases", "learn", "data"])
def test_every_page_name_works_as_a_url(server, page, name):
    url, _ = server
    page.goto(f"{url}/{name}")
    page.locator("h1").first.wait_for()
    _wait_idle(page)
    assert page.get_by_text("Page not found").count() == 0


def test_back_after_explore_pathways_cases_returns_to_pathways_in_one_press(server, page):
    url, _ = server
    page.goto(f"{url}/explore")
    _wait_for_graph(page)
    for name, heading in (("Pathways", "Where does the warning stall?"), ("Cases", "Cases")):
        page.get_by_role("link", name=name, exact=True).click()
        page.get_by_role("heading", name=heading).first.wait_for()
        _wait_idle(page)
        page.wait_for_timeout(500)  # the page has written its view into the URL
    page.go_back()
    page.wait_for_url(re.compile(r"/pathways(\?|$)"))
    page.get_by_role("heading", name="Where does the warning stall?").wait_for()
    page.go_back()
    page.wait_for_url(re.compile(r"/explore(\?|$)"))


def _label_boxes(page, index: int = 0) -> list[tuple[str, float, float, float, float]]:
    """Where vis-network drew each visible label, in screen pixels: (id, left, top, right, bottom)."""
    frame = page.locator(GRAPH_FRAME).nth(index).element_handle().content_frame()
    return frame.evaluate(
        """() => { const net = window.pathwaysNetwork; const out = [];
                   const scale = net.getScale();
                   for (const id of net.body.nodeIndices) {
                     const node = net.body.nodes[id];
                     if (node.options.hidden || !node.labelModule || !node.labelModule.visible()) continue;
                     const size = node.labelModule.size; if (!size || !size.width) continue;
                     const a = net.canvasToDOM({x: size.left, y: size.top});
                     const b = net.canvasToDOM({x: size.left + size.width, y: size.top + size.height});
                     out.push([id, a.x, a.y, b.x, b.y]); }
                   return out; }"""
    )


def _overlaps(boxes) -> list[tuple[str, str]]:
    found = []
    for i, (first, l1, t1, r1, b1) in enumerate(boxes):
        for second, l2, t2, r2, b2 in boxes[i + 1 :]:
            if min(r1, r2) - max(l1, l2) > 1 and min(b1, b2) - max(t1, t2) > 1:
                found.append((first, second))
    return found


def test_labels_of_the_councils_one_hop_view_do_not_overlap(server, page):
    url, _ = server
    page.goto(f"{url}/explore?node=un.security-council&hops=1")
    frame = _wait_for_graph(page)
    frame.locator("body[data-selected='un.security-council']").wait_for(state="attached")
    handle = page.locator(GRAPH_FRAME).nth(0).element_handle().content_frame()
    for scale in (0.5, 1.0):  # at the zooms where labels are drawn, none sits on another
        handle.evaluate("(s) => { window.pathwaysNetwork.moveTo({scale: s}); }", scale)
        page.wait_for_timeout(300)
        boxes = _label_boxes(page)
        assert len(boxes) > 20, "the Council's neighbours are labelled"
        assert _overlaps(boxes) == []


def _drawing_geometry(page, index: int = 0) -> dict:
    """Where the picture, its buttons and every node's centre are, in the frame's pixels."""
    frame = page.locator(GRAPH_FRAME).nth(index).element_handle().content_frame()
    return frame.evaluate(
        """() => { const net = window.pathwaysNetwork;
                   const rect = (el) => { const r = el.getBoundingClientRect();
                                          return [r.left, r.top, r.right, r.bottom]; };
                   const canvas = document.querySelector('#graph canvas');
                   const origin = canvas.getBoundingClientRect();
                   const nodes = {};
                   for (const [id, at] of Object.entries(net.getPositions())) {
                     const p = net.canvasToDOM(at);
                     nodes[id] = [origin.left + p.x, origin.top + p.y]; }
                   return {picture: rect(canvas), tools: rect(document.getElementById('tools')),
                           nodes: nodes, step: document.body.dataset.labelStep || null}; }"""
    )


def test_whole_system_labels_do_not_overlap_and_no_node_sits_under_the_controls(server, page):
    url, _ = server
    page.goto(f"{url}/explore")
    frame = _wait_for_graph(page)
    frame.locator("body[data-label-step]").wait_for(state="attached")
    page.wait_for_timeout(1200)  # the fits that follow the first labels
    geometry = _drawing_geometry(page)
    boxes = _label_boxes(page)
    assert _drawing_geometry(page)["step"] == geometry["step"], "the labels are still changing"
    assert _overlaps(boxes) == []
    named = {box[0] for box in boxes}
    assert "un.security-council" in named
    assert len(named) >= min(20, len(geometry["nodes"]) // 2)  # the hubs are named at first sight
    left, top, right, bottom = geometry["picture"]
    t_left, t_top, t_right, t_bottom = geometry["tools"]
    for node, (x, y) in geometry["nodes"].items():
        assert left <= x <= right and top <= y <= bottom, f"{node} is drawn outside the picture"
        assert not (t_left - 8 <= x <= t_right + 8 and t_top - 8 <= y <= t_bottom + 8), (
            f"{node} is under the zoom buttons"
        )
    for node, l1, t1, r1, b1 in boxes:  # label boxes are relative to the canvas: none is cut at its edge
        assert l1 >= -1 and t1 >= -1 and r1 <= right - left + 1 and b1 <= bottom - top + 1, (
            f"{node}'s label is cut"
        )


def test_a_shared_link_opens_the_same_view(server, page):
    url, _ = server
    page.goto(f"{url}/pathways?source=un.dpa&target=un.security-council&scenario=hruf&year=2013&k=1")
    page.get_by_text("Pathways (1)").wait_for()
    from_box = page.get_by_role("textbox", name="From (where")  # filled as its widget mounts: wait for it
    expect(from_box).to_have_value(re.compile(r"^Department of Political"))
    assert (
        page.get_by_role("combobox", name="Scenario", exact=True)
        .input_value()
        .lower()
        .startswith("human rights up front")
    )

    page.goto(f"{url}/?node=un.dpa&year=2009")  # an Explore link from before the start page existed
    page.get_by_role("heading", name="Department of Political Affairs").wait_for()
    assert page.get_by_text("Page not found").count() == 0
    _wait_for_graph(page).locator("body[data-selected='un.dpa']").wait_for(state="attached")


def test_cases_replays_sri_lanka_and_its_what_if(server, page, shots):
    url, _ = server
    page.goto(f"{url}/cases")
    page.get_by_role("heading", name="Sri Lanka 2008-09").wait_for()
    page.get_by_text("The model reproduces the curated reading of the paper").wait_for()
    _shoot(page, shots, "cases")
    page.goto(f"{url}/cases?case=sri-lanka-2008-09&whatif=hruf")
    page.get_by_text("What if: Human Rights Up Front").first.wait_for()
    _shoot(page, shots, "cases-whatif")


def test_learn_walks_a_lesson_and_checks_a_quiz_answer(server, page, shots):
    url, _ = server
    page.goto(f"{url}/learn?lesson=sri-lanka-information-gap&step=2")
    _wait_for_graph(page)
    page.get_by_role("button", name="Next").first.click()
    page.wait_for_url("**step=3**")
    _wait_for_graph(page)
    _shoot(page, shots, "learn")
    page.goto(f"{url}/learn?lesson=security-council-veto&step=quiz")
    first = page.locator("[data-testid='stRadio']").first
    first.locator("[role='radiogroup'] label").first.click()
    page.get_by_role("button", name="Check").first.click()
    page.get_by_text(re.compile(r"^(Right:|Not quite\.)")).first.wait_for()
    _shoot(page, shots, "learn-quiz")


def test_data_page_downloads_the_graph(server, page, tmp_path, shots):
    url, _ = server
    page.goto(f"{url}/data")
    page.get_by_text("The data is valid").wait_for()
    _shoot(page, shots, "data")
    page.get_by_role("tab", name="Downloads").click()
    with page.expect_download() as download:
        page.get_by_role("button", name="GraphML").click()
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    assert saved.suffix == ".graphml" and "<graphml" in saved.read_text(encoding="utf-8")[:2000]


def test_a_graph_view_downloads_as_png(server, page, tmp_path):
    url, _ = server
    page.goto(f"{url}/explore")
    frame = _wait_for_graph(page)
    with page.expect_download() as download:
        frame.get_by_role("button", name="PNG").click()
    assert download.value.suggested_filename == "un-pathways-explore.png"
    saved = tmp_path / "view.png"
    download.value.save_as(saved)
    picture = saved.read_bytes()
    assert picture[:8] == b"\x89PNG\r\n\x1a\n" and len(picture) > 20_000  # a real drawing, not a blank
