"""A button that puts a text on the clipboard and says so ("Copied").

Streamlit has no copy button of its own except the icon that ``st.code`` shows
on hover, which carries no label. This one is a small page in an iframe
(``components.html``, whose frame Streamlit allows ``clipboard-write``): it
tries ``navigator.clipboard.writeText`` and falls back to selecting a hidden
text area and ``document.execCommand("copy")`` (older browsers, plain-http
hosts where the Clipboard API is missing). When both fail it says to copy by
hand from the text shown on the page.
"""

from __future__ import annotations

import html

import streamlit.components.v1 as components

__all__ = ["COPIED", "copy_button"]

COPIED = "Copied"
_HEIGHT = 44

_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><style>
body { margin: 0; font-family: "Source Sans Pro", "Source Sans 3", system-ui, sans-serif; font-size: 15px; }
button { font: inherit; color: #31333f; background: #fff; border: 1px solid rgba(49, 51, 63, 0.2);
         border-radius: 8px; padding: 6px 12px; cursor: pointer; }
button:hover { border-color: #0b3d91; color: #0b3d91; }
button:focus-visible { outline: 2px solid #0b3d91; outline-offset: 1px; }
#said { margin-left: 10px; color: #1e6b34; font-weight: 600; }
#said.failed { color: #8b0000; }
#text { position: absolute; left: -9999px; top: 0; }
</style></head><body>
<button id="copy" type="button">&#x1F4CB; @LABEL</button><span id="said" role="status"></span>
<textarea id="text" readonly tabindex="-1" aria-hidden="true">@TEXT</textarea>
<script>
(function () {
  var button = document.getElementById("copy"), said = document.getElementById("said");
  var area = document.getElementById("text");
  function byHand() {
    area.select();
    try { return document.execCommand("copy"); } catch (e) { return false; }
  }
  function report(ok) {
    said.className = ok ? "" : "failed";
    said.textContent = ok ? "@COPIED" : "Could not copy: select the text on the page and copy it by hand";
    document.body.setAttribute("data-copied", ok ? "1" : "0");
  }
  button.addEventListener("click", function () {
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(area.value).then(function () { report(true); },
                                                     function () { report(byHand()); });
    } else {
      report(byHand());
    }
  });
})();
</script></body></html>
"""


def copy_button(text: str, label: str) -> None:
    """A button labelled ``label`` that copies ``text`` to the clipboard, then says "Copied"."""
    page = (
        _PAGE.replace("@LABEL", html.escape(label))
        .replace("@COPIED", COPIED)
        .replace("@TEXT", html.escape(text))  # last: the text itself may hold "@LABEL"
    )
    components.html(page, height=_HEIGHT)
