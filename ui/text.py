"""Show data and user input as text: never as Markdown, HTML, LaTeX, an emoji, an icon or a link.

Streamlit renders ``st.markdown``, ``st.caption``, alerts, titles, expander,
tab and button labels, metric labels and radio options as Markdown. A node
name, a rationale, a value pasted into a URL or an error message quoting it
may contain ``**``, ``[link](javascript:…)``, ``![](https://…)``, ``<img …>``,
``$…$``, ``&lt;``, ``:smile:``, ``:material/home:``, ``:red[…]``, or a bare
``https://…``, ``www.…`` or ``name@host`` that the renderer turns into a link
by itself. :func:`escape_markdown` is the one helper every such value goes
through:

- a backslash before a punctuation character makes CommonMark show that
  character as it is, so one goes before every character that can open markup
  anywhere in a line, and before the few that open a block (a list, a
  heading, a quote) at the start of a line;
- Streamlit finds bare links, emoji shortcodes and icons in the text *after*
  backslashes are resolved, so a backslash cannot stop them; an invisible
  WORD JOINER (U+2060) can: it goes after a ``:`` that touches the next
  character (``https:⁠//``, ``:⁠smile:``), between ``www`` and its dot, and
  after an ``@`` that touches the next character. It shows nothing and
  takes no room. (Checked in headless Chromium: tests/test_browser_hostile.py.)

Ordinary text such as ``Secretary-General`` or ``seed: NMS ¶4`` comes out
unchanged. HTML built by hand (``st.html``, graph tooltips) uses
:func:`html.escape` instead; tables are drawn on a canvas and need neither.
"""

from __future__ import annotations

import re

__all__ = ["WORD_JOINER", "escape_markdown"]

WORD_JOINER = "\u2060"

# Emphasis, code, links, images, HTML, LaTeX, strikethrough, tables, entities:
_INLINE = re.compile(r"([\\`*_\[\]<>$~|&!])")
_LINE_START = re.compile(r"^(\s*)([-+#=>]|\d+[.)])", re.MULTILINE)  # lists, headings, quotes, rules
# What Streamlit turns into a link, an emoji or an icon by itself: "scheme:x", ":name:", ":red[",
# "www." and "user@host". A word joiner after the ':' or '@' (or before the dot) breaks each.
_AUTO_MARKUP = re.compile(r"(?<=[:@])(?=\S)|(?<=\bwww)(?=\.)", re.IGNORECASE)


def escape_markdown(text: object) -> str:
    r"""``text`` escaped for Markdown, so it shows literally.

    >>> escape_markdown("**bold** <b>x</b> [a](javascript:alert(1)) $x$ &lt;")
    '\\*\\*bold\\*\\* \\<b\\>x\\</b\\> \\[a\\](javascript:\u2060alert(1)) \\$x\\$ \\&lt;'
    >>> escape_markdown("![x](https://example.org/x.png)")
    '\\!\\[x\\](https:\u2060//example.org/x.png)'
    >>> escape_markdown("www.example.org a@example.org :smile: :red[x]")
    'www\u2060.example.org a@\u2060example.org :\u2060smile: :\u2060red\\[x\\]'
    >>> escape_markdown("Secretary-General · seed: NMS ¶4")
    'Secretary-General · seed: NMS ¶4'
    >>> escape_markdown("- item\n# title\n1. first")
    '\\- item\n\\# title\n1\\. first'
    """
    escaped = _AUTO_MARKUP.sub(WORD_JOINER, str(text))
    escaped = _INLINE.sub(r"\\\1", escaped)
    return _LINE_START.sub(lambda m: m[1] + m[2][:-1] + "\\" + m[2][-1], escaped)
