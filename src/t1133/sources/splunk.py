"""Splunk search results of Windows Security events, as a JSON export returns them.

Field facts: reference/windows-4624.md section 6.b (Splunk Add-on for Microsoft Windows and the
CIM Authentication data model). Two raw forms exist and one row is in one of them:

* classic ``WinEventLog``: ``EventCode``, ``Logon_Type``, ``Source_Network_Address``,
  ``ComputerName`` and ``Account_Name`` as a **multivalue** field, ``[subject, target]`` (the
  message has an "Account Name" under both Subject and New Logon);
* ``XmlWinEventLog``: ``EventCode`` with the EventData names (``LogonType``, ``IpAddress``,
  ``TargetUserName``, ``Computer``).

CIM aliases (``src_ip``, ``src``, ``user``, ``dest``) stand in where the raw fields are absent.
Rows may come one per line as the export endpoint writes them, ``{"preview": false, "result":
{...}}``; the envelope is opened here. A ``{"results": [...]}`` document is a container for the
reader to open.

The rules every Windows shape shares (``_winevent.check_windows_columns``) apply here as to the
others: a time and an event id are required, a ``LogName`` / ``Channel`` other than Security
(in any case) is rejected, and a 4624 or 4625 needs a logon type.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

from t1133.sources._core import Adapter
from t1133.sources._paths import map_fields, parse_field
from t1133.sources._types import epoch_time, parse_timestamp, quoted
from t1133.sources._winevent import LOGON_EVENT_IDS, check_windows_columns
from t1133.sources.windows import SECURITY_EVENT

__all__ = ["LOGON_EVENT_CODES", "SPLUNK_COLUMNS", "SPLUNK_WINDOWS", "splunk_time"]

#: Splunk field -> SecurityEvent column; for a column the first field present wins, so raw
#: classic fields come first, then XmlWinEventLog names, then CIM aliases. ``_time`` is parsed
#: by ``splunk_time``; the multivalue ``Account_Name`` / ``Account_Domain`` are derived (see
#: ``_accounts``) and win over the table. CIM ``action`` is not mapped: ``EventCode`` already
#: says success (4624) or failure (4625).
SPLUNK_COLUMNS: Final[Mapping[str, str]] = {
    "_time": "TimeGenerated",
    "EventCode": "EventID",
    "Logon_Type": "LogonType",
    "LogonType": "LogonType",
    "Source_Network_Address": "IpAddress",
    "IpAddress": "IpAddress",
    "src_ip": "IpAddress",
    "src": "IpAddress",
    "Source_Port": "IpPort",
    "IpPort": "IpPort",
    "TargetUserName": "TargetUserName",
    "user": "TargetUserName",
    "TargetDomainName": "TargetDomainName",
    "SubjectUserName": "SubjectUserName",
    "SubjectDomainName": "SubjectDomainName",
    "ComputerName": "Computer",
    "Computer": "Computer",
    "dest": "Computer",
    "Workstation_Name": "WorkstationName",
    "WorkstationName": "WorkstationName",
    "Logon_Process": "LogonProcessName",
    "LogonProcessName": "LogonProcessName",
    "Authentication_Package": "AuthenticationPackageName",
    "AuthenticationPackageName": "AuthenticationPackageName",
    "LogName": "Channel",
    "Channel": "Channel",
}

#: Multivalue classic fields: the last value is the New Logon (target) account, the first the
#: Subject (reference/windows-4624.md 6.b: ``Account_Name`` = ``[subject, target]``).
_MULTIVALUE: Final = (
    ("Account_Name", "TargetUserName", "SubjectUserName"),
    ("Account_Domain", "TargetDomainName", "SubjectDomainName"),
)

#: Events whose schema has a logon type; the shared ``_winevent.LOGON_EVENT_IDS``, kept under
#: this name for callers of earlier versions.
LOGON_EVENT_CODES: Final = LOGON_EVENT_IDS


def _row(record: Mapping[str, Any]) -> Mapping[str, Any]:
    # The export endpoint's line envelope: {"preview": false, "result": {...}}.
    inner = record.get("result")
    if "preview" in record and isinstance(inner, Mapping):
        return inner
    return record


def _claims(record: Mapping[str, Any]) -> bool:
    row = _row(record)
    return "_time" in row and "EventCode" in row


def _parse_time(value: object) -> datetime:
    # The JSON export writes ISO 8601 text; epoch seconds (text or a number) come from other
    # clients. Epoch text has no '-' after its sign nor ':', so the two forms never overlap.
    if isinstance(value, str):
        try:
            return parse_timestamp(value)
        except ValueError:
            pass
    try:
        return epoch_time(value, "s")
    except ValueError as exc:
        raise ValueError(f"{quoted(value)} is not ISO 8601 text or epoch seconds in range") from exc


def splunk_time(value: object) -> datetime:
    """Read Splunk's ``_time``: ISO 8601 with an offset, or epoch seconds as a number or text.

    Args:
        value: The logged ``_time``: ``"2026-12-04T09:15:30.000+00:00"``, ``1796375730``,
            ``1796375730.5`` or ``"1796375730.123"`` (epoch text is read exactly).

    Returns:
        The instant, in UTC.

    Raises:
        RecordError: The value is missing or neither form (or out of range); the reason names
            ``_time``.
    """
    return parse_field(value, "_time", _parse_time, needed="the event time is required")


def _accounts(row: Mapping[str, Any]) -> dict[str, Any]:
    columns: dict[str, Any] = {}
    for field, target, subject in _MULTIVALUE:
        value = row.get(field)
        if isinstance(value, list) and value:
            columns[target] = value[-1]
            if len(value) > 1:
                columns[subject] = value[0]
        elif isinstance(value, str):
            columns[target] = value
    return columns


def _to_columns(record: Mapping[str, Any]) -> dict[str, Any]:
    """Map a Splunk result (or an export line holding one) to ``SecurityEvent`` columns.

    Raises:
        RecordError: No ``_time`` or ``EventCode``, a ``LogName`` / ``Channel`` other than
            Security, a 4624/4625 without ``Logon_Type`` or ``LogonType``, or a ``_time`` that
            is neither ISO 8601 nor epoch seconds.
    """
    row = _row(record)
    columns = {**map_fields(row, SPLUNK_COLUMNS), **_accounts(row)}
    check_windows_columns(columns, SPLUNK_COLUMNS)
    columns["TimeGenerated"] = splunk_time(columns["TimeGenerated"])
    return columns


SPLUNK_WINDOWS: Final = Adapter(
    id="splunk.windows",
    source=SECURITY_EVENT.id,
    claims=_claims,
    to_columns=_to_columns,
    title="Splunk search results of Windows Security events (WinEventLog, XmlWinEventLog)",
)
