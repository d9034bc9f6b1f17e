"""Tests of ``t1133.branches.defender``: Defender for Endpoint remote logons.

Condition-by-condition cases are data: ``tests/cases/MDE_RemoteLogon_External.yaml``. Here: the
branch value, its words, the ``"MDE_" + LogonType`` projection, and the finding's form.
"""

from __future__ import annotations

from datetime import datetime, timezone
from types import SimpleNamespace

from t1133 import (
    BRANCHES,
    FINDING_FIELDS,
    MDE_REMOTE_LOGON_EXTERNAL,
    DeviceLogonEvent,
    Prefixed,
    detect,
)

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.utc)


def row(**columns: object) -> dict[str, object]:
    """An advanced-hunting DeviceLogonEvents row (fake values), with columns changed."""
    base: dict[str, object] = {
        "Timestamp": "2026-12-04T06:19:24.511Z",
        "DeviceName": "ws-0142.corp.example",
        "ActionType": "LogonSuccess",
        "LogonType": "Network",
        "AccountName": "irvin.sayers",
        "RemoteIP": "89.160.20.156",
        "RemoteIPType": "Public",
    }
    return {**base, **columns}


def test_branch_value():
    """The branch is registered under its name, reads DeviceLogonEvents, has both tactics."""
    b = MDE_REMOTE_LOGON_EXTERNAL
    assert (
        "MDE_RemoteLogon_External",
        "DeviceLogonEvents",
        "medium",
        ("TA0001:T1133", "TA0003:T1133"),
        b,
    ) == (b.name, b.source, b.severity, b.techniques, BRANCHES["MDE_RemoteLogon_External"])


def test_condition_in_words():
    """The condition reads as the issue's table, with the RemoteIPType fallback spelled out."""
    assert (
        "ActionType == 'LogonSuccess' and LogonType in ('Network', 'RemoteInteractive') and "
        "((RemoteIPType == 'Public' and not RemoteIP is in the policy's internal networks) or "
        "(RemoteIPType is missing or empty and RemoteIP is external))"
    ) == MDE_REMOTE_LOGON_EXTERNAL.condition.describe()


def test_full_condition_reads_timestamp():
    """The window is on Timestamp, the sensor's event time."""
    assert (
        MDE_REMOTE_LOGON_EXTERNAL.full_condition("Timestamp")
        .describe()
        .startswith("Timestamp is inside the time window and ")
    )


def test_target_service_is_mde_and_the_logon_type():
    """TargetService is ``strcat("MDE_", LogonType)``; a null LogonType gives the prefix alone."""
    project = Prefixed("MDE_", "LogonType")
    assert ["MDE_Network", "MDE_RemoteInteractive", "MDE_"] == [
        project(SimpleNamespace(LogonType="Network")),
        project(SimpleNamespace(LogonType="RemoteInteractive")),
        project(SimpleNamespace(LogonType=None)),
    ]


def test_to_dict_has_the_eight_contract_fields_first():
    """The eight contract fields come first, in the query's order.

    TimeGenerated is the Timestamp; Location and RiskLevel are None; Computer is the DeviceName.
    """
    (finding,) = detect([row()], now=NOW).findings
    data = finding.to_dict()
    assert list(FINDING_FIELDS) == list(data)[:8]
    assert {
        "TimeGenerated": "2026-12-04T06:19:24.511000Z",
        "AccountName": "irvin.sayers",
        "SourceIP": "89.160.20.156",
        "TargetService": "MDE_Network",
        "DetectionBranch": "MDE_RemoteLogon_External",
        "Location": None,
        "RiskLevel": None,
        "Computer": "ws-0142.corp.example",
    } == {k: data[k] for k in FINDING_FIELDS}
    assert ("DeviceLogonEvents", "defender.hunting") == (data["SourceTable"], data["Adapter"])


def test_typed_event_fires_like_its_row():
    """A typed ``DeviceLogonEvent`` gives the row's finding, without an adapter."""
    event = DeviceLogonEvent.model_validate(row(LogonType="Remote interactive (RDP) logons"))
    (finding,) = detect([event], now=NOW).findings
    assert ("MDE_RemoteInteractive", None) == (finding.target_service, finding.adapter)
