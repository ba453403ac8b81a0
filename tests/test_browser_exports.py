"""In real Chromium: the Pathways page's "PDF handout" and "PNG for slides" buttons give real files.

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
def page():
    from un_pathways.loaders.dataset import DEFAULT_DATA_DIR

    require_chromium()
    with serve_app(str(DEFAULT_DATA_DIR)) as url, launch_chromium() as chromium:
        context = chromium.new_context(viewport=VIEWPORT)
        page = context.new_page()
        page.set_default_timeout(60_000)
        page.goto(f"{url}/pathways")
        page.get_by_role("tab", name="On the graph").click()
        yield page
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
