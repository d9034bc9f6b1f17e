"""Entra ID sign-ins to VPN, Citrix and other remote-access apps from external addresses."""

from __future__ import annotations

from typing import Final

from t1133.branches._core import Branch, Column, Projection
from t1133.branches._predicates import equals, external_ip, has_any

__all__ = ["AAD_VPN_CITRIX_EXTERNAL", "REMOTE_ACCESS_APPS", "vpn_signin_branch"]

#: The reference query's RemoteAccessApps list: app names matched with KQL ``has_any``.
REMOTE_ACCESS_APPS: Final = (
    "GlobalProtect",
    "Pulse Secure",
    "Cisco AnyConnect",
    "Fortinet SSL VPN",
    "Check Point Remote Access VPN",
    "F5 BIG-IP APM",
    "Citrix Gateway",
    "VMware Horizon",
    "RDP Gateway",
    "SoftEther VPN",
    "Juniper SSL VPN",
)


def vpn_signin_branch(
    apps: tuple[str, ...] = REMOTE_ACCESS_APPS, *, name: str = "AAD_VPN_Citrix_External"
) -> Branch:
    """Build the sign-in branch for a list of remote-access app names.

    Args:
        apps: App display names; an app matches when its name *has* one of them (KQL terms).
        name: The ``DetectionBranch`` value of the findings.

    Returns:
        A branch over ``SigninLogs``: ``ResultType == "0"`` (success), ``AppDisplayName`` has
        any of ``apps``, ``IPAddress`` external.
    """
    return Branch(
        name=name,
        source="SigninLogs",
        # ResultType is text in SigninLogs; numbers are normalised to text by the model.
        condition=(
            equals("ResultType", "0") & has_any("AppDisplayName", apps) & external_ip("IPAddress")
        ),
        projection=Projection(
            account_name=Column("UserPrincipalName"),
            source_ip=Column("IPAddress"),
            target_service=Column("AppDisplayName"),
            location=Column("Location"),
            risk_level=Column("RiskLevelDuringSignIn"),
        ),
        description="Successful Entra ID sign-in to a VPN/Citrix/remote-access app from outside",
        severity="medium",
    )


AAD_VPN_CITRIX_EXTERNAL: Final = vpn_signin_branch()
