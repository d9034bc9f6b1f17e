"""Windows logons exported from Splunk and from Elasticsearch, detected in one run.

What it shows: t1133 reads the JSON that each product's search API returns, as it comes,

* Splunk's JSON output mode (``{"results": [...]}``) of classic ``WinEventLog:Security`` events,
  with the multivalue ``Account_Name`` (subject, then the account logged on to);
* an Elasticsearch search response (``{"hits": {"hits": [{"_source": ...}]}}``) of Winlogbeat
  ECS documents;

and maps both to the same ``SecurityEvent`` columns, so the same logon seen through both
products gives the same finding: equal columns and the same ``Finding.uid`` (the id a
downstream tool deduplicates on). It prints the findings as a table (the ``table`` format of
``t1133 detect``), then the logons that both products reported.

Run it from the repository root::

    python examples/splunk_and_elastic.py

It reads ``examples/data/splunk_export.json`` and ``examples/data/elastic_hits.json`` and judges
them at 2026-12-04T12:00:00Z, the end of the sample day.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import t1133
import t1133.export
from t1133.readers import iter_records

DATA = Path(__file__).resolve().parent / "data"
PATHS = (DATA / "splunk_export.json", DATA / "elastic_hits.json")
NOW = "2026-12-04T12:00:00Z"  # the end of the sample day: the output is the same on every run


def read_records(paths: Sequence[Path]) -> Iterator[t1133.RawRecord | t1133.InvalidEvent]:
    """Yield the records of every file; the readers unwrap Splunk results and Elastic hits.

    File reading is the caller's job: t1133's engine is sans-I/O and takes any iterable.
    """
    for path in paths:
        with path.open("rb") as stream:
            yield from iter_records(stream, origin=path.name)


def seen_twice(findings: Sequence[t1133.Finding]) -> dict[str, list[t1133.Finding]]:
    """Group findings by ``uid`` and keep the groups that arrived in more than one shape."""
    by_uid: dict[str, list[t1133.Finding]] = {}
    for finding in findings:
        by_uid.setdefault(finding.uid, []).append(finding)
    return {uid: group for uid, group in by_uid.items() if len({f.adapter for f in group}) > 1}


def main() -> int:
    """Detect over both exports, print the table, then the logons both products saw."""
    result = t1133.detect(read_records(PATHS), now=NOW)
    # colour=False: the table goes to a pipe or a file as often as to a terminal.
    t1133.export.FORMATS["table"].write(result.findings, sys.stdout, False)
    print()
    for uid, group in seen_twice(result.findings).items():
        first = group[0]
        # Everything but the shape it arrived in is equal: the eight columns and the uid.
        rows = {tuple(f.to_dict()[k] for k in t1133.FINDING_FIELDS) for f in group}
        verdict = "the same finding" if len(rows) == 1 else "DIFFERENT findings"
        shapes = " and ".join(sorted(f.adapter or "typed" for f in group))
        print(
            t1133.export.neutralize(
                f"{first.detection_branch} {first.account_name} from {first.source_ip} "
                f"to {first.computer}: {shapes} give {verdict} ({uid})"
            )
        )
    adapters = ", ".join(f"{name} {count}" for name, count in result.stats.adapters.items())
    print(f"read {result.stats.read} events ({adapters})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
