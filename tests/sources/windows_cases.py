"""Detection cases of the Windows Security event shapes, as data, and how their tests run them.

``tests/fixtures/<shape>/logons.json`` (ECS, NXLog, Winlogbeat 6) and
``tests/fixtures/winxml/cases/<case>.xml`` hold one logon per case, written from
reference/windows-4624.md with fake values; ``tests/fixtures/sentinel/
SecurityEvent_equivalents.json`` holds the native Sentinel row of each case. A case named
``name@variant`` is a variant of the shape (flat keys, a lower-case channel ...) whose native row
is ``name``'s. ``invalid.json`` holds records each shape must reject, with the vendor paths the
reason has to name.

The ``assert_*`` helpers hold the checks every Windows shape's tests make alike; ``conftest.py``
has pytest rewrite their asserts, so that a failure shows both sides as in a test module.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest

from sources import shape_cases
from sources.shape_cases import load_json
from t1133 import InvalidEvent
from t1133.sources import try_parse_event

#: The fixtures' logons happen in the 24 hours before this.
NOW = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
LOOKBACK = timedelta(hours=24)

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
    return load_json("sentinel", "SecurityEvent_equivalents.json")  # type: ignore[no-any-return]


def native_of(case: str) -> dict[str, Any]:
    """Return the native row a case (or a variant ``case@variant``) must agree with."""
    return native_rows()[case.partition("@")[0]]


def params(cases: dict[str, Any]) -> list[Any]:
    """Return named cases as pytest params, the name as the id and the first value."""
    return [pytest.param(name, value, id=name) for name, value in cases.items()]


def findings(
    records: Iterable[object], now: datetime = NOW, lookback: timedelta = LOOKBACK
) -> list[dict[str, Any]]:
    """Run the engine and return the findings as dicts, without the record shape's id."""
    return shape_cases.findings(records, now=now, lookback=lookback)


def summary(found: list[dict[str, Any]]) -> list[tuple[str, str, str, str]]:
    """Return (branch, account, source address, computer) of each finding."""
    return [(f["DetectionBranch"], f["AccountName"], f["SourceIP"], f["Computer"]) for f in found]


def assert_same_findings_as_native(case: str, records: list[object]) -> None:
    """Check that a case's records give its native row's findings, and the ones in EXPECTED."""
    expected = findings([native_of(case)])
    actual = findings(records)
    assert expected == actual
    assert EXPECTED[case.partition("@")[0]] == summary(actual)


def assert_invalid_names_the_fields(case: str, spec: dict[str, Any], adapter: str) -> None:
    """Check that an ``invalid.json`` record is an InvalidEvent naming its fields, from ``adapter``.

    The fields must be named both in the event's ``fields`` and in its reason.
    """
    invalid = try_parse_event(spec["record"])
    assert isinstance(invalid, InvalidEvent), case
    assert tuple(spec["fields"]) == invalid.fields
    assert all(field in invalid.reason for field in spec["fields"])
    assert adapter == invalid.adapter
