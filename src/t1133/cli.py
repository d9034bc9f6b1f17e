"""The ``t1133`` command line: the only module that opens files, prints and sets exit codes.

Exit status: 0 when the run completed (with or without findings), 1 when an input cannot be
read, 2 for bad arguments. A summary goes to stderr; findings go to stdout.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack
from datetime import datetime, timedelta
from typing import IO, Final, TextIO

from t1133.addresses import IPCategory, NetworkPolicy, describe_ip
from t1133.branches import BRANCHES
from t1133.engine import DEFAULT_LOOKBACK, RawRecord, Tally, iter_explanations, iter_findings
from t1133.exceptions import ConfigError, InputError
from t1133.export import FORMATS, explanation_dict, explanation_lines, neutralize
from t1133.findings import Finding
from t1133.readers import iter_records
from t1133.sources import InvalidEvent, parse_timestamp

__all__ = ["main"]

_DURATION: Final = re.compile(r"(\d+)([smhdw])")
_UNITS: Final = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days", "w": "weeks"}
_INVALID_SHOWN: Final = 10
_PROGRESS_AFTER: Final = 2.0  # seconds before a long run starts reporting progress
_PROGRESS_EVERY: Final = 0.5
_EXIT_INPUT: Final = 1
_EXIT_USAGE: Final = 2


def parse_duration(text: str) -> timedelta:
    """Parse ``90m``, ``24h``, ``7d``, ``1d12h`` (units s, m, h, d, w) into a timedelta."""
    compact = text.strip().lower()
    if not compact or _DURATION.sub("", compact):
        raise argparse.ArgumentTypeError(f"{text!r} is not a duration like 24h, 90m or 7d")
    total = timedelta()
    for amount, unit in _DURATION.findall(compact):
        total += timedelta(**{_UNITS[unit]: int(amount)})
    if total <= timedelta(0):
        raise argparse.ArgumentTypeError("the lookback must be longer than zero")
    return total


def _parse_now(text: str) -> datetime:
    try:
        return parse_timestamp(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


class _Progress:
    """Progress on stderr for long runs on a terminal: events read, rate, findings so far."""

    def __init__(self, stream: TextIO, enabled: bool) -> None:
        self.stream = stream
        self.enabled = enabled
        self.start = self.last = time.monotonic()
        self.read = 0
        self.findings = 0
        self.shown = False

    def tick(self) -> None:
        self.read += 1
        if not self.enabled or self.read % 1024:
            return
        now = time.monotonic()
        if now - self.start < _PROGRESS_AFTER or now - self.last < _PROGRESS_EVERY:
            return
        self.last = now
        rate = self.read / (now - self.start)
        self.stream.write(
            f"\r{self.read:,} events read, {rate:,.0f}/s, {self.findings:,} findings so far"
        )
        self.stream.flush()
        self.shown = True

    def done(self) -> None:
        if self.shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _inputs(paths: Sequence[str], stack: ExitStack) -> Iterator[tuple[IO[bytes], str]]:
    for path in paths or ["-"]:
        if path == "-":
            yield sys.stdin.buffer, "<stdin>"
            continue
        try:
            stream = stack.enter_context(open(path, "rb"))  # noqa: SIM115, PTH123
        except OSError as exc:
            raise InputError(f"{path}: {exc.strerror or exc}") from exc
        yield stream, path


def _records(
    paths: Sequence[str], stack: ExitStack, progress: _Progress
) -> Iterator[RawRecord | InvalidEvent]:
    for stream, name in _inputs(paths, stack):
        if not progress.enabled:
            yield from iter_records(stream, name)
            continue
        for record in iter_records(stream, name):
            progress.tick()
            yield record


def _policy(args: argparse.Namespace) -> NetworkPolicy | None:
    if not args.internal and not args.external_category:
        return None
    categories = args.external_category or [IPCategory.PUBLIC.name]
    return NetworkPolicy(internal=args.internal or (), external_categories=categories)


class _InvalidReport:
    """Shows the first rejected records on stderr and, if asked, writes all of them as NDJSON."""

    def __init__(self, err: TextIO | None, sink: TextIO | None) -> None:
        self.err = err
        self.sink = sink
        self.count = 0
        # Invalid records by what failed (source and fields): a stream of one wrong kind (say,
        # another event log shipped alongside) shows as one line, not as thousands.
        self.kinds: Counter[tuple[str, str]] = Counter()

    def __call__(self, invalid: InvalidEvent) -> None:
        self.count += 1
        what = ", ".join(invalid.fields) or invalid.reason.split(" (", 1)[0][:60]
        self.kinds[(invalid.source or "unrecognised", what)] += 1
        if self.err is not None and self.count <= _INVALID_SHOWN:
            where = f"{invalid.origin or '<input>'}:{invalid.line or '?'}"
            self.err.write(f"t1133: {neutralize(where)}: invalid record: ")
            self.err.write(f"{neutralize(invalid.reason)}\n")
        if self.sink is not None:
            document = dict(invalid.to_dict(), record=invalid.record)
            self.sink.write(json.dumps(document, default=str) + "\n")


def _summary(tally: Tally, invalid: _InvalidReport, out: TextIO) -> None:
    stats = tally.freeze()
    per_source = ", ".join(f"{s} {c.read:,}" for s, c in stats.sources.items())
    out.write(f"t1133: read {stats.read:,} events ({per_source or 'none'})\n")
    if invalid.count > _INVALID_SHOWN:
        out.write(f"t1133: ... and {invalid.count - _INVALID_SHOWN:,} more invalid records\n")
    out.writelines(
        f"t1133:   {count:,} invalid ({neutralize(source)}): {neutralize(what)}\n"
        for (source, what), count in invalid.kinds.most_common(_INVALID_SHOWN)
    )
    out.write(
        f"t1133: {stats.matched:,} matched, {stats.not_matched:,} not matched, "
        f"{stats.invalid:,} invalid; {stats.findings:,} findings\n"
    )
    out.writelines(f"t1133:   {name}: {count:,}\n" for name, count in stats.branches.items())


def _colour(stream: TextIO) -> bool:
    # https://no-color.org: NO_COLOR set to anything non-empty turns colour off.
    return stream.isatty() and not os.environ.get("NO_COLOR")


def _cmd_detect(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    policy = _policy(args)
    tally = Tally()
    progress = _Progress(err, err.isatty() and not args.quiet)
    with ExitStack() as stack:
        sink = None
        if args.invalid:
            try:
                sink = stack.enter_context(open(args.invalid, "w", encoding="utf-8"))  # noqa: PTH123
            except OSError as exc:
                raise InputError(f"{args.invalid}: {exc.strerror or exc}") from exc
        report = _InvalidReport(None if args.quiet else err, sink)
        found: list[Finding] = []
        for finding in iter_findings(
            _records(args.paths, stack, progress),
            now=args.now,
            lookback=args.lookback,
            branches=args.branch or tuple(BRANCHES),
            policy=policy,
            validate_all=args.validate_all,
            tally=tally,
            on_invalid=report,
        ):
            found.append(finding)
            progress.findings += 1
        progress.done()
    found.sort(key=Finding.sort_key)
    FORMATS[args.format].write(found, out, _colour(out))
    if not args.quiet:
        _summary(tally, report, err)
    return 0


def _cmd_explain(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    ascii_only = not _can_encode(out, "✓✗→")
    with ExitStack() as stack:
        progress = _Progress(err, enabled=False)
        explanations = iter_explanations(
            _records(args.paths, stack, progress),
            now=args.now,
            lookback=args.lookback,
            branches=args.branch or tuple(BRANCHES),
            policy=_policy(args),
        )
        for explanation in explanations:
            if args.format == "json":
                out.write(json.dumps(explanation_dict(explanation), default=str) + "\n")
                continue
            lines = explanation_lines(explanation, ascii_only=ascii_only)
            out.write("\n".join(lines) + "\n\n")
    return 0


def _can_encode(stream: TextIO, text: str) -> bool:
    try:
        text.encode(stream.encoding or "ascii")
    except (UnicodeEncodeError, LookupError):
        return False
    return True


def _cmd_classify(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:  # noqa: ARG001
    for text in args.address:
        info = describe_ip(text)
        out.write(f"{neutralize(text)}\t{info.category.name}\t{neutralize(info.reason)}\n")
    return 0


def _add_run_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "paths", nargs="*", metavar="PATH", help="NDJSON, JSON or CSV files, .gz too (- = stdin)"
    )
    parser.add_argument(
        "--now", type=_parse_now, help="end of the time window, ISO 8601 (default: now, UTC)"
    )
    parser.add_argument(
        "--lookback",
        type=parse_duration,
        default=DEFAULT_LOOKBACK,
        help="length of the time window, e.g. 24h, 90m, 7d (default: 24h)",
    )
    parser.add_argument(
        "--branch",
        action="append",
        choices=list(BRANCHES),
        metavar="NAME",
        help=f"run only this branch (repeatable): {', '.join(BRANCHES)}",
    )
    parser.add_argument(
        "--internal",
        action="append",
        metavar="CIDR",
        help="a network the organisation owns, never external (repeatable)",
    )
    parser.add_argument(
        "--external-category",
        action="append",
        choices=[c.name for c in IPCategory if c is not IPCategory.INVALID],
        metavar="CATEGORY",
        help="an address category to treat as external (repeatable; default: PUBLIC)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no summary, no progress")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="t1133",
        description="Detect MITRE ATT&CK T1133 External Remote Services in log events.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    detect = commands.add_parser("detect", help="find external remote-service logons")
    _add_run_options(detect)
    detect.add_argument("--format", choices=list(FORMATS), default="ndjson", help="output format")
    detect.add_argument(
        "--validate-all", action="store_true", help="validate every record, even unmatchable ones"
    )
    detect.add_argument(
        "--invalid", metavar="FILE", help="write every invalid record, with its reason, as NDJSON"
    )
    detect.set_defaults(run=_cmd_detect)
    explain = commands.add_parser(
        "explain", help="show, condition by condition, why each record did or did not fire"
    )
    _add_run_options(explain)
    explain.add_argument("--format", choices=["text", "json"], default="text", help="output")
    explain.set_defaults(run=_cmd_explain)
    classify = commands.add_parser(
        "classify", help="show the category of addresses and why (IANA special-purpose registries)"
    )
    classify.add_argument("address", nargs="+", help="address text as logged")
    classify.set_defaults(run=_cmd_classify)
    return parser


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None) -> int:
    """Run the command line.

    Args:
        argv: Arguments without the program name; ``None`` means ``sys.argv[1:]``.
        stdout: Where findings go (default ``sys.stdout``); the summary goes to ``sys.stderr``.

    Returns:
        The process exit status.
    """
    out, err = stdout or sys.stdout, sys.stderr
    args = _parser().parse_args(argv)
    run: Callable[[argparse.Namespace, TextIO, TextIO], int] = args.run
    try:
        return run(args, out, err)
    except InputError as exc:
        err.write(f"t1133: error: {neutralize(exc)}\n")
        return _EXIT_INPUT
    except ConfigError as exc:
        err.write(f"t1133: error: {neutralize(exc)}\n")
        return _EXIT_USAGE
    except BrokenPipeError:
        # The reader went away (| head): not an error of ours. Silence the flush at exit.
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115, PTH123
        return 0
