"""The ``pathways`` command line: a thin shell over graph/, loaders/ and queries/.

Every command accepts ``--json``; domain errors become a one-line message and
an exit code here, at the edge, and never a traceback.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from un_pathways.graph.errors import PathwaysError

__all__ = ["build_parser", "main"]

PROJECT_DIR = Path(__file__).resolve().parent.parent


def _app(args: argparse.Namespace) -> int:
    """Serve the Streamlit explorer; prints the URL people open."""
    command = [
        sys.executable, "-m", "streamlit", "run", str(PROJECT_DIR / "app.py"),
        "--server.port", str(args.port), "--server.address", args.address,
        "--server.headless", "true", "--browser.gatherUsageStats", "false",
        "--client.toolbarMode", "viewer",  # no Deploy button or developer menu for visitors
    ]
    shown = "localhost" if args.address in ("0.0.0.0", "127.0.0.1") else args.address
    print(f"UN Pathways explorer: http://{shown}:{args.port}  (Ctrl+C to stop)", flush=True)
    env = {**os.environ, "PATHWAYS_DATA": str(args.data)}
    try:
        return subprocess.call(command, env=env)
    except KeyboardInterrupt:
        return 0


def build_parser() -> argparse.ArgumentParser:
    from un_pathways.cli import commands_analysis, commands_data, commands_lessons, commands_queries

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data", type=Path, default=None, help="data folder (default: the project's data/)")
    common.add_argument("--json", action="store_true", help="print machine-readable JSON")
    parser = argparse.ArgumentParser(prog="pathways", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands_data.register(commands, common)
    commands_analysis.register(commands, common)
    commands_queries.register(commands, common)
    commands_lessons.register(commands, common)
    app = commands.add_parser("app", parents=[common], help="serve the Streamlit explorer")
    app.add_argument("--port", type=int, default=8501)
    app.add_argument("--address", default="127.0.0.1")
    app.set_defaults(run=_app)
    return parser


def main(argv: list[str] | None = None) -> int:
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
