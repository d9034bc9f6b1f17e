"""A SOAR-style job: Graph sign-ins and Windows logons in, OCSF Detection Findings out.

What it shows: one ``t1133.detect`` call over records of two products at once (a Microsoft
Graph ``/auditLogs/signIns`` page and Sentinel ``SecurityEvent`` rows), each record recognised
by its shape, and each finding turned into an OCSF 1.3.0 Detection Finding (class 2004) with
``Finding.to_ocsf()``, ready to post to a case-management or SIEM API.

Run it from the repository root::

    python examples/soar_signins_to_ocsf.py
    python examples/soar_signins_to_ocsf.py --now 2026-12-05T08:00:00Z path/to/signins.json

stdout gets one OCSF JSON document per line; stderr gets a one-line summary. Without paths it
reads ``examples/data/graph_signins.json`` and ``examples/data/windows_events.json``; without
``--now`` it judges them at 2026-12-04T12:00:00Z, the end of the sample day, so that the output
is the same on every run (a real job would leave ``now`` out: the current time).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import t1133
from t1133.readers import iter_records

DATA = Path(__file__).resolve().parent / "data"
DEFAULT_PATHS = (DATA / "graph_signins.json", DATA / "windows_events.json")
# The sample data were written for this instant; a fixed `now` keeps the example reproducible.
DEFAULT_NOW = "2026-12-04T12:00:00Z"


def read_records(paths: Sequence[Path]) -> Iterator[t1133.RawRecord | t1133.InvalidEvent]:
    """Yield the records of every file, in order, whatever their format.

    File reading is the caller's job: t1133's engine is sans-I/O and takes any iterable. The
    readers recognise the format by content and unwrap containers such as a Graph page
    (``{"value": [...]}``), so one loop serves both files.
    """
    for path in paths:
        with path.open("rb") as stream:
            yield from iter_records(stream, origin=path.name)


def summary(stats: t1133.DetectionStats) -> str:
    """One line for stderr: events read per source, invalid records, findings per branch."""
    sources = ", ".join(f"{name} {counts.read}" for name, counts in stats.sources.items())
    fired = ", ".join(f"{name} {count}" for name, count in stats.branches.items() if count)
    return (
        f"read {stats.read} events ({sources}), {stats.invalid} invalid, "
        f"{stats.findings} findings ({fired or 'none'})"
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Detect over the inputs and write OCSF findings; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*", type=Path, default=list(DEFAULT_PATHS))
    parser.add_argument("--now", default=DEFAULT_NOW, help="end of the 24 h window (ISO 8601)")
    args = parser.parse_args(argv)
    try:
        result = t1133.detect(read_records(args.paths), now=args.now)
    except t1133.ConfigError as exc:  # a bad --now: say so in one line, as argparse does
        parser.error(str(exc))
    except (OSError, t1133.InputError) as exc:
        print(f"soar_signins_to_ocsf: {exc}", file=sys.stderr)
        return 1
    for finding in result.findings:
        print(json.dumps(finding.to_ocsf(), separators=(",", ":")))
    print(f"soar_signins_to_ocsf: {summary(result.stats)}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
