"""Defender for Endpoint remote logons (RDP and network) from public addresses."""

from __future__ import annotations

from typing import Final

from t1133.branches._core import Branch, Column, Prefixed, Projection
from t1133.branches._predicates import blank, equals, external_ip, internal_ip, one_of

__all__ = ["MDE_REMOTE_LOGON_EXTERNAL"]

MDE_REMOTE_LOGON_EXTERNAL: Final = Branch(
    name="MDE_RemoteLogon_External",
    source="DeviceLogonEvents",
    condition=(
        equals("ActionType", "LogonSuccess")
        # Exact, case-sensitive values, as KQL's `in` in the reference query.
        & one_of("LogonType", ("RemoteInteractive", "Network"))
        # Defender classifies the address itself; where it did not (the column is missing or
        # empty), the classifier decides instead. A policy's internal networks (the
        # organisation's own public egress) win over Defender's "Public" as well.
        & (
            (equals("RemoteIPType", "Public") & ~internal_ip("RemoteIP"))
            | (blank("RemoteIPType") & external_ip("RemoteIP"))
        )
    ),
    projection=Projection(
        account_name=Column("AccountName"),
        source_ip=Column("RemoteIP"),
        target_service=Prefixed("MDE_", "LogonType"),
        computer=Column("DeviceName"),
    ),
    description="Successful Defender-recorded remote logon from a public address",
    severity="medium",
)
