"""Explore's graph gestures in headless Chromium: double-click expands and collapses, the legend hides a kind,
"Show only one" and "Show all" set the filters, and the keyboard alone reaches a node and opens it.

The app and the browser are started as in tests/test_browser.py (the project's data/ when it loads, else
the app test dataset). What the graph shows is read from vis-network inside the component's frame.
"""

from __future__ import annotations

import re

import pytest

try:
    from tests.test_browser import (
        GRAPH_FRAME,
        _label_boxes,
        _overlaps,
        _wait_for_graph,
        _wait_idle,
        browser,
        page,
        server,
    )
except ImportError:  # rootdir-less import: tests/ itself is on sys.path
    from test_browser import (
        GRAPH_FRAME,
        _label_boxes,
        _overlaps,
        _wait_for_graph,
        _wait_idle,
        browser,
        page,
        server,
    )

__all__ = ["browser", "page", "server"]  # the fixtures, imported for pytest

pytestmark = pytest.mark.browser

CENTRE, EXPANDED = "un.security-council", "un.secretary-general"


@pytest.fixture(scope="module")
def app_url(server) -> str:
    """The running app's base URL (test_browser's ``server`` also says when it started)."""
    return server[0]


def _graph_frame(page):
    return page.locator(GRAPH_FRAME).first.element_handle().content_frame()


def _drawn(page) -> dict[str, str]:
    """Each node drawn: id -> the kind its tooltip names."""
    return _graph_frame(page).evaluate(
        """() => Object.fromEntries(window.pathwaysNetwork.body.data.nodes.get().map(
                 n => [n.id, n.title.querySelector('i').textContent]))"""
    )


def _redrawn(page, version: str) -> None:
    """Until the component has drawn a picture other than ``version``."""
    frame = _wait_for_graph(page)
    frame.locator(f"body:not([data-version='{version}'])").wait_for(state="attached")
    _wait_for_graph(page)


def _version(page) -> str:
    return _graph_frame(page).evaluate("() => document.body.getAttribute('data-version')")


def _double_click_node(page, node: str) -> None:
    handle = page.locator(GRAPH_FRAME).first.element_handle()
    point = handle.content_frame().evaluate(
        """(id) => { const net = window.pathwaysNetwork;
                     const at = net.canvasToDOM(net.getPositions([id])[id]); return {x: at.x, y: at.y}; }""",
        node,
    )
    box = handle.bounding_box()
    page.mouse.dblclick(box["x"] + point["x"], box["y"] + point["y"])


def test_a_double_click_expands_a_node_and_the_next_one_collapses_it(app_url, page):
    page.goto(f"{app_url}/explore?node={CENTRE}&hops=1")
    _wait_for_graph(page).locator(f"body[data-selected='{CENTRE}']").wait_for(state="attached")
    _wait_idle(page)
    before = set(_drawn(page))
    assert EXPANDED in before

    version = _version(page)
    _double_click_node(page, EXPANDED)
    page.wait_for_url(f"**expand={EXPANDED}**")
    _redrawn(page, version)
    grown = set(_drawn(page))
    assert before < grown, "the neighbours join and nothing of the neighbourhood goes"
    assert f"node={CENTRE}" in page.url  # the focus stayed: a double-click is not a click
    faded = _graph_frame(page).evaluate(
        "(ids) => ids.filter(id => window.pathwaysNetwork.body.data.nodes.get(id).opacity !== 1)",
        sorted(grown - before),
    )
    assert faded == [], "what a double-click brought in is not faded by the selection's highlight"
    _graph_frame(page).evaluate("() => window.pathwaysNetwork.moveTo({scale: 1.0})")
    page.wait_for_timeout(300)
    assert _overlaps(_label_boxes(page)) == [], "the added nodes are placed clear of every label"

    version = _version(page)
    _double_click_node(page, EXPANDED)
    page.wait_for_url(re.compile(r"^(?!.*expand=).*$"))
    _redrawn(page, version)
    assert set(_drawn(page)) == before


def test_a_double_click_in_the_whole_graph_opens_the_nodes_neighbourhood(app_url, page):
    page.goto(f"{app_url}/explore")
    _wait_for_graph(page)
    _wait_idle(page)
    _double_click_node(page, EXPANDED)
    page.wait_for_url(re.compile(rf"node={re.escape(EXPANDED)}.*hops=1|hops=1.*node={re.escape(EXPANDED)}"))
    _wait_for_graph(page).locator(f"body[data-selected='{EXPANDED}']").wait_for(state="attached")


def test_clicking_a_kind_in_the_legend_hides_it_and_clicking_again_shows_it(app_url, page):
    page.goto(f"{app_url}/explore")
    frame = _wait_for_graph(page)
    _wait_idle(page)
    assert "member state" in _drawn(page).values()
    kind = frame.locator("#kind-legend button[data-kind='member_state']")
    assert kind.get_attribute("aria-pressed") == "true"

    version = _version(page)
    kind.click()
    page.wait_for_url("**kinds=**")
    _redrawn(page, version)
    assert "member_state" not in re.search(r"kinds=([^&]*)", page.url).group(1)
    assert "member state" not in _drawn(page).values()
    kind = _wait_for_graph(page).locator("#kind-legend button[data-kind='member_state']")
    assert kind.get_attribute("aria-pressed") == "false"
    assert "off" in kind.get_attribute("class")  # struck through and dimmed
    assert kind.evaluate("(el) => getComputedStyle(el).textDecorationLine") == "line-through"

    version = _version(page)
    kind.click()
    page.wait_for_url(re.compile(r"^(?!.*kinds=).*$"))
    _redrawn(page, version)
    assert "member state" in _drawn(page).values()
    kind = _wait_for_graph(page).locator("#kind-legend button[data-kind='member_state']")
    assert kind.get_attribute("aria-pressed") == "true"


def test_show_only_one_kind_and_show_all_kinds(app_url, page):
    page.goto(f"{app_url}/explore")
    _wait_for_graph(page)
    _wait_idle(page)
    everything = set(_drawn(page))
    page.get_by_text("Filter what the graph shows").click()
    version = _version(page)
    page.get_by_role("combobox", name="Show only one kind").click()
    page.keyboard.type("member state")
    page.keyboard.press("Enter")
    page.wait_for_url("**kinds=member_state**")
    _redrawn(page, version)
    assert set(_drawn(page).values()) == {"member state"}

    version = _version(page)
    page.get_by_role("button", name="Show all kinds").click()
    page.wait_for_url(re.compile(r"^(?!.*kinds=).*$"))
    _redrawn(page, version)
    assert set(_drawn(page)) == everything


def test_the_keyboard_alone_reaches_a_node_and_opens_its_details(app_url, page):
    page.goto(f"{app_url}/explore")
    _wait_for_graph(page)
    _wait_idle(page)
    _tab_into_graph(page)  # Tab through the page until the graph has the focus
    frame = _graph_frame(page)
    first = frame.evaluate("() => document.body.getAttribute('data-key-node')")
    assert first, "the focus ring starts on a node"
    hint = frame.evaluate("() => document.getElementById('hint').innerText")
    assert "Tab into the graph" in hint and "Enter opens" in hint  # the keys are documented
    page.keyboard.press("ArrowRight")
    chosen = frame.evaluate("() => document.body.getAttribute('data-key-node')")
    assert chosen and chosen != first
    spoken = frame.evaluate("() => document.getElementById('key-live').textContent")
    name = frame.evaluate(
        "(id) => window.pathwaysNetwork.body.data.nodes.get(id).title.querySelector('b').textContent", chosen
    )
    assert spoken.startswith(name) and "Enter opens it" in spoken  # read out by screen readers
    page.keyboard.press("Enter")
    page.wait_for_url(f"**node={chosen}**")
    page.get_by_role("heading", name=name).first.wait_for()
    assert page.get_by_role("button", name="Clear selection").is_visible()


def _tab_into_graph(page) -> None:
    frame = _graph_frame(page)
    for _ in range(80):
        page.keyboard.press("Tab")
        if frame.evaluate("() => document.hasFocus() && document.activeElement.id === 'graph'"):
            return
    pytest.fail("Tab never reached the graph")


def test_the_e_key_expands_the_node_the_keyboard_is_on(app_url, page):
    page.goto(f"{app_url}/explore?node={CENTRE}&hops=1")
    _wait_for_graph(page).locator(f"body[data-selected='{CENTRE}']").wait_for(state="attached")
    _wait_idle(page)
    before = set(_drawn(page))
    _tab_into_graph(page)
    frame = _graph_frame(page)
    assert frame.evaluate("() => document.body.getAttribute('data-key-node')") == CENTRE  # the selected first
    for _ in before:  # arrows until the ring is on the node to expand
        page.keyboard.press("ArrowRight")
        if frame.evaluate("() => document.body.getAttribute('data-key-node')") == EXPANDED:
            break
    version = _version(page)
    page.keyboard.press("e")
    page.wait_for_url(f"**expand={EXPANDED}**")
    _redrawn(page, version)
    assert before < set(_drawn(page)) and f"node={CENTRE}" in page.url
