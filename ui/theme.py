"""A few style touches for reading on a projector: less empty space above, larger body text."""

from __future__ import annotations

import streamlit as st

__all__ = ["DETAILS_FIRST", "apply_theme"]

# A container whose key ends with this holds a node's details: on a phone, where Streamlit stacks
# columns, its column comes before the graph's (the desktop layout is untouched).
DETAILS_FIRST = "details_first"

_CSS = """
<style>
[data-testid="stMainBlockContainer"] { padding-top: 4.2rem; padding-bottom: 2rem; }  /* below the header */
[data-testid="stMainBlockContainer"] h1 { font-size: 2.1rem; padding-top: 0; padding-bottom: 0.4rem; }
[data-testid="stMetricValue"] { font-size: 1.9rem; }
[class*="st-key-qbtn_"] button { justify-content: flex-start; text-align: left; padding-left: 0.6rem; }
[class*="st-key-qbtn_"] button > div { justify-content: flex-start; width: 100%; }
[class*="st-key-qbtn_"] button p { text-align: left; }
@media (min-width: 641px) { .st-key-pw_swap { margin-top: 28px; } }  /* level with the labelled boxes */
@media (max-width: 640px) {
  [data-testid="stColumn"]:has([class*="@DETAILS_FIRST"]) { order: -1; }
}
</style>
""".replace("@DETAILS_FIRST", DETAILS_FIRST)


def apply_theme() -> None:
    """Inject the app's small stylesheet (call once per run)."""
    st.html(_CSS)
