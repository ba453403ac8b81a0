"""Keep each page's view in the URL, so a shared link opens exactly that view.

A page declares its :class:`Param` list. :func:`restore` runs before the
widgets: each widget starts from the URL, else from what it showed earlier in
this session, else from its default. :func:`publish` runs after the widgets
and writes their values back to ``st.query_params``. Values travel as plain
strings (numbers, ids, comma lists, JSON objects), never as pickles.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import streamlit as st

from un_pathways.ui.text import escape_markdown

__all__ = [
    "Param",
    "as_choice",
    "as_float",
    "as_int",
    "as_json_probabilities",
    "as_list",
    "dump_json",
    "dump_list",
    "note_page",
    "publish",
    "restore",
    "warn_ignored",
]

_MEMORY = "_url_memory"
_PAGE, _ENTERED = "_url_page", "_url_entered"
_RESERVED = ("embed", "embed_options")


@dataclass(frozen=True)
class Param:
    """One piece of a view: its widget key, its URL name, its default and its text form."""

    key: str
    name: str
    default: Any
    parse: Callable[[str], Any]
    dump: Callable[[Any], str] = str
    omit_default: bool = False  # leave it out of the URL while it has its default value


def as_int(low: int, high: int) -> Callable[[str], int]:
    def parse(text: str) -> int:
        value = int(text)
        if not low <= value <= high:
            raise ValueError(f"must lie between {low} and {high}")
        return value

    return parse


def as_float(low: float, high: float) -> Callable[[str], float]:
    def parse(text: str) -> float:
        value = float(text)
        if not low <= value <= high:
            raise ValueError(f"must lie between {low:g} and {high:g}")
        return value

    return parse


def as_choice(choices: Iterable[Any]) -> Callable[[str], Any]:
    allowed = {str(c): c for c in choices}

    def parse(text: str) -> Any:
        if text not in allowed:
            raise ValueError("is not one of the choices")
        return allowed[text]

    return parse


def as_list(choices: Iterable[str]) -> Callable[[str], list[str]]:
    allowed = list(choices)

    def parse(text: str) -> list[str]:
        items = [item for item in text.split(",") if item]
        unknown = [item for item in items if item not in allowed]
        if unknown:
            raise ValueError(f"has unknown items {unknown}")
        return items

    return parse


def as_json_probabilities(known: Iterable[str] | None = None) -> Callable[[str], dict[str, float]]:
    """A JSON object of name -> probability in [0, 1], e.g. ``{"high": 0.4}``."""
    allowed = set(known) if known is not None else None

    def parse(text: str) -> dict[str, float]:
        value = json.loads(text)
        if not isinstance(value, dict):
            raise ValueError("must be a JSON object")
        out = {}
        for name, p in value.items():
            if allowed is not None and name not in allowed:
                raise ValueError(f"names unknown {name!r}")
            if isinstance(p, bool) or not isinstance(p, int | float) or not 0 <= p <= 1:
                raise ValueError(f"gives {name!r} a value that is not a probability")
            out[name] = float(p)
        return out

    return parse


def dump_list(value: list[str]) -> str:
    return ",".join(value)


def dump_json(value: dict) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def note_page(name: str) -> None:
    """Record which page this run shows (the router calls it before running the page).

    A view value kept outside a widget (the node a graph click or a picker
    chose) outlives the page in ``st.session_state``, unlike a widget's.
    On entering a page, :func:`restore` forgets such values so that a link's
    URL (``/pathways?source=…`` from a case) wins over what the page showed
    before, as it does for widgets; without one, the page's memory is used.
    """
    st.session_state[_ENTERED] = st.session_state.get(_PAGE) != name
    st.session_state[_PAGE] = name


def restore(params: list[Param]) -> list[str]:
    """Give each widget its starting value; return a message for each URL value ignored."""
    memory = st.session_state.setdefault(_MEMORY, {})
    entering = st.session_state.get(_ENTERED, False)
    ignored = []
    for param in params:
        if entering:
            st.session_state.pop(param.key, None)
        if param.key in st.session_state:
            continue
        value = memory.get(param.key, param.default)
        raw = st.query_params.get(param.name)
        if raw is not None:
            try:
                value = param.parse(raw)
            except (ValueError, TypeError, KeyError, RecursionError) as exc:  # RecursionError: deep JSON
                shown = raw if len(raw) <= 80 else raw[:60] + "…"
                ignored.append(escape_markdown(f"{param.name}={shown} {exc}"))
        st.session_state[param.key] = value
    return ignored


def _is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def publish(params: list[Param]) -> None:
    """Write the widgets' current values to the URL (and remember them for this session)."""
    memory = st.session_state.setdefault(_MEMORY, {})
    wanted = {}
    for param in params:
        value = st.session_state.get(param.key, param.default)
        memory[param.key] = value
        if not _is_empty(value) and not (param.omit_default and value == param.default):
            wanted[param.name] = param.dump(value)
    shown = {name: text for name, text in st.query_params.to_dict().items() if name not in _RESERVED}
    if shown != wanted:
        st.query_params.from_dict(wanted)  # one URL change per run (embed options are kept)


def warn_ignored(messages: list[str]) -> None:
    """Say which parts of a shared link could not be used (bad or outdated values)."""
    if messages:
        st.warning("Part of this link was ignored: " + "; ".join(messages) + ".", icon=":material/link_off:")
