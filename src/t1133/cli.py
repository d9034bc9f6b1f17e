"""The ``t1133`` command line: the only module that opens files, prints and sets exit codes."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from typing import TextIO

from t1133.addresses import describe_ip

__all__ = ["main"]


def _cmd_classify(args: argparse.Namespace, out: TextIO) -> int:
    for text in args.address:
        info = describe_ip(text)
        out.write(f"{_safe(text)}\t{info.category.name}\t{_safe(info.reason)}\n")
    return 0


def _safe(text: object) -> str:
    """Render untrusted text on one line with control characters made visible."""
    return "".join(
        ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in str(text)
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="t1133",
        description="Detect MITRE ATT&CK T1133 External Remote Services in log events.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    classify = commands.add_parser(
        "classify", help="show the category of addresses and why (IANA special-purpose registries)"
    )
    classify.add_argument("address", nargs="+", help="address text as logged")
    classify.set_defaults(run=_cmd_classify)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: Arguments without the program name; ``None`` means ``sys.argv[1:]``.

    Returns:
        The process exit status.
    """
    args = _parser().parse_args(argv)
    status: int = args.run(args, sys.stdout)
    return status
