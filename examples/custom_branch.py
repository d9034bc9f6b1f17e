"""Embedding t1133 in a host tool: custom branches beside the built-in ones, and an explanation.

What it shows:

* deriving a branch from a built-in one: RDP logons from outside to a named set of crown-jewel
  servers (``SECURITY_EVENT_RDP_EXTERNAL.where(one_of("Computer", ...))``), then giving it a
  week-long lookback and a critical severity with ``.replace(...)``;
* writing a new branch from predicates: successful Entra ID sign-ins to any app that Entra
  rated high-risk, from an external address;
* running both with the four built-in branches (``ALL_BRANCHES``) in one ``t1133.detect``
  call, and printing which branch fired for what;
* ``t1133.explain`` on an event that fired nothing, printed condition by condition.

Run it from the repository root::

    python examples/custom_branch.py

It reads ``examples/data/host_tool_events.json`` (Sentinel ``SecurityEvent`` and ``SigninLogs``
rows) and judges them at 2026-12-04T12:00:00Z, the end of the sample day.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import t1133
from t1133.export import neutralize
from t1133.readers import iter_records

DATA = Path(__file__).resolve().parent / "data" / "host_tool_events.json"
NOW = "2026-12-04T12:00:00Z"  # the end of the sample day: the output is the same on every run

# The servers whose every external RDP logon is an incident, whatever its age within a week.
CROWN_JEWELS = frozenset({"dc01.corp.example", "sql01.corp.example"})

# Derived: the built-in RDP branch's conditions, plus one. The built-in name would clash in a
# run that includes the built-in branch, so the derived branch gets its own name.
RDP_TO_CROWN_JEWELS = t1133.SECURITY_EVENT_RDP_EXTERNAL.where(
    t1133.one_of("Computer", CROWN_JEWELS), name="RDP_To_Crown_Jewels"
).replace(
    lookback=timedelta(days=7),  # this branch's own window; the others keep the run's 24 h
    severity="critical",
    description="External RDP logon to a crown-jewel server",
)

# New: written from predicates over the SigninLogs columns, with its own projection.
RISKY_SIGNIN_EXTERNAL = t1133.Branch(
    name="Risky_SignIn_External",
    source="SigninLogs",
    condition=(
        t1133.equals("ResultType", "0")
        & t1133.equals("RiskLevelDuringSignIn", "high")
        & t1133.external_ip("IPAddress")
    ),
    projection=t1133.Projection(
        account_name=t1133.Column("UserPrincipalName"),
        source_ip=t1133.Column("IPAddress"),
        target_service=t1133.Column("AppDisplayName"),
        location=t1133.Column("Location"),
        risk_level=t1133.Column("RiskLevelDuringSignIn"),
    ),
    description="Successful sign-in Entra rated high-risk, from an external address",
    severity="high",
)

BRANCHES = (*t1133.ALL_BRANCHES, RDP_TO_CROWN_JEWELS, RISKY_SIGNIN_EXTERNAL)


def read_records(path: Path) -> list[t1133.RawRecord | t1133.InvalidEvent]:
    """Read every record of a file (JSON, NDJSON or CSV, by content).

    File reading is the caller's job: t1133's engine is sans-I/O and takes any iterable, so a
    host tool may as well pass the rows its own API client returned.
    """
    with path.open("rb") as stream:
        return list(iter_records(stream, origin=path.name))


def check_lines(check: t1133.Check, depth: int) -> Iterator[str]:
    """Yield one line per condition, the parts of a combined condition indented below it.

    Values come from the event (attacker-controlled): ``neutralize`` keeps control characters
    and ANSI escapes from reaching the terminal.
    """
    verdict = "pass" if check.passed else "FAIL"
    line = f"{'  ' * depth}{verdict}  {check.description}"
    if check.column is not None:
        value = check.value.isoformat() if isinstance(check.value, datetime) else check.value
        line += f": {check.column} = {value!r}"
    if check.detail:
        line += f" -> {check.detail}"
    yield neutralize(line)
    for child in check.children:
        yield from check_lines(child, depth + 1)


def is_quiet_rdp(record: t1133.RawRecord | t1133.InvalidEvent) -> bool:
    """The record an analyst asks about: the RDP logon to dc01 from ::ffff:10.2.3.4."""
    data = record.data if isinstance(record, t1133.RawRecord) else None
    return isinstance(data, dict) and data.get("IpAddress") == "::ffff:10.2.3.4"


def main() -> int:
    """Detect with the custom branches, then explain one record that fired nothing."""
    records = read_records(DATA)
    result = t1133.detect(records, now=NOW, branches=BRANCHES)
    print(f"{len(result.findings)} findings from {result.stats.read} events:")
    for f in result.findings:
        target = f.computer or f.target_service
        print(
            neutralize(
                f"  {f.detection_branch:<36} {f.severity:<8} {f.account_name or '-':<28} "
                f"{f.source_ip or '-':<15} -> {target}"
            )
        )

    # An analyst asks why this logon raised nothing: explain judges it with the very
    # predicates, window and policy detect used, so the answer cannot differ from the verdict.
    quiet = next(r for r in records if is_quiet_rdp(r))
    explanation = t1133.explain(quiet, now=NOW, branches=BRANCHES)
    print(f"\nWhy {explanation.origin}:{explanation.line} ({explanation.adapter}) fired nothing:")
    for judged in explanation.branches:
        print(f"  {judged.branch}: {'fired' if judged.matched else 'did not fire'}")
        # A branch's check is the conjunction of its conditions: show the conditions.
        for part in judged.check.children or (judged.check,):
            print("\n".join(check_lines(part, depth=2)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
