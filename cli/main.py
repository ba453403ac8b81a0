"""The ``pathways`` command line: a thin shell over graph/, loaders/ and queries/."""

from __future__ import annotations

import argparse
import sys

from graph.errors import PathwaysError

__all__ = ["main"]


def _validate(args: argparse.Namespace) -> int:
    from loaders.dataset import read_dataset

    dataset = read_dataset(args.data)
    print(
        f"ok: {len(dataset.nodes)} nodes, {len(dataset.edges)} edges, "
        f"{len(dataset.cases)} cases, {len(dataset.scenarios)} scenarios"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="pathways", description=__doc__)
    parser.add_argument("--data", default=None, help="data folder (default: the bundled data/)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("validate", help="check every data file; exit 1 if any is invalid").set_defaults(
        run=_validate
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.data is None:
        from loaders.dataset import DEFAULT_DATA_DIR

        args.data = DEFAULT_DATA_DIR
    try:
        return args.run(args)
    except PathwaysError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code


if __name__ == "__main__":
    sys.exit(main())
