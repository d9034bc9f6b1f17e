"""What the Windows Security record shapes share: EventData names, logon-type names, checks.

Every shape that carries a Windows Security event (Elastic ECS, Winlogbeat 6, NXLog, event XML,
EVTX) holds the event's ``EventData`` under the names Windows gives its ``Data`` elements, and
Sentinel's ``SecurityEvent`` table has a column of the same name for each. The shapes differ
only in where the EventData object sits and how they write the ``System`` part.

Facts: reference/windows-4624.md sections 2 (logon types), 3 and 4 (EventData of 4624/4625).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from t1133.exceptions import RecordError
from t1133.sources._paths import paths_of
from t1133.sources._types import parse_int, quoted

__all__ = [
    "EVENT_DATA_COLUMNS",
    "LOGON_EVENT_IDS",
    "LOGON_TYPE_NUMBERS",
    "check_windows_columns",
    "event_data_table",
    "event_number",
]

#: EventData names of 4624/4625 that are ``SecurityEvent`` columns of the same name
#: (reference/windows-4624.md sections 3 and 4; the model in ``windows.py`` reads each).
EVENT_DATA_COLUMNS: Final = (
    "SubjectUserSid",
    "SubjectUserName",
    "SubjectDomainName",
    "SubjectLogonId",
    "TargetUserSid",
    "TargetUserName",
    "TargetDomainName",
    "TargetLogonId",
    "LogonType",
    "LogonProcessName",
    "AuthenticationPackageName",
    "WorkstationName",
    "LmPackageName",
    "KeyLength",
    "ProcessName",
    "IpAddress",
    "IpPort",
    "ImpersonationLevel",
    "RestrictedAdminMode",
    "VirtualAccount",
    "ElevatedToken",
    "Status",
    "SubStatus",
    "FailureReason",
)

#: Logon-type names of the 4624 documentation (reference/windows-4624.md section 2), as
#: Winlogbeat writes them in ``winlog.logon.type``; 6 = Proxy is the LSA enum's
#: (``SECURITY_LOGON_TYPE``), which numbers the others identically.
LOGON_TYPE_NUMBERS: Final[Mapping[str, int]] = {
    "System": 0,
    "Interactive": 2,
    "Network": 3,
    "Batch": 4,
    "Service": 5,
    "Proxy": 6,
    "Unlock": 7,
    "NetworkCleartext": 8,
    "NewCredentials": 9,
    "RemoteInteractive": 10,
    "CachedInteractive": 11,
    "CachedRemoteInteractive": 12,
    "CachedUnlock": 13,
}

#: Events whose EventData has a ``LogonType`` (4624 success, 4625 failure): without one such an
#: event cannot say whether it was RDP or a network logon, and is rejected rather than guessed.
LOGON_EVENT_IDS: Final = frozenset({4624, 4625})

#: The one channel these events come from (reference/windows-4624.md section 1); forwarders
#: write it in any case (``Security``, ``security``).
_SECURITY_CHANNEL: Final = "security"
_EVENT_ID_DIGITS: Final = 10


def event_data_table(prefix: str) -> dict[str, str]:
    """Return the field table of the EventData object at ``prefix``.

    Args:
        prefix: Where the shape keeps EventData, with its trailing dot
            (``"winlog.event_data."``), or ``""`` where the names are top-level keys.

    Returns:
        Path -> ``SecurityEvent`` column for every name of ``EVENT_DATA_COLUMNS``.
    """
    return {prefix + name: name for name in EVENT_DATA_COLUMNS}


def event_number(value: object) -> int | None:
    """Read an event id logged as a number or as digit text.

    Args:
        value: The logged event id (``4624``, ``"4624"``, ``" 4624 "``).

    Returns:
        The id, or ``None`` for anything else: other types, signs, fractions, and more than
        10 digits (enough for any 32-bit id; the bound keeps ``int()`` from Python's
        4,300-digit ``ValueError``).
    """
    return parse_int(value, digits=_EVENT_ID_DIGITS)


def _require(columns: Mapping[str, Any], table: Mapping[str, str], column: str) -> None:
    if column not in columns:
        paths = paths_of(table, column)
        raise RecordError(
            f"{column} is missing: the record has no {' or '.join(paths)}", fields=paths
        )


def _event_id(value: object, table: Mapping[str, str]) -> int:
    event_id = event_number(value)
    if event_id is None:
        paths = paths_of(table, "EventID")
        raise RecordError(
            f"{' or '.join(paths)} {quoted(value)} is not an event id (a whole number of at "
            f"most {_EVENT_ID_DIGITS} digits)",
            fields=paths,
        )
    return event_id


def check_windows_columns(
    columns: dict[str, Any],
    table: Mapping[str, str],
    *,
    logon_type_paths: tuple[str, ...] = (),
) -> dict[str, Any]:
    """Apply the rules every Windows shape shares to columns mapped by its field table.

    Args:
        columns: The mapped columns (Sentinel names).
        table: The shape's field table, to name its own paths in messages.
        logon_type_paths: Paths the shape derives ``LogonType`` from besides its table.

    Returns:
        ``columns``, unchanged.

    Raises:
        RecordError: No event time or event id; an event id that is not a whole number of at
            most 10 digits (the logon-type rule below cannot be applied to it); a channel other
            than Security; a 4624 or 4625 event without a logon type. The message names the
            shape's own field paths.
    """
    _require(columns, table, "TimeGenerated")
    _require(columns, table, "EventID")
    channel = columns.get("Channel")
    if isinstance(channel, str) and channel.strip().lower() != _SECURITY_CHANNEL:
        paths = paths_of(table, "Channel")
        raise RecordError(
            f"{' or '.join(paths)} {channel[:80]!r} is not the Security log: only Windows "
            "Security events are read in this shape",
            fields=paths,
        )
    event_id = _event_id(columns["EventID"], table)
    if event_id in LOGON_EVENT_IDS and "LogonType" not in columns:
        paths = (*paths_of(table, "LogonType"), *logon_type_paths)
        raise RecordError(
            f"event {event_id} has no logon type: the record has no {' or '.join(paths)}",
            fields=paths,
        )
    return columns
