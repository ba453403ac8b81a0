"""Refuse expressions that would build a value bigger than the heap, judged on Neo4j's rendering of the plan.

Neo4j 5.26 counts what operators hold (``collect``, sorting, aggregation)
against ``db.memory.transaction.max``, but not a value built inside ONE
expression, and it checks the transaction timeout only between rows. So a
single expression that multiplies its size (a list comprehension nested in
another over the same list, ``replace()`` nested in ``replace()``, a
``reduce()`` whose accumulator doubles, ``range()`` up to a huge bound) runs
until the JVM's heap is full. :func:`refuse_value_bombs` reads each plan
operator's ``Details`` (the expressions as Neo4j parsed them, quoted strings
and backticked names skipped) and refuses the shapes that multiply:

- ``range()`` inside an expression must count over a list or between small
  numbers written in the query: each bound is ``size(x)``/``length(x)``
  (optionally ``± n``) or a number, ``n`` at most ``RANGE_LITERAL_MAX``. A
  server that shows literals as ``$autoint_0`` hides the bound, so it is
  refused there: the test server and docker-compose.yml set
  ``internal.cypher.extract_literals=NEVER`` so the plan shows them;
- a list may not be built once per element of another list (a list
  comprehension, ``range()`` or ``split()`` in the body of a comprehension,
  ``reduce()`` or quantifier over an arbitrary list: L * L values, measured
  98 s of a frozen server for 229 * 229 splits of a 2,000-character text), and
  ``reduce()`` and the quantifiers (``all``, ``any``, ``none``, ``single``),
  which build nothing but take time, may be nested at most ``MAX_NESTING``
  deep over arbitrary lists. Iterating over what one element holds
  (``nodes(p)``, ``relationships(p)``, ``keys(n)``, ``labels(n)``) does not
  count, being bounded by the stored data;
- a ``reduce()`` body may use its accumulator only once when it joins values
  (``+``, ``||``, ``[..]``, ``{..}`` or a function call): ``s + s`` doubles per
  element; nor may it wrap the accumulator in a new list or map (``[s]`` nests
  it as deep as the list is long, which no reader can take apart);
- ``replace()`` inside another ``replace()`` or inside a ``reduce()`` body
  must replace a written, non-empty text by a written text no longer than it
  (each level multiplies the length by the ratio; ``''`` as the search text
  inserts between every character).

What is left (measured, docs/reliability.md section 10): an expression that
grows linearly over a list the transaction already holds, e.g. a 40 kB text
joined to each of 30,000 collected numbers, is not refused; the heap stops it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NoReturn

from un_pathways.graph.errors import WriteRefused

__all__ = ["MAX_NESTING", "RANGE_LITERAL_MAX", "refuse_value_bombs"]

RANGE_LITERAL_MAX = 10_000  # the largest number a range() bound inside an expression may add or start from
MAX_NESTING = 2  # reduce()/quantifiers over arbitrary lists, one inside the other: L * L evaluations at most

_CLOSING = {"(": ")", "[": "]", "{": "}"}
_RANGE_CALL = re.compile(r"(?<![\w.`$])range\s*\(", re.IGNORECASE)
_LIST_CALL = re.compile(r"(?<![\w.`$])(?:range|split)\s*\(", re.IGNORECASE)
_REPLACE_CALL = re.compile(r"(?<![\w.`$])replace\s*\(", re.IGNORECASE)
_LIST_COMPREHENSION = re.compile(r"\[\s*(\w+)\s+IN\s")
_QUANTIFIER = re.compile(r"(?<![\w.`$])(?:all|any|none|single)\s*\(\s*(\w+)\s+IN\s", re.IGNORECASE)
_REDUCE = re.compile(r"(?<![\w.`$])reduce\s*\(\s*(\w+)\s*=", re.IGNORECASE)
_SMALL_NUMBER = re.compile(r"-?\s*(\d+)")
_COUNT = re.compile(r"(?:size|length)\s*\(", re.IGNORECASE)
_OFFSET = re.compile(r"\s*[-+]\s*(\d+)")
_JOINS = re.compile(r"\+|\|\||\[|\{|\w\s*\(")
_HELD_BY_AN_ELEMENT = re.compile(r"(?:nodes|relationships|keys|labels)\s*\(", re.IGNORECASE)
_STREAMED = re.compile(r"\s+AS\s+\S+\s*")


class _Unreadable(Exception):
    """The rendered expression does not parse as expected (an unclosed quote or bracket)."""


@dataclass(frozen=True)
class _Iteration:
    """One construct that evaluates its body once per element of a list."""

    start: int  # of the construct
    end: int  # its closing bracket
    list_end: int  # where its list expression ends (what follows is evaluated per element)
    variable: str
    list_text: str


def _refuse(what: str, instead: str) -> NoReturn:
    raise WriteRefused(
        f"refused: the statement {what}. Neo4j builds such a value whole in memory, without counting it "
        f"against the transaction's memory limit or stopping it at the time limit. Instead: {instead}"
    )


def _masked(details: str) -> str:
    """``details`` with the inside of every quoted string and backticked name blanked (same positions)."""
    out = list(details)
    i = 0
    while i < len(details):
        quote = details[i]
        if quote not in "'\"`":
            i += 1
            continue
        j = i + 1
        while j < len(details):
            if quote != "`" and details[j] == "\\":
                j += 2
            elif details[j] == quote and quote == "`" and details[j + 1 : j + 2] == "`":
                j += 2
            elif details[j] == quote:
                break
            else:
                j += 1
        if j >= len(details):
            raise _Unreadable
        out[i + 1 : j] = "_" * (j - i - 1)
        i = j + 1
    return "".join(out)


def _close(text: str, opening: int) -> int:
    """Index of the bracket closing the one at ``opening``."""
    depth = 0
    for index in range(opening, len(text)):
        if text[index] in _CLOSING:
            depth += 1
        elif text[index] in ")]}":
            depth -= 1
            if depth == 0:
                return index
    raise _Unreadable


def _top_level(text: str, start: int, end: int, stops: tuple[str, ...]) -> int:
    """First index in [start, end) where one of ``stops`` begins outside any bracket, else ``end``."""
    depth = 0
    for index in range(start, end):
        if depth == 0 and any(text.startswith(stop, index) for stop in stops):
            return index
        if text[index] in _CLOSING:
            depth += 1
        elif text[index] in ")]}":
            depth -= 1
    return end


def _argument_spans(text: str, opening: int) -> list[tuple[int, int]]:
    """(start, end) of each comma-separated argument of the call whose "(" is at ``opening``, stripped."""
    end = _close(text, opening)
    spans, start = [], opening + 1
    while start <= end:
        comma = _top_level(text, start, end, (",",))
        left = start + len(text[start:comma]) - len(text[start:comma].lstrip())
        spans.append((left, left + len(text[start:comma].strip())))
        start = comma + 1
    return spans


def _arguments(text: str, opening: int) -> list[str]:
    """The comma-separated arguments of the call whose "(" is at ``opening``, stripped."""
    return [text[start:end] for start, end in _argument_spans(text, opening)]


def _iterations(masked: str) -> Iterator[_Iteration]:
    for match in _LIST_COMPREHENSION.finditer(masked):
        end = _close(masked, match.start())
        list_end = _top_level(masked, match.end(), end, ("|", " WHERE "))
        yield _Iteration(match.start(), end, list_end, match.group(1), masked[match.end() : list_end].strip())
    for match in _QUANTIFIER.finditer(masked):
        end = _close(masked, masked.index("(", match.start()))
        list_end = _top_level(masked, match.end(), end, (" WHERE ",))
        yield _Iteration(match.start(), end, list_end, match.group(1), masked[match.end() : list_end].strip())
    for match in _REDUCE.finditer(masked):
        opening = masked.index("(", match.start())
        end = _close(masked, opening)
        comma = _top_level(masked, match.end(), end, (",",))
        iteration = re.match(r"\s*(\w+)\s+IN\s", masked[comma + 1 : end])
        if not iteration:
            raise _Unreadable
        list_start = comma + 1 + iteration.end()
        list_end = _top_level(masked, list_start, end, ("|",))
        yield _Iteration(
            match.start(), end, list_end, iteration.group(1), masked[list_start:list_end].strip()
        )


def _held_by_an_element(iteration: _Iteration) -> bool:
    """True if the list iterated is what one node, relationship or path holds (its nodes, keys, labels).

    Such a list is bounded by the stored data, whatever the query built; a list held in a variable or a
    map may be anything the query built, so it is not.
    """
    call = _HELD_BY_AN_ELEMENT.match(iteration.list_text)
    if call is None:
        return False
    try:
        return _close(iteration.list_text, call.end() - 1) == len(iteration.list_text) - 1
    except _Unreadable:
        return False


def _list_builders(masked: str, iterations: list[_Iteration]) -> Iterator[tuple[int, int, bool]]:
    """(start, end, held by an element) of each list comprehension, range() and split() call."""
    for iteration in iterations:
        if masked.startswith("[", iteration.start):
            yield iteration.start, iteration.end, _held_by_an_element(iteration)
    for call in _LIST_CALL.finditer(masked):
        yield call.start(), _close(masked, call.end() - 1), False


def _check_nesting(masked: str, details: str) -> None:
    iterations = list(_iterations(masked))

    def unbounded_around(start: int, end: int) -> list[_Iteration]:
        return [
            outer
            for outer in iterations
            if outer.list_end < start and end <= outer.end and not _held_by_an_element(outer)
        ]

    for start, end, held in _list_builders(masked, iterations):
        around = unbounded_around(start, end)
        if not held and around:
            _refuse(
                f"builds a list ({details[start:][:50]}…) once per element of another list "
                f"({details[around[-1].start :][:40]}…), which multiplies the two sizes",
                "build the inner list once, before (WITH ... AS inner), or iterate over rows "
                "(UNWIND list AS x), which the time and memory limits watch; iterating over what one element "
                "holds (nodes(p), relationships(p), keys(n), labels(n)) is fine",
            )
    for inner in iterations:
        if not _held_by_an_element(inner) and len(unbounded_around(inner.start, inner.end)) + 1 > MAX_NESTING:
            _refuse(
                f"iterates over a list inside {MAX_NESTING} or more other iterations "
                f"({details[inner.start :][:60]}…), which multiplies the work by the size of each list",
                f"nest reduce(), all(), any(), none() and single() at most {MAX_NESTING} deep over lists; "
                "iterate over rows instead (UNWIND list AS x), which the time and memory limits watch",
            )


def _bound_is_small(bound: str) -> bool:
    """A number written in the query, or a count over a list plus or minus one, within RANGE_LITERAL_MAX."""
    number = _SMALL_NUMBER.fullmatch(bound)
    if number:
        return int(number.group(1)) <= RANGE_LITERAL_MAX
    count = _COUNT.match(bound)
    if not count:
        return False
    try:
        rest = bound[_close(bound, count.end() - 1) + 1 :]
    except _Unreadable:
        return False
    offset = _OFFSET.fullmatch(rest)
    return rest.strip() == "" or bool(offset and int(offset.group(1)) <= RANGE_LITERAL_MAX)


def _check_ranges(masked: str, streamed_at: int | None) -> None:
    for call in _RANGE_CALL.finditer(masked):
        if call.start() == streamed_at and _STREAMED.fullmatch(masked, _close(masked, call.end() - 1) + 1):
            continue  # UNWIND range(a, b) AS i: streams one row at a time under the row and size limits
        bounds = _arguments(masked, call.end() - 1)
        step_ok = len(bounds) == 2 or (len(bounds) == 3 and _SMALL_NUMBER.fullmatch(bounds[2]) is not None)
        if not (step_ok and all(_bound_is_small(bound) for bound in bounds[:2])):
            hidden = (
                " (this server shows literals as $autoint_0, hiding them)" if "$" in "".join(bounds) else ""
            )
            _refuse(
                f"builds a list with range({', '.join(bounds)}) inside an expression, a bound of which is "
                f"neither a count over a list nor a number of at most {RANGE_LITERAL_MAX:,}{hidden}",
                "use UNWIND range(a, b) AS i, which streams rows under the row and size limits, "
                "or count over a list: range(0, size(list) - 1)",
            )


def _inside_a_literal(body: str, index: int) -> bool:
    """True if ``body[index]`` is inside a new list ``[..]`` or map ``{..}`` (not an index ``l[i]``)."""
    opened: list[bool] = []  # for each open bracket: is it a literal?
    for position, char in enumerate(body[:index]):
        if char in "[{":
            before = body[:position].rstrip()[-1:]
            opened.append(char == "{" or not (before.isalnum() or (before != "" and before in "_)]`")))
        elif char in "(":
            opened.append(False)
        elif char in ")]}" and opened:
            opened.pop()
    return any(opened)


def _check_reduce_bodies(masked: str, details: str) -> None:
    for iteration in _iterations(masked):
        reduce = _REDUCE.match(masked, iteration.start)
        if reduce is None:
            continue
        accumulator = reduce.group(1)
        body = masked[iteration.list_end + 1 : iteration.end]
        occurrences = list(re.finditer(rf"(?<![\w.$`]){re.escape(accumulator)}(?!\w)", body))
        uses = len(occurrences)
        if any(_inside_a_literal(body, use.start()) for use in occurrences):
            _refuse(
                f"puts the reduce() accumulator {accumulator} inside a new list or map at every element "
                f"({details[iteration.start :][:60]}…), which nests it as deep as the list is long",
                f"add to {accumulator} instead of wrapping it, e.g. reduce(l = [], x IN list | l + [x])",
            )
        if uses > 1 and _JOINS.search(body):
            _refuse(
                f"joins the reduce() accumulator {accumulator} with itself "
                f"({details[iteration.start :][:60]}…), "
                "which doubles its size at every element",
                f"use {accumulator} once in the body, "
                "e.g. reduce(p = 1.0, r IN relationships(path) | p * r.pass)",
            )
        _check_replacements(masked, details, iteration.list_end + 1, iteration.end, "inside a reduce() body")


def _literal(masked: str, details: str, span: tuple[int, int]) -> str | None:
    """The text of a quoted string argument (escapes as rendered), or None when it is not one literal."""
    start, end = span
    argument = masked[start:end]
    if (
        len(argument) >= 2
        and argument[0] == argument[-1]
        and argument[0] in "'\""
        and "_" * (len(argument) - 2) == argument[1:-1]
    ):
        return re.sub(r"\\.", "e", details[start + 1 : end - 1])  # an escape stands for one character
    return None


def _check_replacements(masked: str, details: str, start: int, end: int, where: str) -> None:
    """replace() calls in [start, end) must not lengthen the text (they are repeated or nested there)."""
    for call in _REPLACE_CALL.finditer(masked, start, end):
        arguments = _argument_spans(masked, call.end() - 1)
        if len(arguments) != 3:
            continue  # Neo4j refuses it itself
        search = _literal(masked, details, arguments[1])
        replacement = _literal(masked, details, arguments[2])
        if search and replacement is not None and len(replacement) <= len(search):
            continue
        _refuse(
            f"calls replace() {where} with a replacement that can be longer than the text it replaces "
            f"({details[call.start() :][:60]}…), which multiplies the length at every level",
            "replace one written text by a written text no longer than it there, "
            "e.g. replace(name, '-', ' '), "
            "or apply a lengthening replace() once, outside other replace() and reduce() calls",
        )


def _check_nested_replacements(masked: str, details: str) -> None:
    for call in _REPLACE_CALL.finditer(masked):
        _check_replacements(masked, details, call.end(), _close(masked, call.end() - 1), "inside replace()")


def refuse_value_bombs(details: str, streams_a_range: bool = False) -> None:
    """Raise WriteRefused if an operator's rendered expressions could build a value bigger than the heap.

    ``details`` is the operator's ``Details`` in Neo4j's plan; ``streams_a_range`` says the operator is
    an ``Unwind`` whose expression starts with ``range(``, which streams and is allowed any bounds.

    >>> refuse_value_bombs("[i IN range(0, size(l) - 1) WHERE i < 3 | l[i]] AS first")
    >>> refuse_value_bombs('size(reduce(s = "x", n IN l | s + s)) AS s')  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    un_pathways.graph.errors.WriteRefused: refused: the statement joins the reduce() accumulator s ...
    """
    try:
        masked = _masked(details)
        streamed_at = len(masked) - len(masked.lstrip()) if streams_a_range else None
        _check_ranges(masked, streamed_at)
        _check_nesting(masked, details)
        _check_reduce_bodies(masked, details)
        _check_nested_replacements(masked, details)
    except _Unreadable:
        _refuse(
            f"has an expression the check cannot read ({details[:60]}…)",
            "write it more simply, or report the query: the check errs towards refusing",
        )
