"""In real Chromium: the slide and handout buttons of Pathways, Explore and Cases give real files.

Uses the same app server and Chromium as tests/test_browser.py (tests/app_server.py),
on the project's data/ when it loads (the default pathway, Sri Lanka to the Council, is there).
"""

from __future__ import annotations

import pytest
from PIL import Image
from pypdf import PdfReader

try:
    from tests.app_server import VIEWPORT, launch_chromium, require_chromium, serve_app
except ImportError:  # rootdir-less import: tests/ itself is on sys.path
    from app_server import VIEWPORT, launch_chromium, require_chromium, serve_app

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def app():
    """(base URL, Chromium) on the project's data/."""
    from un_pathways.loaders.dataset import DEFAULT_DATA_DIR

    require_chromium()
    with serve_app(str(DEFAULT_DATA_DIR)) as url, launch_chromium() as chromium:
        yield url, chromium


@pytest.fixture(scope="module")
def page(app):
    """The Pathways page on its default question, graph tab open."""
    url, chromium = app
    context = chromium.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(60_000)
    page.goto(f"{url}/pathways")
    page.get_by_role("tab", name="On the graph").click()
    yield page
    context.close()


def _download(app, path: str, button: str, tmp_path):
    url, chromium = app
    context = chromium.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(f"{url}/{path}")
        with page.expect_download() as download:
            page.get_by_role("button", name=button).click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        return saved
    finally:
        context.close()


def test_pathways_pdf_handout_button_downloads_a_one_page_pdf(page, tmp_path):
    with page.expect_download() as download:
        page.get_by_role("button", name="PDF handout").click()
    assert download.value.suggested_filename == "un-pathways-pathway-handout.pdf"
    saved = tmp_path / download.value.suggested_filename
    download.value.save_as(saved)
    reader = PdfReader(saved)
    assert len(reader.pages) == 1
    assert "Resident Coordinator" in reader.pages[0].extract_text()


def test_pathways_png_button_downloads_a_slide(page, tmp_path):
    with page.expect_download() as download:
        page.get_by_role("button", name="PNG for slides").click()
    saved = tmp_path / "slide.png"
    download.value.save_as(saved)
    with Image.open(saved) as image:
        assert image.size == (3200, 1800)


def test_explore_png_of_a_neighbourhood_is_a_slide(app, tmp_path):
    saved = _download(app, "?node=un.security-council&hops=1", "PNG for slides", tmp_path)
    assert saved.name == "un-pathways-explore.png"
    with Image.open(saved) as image:
        assert image.size == (3200, 1800)


def test_cases_pdf_handout_holds_the_curated_reading(app, tmp_path):
    saved = _download(app, "cases?case=sri-lanka-2008-09", "PDF handout", tmp_path)
    text = " ".join(PdfReader(saved).pages[0].extract_text().split())
    assert "The curated reading of the paper, stage by stage" in text
