"""Show data and user input as text: never as Markdown, HTML, LaTeX or a link.

Streamlit renders ``st.markdown``, ``st.caption``, alerts, titles and widget
labels as Markdown. A node name, a rationale, a value pasted into a URL or an
error message quoting it may contain ``**``, ``[link](javascript:…)``,
``<img …>``, ``$…$`` or ``&lt;``. A backslash before a punctuation character
makes CommonMark show that character as it is, so :func:`escape_markdown`
puts one before every character that can open markup anywhere in a line, and
before the few that open a block (a list, a heading, a quote) at the start of
a line. Ordinary text such as ``Secretary-General`` or ``seed: NMS ¶4`` comes
out unchanged. HTML built by hand (``st.html``, tooltips) uses
:func:`html.escape` instead.
"""

from __future__ import annotations

import re

__all__ = ["escape_markdown"]

# Emphasis, code, links, HTML, LaTeX, strikethrough, tables, entities:
_INLINE = re.compile(r"([\\`*_\[\]<>$~|&])")
_LINE_START = re.compile(r"^(\s*)([-+#=>]|\d+[.)])", re.MULTILINE)  # lists, headings, quotes, rules


def escape_markdown(text: object) -> str:
    r"""``text`` escaped for Markdown, so it shows literally.

    >>> escape_markdown("**bold** <b>x</b> [a](javascript:alert(1)) $x$ &lt;")
    '\\*\\*bold\\*\\* \\<b\\>x\\</b\\> \\[a\\](javascript:alert(1)) \\$x\\$ \\&lt;'
    >>> escape_markdown("Secretary-General · seed: NMS ¶4")
    'Secretary-General · seed: NMS ¶4'
    >>> escape_markdown("- item\n# title\n1. first")
    '\\- item\n\\# title\n1\\. first'
    """
    escaped = _INLINE.sub(r"\\\1", str(text))
    return _LINE_START.sub(lambda m: m[1] + m[2][:-1] + "\\" + m[2][-1], escaped)
