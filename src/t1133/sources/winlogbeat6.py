"""Winlogbeat 6 Windows Security events (before the ECS field names of Winlogbeat 7).

Winlogbeat 6.x writes ``event_id`` (a number), ``computer_name``, ``log_name`` (the channel) and
the EventData under ``event_data``; ``@timestamp`` is UTC. ``host.name`` is the shipper's host,
which under Windows Event Forwarding is the collector, not the computer logged on to: it is not
read.

Field facts: reference/windows-4624.md section 3, checked against the Mordor
``empire_enable_rdp`` Winlogbeat 6.7 sample.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from t1133.sources._core import Adapter
from t1133.sources._paths import map_fields
from t1133.sources._winevent import check_windows_columns, event_data_table
from t1133.sources.windows import SECURITY_EVENT

__all__ = ["WINLOGBEAT6_COLUMNS", "WINLOGBEAT6_WINDOWS"]

#: Winlogbeat 6 field -> SecurityEvent column.
WINLOGBEAT6_COLUMNS: Final[Mapping[str, str]] = {
    "@timestamp": "TimeGenerated",
    "event_id": "EventID",
    "computer_name": "Computer",
    "log_name": "Channel",
    **event_data_table("event_data."),
}


def _claims(record: Mapping[str, Any]) -> bool:
    # Only Winlogbeat 6 names the id event_id; EventID (Sentinel rows, NXLog) is another shape.
    return (
        "event_id" in record
        and "EventID" not in record
        and ("computer_name" in record or "log_name" in record)
    )


def _to_columns(record: Mapping[str, Any]) -> dict[str, Any]:
    """Map a Winlogbeat 6 document to ``SecurityEvent`` columns.

    Raises:
        RecordError: No ``@timestamp`` or ``event_id``, a ``log_name`` other than Security, or a
            4624/4625 without ``event_data.LogonType``.
    """
    return check_windows_columns(map_fields(record, WINLOGBEAT6_COLUMNS), WINLOGBEAT6_COLUMNS)


WINLOGBEAT6_WINDOWS: Final = Adapter(
    id="winlogbeat6.windows",
    source=SECURITY_EVENT.id,
    claims=_claims,
    to_columns=_to_columns,
    title="Winlogbeat 6 Windows Security events",
)
