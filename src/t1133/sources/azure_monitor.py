"""Azure Monitor diagnostic records of Entra ID sign-ins (Event Hub and storage-account exports).

A record is an envelope (``time``, ``category``, ``resultType``, ``callerIpAddress`` ...) around
``properties``, which holds the Graph ``signIn`` fields (reference/entra-signin.md; the real
samples in ../shared/data/azure_monitor_signinlogs_*). Batches arrive as ``{"records": [...]}``:
``t1133.sources.containers.unwrap_container`` opens them.

Only the ``SignInLogs`` category feeds the sign-in branch. The other sign-in categories are
sign-ins the reference query does not read: Log Analytics stores them in other tables
(``AADNonInteractiveUserSignInLogs``, ``AADServicePrincipalSignInLogs`` ...), not in
``SigninLogs``, and the branch's thresholds were written for interactive user sign-ins (a
non-interactive token refresh or an app's own credential is not a person reaching a VPN from
outside). Those records are claimed, so that they are reported with a reason that names their
category, and rejected with a ``RecordError``: each is counted once, as invalid, and never
becomes a ``SigninLogs`` event that a branch could match.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from t1133.exceptions import RecordError
from t1133.sources._core import Adapter
from t1133.sources._paths import MISSING, lookup, map_fields, object_at
from t1133.sources.graph import GRAPH_COLUMNS, result_type, time_column
from t1133.sources.signin import SIGNIN_LOGS

__all__ = ["AZURE_MONITOR_SIGNIN", "ENVELOPE_COLUMNS", "SIGNIN_CATEGORIES"]

#: The category t1133 reads: interactive user sign-ins, the rows of the ``SigninLogs`` table.
INTERACTIVE: Final = "SignInLogs"

#: Entra ID sign-in categories of diagnostic settings -> the Log Analytics table they land in
#: (``None`` where the reference material names none). Only ``INTERACTIVE`` is read.
SIGNIN_CATEGORIES: Final[Mapping[str, str | None]] = {
    INTERACTIVE: "SigninLogs",
    "NonInteractiveUserSignInLogs": "AADNonInteractiveUserSignInLogs",
    "ServicePrincipalSignInLogs": "AADServicePrincipalSignInLogs",
    "ManagedIdentitySignInLogs": "AADManagedIdentitySignInLogs",
    "MicrosoftServicePrincipalSignInLogs": None,
    "ADFSSignInLogs": "ADFSSignInLogs",
}

#: Envelope field -> SigninLogs column, used where ``properties`` lacks the value. ``time`` and
#: ``resultType`` are derived (see ``_to_columns``).
ENVELOPE_COLUMNS: Final[Mapping[str, str]] = {
    "callerIpAddress": "IPAddress",
    "correlationId": "CorrelationId",
    "resultDescription": "ResultDescription",
    "category": "Category",
}


def _claims(record: Mapping[str, Any]) -> bool:
    category = record.get("category")
    return (
        isinstance(category, str)
        and category in SIGNIN_CATEGORIES
        and "properties" in record
        and "time" in record
    )


def _reject_other_categories(category: str) -> None:
    if category == INTERACTIVE:
        return
    table = SIGNIN_CATEGORIES[category]
    lands = f" (Log Analytics table {table})" if table else ""
    raise RecordError(
        f"category {category!r}{lands} is not an interactive user sign-in; t1133 reads "
        f"the {INTERACTIVE} category only, the reference query's SigninLogs table",
        fields=("category",),
    )


def _to_columns(record: Mapping[str, Any]) -> Mapping[str, Any]:
    _reject_other_categories(record["category"])
    properties = object_at(record, "properties", needed="it holds the sign-in")
    columns = map_fields(properties, GRAPH_COLUMNS)
    for column, value in map_fields(record, ENVELOPE_COLUMNS).items():
        columns.setdefault(column, value)
    columns["TimeGenerated"] = time_column(record.get("time"), "time")
    if properties.get("createdDateTime") is not None:
        columns["CreatedDateTime"] = time_column(
            properties["createdDateTime"], "properties.createdDateTime"
        )
    # The envelope's resultType is the SigninLogs ResultType (text); the Graph errorCode inside
    # stands in where an export dropped it. Both go through result_type, so a code reads the
    # same by either path: blanks dropped, the integer written canonically (" 0" is "0", a
    # success), and a code that is not an integer is invalid rather than taken as a failure.
    code, path = record.get("resultType"), "resultType"
    if code is None:
        code, path = lookup(properties, "status.errorCode"), "properties.status.errorCode"
    columns["ResultType"] = result_type(None if code is MISSING else code, path)
    return columns


AZURE_MONITOR_SIGNIN: Final = Adapter(
    id="azure_monitor.signin",
    source=SIGNIN_LOGS.id,
    claims=_claims,
    to_columns=_to_columns,
    title="Azure Monitor diagnostic records of Entra ID sign-ins (Event Hub, storage)",
)
