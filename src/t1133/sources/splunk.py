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
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Any, Final

from t1133.exceptions import RecordError
from t1133.sources._core import Adapter
from t1133.sources._types import parse_timestamp
from t1133.sources.windows import SECURITY_EVENT

__all__ = ["LOGON_EVENT_CODES", "SPLUNK_COLUMNS", "SPLUNK_WINDOWS", "splunk_time"]

#: Splunk field -> SecurityEvent column; for a column the first field present wins, so raw
#: classic fields come first, then XmlWinEventLog names, then CIM aliases. ``_time`` and the
#: multivalue ``Account_Name`` / ``Account_Domain`` are derived (see ``_accounts``). CIM
#: ``action`` is not mapped: ``EventCode`` already says success (4624) or failure (4625).
SPLUNK_COLUMNS: Final[tuple[tuple[str, str], ...]] = (
    ("EventCode", "EventID"),
    ("Logon_Type", "LogonType"),
    ("LogonType", "LogonType"),
    ("Source_Network_Address", "IpAddress"),
    ("IpAddress", "IpAddress"),
    ("src_ip", "IpAddress"),
    ("src", "IpAddress"),
    ("Source_Port", "IpPort"),
    ("IpPort", "IpPort"),
    ("TargetUserName", "TargetUserName"),
    ("user", "TargetUserName"),
    ("TargetDomainName", "TargetDomainName"),
    ("SubjectUserName", "SubjectUserName"),
    ("SubjectDomainName", "SubjectDomainName"),
    ("ComputerName", "Computer"),
    ("Computer", "Computer"),
    ("dest", "Computer"),
    ("Workstation_Name", "WorkstationName"),
    ("WorkstationName", "WorkstationName"),
    ("Logon_Process", "LogonProcessName"),
    ("LogonProcessName", "LogonProcessName"),
    ("Authentication_Package", "AuthenticationPackageName"),
    ("AuthenticationPackageName", "AuthenticationPackageName"),
    ("LogName", "Channel"),
    ("Channel", "Channel"),
)

#: Multivalue classic fields: the last value is the New Logon (target) account, the first the
#: Subject (reference/windows-4624.md 6.b: ``Account_Name`` = ``[subject, target]``).
_MULTIVALUE: Final = (
    ("Account_Name", "TargetUserName", "SubjectUserName"),
    ("Account_Domain", "TargetDomainName", "SubjectDomainName"),
)

#: Events whose schema has a logon type (4624 success, 4625 failure): without one, such a row
#: cannot say whether it was RDP or a network logon, and is rejected rather than guessed.
LOGON_EVENT_CODES: Final = frozenset({4624, 4625})
_LOGON_TYPE_FIELDS: Final = ("Logon_Type", "LogonType")
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=timezone.utc)
_EPOCH_TEXT: Final = re.compile(r"([0-9]{1,12})(?:\.([0-9]{1,9}))?")
_EVENT_CODE: Final = re.compile(r"\s*[0-9]{1,10}\s*")


def _row(record: Mapping[str, Any]) -> Mapping[str, Any]:
    # The export endpoint's line envelope: {"preview": false, "result": {...}}.
    inner = record.get("result")
    if "preview" in record and isinstance(inner, Mapping):
        return inner
    return record


def _claims(record: Mapping[str, Any]) -> bool:
    row = _row(record)
    return "_time" in row and "EventCode" in row


def splunk_time(value: object) -> datetime:
    """Read Splunk's ``_time``: ISO 8601 with an offset, or epoch seconds as a number or text.

    Raises:
        RecordError: The value is neither; the reason names ``_time``.
    """
    if value is None:
        raise RecordError("_time: missing; the event time is required", fields=("_time",))
    try:
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return _EPOCH + timedelta(seconds=value)
        if isinstance(value, str):
            m = _EPOCH_TEXT.fullmatch(value.strip())
            if m is not None:  # exact: no float rounding of the fraction
                micros = int((m.group(2) or "")[:6].ljust(6, "0"))
                return _EPOCH + timedelta(seconds=int(m.group(1)), microseconds=micros)
        return parse_timestamp(value)
    except (ValueError, OverflowError) as exc:
        reason = f"_time: {value!r:.40} is not ISO 8601 text or epoch seconds in range"
        raise RecordError(reason, fields=("_time",)) from exc


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


def _event_code(value: object) -> int | None:
    if type(value) is int:
        return value
    if type(value) is str and _EVENT_CODE.fullmatch(value):
        return int(value)
    return None  # not a code; the model's validation names the field


def _require_logon_type(columns: Mapping[str, Any]) -> None:
    code = _event_code(columns.get("EventID"))
    if code in LOGON_EVENT_CODES and columns.get("LogonType") is None:
        raise RecordError(
            f"Logon_Type: missing (neither {' nor '.join(_LOGON_TYPE_FIELDS)} is in the row); "
            f"a {code} without a logon type cannot be told to be RDP or a network logon",
            fields=_LOGON_TYPE_FIELDS,
        )


def _to_columns(record: Mapping[str, Any]) -> Mapping[str, Any]:
    row = _row(record)
    columns = _accounts(row)
    for field, column in SPLUNK_COLUMNS:
        value = row.get(field)
        if value is not None and column not in columns:
            columns[column] = value
    _require_logon_type(columns)
    columns["TimeGenerated"] = splunk_time(row.get("_time"))
    return columns


SPLUNK_WINDOWS: Final = Adapter(
    id="splunk.windows",
    source=SECURITY_EVENT.id,
    claims=_claims,
    to_columns=_to_columns,
    title="Splunk search results of Windows Security events (WinEventLog, XmlWinEventLog)",
)
