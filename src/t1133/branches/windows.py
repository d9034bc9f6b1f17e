"""Windows logons (event 4624) over RDP and the network from external addresses."""

from __future__ import annotations

from typing import Final

from t1133.branches._core import Branch, Column, Constant, Projection
from t1133.branches._predicates import ends_with, equals, external_ip

__all__ = ["SECURITY_EVENT_NETWORK_LOGON_EXTERNAL", "SECURITY_EVENT_RDP_EXTERNAL"]

# Event 4624 "An account was successfully logged on"; logon types from its documentation:
# 10 = RemoteInteractive (Terminal Services / RDP), 3 = Network (SMB, WinRM, PsExec-like).
_LOGON_SUCCESS: Final = 4624
_REMOTE_INTERACTIVE: Final = 10
_NETWORK: Final = 3

SECURITY_EVENT_RDP_EXTERNAL: Final = Branch(
    name="SecurityEvent_RDP_External",
    source="SecurityEvent",
    condition=(
        equals("EventID", _LOGON_SUCCESS)
        & equals("LogonType", _REMOTE_INTERACTIVE)
        & external_ip("IpAddress")
    ),
    projection=Projection(
        account_name=Column("TargetUserName"),
        source_ip=Column("IpAddress"),
        target_service=Constant("RDP_RemoteInteractive"),
        computer=Column("Computer"),
    ),
    description="Successful RDP logon (4624, type 10) from an external address",
    severity="high",
)

SECURITY_EVENT_NETWORK_LOGON_EXTERNAL: Final = Branch(
    name="SecurityEvent_NetworkLogon_External",
    source="SecurityEvent",
    condition=(
        equals("EventID", _LOGON_SUCCESS)
        & equals("LogonType", _NETWORK)
        & external_ip("IpAddress")
        # Machine accounts end in "$" (4624 docs, "Account-name conventions"): not users.
        & ~ends_with("TargetUserName", "$")
    ),
    projection=Projection(
        account_name=Column("TargetUserName"),
        source_ip=Column("IpAddress"),
        target_service=Constant("Network_WinRM"),
        computer=Column("Computer"),
    ),
    description="Successful network logon (4624, type 3: WinRM, SMB) from an external address",
    severity="medium",
)
