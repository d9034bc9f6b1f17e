"""Detection cases of the Windows Security event shapes, as data, and how their tests run them.

``tests/fixtures/<shape>/logons.json`` (ECS, NXLog, Winlogbeat 6) and
``tests/fixtures/winxml/cases/<case>.xml`` hold one logon per case, written from
reference/windows-4624.md with fake values; ``tests/fixtures/sentinel/
SecurityEvent_equivalents.json`` holds the native Sentinel row of each case. A case named
``name@variant`` is a variant of the shape (flat keys, a lower-case channel ...) whose native row
is ``name``'s. ``invalid.json`` holds records each shape must reject, with the vendor paths the
reason has to name.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from t1133 import detect

FIXTURES = Path(__file__).parents[1] / "fixtures"
DATA = Path(__file__).parents[2] / ".." / "shared" / "data"
NO_DATA = "../shared/data is not available"
#: The fixtures' logons happen in the 24 hours before this.
NOW = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
LOOKBACK = timedelta(hours=24)
#: For the real samples (2019-2021): an explicit ``now`` and a window that holds them all.
SAMPLE_NOW = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.utc)
SAMPLE_LOOKBACK = timedelta(days=20 * 365)

#: What each case must give (branch, account, source address, computer), worked out by hand from
#: the branches' definitions: RDP and network logons from public addresses only, no machine
#: accounts on the network branch, successes (4624) only.
EXPECTED = {
    "rdp_public": [("SecurityEvent_RDP_External", "jdoe", "81.2.69.144", "srv-app01.corp.example")],
    "network_public": [
        ("SecurityEvent_NetworkLogon_External", "svc-backup", "8.10.20.30", "fs02.corp.example")
    ],
    "rdp_public_ipv6": [
        ("SecurityEvent_RDP_External", "adm-kim", "2a02:c7f:7e00:1::25", "jump01.corp.example")
    ],
    "rdp_private": [],
    "network_dash": [],
    "network_machine_account": [],
    "rdp_failure_4625": [],
    "service_logon": [],
}


def native_rows() -> dict[str, dict[str, Any]]:
    """Return the native ``SecurityEvent`` row of every case."""
    path = FIXTURES / "sentinel" / "SecurityEvent_equivalents.json"
    return json.loads(path.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def native_of(case: str) -> dict[str, Any]:
    """Return the native row a case (or a variant ``case@variant``) must agree with."""
    return native_rows()[case.partition("@")[0]]


def load_json(*parts: str) -> Any:
    """Return a JSON fixture under ``tests/fixtures``."""
    return json.loads(FIXTURES.joinpath(*parts).read_text(encoding="utf-8"))


def params(cases: dict[str, Any]) -> list[Any]:
    """Return named cases as pytest params, the name as the id and the first value."""
    return [pytest.param(name, value, id=name) for name, value in cases.items()]


def findings(
    records: Iterable[object], now: datetime = NOW, lookback: timedelta = LOOKBACK
) -> list[dict[str, Any]]:
    """Run the engine and return the findings as dicts, without the record shape's id."""
    result = detect(records, now=now, lookback=lookback)
    return [{k: v for k, v in f.to_dict().items() if k != "Adapter"} for f in result.findings]


def summary(found: list[dict[str, Any]]) -> list[tuple[str, str, str, str]]:
    """Return (branch, account, source address, computer) of each finding."""
    return [(f["DetectionBranch"], f["AccountName"], f["SourceIP"], f["Computer"]) for f in found]


def read_json_lines(path: Path) -> list[Any]:
    """Return the JSON value of every non-blank line of a file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def sample_marker(name: str) -> pytest.MarkDecorator:
    """Skip a test when the real sample ``name`` under ``../shared/data`` is not there."""
    return pytest.mark.skipif(not (DATA / name).is_file(), reason=NO_DATA)
