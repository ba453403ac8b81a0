"""The ``pathways`` command line: a thin shell over graph/, loaders/ and queries/.

Every command accepts ``--json``; domain errors become a one-line message and
an exit code here, at the edge, and never a traceback.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
import warnings
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from un_pathways.graph.errors import PathwaysError

__all__ = ["build_parser", "main", "package_version"]

DISTRIBUTION = "un-pathways"  # the name in pyproject.toml, whose `version` is the only one


def package_version() -> str:
    """The installed distribution's version: defined once, in pyproject.toml, read from its metadata."""
    try:
        return version(DISTRIBUTION)
    except PackageNotFoundError:  # imported from a checkout that was never installed
        return "unknown (not installed: pip install -e .)"


def _app(args: argparse.Namespace) -> int:
    """Serve the Streamlit explorer: this process becomes the Streamlit server.

    ``os.execve`` replaces ``pathways`` with ``python -m streamlit run`` (same pid), so a signal sent to
    the pid that was started (Ctrl+C, ``kill``, a container stop) reaches the server itself and no
    orphaned server can outlive a killed ``pathways app``.
    """
    from un_pathways.loaders.resources import app_script

    command = [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        str(app_script()),
        "--server.port",
        str(args.port),
        "--server.address",
        args.address,
        "--server.headless",
        "true",
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "viewer",  # no Deploy button or developer menu for visitors
        # An unforeseen error shows a generic message; its type, text and trace go to the console only.
        "--client.showErrorDetails",
        "none",
    ]
    shown = "localhost" if args.address in ("0.0.0.0", "127.0.0.1") else args.address
    print(f"UN Pathways explorer: http://{shown}:{args.port}  (Ctrl+C to stop)", flush=True)
    sys.stderr.flush()
    env = {**os.environ, "PATHWAYS_DATA": str(args.data)}
    os.execve(sys.executable, command, env)
    return 0  # not reached: execve only returns by raising OSError


def build_parser() -> argparse.ArgumentParser:
    from un_pathways.cli import (
        commands_analysis,
        commands_data,
        commands_lessons,
        commands_neo4j,
        commands_queries,
    )

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", type=Path, default=None, help="data folder (default: the shipped dataset)")
    common.add_argument("--json", action="store_true", help="print machine-readable JSON")
    parser = argparse.ArgumentParser(prog="pathways", description=__doc__.splitlines()[0])
    parser.add_argument("--version", action="version", version=f"%(prog)s {package_version()}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands_data.register(commands, common)
    commands_analysis.register(commands, common)
    commands_queries.register(commands, common)
    commands_lessons.register(commands, common)
    commands_neo4j.register(commands, common)
    app = commands.add_parser("app", parents=[common], help="serve the Streamlit explorer")
    app.add_argument("--port", type=int, default=8501)
    app.add_argument("--address", default="127.0.0.1")
    app.set_defaults(run=_app)
    return parser


def _quiet_driver() -> None:
    """Keep the Neo4j driver's own warnings off the terminal: the CLI reports a failure in one line.

    The driver logs retries and lost connections as warnings; with no logging
    configured Python would print them on stderr (its last-resort handler). A
    NullHandler stops that and still lets records reach handlers a user set up.
    """
    logging.getLogger("neo4j").addHandler(logging.NullHandler())
    warnings.filterwarnings("ignore", module=r"neo4j(\.|$)")


def main(argv: list[str] | None = None) -> int:
    _quiet_driver()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.data is None:
        from un_pathways.loaders.dataset import DEFAULT_DATA_DIR

        args.data = Path(os.environ.get("PATHWAYS_DATA", DEFAULT_DATA_DIR))
    args.data = args.data.resolve()
    try:
        return args.run(args)
    except PathwaysError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:
        return 0
    finally:
        from un_pathways.cli.context import close_connections

        close_connections()


if __name__ == "__main__":
    sys.exit(main())
