"""Records per second through ``t1133.parse_event``, per source, against a same-run baseline.

The baseline does the least any parser must do with the same rows: read every modelled column
with plain ``dict`` access and turn the time column into a ``datetime`` with
``datetime.fromisoformat``. The printed ratio (baseline records/s over ``parse_event``
records/s: how many times the floor a typed event costs) is what to compare between runs and
machines; the absolute figure is what the goal (150,000 SecurityEvent rows/s on one core) is
stated in.

Rows are the realistic 36-42-column fixtures of ``tests/fixtures/sentinel/``, copied with a
different time and address per row, so nothing can be served from a cache.

Run: ``python benchmarks/bench_parse.py [--rows 20000] [--repeat 5]``.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import t1133

FIXTURES = Path(__file__).resolve().parents[1] / "tests" / "fixtures" / "sentinel"

# (source id, fixture row, time column, address column)
CASES = (
    ("SecurityEvent", "rdp_public_int_columns", "TimeGenerated", "IpAddress"),
    ("SigninLogs", "success_objects", "TimeGenerated", "IPAddress"),
    ("DeviceLogonEvents", "hunting_row", "Timestamp", "RemoteIP"),
)
START = datetime(2024, 5, 1, 8, 0, tzinfo=timezone.utc)


def make_rows(source: str, name: str, time_column: str, ip_column: str, n: int) -> list[dict]:
    """Return ``n`` copies of a fixture row, each with its own time and address."""
    template = json.loads((FIXTURES / f"{source}.json").read_text(encoding="utf-8"))[name]
    rows = []
    for i in range(n):
        row = dict(template)
        stamp = START + timedelta(seconds=i, microseconds=i % 1000 * 1000)
        row[time_column] = stamp.strftime("%Y-%m-%dT%H:%M:%S.%f") + "0Z"  # 7 digits, as LA
        row[ip_column] = f"81.{i >> 16 & 255}.{i >> 8 & 255}.{i & 255}"
        rows.append(row)
    return rows


def columns_of(source: str) -> list[str]:
    """Return the Sentinel column names the source's model reads."""
    model = t1133.SOURCES[source].model
    return [f.serialization_alias or f.alias or name for name, f in model.model_fields.items()]


def baseline(rows: list[dict], columns: list[str], time_column: str) -> None:
    """Read every modelled column and parse the time: the floor under any parser."""
    for row in rows:
        values = {column: row.get(column) for column in columns}
        values[time_column] = datetime.fromisoformat(row[time_column])


def through_parse_event(rows: list[dict], _columns: list[str], _time_column: str) -> None:
    """Turn every row into its typed event."""
    parse = t1133.parse_event
    for row in rows:
        parse(row)


def best_rate(
    run: Callable[[list[dict], list[str], str], None],
    rows: list[dict],
    columns: list[str],
    time_column: str,
    repeat: int,
) -> float:
    """Return the best records/s over ``repeat`` runs."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        run(rows, columns, time_column)
        best = min(best, time.perf_counter() - started)
    return len(rows) / best


def main(argv: list[str] | None = None) -> dict[str, Any]:
    """Measure every source and print a table; return the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000, help="rows per source")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure (best is kept)")
    args = parser.parse_args(argv)

    print(f"Python {platform.python_version()} on {platform.machine()}, {args.rows} rows/source")
    print(f"{'source':<18} {'columns':>7} {'parse_event/s':>14} {'baseline/s':>12} {'ratio':>6}")
    print("(ratio: baseline/s divided by parse_event/s, how many times the floor parsing costs)")
    results: dict[str, Any] = {}
    for source, name, time_column, ip_column in CASES:
        rows = make_rows(source, name, time_column, ip_column, args.rows)
        columns = columns_of(source)
        through_parse_event(rows[:100], columns, time_column)  # warm up caches and imports
        parsed = best_rate(through_parse_event, rows, columns, time_column, args.repeat)
        floor = best_rate(baseline, rows, columns, time_column, args.repeat)
        ratio = floor / parsed
        width = len(rows[0])
        print(f"{source:<18} {width:>7} {parsed:>14,.0f} {floor:>12,.0f} {ratio:>5.1f}x")
        results[source] = {"columns": width, "parse_event": parsed, "baseline": floor}
    return results


if __name__ == "__main__":
    main()
