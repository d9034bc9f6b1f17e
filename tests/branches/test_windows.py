"""Tests of ``t1133.branches.windows``: the RDP and network-logon branches over SecurityEvent.

Condition-by-condition cases are data: ``tests/cases/SecurityEvent_*.yaml``. Here: the branch
values themselves, their words, and the finding's contract form.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest

from t1133 import (
    BRANCHES,
    FINDING_FIELDS,
    SECURITY_EVENT_NETWORK_LOGON_EXTERNAL,
    SECURITY_EVENT_RDP_EXTERNAL,
    IPCategory,
    WindowsLogonEvent,
    detect,
)

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.utc)


def row(**columns: object) -> dict[str, object]:
    """A SecurityEvent 4624 row from a public address (fake values), with columns changed."""
    base: dict[str, object] = {
        "Type": "SecurityEvent",
        "TimeGenerated": "2026-12-04T08:20:11.0000000Z",
        "EventID": 4624,
        "Computer": "srv-app01.corp.example",
        "TargetUserName": "jdoe",
        "LogonType": 10,
        "IpAddress": "81.2.69.144",
    }
    return {**base, **columns}


@pytest.mark.parametrize(
    ("branch", "name", "severity"),
    [
        (SECURITY_EVENT_RDP_EXTERNAL, "SecurityEvent_RDP_External", "high"),
        (SECURITY_EVENT_NETWORK_LOGON_EXTERNAL, "SecurityEvent_NetworkLogon_External", "medium"),
    ],
)
def test_branch_values(branch, name, severity):
    """Each branch is registered by name, reads SecurityEvent and carries both T1133 tactics."""
    assert (name, "SecurityEvent", severity, ("TA0001:T1133", "TA0003:T1133"), branch) == (
        branch.name,
        branch.source,
        branch.severity,
        branch.techniques,
        BRANCHES[name],
    )


def test_conditions_in_words():
    """The conditions read as the issue's table (the ``$`` rule only in the network branch)."""
    assert [
        "EventID == 4624 and LogonType == 10 and IpAddress is external",
        (
            "EventID == 4624 and LogonType == 3 and IpAddress is external"
            " and not TargetUserName endswith '$'"
        ),
    ] == [
        SECURITY_EVENT_RDP_EXTERNAL.condition.describe(),
        SECURITY_EVENT_NETWORK_LOGON_EXTERNAL.condition.describe(),
    ]


def test_full_condition_puts_the_window_first():
    """The engine's condition is the time window, then the branch's own condition."""
    assert (
        "TimeGenerated is inside the time window and EventID == 4624 and LogonType == 10"
        " and IpAddress is external"
    ) == SECURITY_EVENT_RDP_EXTERNAL.full_condition("TimeGenerated").describe()


def test_to_dict_has_the_eight_contract_fields_first():
    """A finding's dict starts with exactly the eight contract fields, in the query's order.

    Location and RiskLevel are None (SecurityEvent has neither); the time is UTC with ``Z``.
    """
    (finding,) = detect([row()], now=NOW, branches=[SECURITY_EVENT_RDP_EXTERNAL]).findings
    data = finding.to_dict()
    assert list(FINDING_FIELDS) == list(data)[:8]
    assert {
        "TimeGenerated": "2026-12-04T08:20:11Z",
        "AccountName": "jdoe",
        "SourceIP": "81.2.69.144",
        "TargetService": "RDP_RemoteInteractive",
        "DetectionBranch": "SecurityEvent_RDP_External",
        "Location": None,
        "RiskLevel": None,
        "Computer": "srv-app01.corp.example",
    } == {k: data[k] for k in FINDING_FIELDS}


def test_to_dict_context_fields():
    """Beside the eight: source table, record shape, address category, techniques, severity."""
    (finding,) = detect([row(LogonType=3)], now=NOW).findings
    data = finding.to_dict()
    assert {
        "SourceTable": "SecurityEvent",
        "Adapter": "sentinel.SecurityEvent",
        "IPCategory": "PUBLIC",
        "Techniques": ["TA0001:T1133", "TA0003:T1133"],
        "Severity": "medium",
    } == {k: data[k] for k in list(data)[8:]}


def test_timestamps_keep_microseconds_and_become_utc():
    """Sub-second times keep microseconds (Log Analytics' 7th digit is cut); offsets go to UTC."""
    times = ["2026-12-04T08:20:11.1234567Z", "2026-12-04T10:20:11.5+02:00"]
    result = detect([row(TimeGenerated=t) for t in times], now=NOW)
    assert ["2026-12-04T08:20:11.500000Z", "2026-12-04T08:20:11.123456Z"] == [
        f.to_dict()["TimeGenerated"] for f in result.findings
    ]


def test_a_typed_event_gives_the_same_finding_without_an_adapter():
    """A typed ``WindowsLogonEvent`` is matched like its row.

    Its finding names no adapter and holds the event as evidence.
    """
    event = WindowsLogonEvent.model_validate(row(LogonType=3, IpAddress="::ffff:81.2.69.160"))
    (finding,) = detect([event], now=NOW).findings
    assert (
        "SecurityEvent_NetworkLogon_External",
        "::ffff:81.2.69.160",
        None,
        IPCategory.PUBLIC,
        event,
    ) == (
        finding.detection_branch,
        finding.source_ip,
        finding.adapter,
        finding.ip_category,
        finding.event,
    )
