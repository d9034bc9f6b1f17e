r"""A notebook-free report: findings grouped per account and source address, as Markdown.

What it shows: ``t1133.detect`` over a file, then plain Python over ``DetectionResult`` to
write a report a person reads in a ticket, a wiki or a pull request: the run's counts (events
read per source, invalid records and why, findings per branch), then one table row per
(account, source IP) with its number of findings, first and last time seen, the branches
that fired and the hosts or apps reached.

Account, host and app names come from outside and may be chosen by an attacker. In the report
they are data, never markup: Markdown's active characters are escaped (``| * _ ` [ ] ~ $ \``
with a backslash, ``< > &`` as entities), and control and format characters (newlines, ANSI
escapes, bidirectional overrides) are written as visible ``\uXXXX`` escapes, so that a name
can neither break out of its table cell nor inject a link, an image or HTML.

Run it from the repository root::

    python examples/markdown_report.py > report.md
    python examples/markdown_report.py --now 2026-12-05T08:00:00Z path/to/events.ndjson

Without paths it reads the bundled sample, ``examples/data/sample.ndjson``; without ``--now`` it
judges the events at 2026-12-04T12:00:00Z, the end of the sample day, so that the report is the
same on every run.
"""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import Final, NamedTuple

import t1133
from t1133.readers import iter_records

DATA: Final = Path(__file__).resolve().parent / "data"
DEFAULT_NOW: Final = "2026-12-04T12:00:00Z"  # the end of the sample day: a reproducible report
# Backslash-escaped: emphasis, code, links and images, table cells, strikethrough and math (on
# GitHub). A backslash before ASCII punctuation is always an escape in CommonMark and GFM.
# Angle brackets and ampersands as entities: no raw HTML, and no entity the data spells out
# (``&lt;``) turns into a character. Bare URLs and e-mail addresses may still be shown as
# links by GitHub's autolinker; that is a renderer's convenience, not markup in the data.
_ESCAPES: Final = str.maketrans(
    {c: "\\" + c for c in "\\`*_[]|~$"} | {"<": "&lt;", ">": "&gt;", "&": "&amp;"}
)
# Unicode categories that must not reach a reader as they are: controls (newline, ESC), format
# characters (bidi overrides, zero-width joiners), line and paragraph separators.
_INVISIBLE: Final = frozenset({"Cc", "Cf", "Zl", "Zp"})


def md(text: object) -> str:
    """Return ``text`` as inert Markdown inline text; ``None`` becomes an empty string."""
    value = "" if text is None else str(text)
    escaped = value.translate(_ESCAPES)
    if escaped.isprintable():
        return escaped
    # The backslash of a visible escape is itself escaped, so it renders as one backslash.
    return "".join(
        f"\\\\u{ord(ch):04x}" if unicodedata.category(ch) in _INVISIBLE else ch for ch in escaped
    )


def iso(moment: datetime) -> str:
    """ISO 8601 in UTC with a ``Z``."""
    return moment.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


def read_records(paths: Sequence[Path]) -> Iterator[t1133.RawRecord | t1133.InvalidEvent]:
    """Yield the records of every file, whatever its format (NDJSON, JSON, CSV, by content).

    File reading is the caller's job: t1133's engine is sans-I/O and takes any iterable.
    """
    for path in paths:
        with path.open("rb") as stream:
            yield from iter_records(stream, origin=path.name)


def table(header: Sequence[str], rows: Iterable[Sequence[object]], right: int = 0) -> list[str]:
    """A GFM table; the last ``right`` columns are right-aligned (counts). Cells are escaped."""
    align = ["---"] * (len(header) - right) + ["---:"] * right
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join(align) + "|"]
    lines.extend("| " + " | ".join(md(cell) for cell in row) + " |" for row in rows)
    return lines


def run_section(result: t1133.DetectionResult) -> list[str]:
    """The run's counts: per source, per branch, and every invalid record with its reason."""
    stats = result.stats
    per_source = [
        (name, c.read, c.matched, c.not_matched, c.invalid) for name, c in stats.sources.items()
    ]
    per_source.append(("all", stats.read, stats.matched, stats.not_matched, stats.invalid))
    lines = ["## Run", ""]
    lines += table(("Source", "Read", "Matched", "Not matched", "Invalid"), per_source, right=4)
    lines += ["", *table(("Branch", "Findings"), stats.branches.items(), right=1), ""]
    if result.invalid:
        lines += ["Invalid records (read, counted, never matched):", ""]
        lines += [f"- {md(i.origin)}:{i.line}: {md(i.reason)}" for i in result.invalid]
        lines.append("")
    return lines


class Group(NamedTuple):
    """The findings of one account from one source address."""

    account: str
    source_ip: str
    first_seen: str
    last_seen: str
    branches: str
    targets: str
    findings: int


GROUP_HEADER: Final = (
    "Account",
    "Source IP",
    "First seen",
    "Last seen",
    "Branches",
    "Targets",
    "Findings",
)


def groups(findings: Iterable[t1133.Finding]) -> list[Group]:
    """One group per (account, source IP), most findings first, then by account and address."""
    grouped: dict[tuple[str, str], list[t1133.Finding]] = {}
    for f in findings:
        grouped.setdefault((f.account_name or "", f.source_ip or ""), []).append(f)
    rows = []
    for (account, address), members in grouped.items():
        times = [f.time_generated for f in members]
        branches = sorted({f.detection_branch for f in members})
        targets = sorted({f.computer or f.target_service or "" for f in members})
        rows.append(
            Group(
                account,
                address,
                iso(min(times)),
                iso(max(times)),
                ", ".join(branches),
                ", ".join(targets),
                len(members),
            )
        )
    # Ties are ordered by account and address: the report never depends on the input's order.
    return sorted(rows, key=lambda g: (-g.findings, g.account, g.source_ip))


def report(result: t1133.DetectionResult, paths: Sequence[Path], now: str) -> Iterator[str]:
    """Yield the lines of the report."""
    names = ", ".join(md(p.name) for p in paths)
    yield "# T1133 External Remote Services: findings report"
    yield ""
    yield f"Input: {names}. Window: the 24 hours up to {md(now)}."
    yield ""
    yield from run_section(result)
    yield "## Findings by account and source IP"
    yield ""
    rows = groups(result.findings)
    if not rows:
        yield "No findings."
        return
    yield f"{len(result.findings)} findings in {len(rows)} groups, most findings first."
    yield ""
    yield from table(GROUP_HEADER, rows, right=1)


def main(argv: Sequence[str] | None = None) -> int:
    """Detect over the inputs and write the report to stdout; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=[DATA / "sample.ndjson"])
    parser.add_argument("--now", default=DEFAULT_NOW, help="end of the 24 h window (ISO 8601)")
    args = parser.parse_args(argv)
    try:
        result = t1133.detect(read_records(args.paths), now=args.now)
    except t1133.ConfigError as exc:
        parser.error(str(exc))
    except (OSError, t1133.InputError) as exc:
        print(f"markdown_report: {exc}", file=sys.stderr)
        return 1
    print("\n".join(report(result, args.paths, args.now)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
