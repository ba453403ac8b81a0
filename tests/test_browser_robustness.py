"""Robustness and per-hop loss in the real app (headless Chromium): what a student sees on the
Pathways and Cases pages. Writes no file (screenshots are ``make screenshots``' job)."""

from __future__ import annotations

import re

import pytest

try:
    from tests.app_server import VIEWPORT, launch_chromium, require_chromium, serve_app
except ImportError:  # rootdir-less import: tests/ itself is on sys.path
    from app_server import VIEWPORT, launch_chromium, require_chromium, serve_app

from un_pathways.loaders.dataset import DEFAULT_DATA_DIR

pytestmark = pytest.mark.browser

# The sentence robust_words.holds_words writes, with a share and a tipping point
HOLDS = re.compile(
    r"Model estimate: this (verdict|stall point) holds in \d+% of plausible settings \((robust|fragile)\)"
)
TIPPING = re.compile(r"it flips if (the stall threshold|'\w+' channels|the channel)")
BAND = re.compile(r"Reach about \d+–\d+% across plausible settings")


@pytest.fixture(scope="module")
def page():
    require_chromium()
    with serve_app(str(DEFAULT_DATA_DIR)) as url, launch_chromium() as chromium:
        context = chromium.new_context(viewport=VIEWPORT)
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.base_url = url
        yield page
        context.close()


def test_pathways_page_shows_band_tipping_point_and_per_hop_loss(page):
    page.goto(f"{page.base_url}/pathways")
    page.get_by_text(HOLDS).first.wait_for()
    assert page.get_by_text(TIPPING).count() >= 1
    assert page.get_by_text(BAND).count() >= 1
    # every hop of the best pathway says its share of the loss; the line names where it is lost
    assert page.get_by_text(re.compile(r"^\d+% of the loss$")).count() >= 2
    assert page.get_by_text(re.compile(r"Where the signal is lost \(model estimate\)")).count() >= 1


def test_cases_page_shows_band_tipping_point_and_per_hop_loss(page):
    page.goto(f"{page.base_url}/cases?case=sri-lanka-2008-09")
    page.get_by_text(re.compile(r"Model estimate: this verdict holds in")).first.wait_for()
    assert page.get_by_text(TIPPING).count() >= 1
    page.get_by_text(BAND).first.wait_for()
    assert page.get_by_text(re.compile(r"(\d+% of the loss|blocks the signal)")).count() >= 1
