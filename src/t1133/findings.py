"""Findings: what a branch reports for one matching event, and its plain-dict form."""

from __future__ import annotations

from datetime import datetime, timezone
from typing import Any, Final

import attrs

from t1133.addresses import IPCategory

__all__ = ["FINDING_FIELDS", "Finding", "format_time"]

#: The eight fields of the reference query's output, in its order; part of the public contract.
FINDING_FIELDS: Final = (
    "TimeGenerated",
    "AccountName",
    "SourceIP",
    "TargetService",
    "DetectionBranch",
    "Location",
    "RiskLevel",
    "Computer",
)
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=timezone.utc)


def format_time(value: datetime) -> str:
    """ISO 8601 in UTC with a ``Z`` (``2026-12-04T09:15:30.123456Z``)."""
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


@attrs.frozen
class Finding:
    """One event that one branch matched.

    The first eight attributes are the reference query's columns; the rest add context.

    Attributes:
        time_generated: The event time (UTC).
        account_name: The account that logged on.
        source_ip: The source address, as logged.
        target_service: The service reached (app name, ``"RDP_RemoteInteractive"`` ...).
        detection_branch: The name of the branch that matched.
        location: Country or region code of the source, where the source has one.
        risk_level: Entra's risk level during sign-in, where the source has one.
        computer: The host logged on to, where the source has one.
        source: The id of the source table the event was read as.
        adapter: The id of the record shape it arrived in (``None`` for typed events).
        ip_category: The classifier's category of ``source_ip``.
        techniques: ATT&CK references, ``"TA0001:T1133"`` (tactic:technique).
        severity: ``"low"``, ``"medium"``, ``"high"`` or ``"critical"``.
        event: The typed event that matched (the evidence).
    """

    time_generated: datetime
    account_name: str | None
    source_ip: str | None
    target_service: str | None
    detection_branch: str
    location: str | None = None
    risk_level: str | None = None
    computer: str | None = None
    source: str | None = None
    adapter: str | None = None
    ip_category: IPCategory = IPCategory.INVALID
    techniques: tuple[str, ...] = ()
    severity: str = "medium"
    event: object = attrs.field(default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """Return the finding as JSON-ready data: the eight reference columns, then context."""
        return {
            "TimeGenerated": format_time(self.time_generated),
            "AccountName": self.account_name,
            "SourceIP": self.source_ip,
            "TargetService": self.target_service,
            "DetectionBranch": self.detection_branch,
            "Location": self.location,
            "RiskLevel": self.risk_level,
            "Computer": self.computer,
            "SourceTable": self.source,
            "Adapter": self.adapter,
            "IPCategory": self.ip_category.name,
            "Techniques": list(self.techniques),
            "Severity": self.severity,
        }

    def sort_key(self) -> tuple[int, str, str, str, str, str, str, str, str, str]:
        """Newest first, then a total order on the other columns (ties never depend on input)."""
        micros = (self.time_generated - _EPOCH) // _MICROSECOND
        return (
            -micros,
            self.detection_branch,
            self.account_name or "",
            self.source_ip or "",
            self.computer or "",
            self.target_service or "",
            self.location or "",
            self.risk_level or "",
            # The same event arriving in two shapes differs only here; without these the order
            # of such findings would follow the input's.
            self.source or "",
            self.adapter or "",
        )


_MICROSECOND: Final = datetime(1970, 1, 1, 0, 0, 0, 1, tzinfo=timezone.utc) - _EPOCH
