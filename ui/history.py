"""One browser-history entry per user action, so Back and Forward step through what the user did.

Streamlit pushes a history entry each time a run changes the URL's query
string, and a page visit changes it twice: the navigation itself, then the
page writing its view into the URL (ui/url_state.py). So one visit to
Pathways took several presses of Back to undo. The script below, installed
once in the app's document, lets the first URL change after a user action
(a click, a key, a graph click reported by a component) push an entry and
turns every further change made before the next action into a replace. The
URL still shows, and restores, the whole view.
"""

from __future__ import annotations

import streamlit as st

__all__ = ["one_history_entry_per_action"]

_SCRIPT = """
<script>
(function () {
  if (window.__pathwaysHistory) { return; }
  window.__pathwaysHistory = true;
  var acted = false;
  function userActed() { acted = true; }
  ["pointerdown", "keydown", "change"].forEach(function (type) {
    document.addEventListener(type, userActed, true);
  });
  window.addEventListener("message", function (event) {
    if (event.data && event.data.type === "streamlit:setComponentValue") { userActed(); }
  }, true);
  var push = window.history.pushState.bind(window.history);
  var replace = window.history.replaceState.bind(window.history);
  window.history.pushState = function (state, title, url) {
    if (acted) { acted = false; return push(state, title, url); }
    return replace(state, title, url);
  };
})();
</script>
"""


def one_history_entry_per_action() -> None:
    """Install the history script (once per browser tab; later runs find it in place)."""
    st.html(_SCRIPT, unsafe_allow_javascript=True)
