"""In real Chromium: Pathways graph clicks open details, Copy copies, pickers rank, phones see details first.

Uses tests/test_browser.py's app server (the project's data/ when it loads)
and its helpers. The AppTest side of the same features is in tests/test_app_pickers.py.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

try:
    from tests.app_server import VIEWPORT
    from tests.test_browser import (
        GRAPH_FRAME,
        _click_node,
        _real_data,
        _wait_for_graph,
        _wait_idle,
        browser,
        page,
        server,
    )
except ImportError:  # rootdir-less import: tests/ itself is on sys.path
    from app_server import VIEWPORT
    from test_browser import (
        GRAPH_FRAME,
        _click_node,
        _real_data,
        _wait_for_graph,
        _wait_idle,
        browser,
        page,
        server,
    )

__all__ = ["browser", "page", "server"]  # the fixtures, imported for pytest

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _real_names() -> dict[str, str]:
    """Each node's name in the project's data/ (empty when it does not load: the server then shows
    the app test dataset, which lacks most of the bodies below)."""
    from un_pathways.loaders.dataset import read_dataset

    folder = _real_data()
    return {node.id: node.name for node in read_dataset(folder).nodes.values()} if folder else {}


def _wait_until_drawn_still(page, node: str) -> None:
    """Until ``node`` stays at one place on screen (a graph shown in a tab is fitted again once sized)."""
    frame = page.locator(GRAPH_FRAME).first.element_handle().content_frame()
    frame.wait_for_function(
        """(id) => { const net = window.pathwaysNetwork;
                     const at = net.canvasToDOM(net.getPositions([id])[id]);
                     const here = Math.round(at.x) + "," + Math.round(at.y);
                     const still = window.__lastPlace === here;
                     window.__lastPlace = here;
                     return still; }""",
        arg=node,
        polling=300,
    )


def test_a_click_on_the_pathways_graph_opens_that_nodes_details(server, page):
    url, _ = server
    page.goto(f"{url}/pathways")
    page.get_by_role("tab", name="On the graph").click()
    frame = _wait_for_graph(page)
    assert frame.locator("#hint").inner_text().startswith("Click a node to open its details")
    page.get_by_text("Click a node on the graph to see its details here").wait_for()
    _wait_idle(page)
    _wait_until_drawn_still(page, "un.secretary-general")
    _click_node(page, "un.secretary-general")
    page.get_by_role("heading", name="Secretary-General", exact=True).wait_for()
    page.wait_for_url("**node=un.secretary-general**")
    frame.locator("body[data-selected='un.secretary-general']").wait_for(state="attached")
    details = page.locator("[class*='st-key-pw_details_first']")
    assert details.get_by_text("Outgoing").first.is_visible()  # the panel Explore shows
    graph_box = page.locator(GRAPH_FRAME).first.bounding_box()
    assert details.bounding_box()["x"] > graph_box["x"] + graph_box["width"] - 1  # beside the graph
    page.get_by_role("button", name="Close the details").click()
    page.get_by_text("Click a node on the graph to see its details here").wait_for()


def test_copy_the_cypher_puts_the_query_with_its_parameters_on_the_clipboard(server, browser):
    from un_pathways.queries.saved import load_saved_queries
    from un_pathways.ui.query_view import cypher_with_params

    url, _ = server
    context = browser.new_context(viewport=VIEWPORT)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=url)
    try:
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto(f"{url}/queries?q=veto_holders")
        page.get_by_role("heading", name="The veto holders").wait_for()
        _wait_idle(page)
        copy = page.frame_locator("iframe[srcdoc*='data-copied']").first
        copy.get_by_role("button", name="Copy the Cypher with its parameters").click()
        copy.get_by_role("status").filter(has_text="Copied").wait_for()
        copied = page.evaluate("() => navigator.clipboard.readText()")
        query = load_saved_queries()["veto_holders"]
        assert copied == cypher_with_params(query, {"council": "un.security-council"})
    finally:
        context.close()


# (page, its picker's label, the URL parameter the picker writes); each starts on another body, since
# Enter on the name the box already shows changes nothing
PICKERS = [
    ("pathways", "From (where the warning starts)", "source"),
    ("queries?q=pathways_within_hops", "Where the warning starts", "p.source"),
]


@pytest.mark.parametrize(("path", "label", "parameter"), PICKERS)
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
def test_actor_pickers_offer_the_body_named_first(server, page, path, label, parameter, typed, body):
    url, _ = server
    name = _real_names().get(body)
    if name is None:
        pytest.skip(f"{body} is not in the data this server shows (the project's data/ did not load)")
    page.goto(f"{url}/{path}")
    box = page.get_by_role("textbox", name=label, exact=True)
    box.wait_for()
    _wait_idle(page)
    box.fill(typed)
    box.press("Enter")
    matches = page.locator("[class*='__text__pick']").first  # the picker's list, shown after Enter
    matches.wait_for(state="attached")
    page.wait_for_url(f"**{parameter}={body}**")
    expect(box).to_have_value(name)  # the box shows the body chosen
    listed = page.locator("[data-testid='stExpander']").filter(has=matches)
    listed.get_by_text("best matches").click()  # an exact name: the list is folded away
    assert matches.get_by_role("radio").first.is_checked()  # the best match is the one chosen
    assert matches.locator("[data-testid='stRadioOption']").first.inner_text().startswith(f"{name} ·")


def test_on_a_phone_the_selected_nodes_details_come_before_the_graph(server, browser):
    url, _ = server
    tops = {}
    for size, viewport in (("phone", PHONE), ("desktop", VIEWPORT)):
        context = browser.new_context(viewport=viewport)
        try:
            page = context.new_page()
            page.set_default_timeout(30_000)
            page.goto(f"{url}/explore?node=un.secretary-general")
            page.get_by_role("heading", name="Secretary-General", exact=True).wait_for()
            _wait_for_graph(page)
            _wait_idle(page)
            details = page.locator("[class*='st-key-ex_details_first']").bounding_box()
            graph = page.locator(GRAPH_FRAME).first.bounding_box()
            tops[size] = (details, graph)
        finally:
            context.close()
    details, graph = tops["phone"]
    assert details["y"] < graph["y"]  # stacked, the details first
    details, graph = tops["desktop"]
    assert details["x"] >= graph["x"] + graph["width"]  # side by side as before, the details on the right


def test_a_tooltip_closes_on_click_and_stays_closed_while_the_pointer_rests(server, page):
    url, _ = server
    page.goto(f"{url}/pathways")
    page.get_by_role("tab", name="On the graph").click()
    _wait_for_graph(page)
    _wait_idle(page)
    _wait_until_drawn_still(page, "un.secretary-general")
    tooltip = page.frame_locator(GRAPH_FRAME).first.locator("div.vis-tooltip")
    _click_node(page, "un.secretary-general")  # the details open beside the graph, which narrows
    page.get_by_role("heading", name="Secretary-General", exact=True).wait_for()
    _wait_idle(page)
    _wait_until_drawn_still(page, "un.secretary-general")
    x, y = _pointer_on(page, "un.secretary-general")
    page.mouse.move(x + 40, y + 40, steps=4)  # the hand moves on, still over the graph...
    page.mouse.move(x, y, steps=4)
    tooltip.wait_for(state="visible")  # ...and hovering shows the tooltip again
    page.mouse.click(x, y)  # ...a click closes it, and the pointer rests on the node
    _wait_idle(page)
    for step in range(6):  # a resting hand still moves a pixel or two: vis-network would show it again
        page.mouse.move(x + step % 2, y)
        page.wait_for_timeout(250)
        assert not tooltip.is_visible()
    page.mouse.move(x + 40, y + 40, steps=4)  # away, and back: tooltips still work
    page.mouse.move(x, y, steps=4)
    tooltip.wait_for(state="visible")


def _pointer_on(page, node: str) -> tuple[float, float]:
    """Page coordinates of ``node`` as drawn."""
    handle = page.locator(GRAPH_FRAME).first.element_handle()
    point = handle.content_frame().evaluate(
        """(id) => { const net = window.pathwaysNetwork;
                     const at = net.canvasToDOM(net.getPositions([id])[id]); return {x: at.x, y: at.y}; }""",
        node,
    )
    box = handle.bounding_box()
    return box["x"] + point["x"], box["y"] + point["y"]
