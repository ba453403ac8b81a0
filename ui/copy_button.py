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
_ICON = (  # Material Symbols "content_copy"
    "M360-240q-33 0-56.5-23.5T280-320v-480q0-33 23.5-56.5T360-880h360q33 0 56.5 23.5T800-800v480q0 "
    "33-23.5 56.5T720-240H360Zm0-80h360v-480H360v480ZM200-80q-33 0-56.5-23.5T120-160v-560h80v560h440v80H200Z"
)

_PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><style>
body { margin: 0; font-family: "Source Sans Pro", "Source Sans 3", sans-serif; font-size: 14px;
       white-space: nowrap; overflow: hidden; }
button { font: inherit; color: #31333f; background: #fff; border: 1px solid rgba(49, 51, 63, 0.2);
         border-radius: 8px; padding: 7px 12px; cursor: pointer; display: inline-flex; align-items: center;
         gap: 6px; }
button svg { width: 18px; height: 18px; fill: currentColor; }
button:hover { border-color: #0b3d91; color: #0b3d91; }
button:focus-visible { outline: 2px solid #0b3d91; outline-offset: 1px; }
#said { margin-left: 10px; color: #1e6b34; font-weight: 600; }
#said.failed { color: #8b0000; }
#text { position: absolute; left: -9999px; top: 0; }
</style></head><body>
<button id="copy" type="button" title="@TITLE">
  <svg viewBox="0 -960 960 960" aria-hidden="true"><path d="@ICON"/></svg>@LABEL</button>
<span id="said" role="status"></span>
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


def copy_button(text: str, label: str, title: str = "") -> None:
    """A button labelled ``label`` that copies ``text`` to the clipboard, then says "Copied".

    ``title`` is its tooltip (what the copied text is for). Keep ``label`` short enough for one line
    on a phone (about 40 characters): the button's frame has a fixed height.
    """
    page = (
        _PAGE.replace("@ICON", _ICON)
        .replace("@TITLE", html.escape(title))
        .replace("@LABEL", html.escape(label))
        .replace("@COPIED", COPIED)
        .replace("@TEXT", html.escape(text))  # last: the text itself may hold "@LABEL"
    )
    components.html(page, height=_HEIGHT)
