"""Write docs/screenshots/: every page at 1440x900 (desktop) and 390x844 (phone). Run by `make screenshots`.

Not a test: tests never write tracked files. Serves the project's data/ with
the real app (tests/app_server.py) and drives Debian's /usr/bin/chromium.
Desktop shots keep the names the README uses (``pathways.png``); phone shots
end in ``-phone.png``. Look at them before committing.

    python -m tests.screenshots [--only NAME,NAME]
"""

from __future__ import annotations

import argparse
import sys

from tests.app_server import ROOT, launch_chromium, serve_app

SHOTS = ROOT / "docs" / "screenshots"
DESKTOP = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}
GRAPH_FRAME = 'iframe[title*="pathways_graph"]'

# name -> (path and query, text to wait for, whether a graph is drawn)
VIEWS = {
    "start": ("/", "UN Pathways", False),
    "explore": ("/explore", "How to read it", True),
    "explore-selected": ("/explore?node=un.security-council&hops=1", "UN Security Council", True),
    "search": ("/explore", None, True),  # typed into the search box below
    "pathways": ("/pathways", "Chance the signal reaches", False),
    "pathways-compare": ("/pathways?mode=compare", "Channels that differ", False),
    "queries": ("/queries?q=veto_holders", "The veto holders", False),
    "cases": ("/cases", "Sri Lanka 2008-09", False),
    "cases-whatif": ("/cases?case=sri-lanka-2008-09&whatif=hruf", "What if", False),
    "learn": ("/learn?lesson=sri-lanka-information-gap&step=3", None, True),
    "learn-quiz": ("/learn?lesson=security-council-veto&step=quiz", "Check", False),
    "data": ("/data", "The data is valid", False),
}


def _settle(page) -> None:
    page.wait_for_function(
        "() => !document.querySelector('[data-testid=\"stStatusWidget\"]')", timeout=60_000
    )
    page.mouse.move(5, 5)
    for frame in page.frames:  # no tooltip left over from a hover
        frame.evaluate("() => document.querySelectorAll('.vis-tooltip').forEach(t => t.remove())")
    page.wait_for_timeout(900)


def _shoot(page, base: str, name: str, viewport: dict, suffix: str) -> None:
    address, wait_text, graph = VIEWS[name]
    page.set_viewport_size(viewport)
    page.goto(base + address)
    if wait_text:
        page.get_by_text(wait_text).first.wait_for(timeout=60_000)
    if graph:
        page.locator(GRAPH_FRAME).first.wait_for(state="visible", timeout=60_000)
        page.frame_locator(GRAPH_FRAME).first.locator("body[data-ready='1']").wait_for(state="attached")
    if name == "search":
        box = page.get_by_role("textbox", name="Find a node")
        box.fill("robust")
        box.press("Enter")
        page.get_by_text("best matches").wait_for()
    _settle(page)
    path = SHOTS / f"{name}{suffix}.png"
    page.screenshot(path=str(path))
    print(f"wrote {path.relative_to(ROOT)}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="comma-separated view names (default: all)")
    args = parser.parse_args(argv)
    names = args.only.split(",") if args.only else list(VIEWS)
    unknown = sorted(set(names) - set(VIEWS))
    if unknown:
        print(f"unknown view(s) {unknown}; known: {', '.join(VIEWS)}", file=sys.stderr)
        return 2
    SHOTS.mkdir(parents=True, exist_ok=True)
    with serve_app(ROOT / "data") as base, launch_chromium() as chromium:
        context = chromium.new_context(viewport=DESKTOP)
        page = context.new_page()
        page.set_default_timeout(60_000)
        for name in names:
            _shoot(page, base, name, DESKTOP, "")
            _shoot(page, base, name, PHONE, "-phone")
        context.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
