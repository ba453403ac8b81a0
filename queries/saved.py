"""Saved queries are data: a ``.cypher`` file whose header comment describes it.

The header is a YAML block inside a Cypher block comment, so the file runs
verbatim in Neo4j Browser or cypher-shell::

    /*
    name: veto_holders
    title: The veto holders
    question: Which states can veto a Security Council decision?
    category: Council & veto
    twin: council.veto_holders
    parameters:
      council: {type: string, default: un.security-council, description: The Council's id}
    teaching: Matching a pattern on a relationship type and a label.
    */
    MATCH (s:MemberState)-[:HOLDS_VETO_IN]->(c:Entity {id: $council}) RETURN s.id AS id

Parameters are only ever bound as Cypher parameters (``$name``); the text is
never formatted with user input. ``twin`` names the query's embedded twin,
``module.function`` in ``queries/twin_library`` (or ``none``).

Besides its declared parameters a query may use the *setting parameters* the
runner fills in from the settings in use, never the user: ``$friction``, the
friction-to-probability map (``graph.settings.friction_map``), so a friction
map changed in the app or on the command line changes every saved answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from un_pathways.graph.errors import DataError, DataProblem, QueryError
from un_pathways.graph.settings import friction_map
from un_pathways.loaders.resources import query_library_dir

__all__ = [
    "QUERY_DIR",
    "SETTING_PARAMETERS",
    "Parameter",
    "SavedQuery",
    "bind_parameters",
    "coerce_parameters",
    "load_saved_queries",
]

QUERY_DIR = query_library_dir()  # inside the installed package (loaders/resources.py)
HEADER = re.compile(r"\A\s*/\*(?P<header>.*?)\*/(?P<body>.*)\Z", re.DOTALL)
PARAMETER_USE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
# Parameters the runner fills from the settings in use; a header never declares them.
SETTING_PARAMETERS = frozenset({"friction"})
CATEGORIES = (
    "Structure",
    "Council & veto",
    "Pathways",
    "Stall points",
    "Non-mission settings",
    "Peace operations",
    "Policies & reforms",
    "Pressure",
    "Teaching",
)


class Parameter(BaseModel):
    """A typed query parameter with its default and, optionally, its allowed values."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: Literal["string", "int", "float", "bool", "list"]
    default: Any
    description: str = Field(min_length=1)
    allowed: list[Any] | None = None
    min: float | None = None
    max: float | None = None


class SavedQuery(BaseModel):
    """One saved query: its metadata and its Cypher text."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str = Field(min_length=1)
    question: str = Field(min_length=1)
    category: Literal[CATEGORIES]  # type: ignore[valid-type]
    twin: str = Field(pattern=r"^(none|[a-z_]+\.[a-z_][a-z0-9_]*)$")
    parameters: dict[str, Parameter] = {}
    teaching: str = Field(min_length=1)
    ordered: bool = True
    cypher: str = ""
    path: str = ""

    def defaults(self) -> dict[str, Any]:
        return {name: p.default for name, p in self.parameters.items()}

    @property
    def uses_friction(self) -> bool:
        """Whether the answer depends on the friction map (the Cypher reads ``$friction``)."""
        return "friction" in PARAMETER_USE.findall(self.cypher)


def _parse(path: Path) -> SavedQuery:
    text = path.read_text(encoding="utf-8")
    match = HEADER.match(text)
    if not match:
        raise DataError(
            [
                DataProblem(
                    str(path),
                    1,
                    path.stem,
                    "no /* ... */ header",
                    "start the file with a YAML header in a block comment",
                )
            ]
        )
    try:
        header = yaml.safe_load(match["header"]) or {}
        body = match["body"].strip()
        query = SavedQuery.model_validate({**header, "cypher": body, "path": str(path)})
    except (yaml.YAMLError, ValidationError) as exc:
        raise DataError(
            [DataProblem(str(path), 1, path.stem, f"invalid header: {exc}", "see docs/queries.md")]
        ) from None
    used = set(PARAMETER_USE.findall(body)) - SETTING_PARAMETERS
    declared = set(query.parameters)
    if declared & SETTING_PARAMETERS:
        raise DataError(
            [
                DataProblem(
                    str(path),
                    1,
                    query.name,
                    f"declares {sorted(declared & SETTING_PARAMETERS)}, which the runner fills in",
                    "remove it from the header's parameters; use $friction in the Cypher as it is",
                )
            ]
        )
    if used != declared:
        raise DataError(
            [
                DataProblem(
                    str(path),
                    1,
                    query.name,
                    f"parameters used {sorted(used)} differ from those declared {sorted(declared)}",
                    "declare every $parameter in the header, and only those",
                )
            ]
        )
    if query.name != path.stem:
        raise DataError(
            [
                DataProblem(
                    str(path),
                    1,
                    query.name,
                    "name differs from the file name",
                    f"rename to {query.name}.cypher",
                )
            ]
        )
    return query


def load_saved_queries(folder: Path = QUERY_DIR) -> dict[str, SavedQuery]:
    """Every saved query under ``folder``, by name; all header problems reported together.

    An empty or missing library is an error, not an empty answer: it means a broken install (the
    wheel ships ``queries/library/*.cypher``) or a wrong folder, and a silent empty list hid exactly that.
    """
    if not folder.is_dir() or not any(folder.glob("*.cypher")):
        raise DataError(
            [
                DataProblem(
                    str(folder),
                    None,
                    None,
                    "no saved queries (*.cypher files) found here",
                    "reinstall UN Pathways (its package ships queries/library/*.cypher) "
                    "or point to a folder of .cypher files",
                )
            ]
        )
    queries, problems = {}, []
    for path in sorted(folder.glob("*.cypher")):
        try:
            query = _parse(path)
        except DataError as exc:
            problems.extend(exc.problems)
            continue
        queries[query.name] = query
    if problems:
        raise DataError(problems)
    return queries


# How a parameter given as text (command line, URL) becomes its declared type.
_FROM_TEXT: dict[str, Callable[[str], Any]] = {
    "int": int,
    "float": float,
    "bool": lambda v: {"true": True, "false": False}[v.lower()],
    "list": lambda v: [item.strip() for item in v.split(",") if item.strip()],
}
_PYTHON_TYPES: dict[str, type | tuple[type, ...]] = {
    "string": str,
    "int": int,
    "float": (int, float),
    "bool": bool,
    "list": list,
}


def _coerce(name: str, spec: Parameter, value: Any) -> Any:
    if isinstance(value, str) and spec.type != "string":
        try:
            value = _FROM_TEXT[spec.type](value)
        except (ValueError, KeyError):
            raise QueryError(f"parameter {name!r} must be of type {spec.type}, got {value!r}") from None
    expected = _PYTHON_TYPES[spec.type]
    if not isinstance(value, expected) or (spec.type in ("int", "float") and isinstance(value, bool)):
        raise QueryError(f"parameter {name!r} must be of type {spec.type}, got {value!r}")
    if spec.allowed is not None and value not in spec.allowed:
        raise QueryError(f"parameter {name!r} must be one of {spec.allowed}, got {value!r}")
    number: Any = value  # a number whenever the header declares min or max
    if spec.min is not None and number < spec.min or spec.max is not None and number > spec.max:
        raise QueryError(f"parameter {name!r} must lie between {spec.min} and {spec.max}, got {value!r}")
    return value


def coerce_parameters(query: SavedQuery, given: dict[str, Any]) -> dict[str, Any]:
    """Defaults overlaid with the given values, each checked against its declaration."""
    unknown = set(given) - set(query.parameters)
    if unknown:
        known = ", ".join(sorted(query.parameters)) or "none"
        raise QueryError(
            f"query {query.name!r} has no parameter {sorted(unknown)[0]!r}; its parameters: {known}"
        )
    values = query.defaults()
    for name, value in given.items():
        values[name] = _coerce(name, query.parameters[name], value)
    return values


def bind_parameters(
    query: SavedQuery, given: dict[str, Any], friction: Mapping[str, float] | None = None
) -> dict[str, Any]:
    """Everything a saved query runs with: its checked parameters and the setting parameters it uses.

    ``friction`` holds the user's changes to the friction map (``None``: the
    defaults); a query reading ``$friction`` receives the whole map.
    """
    values = coerce_parameters(query, given)
    if query.uses_friction:
        values["friction"] = friction_map(friction)
    return values
