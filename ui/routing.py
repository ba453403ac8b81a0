"""Make every page run through ``app.py``'s navigation, even on a server's very first request.

Streamlit treats a ``pages/`` folder as an old-style multipage app until the
main script has called ``st.navigation`` once in the process (and AppTest
resets that before every run). So when the first request after a start is a
shared link such as ``/pathways?source=…``, the page would run alone: no wide
layout, no shared sidebar, a navigation listing raw file names. A page calls
:func:`ensure_router` first; in that situation it runs ``app.py`` in its place,
which routes the same URL back to the page, and then stops the outer run.
Nothing is rerun, so a click that started this run is not lost.
"""

from __future__ import annotations

import runpy

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager

from un_pathways.loaders.resources import app_script

__all__ = ["APP", "ensure_router"]

APP = app_script()


def ensure_router() -> None:
    """When Streamlit ran this page on its own (old pages/ mode), run app.py instead."""
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        runpy.run_path(str(APP), run_name="__main__")
        st.stop()
