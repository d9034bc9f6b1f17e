"""Elastic ECS Windows Security events: Winlogbeat 7/8 and Elastic Agent documents.

Field facts: reference/windows-4624.md section 6.a (the Winlogbeat security module's
``winlogbeat-security.js`` and the Elasticsearch ingest pipeline ``security.yml``), checked
against the module's golden file for Windows 2012 R2 logons.

What the pipeline does to a 4624, and what that means here:

* ``winlog.event_id`` and ``event.code`` are text (``"4624"``); the model reads either.
* ``IpAddress``, ``IpPort`` and ``WorkstationName`` leave ``winlog.event_data`` when they convert
  into ``source.ip``, ``source.port`` and ``source.domain``; when Windows logged ``-`` there is no
  ``source.ip`` and ``winlog.event_data.IpAddress`` keeps the ``-``. Both places are read.
* ``user.name`` keeps only the part of a UPN-style name before ``@``, so the verbatim
  ``winlog.event_data.TargetUserName`` is preferred and ``user.name`` only fills in for it.
* ``winlog.logon.type`` is the logon type's name (``"RemoteInteractive"``); it gives the number
  through ``LOGON_TYPE_NUMBERS`` where ``winlog.event_data.LogonType`` is missing.
* ``winlog.computer_name`` is the host that logged the event; ``host.name`` can be the forwarding
  collector under Windows Event Forwarding, so it only fills in.

Documents may be nested, flattened to dotted keys (``"source.ip"``), or mixed: every path below
is read in all three forms.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from t1133.exceptions import RecordError
from t1133.sources._core import Adapter
from t1133.sources._paths import MISSING, lookup, map_fields
from t1133.sources._types import quoted
from t1133.sources._winevent import LOGON_TYPE_NUMBERS, check_windows_columns, event_data_table
from t1133.sources.windows import SECURITY_EVENT

__all__ = ["ECS_COLUMNS", "ECS_WINDOWS"]

#: ECS / winlog path -> SecurityEvent column; for a column the first path present wins.
ECS_COLUMNS: Final[Mapping[str, str]] = {
    "@timestamp": "TimeGenerated",
    "winlog.event_id": "EventID",
    "event.code": "EventID",
    "winlog.computer_name": "Computer",
    "host.name": "Computer",
    "winlog.channel": "Channel",
    "source.ip": "IpAddress",
    "source.port": "IpPort",
    "source.domain": "WorkstationName",
    **event_data_table("winlog.event_data."),
    "user.name": "TargetUserName",
    "user.domain": "TargetDomainName",
    "user.id": "TargetUserSid",
    "winlog.logon.id": "TargetLogonId",
    "process.executable": "ProcessName",
}

#: The enrichment holding the logon type's name, read where the raw number is missing.
_LOGON_TYPE_NAME: Final = "winlog.logon.type"


def _claims(record: Mapping[str, Any]) -> bool:
    # Winlogbeat 7+ and Elastic Agent put the event id under winlog (event.code beside it).
    # Sentinel rows and NXLog events have EventID, Winlogbeat 6 has event_id, the event XML
    # shape has Event: none of those is this shape.
    if "EventID" in record or "event_id" in record or "Event" in record:
        return False
    if lookup(record, "winlog.event_id") is not MISSING:
        return True
    return lookup(record, "event.code") is not MISSING and (
        lookup(record, "winlog.channel") is not MISSING
    )


def _logon_type_from_name(record: Mapping[str, Any], columns: dict[str, Any]) -> None:
    name = lookup(record, _LOGON_TYPE_NAME)
    if "LogonType" in columns or name is MISSING or name is None:
        return
    number = LOGON_TYPE_NUMBERS.get(name) if isinstance(name, str) else None
    if number is None:
        raise RecordError(
            f"{_LOGON_TYPE_NAME} {quoted(name, 60)} is not a logon type name "
            f"({', '.join(LOGON_TYPE_NUMBERS)})",
            fields=(_LOGON_TYPE_NAME,),
        )
    columns["LogonType"] = number


def _to_columns(record: Mapping[str, Any]) -> dict[str, Any]:
    """Map an ECS Windows Security document to ``SecurityEvent`` columns.

    Raises:
        RecordError: No ``@timestamp`` or event id, a channel other than Security, a 4624/4625
            without a logon type, or an unknown ``winlog.logon.type`` name.
    """
    columns = map_fields(record, ECS_COLUMNS)
    _logon_type_from_name(record, columns)
    return check_windows_columns(columns, ECS_COLUMNS, logon_type_paths=(_LOGON_TYPE_NAME,))


ECS_WINDOWS: Final = Adapter(
    id="ecs.windows",
    source=SECURITY_EVENT.id,
    claims=_claims,
    to_columns=_to_columns,
    title="Elastic ECS Windows Security events (Winlogbeat 7/8, Elastic Agent)",
)
