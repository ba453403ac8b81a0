"""`pathways neo4j start|stop|status`: a real local Neo4j without Docker (see loaders/local_neo4j.py)."""

from __future__ import annotations

import argparse
import sys

from un_pathways.cli import context
from un_pathways.cli.output import emit_json

__all__ = ["NOT_RUNNING_EXIT", "register"]

NOT_RUNNING_EXIT = 3  # `status` when no server runs (the LSB convention), so scripts can test it


def _start(args: argparse.Namespace) -> int:
    from un_pathways.loaders.java_launcher import missing_tools
    from un_pathways.loaders.local_neo4j import config_file, start_server

    data = context.dataset(args.data)  # invalid data stops here, before a server starts
    reason = missing_tools()
    if reason:
        from un_pathways.loaders.java_launcher import LauncherError

        raise LauncherError(reason)
    if not args.json:
        print(
            "starting Neo4j on 127.0.0.1 (the first start builds it from Maven Central: ~125 MB, a few "
            "minutes)...",
            file=sys.stderr,
            flush=True,
        )
    state = start_server(data, args.port)
    counts = state["counts"]
    nodes = counts.get("label:Entity", 0)
    relationships = sum(v for k, v in counts.items() if k.startswith("type:"))
    if args.json:
        emit_json({**state, "nodes": nodes, "relationships": relationships})
        return 0
    verb = "was already running" if state["already_running"] else "is running"
    print(
        f"Neo4j {verb} on {state['uri']} (pid {state['pid']}); loaded {nodes} nodes, {relationships} "
        f"relationships.\nThe CLI (--backend neo4j, cypher) and the app use it now; its connection and "
        f"password are in {config_file()} (readable by you only; NEO4J_URI/USER/PASSWORD override it).\n"
        "Stop it with `pathways neo4j stop`."
    )
    return 0


def _status(args: argparse.Namespace) -> int:
    from un_pathways.loaders.local_neo4j import server_state

    state = server_state()
    if args.json:
        emit_json(state.to_dict())
    elif state.running:
        print(
            f"running on {state.uri} (pid {state.pid}); store in {state.server_dir}; "
            f"connection in {state.config_file}"
        )
    else:
        print("not running (start it with `pathways neo4j start`)")
    return 0 if state.running else NOT_RUNNING_EXIT


def _stop(args: argparse.Namespace) -> int:
    from un_pathways.loaders.local_neo4j import stop_server

    pid = stop_server()
    if args.json:
        emit_json({"stopped": pid is not None, "pid": pid})
    else:
        print(f"stopped the local Neo4j (pid {pid})" if pid else "not running: nothing to stop")
    return 0


ACTIONS = {"start": _start, "stop": _stop, "status": _status}


def register(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    from un_pathways.loaders.local_neo4j import DEFAULT_PORT

    help_ = "run a real Neo4j on 127.0.0.1 without Docker (needs Java 17+ and Maven)"
    neo4j = commands.add_parser(
        "neo4j",
        parents=[common],
        help=help_,
        description=f"{help_}: `start` builds it (once), starts it with a generated password, loads the "
        "dataset and saves the connection for the CLI and the app; `status` says whether it runs and where "
        f"(exit {NOT_RUNNING_EXIT} when it does not); `stop` stops it.",
    )
    neo4j.add_argument("action", choices=list(ACTIONS))
    neo4j.add_argument("--port", type=int, default=DEFAULT_PORT, help="Bolt port on 127.0.0.1 (start)")
    neo4j.set_defaults(run=lambda args: ACTIONS[args.action](args))
