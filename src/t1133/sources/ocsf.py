"""OCSF Authentication events (class_uid 3002), as AWS Security Lake and other producers emit them.

Field facts: reference/ocsf-authentication.md, section 1 (attributes, the ``logon_type_id``
table) and 1.3 (how Windows 4624/4625 and Entra sign-ins become OCSF, read here backwards).

One OCSF event feeds one source, chosen by what it carries:

* a ``logon_type_id`` that names a Windows logon type (OCSF 1-13) -> ``SecurityEvent``
  (adapter ``ocsf.windows``): a Logon that succeeded is event 4624, one that failed 4625;
* otherwise a ``service.name`` -> ``SigninLogs`` (adapter ``ocsf.signin``): the service is the
  app signed in to (``AppDisplayName``); success is ``ResultType`` ``"0"``.

The logon type wins when both are present: it says how the logon reached the host. Routing does
not look at which service it is: the sign-in branch's own ``has_any`` on ``AppDisplayName``
decides which apps are remote access (sources never import branches), so an ``sshd`` or
``Okta`` sign-in is read and simply not matched. An event with neither is claimed by
``ocsf.windows`` and rejected with a reason naming both fields, as are events that are not a
Logon (``activity_id`` 1) or whose ``status_id`` is neither Success nor Failure: those cannot be
a 4624/4625 or a sign-in result without guessing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from functools import partial
from typing import Any, Final

from t1133.exceptions import RecordError
from t1133.sources._core import Adapter
from t1133.sources._paths import map_fields, parse_field
from t1133.sources._types import epoch_time, parse_int, quoted
from t1133.sources.graph import time_column
from t1133.sources.signin import SIGNIN_LOGS
from t1133.sources.windows import SECURITY_EVENT

__all__ = [
    "AUTHENTICATION",
    "LOGON_TYPES",
    "OCSF_SIGNIN",
    "OCSF_SIGNIN_COLUMNS",
    "OCSF_WINDOWS",
    "OCSF_WINDOWS_COLUMNS",
    "WINDOWS_EVENT_IDS",
]

#: class_uid of Authentication: category 3 (Identity & Access Management) * 1000 + 2.
AUTHENTICATION: Final = 3002
_LOGON: Final = 1  # activity_id 1 Logon

#: OCSF logon_type_id -> Windows LogonType (section 1.2): 2-13 are the same numbers, OCSF 1
#: "System" is Windows 0. 0 Unknown and 99 Other name no Windows type (6 is unused by both).
LOGON_TYPES: Final[Mapping[int, int]] = {
    1: 0, 2: 2, 3: 3, 4: 4, 5: 5, 7: 7, 8: 8, 9: 9, 10: 10, 11: 11, 12: 12, 13: 13,
}  # fmt: skip

#: status_id of a Logon -> Windows event id (section 1.3: 4624 -> 1 Success, 4625 -> 2 Failure).
WINDOWS_EVENT_IDS: Final[Mapping[int, int]] = {1: 4624, 2: 4625}

#: Captions of activity_id and status_id, for the reasons of rejected events.
_ACTIVITIES: Final = {
    0: "Unknown", 1: "Logon", 2: "Logoff", 3: "Authentication Ticket",
    4: "Service Ticket Request", 5: "Service Ticket Renew", 6: "Preauth", 7: "Account Switch",
    99: "Other",
}  # fmt: skip
_STATUSES: Final = {0: "Unknown", 1: "Success", 2: "Failure", 99: "Other"}
_SUCCESS: Final = 1
_FAILURE: Final = 2

#: OCSF attribute path -> SecurityEvent column (section 1.3, Windows column read backwards).
#: ``time``, ``activity_id``/``status_id`` (EventID) and ``logon_type_id`` are derived.
OCSF_WINDOWS_COLUMNS: Final[Mapping[str, str]] = {
    "user.name": "TargetUserName",
    "user.domain": "TargetDomainName",
    "user.uid": "TargetUserSid",
    "src_endpoint.ip": "IpAddress",
    "src_endpoint.port": "IpPort",
    "src_endpoint.hostname": "WorkstationName",
    # The host logged on to: by name, else by address.
    "dst_endpoint.hostname": "Computer",
    "dst_endpoint.ip": "Computer",
    "session.uid": "TargetLogonId",
    "actor.user.name": "SubjectUserName",
    "actor.user.domain": "SubjectDomainName",
    "logon_process.name": "LogonProcessName",
    "auth_protocol": "AuthenticationPackageName",
    "status_code": "Status",
}

#: OCSF attribute path -> SigninLogs column (section 1.3, Entra column read backwards).
#: ``time`` and ``status_id`` (ResultType) are derived.
OCSF_SIGNIN_COLUMNS: Final[Mapping[str, str]] = {
    "user.name": "UserPrincipalName",
    "user.email_addr": "UserPrincipalName",
    "user.uid": "UserId",
    "src_endpoint.ip": "IPAddress",
    "src_endpoint.location.country": "Location",
    "service.name": "AppDisplayName",
    "service.uid": "AppId",
    "status_detail": "ResultDescription",
    "http_request.user_agent": "UserAgent",
    "metadata.correlation_uid": "CorrelationId",
    "metadata.uid": "Id",
}

#: OCSF integers (ids, enums, codes) read from JSON or CSV text; ``None`` for anything else.
#: Never raises: claims call it on any record.
_int: Final = partial(parse_int, digits=18, signed=True)
#: timestamp_t: integer milliseconds since the epoch (section 0).
_epoch_millis: Final = partial(epoch_time, unit="ms")


def _windows_logon_type(record: Mapping[str, Any]) -> int | None:
    logon_type = _int(record.get("logon_type_id"))
    return LOGON_TYPES.get(logon_type) if logon_type is not None else None


def _service_name(record: Mapping[str, Any]) -> str | None:
    service = record.get("service")
    name = service.get("name") if isinstance(service, Mapping) else None
    return name if isinstance(name, str) and name.strip() else None


def _claims_windows(record: Mapping[str, Any]) -> bool:
    if _int(record.get("class_uid")) != AUTHENTICATION:
        return False
    return _windows_logon_type(record) is not None or _service_name(record) is None


def _claims_signin(record: Mapping[str, Any]) -> bool:
    return (
        _int(record.get("class_uid")) == AUTHENTICATION
        and _windows_logon_type(record) is None
        and _service_name(record) is not None
    )


def _time(record: Mapping[str, Any]) -> datetime:
    # The Date/Time profile's RFC 3339 sibling time_dt stands in where time is absent.
    raw = record.get("time")
    if raw is None and record.get("time_dt") is not None:
        return time_column(record["time_dt"], "time_dt")
    return parse_field(raw, "time", _epoch_millis, needed="the event time is required")


def _enum(
    record: Mapping[str, Any], field: str, captions: Mapping[int, str]
) -> tuple[int | None, str]:
    value = _int(record.get(field))
    caption = captions.get(value, "not an OCSF value") if value is not None else "missing"
    return value, f"{field} {quoted(record.get(field), 20)} ({caption})"


def _logon_status(record: Mapping[str, Any]) -> int:
    """Check the event is a Logon and return its status_id (1 or 2); else a ``RecordError``."""
    activity, said = _enum(record, "activity_id", _ACTIVITIES)
    if activity != _LOGON:
        raise RecordError(
            f"{said} is not a logon; t1133 reads OCSF Authentication Logon events "
            "(activity_id 1) only",
            fields=("activity_id",),
        )
    status, said = _enum(record, "status_id", _STATUSES)
    if status is None or status not in (_SUCCESS, _FAILURE):
        raise RecordError(
            f"{said} is neither Success (1) nor Failure (2): the outcome cannot be told",
            fields=("status_id",),
        )
    return status


def _windows_columns(record: Mapping[str, Any]) -> Mapping[str, Any]:
    logon_type = _windows_logon_type(record)
    if logon_type is None:
        raw = record.get("logon_type_id")
        said = (
            "no logon_type_id"
            if raw is None
            else f"logon_type_id {quoted(raw, 20)} is no Windows type"
        )
        raise RecordError(
            f"{said} and no service.name: the event is neither a host logon nor an app sign-in",
            fields=("logon_type_id", "service.name"),
        )
    status = _logon_status(record)
    columns = map_fields(record, OCSF_WINDOWS_COLUMNS)
    columns["TimeGenerated"] = _time(record)
    columns["EventID"] = WINDOWS_EVENT_IDS[status]
    columns["LogonType"] = logon_type
    return columns


def _signin_columns(record: Mapping[str, Any]) -> Mapping[str, Any]:
    status = _logon_status(record)
    columns = map_fields(record, OCSF_SIGNIN_COLUMNS)
    columns["TimeGenerated"] = columns["CreatedDateTime"] = _time(record)
    columns["ResultType"] = "0" if status == _SUCCESS else _failure_code(record)
    return columns


def _failure_code(record: Mapping[str, Any]) -> str | None:
    # A failure keeps the source's own code (an AADSTS number for Entra), never "0"; without
    # one, ResultType stays empty, which is not a success either.
    code = record.get("status_code")
    if code is None or code == "":
        return None
    if type(code) is str:
        text = code.strip()
    elif type(code) is int and (number := _int(code)) is not None:
        text = str(number)
    else:
        raise RecordError(
            f"status_code: expected text or an integer of at most 18 digits, got {quoted(code)}",
            fields=("status_code",),
        )
    if text == "0":
        raise RecordError(
            "status_code '0' (success) contradicts status_id 2 (Failure)", fields=("status_code",)
        )
    return text


OCSF_WINDOWS: Final = Adapter(
    id="ocsf.windows",
    source=SECURITY_EVENT.id,
    claims=_claims_windows,
    to_columns=_windows_columns,
    title="OCSF Authentication (3002) host logons, by logon_type_id",
)
OCSF_SIGNIN: Final = Adapter(
    id="ocsf.signin",
    source=SIGNIN_LOGS.id,
    claims=_claims_signin,
    to_columns=_signin_columns,
    title="OCSF Authentication (3002) app sign-ins, by service.name",
)
