"""Find look-alike letters in names, acronyms and aliases, so two different names never look the same.

Search compares names letter by letter: ``Security Cоuncil`` written with a
Cyrillic ``о`` is a second, different name that nobody can tell from the
first on screen, and a search typed on a Latin keyboard never finds it. So a
name is refused when it holds a compatibility character (a full-width letter,
a ligature, a no-break space: NFKC would change it), an invisible
character (a zero-width space, a direction mark), a letter of another
script that looks like a Latin one (Unicode's confusables list, through
``confusable-homoglyphs``), or letters of two scripts. Accented Latin letters
(``Côte d'Ivoire``) and punctuation are fine.
"""

from __future__ import annotations

import unicodedata

from confusable_homoglyphs import categories, confusables

__all__ = ["look_alike"]

_NEUTRAL_SCRIPTS = {"COMMON", "INHERITED"}  # digits, punctuation, spaces, combining accents
_INVISIBLE = {"Cc", "Cf"}  # control and format characters (zero-width space, joiners, direction marks)


def _describe(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'an unnamed character')}"


def look_alike(text: str) -> tuple[str, str] | None:
    """(what is wrong, how to fix it) when ``text`` holds a look-alike or mixed-script letter, else None.

    >>> look_alike("Security Council") is None and look_alike("Côte d'Ivoire") is None
    True
    >>> look_alike("Security C\\u043euncil")[0]
    "U+043E CYRILLIC SMALL LETTER O looks like the Latin 'o' (U+006F LATIN SMALL LETTER O)"
    >>> look_alike("\\uff35NSC")[1]
    "type 'U' instead"
    """
    if text.isascii() and text.isprintable():
        return None  # most names: nothing to look like, and the library costs ~0.3 ms a name
    for char in text:
        if unicodedata.category(char) in _INVISIBLE:
            return f"{_describe(char)} is invisible", "delete it"
        plain = unicodedata.normalize("NFKC", char)
        if plain != char:
            return f"{_describe(char)} is a compatibility form of {plain!r}", f"type {plain!r} instead"
    for found in confusables.is_confusable(text, greedy=True, preferred_aliases=["latin", "common"]) or []:
        latin = [glyph["c"] for glyph in found["homoglyphs"] if categories.alias(glyph["c"]) == "LATIN"]
        if latin:
            char, like = found["character"], latin[0]
            message = f"{_describe(char)} looks like the Latin {like!r} ({_describe(like)})"
            return message, f"type {like!r} instead"
    scripts = {char: categories.alias(char) for char in text}
    lettered = [(char, script) for char, script in scripts.items() if script not in _NEUTRAL_SCRIPTS]
    if len({script for _, script in lettered}) > 1:
        first_script = lettered[0][1]
        char, script = next((c, s) for c, s in lettered if s != first_script)
        message = f"mixes {first_script.title()} and {script.title()} letters ({_describe(char)})"
        return message, f"write the whole name in one script ({first_script.title()})"
    return None
