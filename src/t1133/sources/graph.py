"""Microsoft Graph ``signIn`` resources (``GET /auditLogs/signIns``) as ``SigninLogs`` rows.

Field facts: reference/entra-signin.md, section 1 (the resource) and section 2 (the mapping to
``SigninLogs`` columns, written below as data). Graph's camelCase names are mapped by an explicit
table, never by a case converter (``ipAddress`` is ``IPAddress``, ``riskEventTypes_v2`` is
``RiskEventTypes_V2``).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, Final

from t1133.exceptions import RecordError
from t1133.sources._core import Adapter
from t1133.sources._paths import MISSING, lookup, map_fields, parse_field
from t1133.sources._types import parse_int, parse_timestamp
from t1133.sources.signin import SIGNIN_LOGS

__all__ = [
    "GRAPH_COLUMNS",
    "GRAPH_SIGNIN",
    "result_type",
    "time_column",
]

#: reference/entra-signin.md section 2: Graph property path -> SigninLogs column, verbatim.
#: ``createdDateTime`` (both time columns) and ``status.errorCode`` (``ResultType``) are
#: derived values, mapped in ``_to_columns``.
GRAPH_COLUMNS: Final[Mapping[str, str]] = {
    "id": "Id",
    "userPrincipalName": "UserPrincipalName",
    "userDisplayName": "UserDisplayName",
    "userId": "UserId",
    "userType": "UserType",
    "appDisplayName": "AppDisplayName",
    "appId": "AppId",
    "resourceDisplayName": "ResourceDisplayName",
    "ipAddress": "IPAddress",
    "autonomousSystemNumber": "AutonomousSystemNumber",
    "status.failureReason": "ResultDescription",
    "status": "Status",
    "location.countryOrRegion": "Location",
    "location": "LocationDetails",
    "deviceDetail": "DeviceDetail",
    "clientAppUsed": "ClientAppUsed",
    "userAgent": "UserAgent",
    "conditionalAccessStatus": "ConditionalAccessStatus",
    # The v1.0 name is plural; older docs and SDKs spell it singular: the first present wins.
    "appliedConditionalAccessPolicies": "ConditionalAccessPolicies",
    "appliedConditionalAccessPolicy": "ConditionalAccessPolicies",
    "riskLevelDuringSignIn": "RiskLevelDuringSignIn",
    "riskLevelAggregated": "RiskLevelAggregated",
    "riskState": "RiskState",
    "riskDetail": "RiskDetail",
    "riskEventTypes_v2": "RiskEventTypes_V2",
    "authenticationRequirement": "AuthenticationRequirement",
    "isInteractive": "IsInteractive",
    "correlationId": "CorrelationId",
}

_INT32_DIGITS: Final = 10


def time_column(value: object, path: str) -> datetime:
    """Parse the required timestamp read at ``path`` (``parse_timestamp``'s forms).

    Args:
        value: The logged value (``None`` when the record has none).
        path: The vendor field, named in errors (``"createdDateTime"``, ``"time"``).

    Returns:
        The instant, in UTC.

    Raises:
        RecordError: The value is missing or not a timestamp; the reason names ``path``.
    """
    return parse_field(value, path, parse_timestamp, needed="the event time is required")


def result_type(code: object, path: str) -> str:
    """Turn a Graph ``errorCode`` (Int32; 0 = success) into ``SigninLogs`` ``ResultType`` text.

    reference/entra-signin.md section 2: int -> decimal text, ``0`` -> ``"0"``. Text holding an
    integer is written the same way: surrounding blanks are dropped and the number is written
    canonically (``" 0"`` and ``"00"`` -> ``"0"``), so that success is told by one comparison,
    ``ResultType == "0"``, whichever field the code came from. Anything else cannot say success
    or failure.

    Args:
        code: The logged code: an ``int`` or integer text of at most 10 digits, signed.
        path: The vendor field, named in errors (``"status.errorCode"``, ``"resultType"``).

    Returns:
        The code as canonical decimal text.

    Raises:
        RecordError: The code is missing or not an integer; the reason names ``path``.
    """
    number = parse_int(code, digits=_INT32_DIGITS, signed=True)
    if number is not None:
        return str(number)
    if code is None:
        reason = f"{path}: missing; without it success (0) cannot be told from failure"
    else:
        reason = f"{path}: expected an integer error code, got {type(code).__name__}"
    raise RecordError(reason, fields=(path,))


def _claims(record: Mapping[str, Any]) -> bool:
    # Properties every signIn resource has (nullable); Azure Monitor records nest them under
    # "properties", Sentinel rows spell them in PascalCase.
    return "createdDateTime" in record and "status" in record and "ipAddress" in record


def _to_columns(record: Mapping[str, Any]) -> Mapping[str, Any]:
    columns = map_fields(record, GRAPH_COLUMNS)
    created = time_column(record.get("createdDateTime"), "createdDateTime")
    # Graph has no ingestion time: createdDateTime stands in for TimeGenerated (section 2, "≈").
    columns["TimeGenerated"] = columns["CreatedDateTime"] = created
    code = lookup(record, "status.errorCode")
    columns["ResultType"] = result_type(None if code is MISSING else code, "status.errorCode")
    return columns


GRAPH_SIGNIN: Final = Adapter(
    id="graph.signIn",
    source=SIGNIN_LOGS.id,
    claims=_claims,
    to_columns=_to_columns,
    title="Microsoft Graph signIn resources (/auditLogs/signIns)",
)
