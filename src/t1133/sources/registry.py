"""The one place sources and record shapes are registered, and how a record finds its shape.

``SOURCES`` maps a source id (the Sentinel table name) to its ``Source``; ``ADAPTERS`` maps an
adapter id to its ``Adapter``. Adding a record shape is adding one module with an ``Adapter``
and one line in ``_ADAPTER_LIST`` below; recognition and parsing do not change.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from pydantic import ValidationError

from t1133.exceptions import RecordError
from t1133.sources._core import Adapter, EventModel, InvalidEvent, Source
from t1133.sources.azure_monitor import AZURE_MONITOR_SIGNIN
from t1133.sources.defender import (
    DEFENDER_HUNTING_ROW,
    DEVICE_LOGON_EVENTS,
    SENTINEL_DEVICE_LOGON_EVENTS,
)
from t1133.sources.defender_stream import DEFENDER_STREAM
from t1133.sources.ecs import ECS_WINDOWS
from t1133.sources.graph import GRAPH_SIGNIN
from t1133.sources.nxlog import NXLOG_WINDOWS
from t1133.sources.ocsf import OCSF_SIGNIN, OCSF_WINDOWS
from t1133.sources.signin import SENTINEL_SIGNIN_LOGS, SIGNIN_LOGS
from t1133.sources.splunk import SPLUNK_WINDOWS
from t1133.sources.windows import SECURITY_EVENT, SENTINEL_SECURITY_EVENT
from t1133.sources.winlogbeat6 import WINLOGBEAT6_WINDOWS
from t1133.sources.winxml import WINDOWS_XML

__all__ = [
    "ADAPTERS",
    "SOURCES",
    "columns_of",
    "describe_unrecognised",
    "model_from_columns",
    "parse_event",
    "recognize",
    "recognize_adapter",
    "try_parse_event",
]

SOURCES: Final[Mapping[str, Source]] = {
    s.id: s for s in (SIGNIN_LOGS, SECURITY_EVENT, DEVICE_LOGON_EVENTS)
}

_ADAPTER_LIST: Final = (
    SENTINEL_SIGNIN_LOGS,
    SENTINEL_SECURITY_EVENT,
    SENTINEL_DEVICE_LOGON_EVENTS,
    DEFENDER_HUNTING_ROW,
    # Identity, cloud and vendor shapes
    SPLUNK_WINDOWS,
    GRAPH_SIGNIN,
    AZURE_MONITOR_SIGNIN,
    DEFENDER_STREAM,
    OCSF_WINDOWS,
    OCSF_SIGNIN,
    # Windows Security event shapes
    ECS_WINDOWS,
    NXLOG_WINDOWS,
    WINLOGBEAT6_WINDOWS,
    WINDOWS_XML,
)
ADAPTERS: Final[Mapping[str, Adapter]] = {a.id: a for a in _ADAPTER_LIST}

# Log Analytics exports name the table in a Type column; where it is present and non-empty it
# decides outright, and an unknown table name is not claimed by the Log Analytics shapes. Other
# shapes may have a Type of their own (Splunk's classic WinEventLog writes Type=Information):
# they can still claim such a record, unless it has TimeGenerated (every Log Analytics table
# has it), which makes it a row of a table t1133 does not read.
_BY_TYPE: Final = {name: a for a in _ADAPTER_LIST for name in a.type_names}
_NOT_BY_TYPE: Final = tuple(a for a in _ADAPTER_LIST if not a.type_names)
_MAX_KEYS_SHOWN: Final = 6
_MAX_ERRORS_SHOWN: Final = 5


def recognize_adapter(record: object) -> Adapter | None:
    """Return the adapter whose shape a record is in.

    Args:
        record: Anything; only mappings can be claimed.

    Returns:
        The adapter selected by the record's ``Type`` column or claiming its shape, or
        ``None`` when no adapter claims it.
    """
    if type(record) is not dict and not isinstance(record, Mapping):
        return None
    candidates: tuple[Adapter, ...] = _ADAPTER_LIST
    table = record.get("Type")
    if isinstance(table, str) and table:
        if table in _BY_TYPE or "TimeGenerated" in record:
            return _BY_TYPE.get(table)
        candidates = _NOT_BY_TYPE
    for adapter in candidates:
        if adapter.claims(record):
            return adapter
    return None


def recognize(record: object) -> Source | None:
    """Return the source a record belongs to (by its ``Type`` column, else by its shape).

    Args:
        record: A mapping as exported by a SIEM, or anything else (never claimed).

    Returns:
        The ``Source``, or ``None`` when the record is in no known shape.
    """
    adapter = recognize_adapter(record)
    return None if adapter is None else SOURCES[adapter.source]


def describe_unrecognised(record: object) -> str:
    """Say why no adapter claims a record (without echoing large or hostile content).

    Args:
        record: A record ``recognize_adapter`` returned ``None`` for.

    Returns:
        One line: what the record is, or a few of its keys.
    """
    if not isinstance(record, Mapping):
        return f"record is not an object but {type(record).__name__} data"
    keys = [str(k)[:40] for k in list(record)[:_MAX_KEYS_SHOWN]]
    more = ", ..." if len(record) > _MAX_KEYS_SHOWN else ""
    table = record.get("Type")
    if isinstance(table, str) and table:
        return f"Type {table[:60]!r} is not a table t1133 reads"
    return f"no known record shape has these fields ({', '.join(keys)}{more})"


def _describe_validation(exc: ValidationError) -> tuple[str, tuple[str, ...]]:
    errors = exc.errors(include_url=False, include_input=False)
    fields = tuple(".".join(str(p) for p in e["loc"]) for e in errors)
    parts = []
    for field, error in zip(fields, errors[:_MAX_ERRORS_SHOWN], strict=False):
        message = str(error["msg"]).removeprefix("Value error, ")
        parts.append(f"{field or '(record)'}: {message}")
    if len(errors) > _MAX_ERRORS_SHOWN:
        parts.append(f"and {len(errors) - _MAX_ERRORS_SHOWN} more")
    return "; ".join(parts), fields


# Adapters map untrusted data: any of these from one is a bad record, never a crashed run.
_MAPPING_ERRORS: Final = (ValueError, TypeError, KeyError, AttributeError, IndexError)


def columns_of(
    adapter: Adapter, record: object, *, origin: str | None = None, line: int | None = None
) -> Mapping[str, Any]:
    """Map a record the adapter claimed to Sentinel columns.

    Args:
        adapter: The adapter that claimed ``record``.
        record: The record (a mapping).
        origin: Where the record came from, carried into errors.
        line: The record's line or position inside ``origin``, carried into errors.

    Returns:
        The columns, keyed by the model's Sentinel column names.

    Raises:
        RecordError: The shape lacks what the model needs, or the adapter failed on the data;
            the error names the source, origin and line.
    """
    try:
        return adapter.to_columns(record)  # type: ignore[arg-type]
    except RecordError as exc:
        reason, fields = exc.reason, exc.fields
        cause: Exception = exc
    except _MAPPING_ERRORS as exc:
        reason, fields, cause = f"cannot map record: {exc}", (), exc
    raise RecordError(
        reason, source=adapter.source, fields=fields, origin=origin, line=line, adapter=adapter.id
    ) from cause


def model_from_columns(
    adapter: Adapter,
    columns: Mapping[str, Any],
    *,
    origin: str | None = None,
    line: int | None = None,
) -> EventModel:
    """Validate mapped columns into the adapter's source model.

    Args:
        adapter: The adapter the columns came from.
        columns: Mapped columns (``columns_of``).
        origin: Where the record came from, carried into errors.
        line: The record's line or position inside ``origin``, carried into errors.

    Returns:
        The typed event.

    Raises:
        RecordError: A column fails validation; the reason names it (pydantic's error chained).
    """
    source = SOURCES[adapter.source]
    try:
        return source.model.model_validate(columns)
    except ValidationError as exc:
        reason, fields = _describe_validation(exc)
        raise RecordError(
            reason, source=source.id, fields=fields, origin=origin, line=line, adapter=adapter.id
        ) from exc


def _parse(
    record: object, origin: str | None, line: int | None
) -> tuple[Adapter | None, EventModel]:
    if type(record) is not dict and isinstance(record, EventModel):
        return None, record
    adapter = recognize_adapter(record)
    if adapter is None:
        raise RecordError(describe_unrecognised(record), origin=origin, line=line)
    columns = columns_of(adapter, record, origin=origin, line=line)
    return adapter, model_from_columns(adapter, columns, origin=origin, line=line)


def parse_event(
    record: object, *, origin: str | None = None, line: int | None = None
) -> EventModel:
    """Turn one record into its typed event.

    Args:
        record: A mapping in any registered shape, or an already typed event (returned as is).
        origin: Where the record came from, carried into errors.
        line: The record's line or position inside ``origin``, carried into errors.

    Returns:
        A ``SigninLogEvent``, ``WindowsLogonEvent`` or ``DeviceLogonEvent`` (or another
        registered model).

    Raises:
        RecordError: The record is in no known shape or fails validation; the message names
            the field(s). The record is never modified.
    """
    return _parse(record, origin, line)[1]


def try_parse_event(
    record: object, *, origin: str | None = None, line: int | None = None
) -> EventModel | InvalidEvent:
    """The lenient ``parse_event``: return an ``InvalidEvent`` instead of raising.

    Args:
        record: Anything at all.
        origin: Where the record came from.
        line: The record's line or position inside ``origin``.

    Returns:
        The typed event, or an ``InvalidEvent`` holding the unchanged record, the source and
        adapter guess, the failing field paths and a reason. Never raises for bad data.
    """
    try:
        return _parse(record, origin, line)[1]
    except RecordError as exc:
        return InvalidEvent(
            record=record,
            reason=exc.reason,
            fields=exc.fields,
            source=exc.source,
            adapter=exc.adapter,
            origin=origin,
            line=line,
        )
