"""Dotted paths into records whose objects may be nested, flattened, or both.

Elastic documents reach a host tool as nested objects (``{"source": {"ip": ...}}``), with dotted
flat keys (``{"source.ip": ...}``, as Kibana CSV exports, Logstash ``flatten`` and some SIEM
forwarders write them), or a mix of the two (``{"winlog": {"event_data.LogonType": ...}}``).
``lookup`` finds a path in any of these forms, so a shape's field table is written once, as
dotted paths, and holds for all of them. ``parse_field`` and ``object_at`` read a required value
and turn a missing or bad one into a ``RecordError`` naming its path.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final, TypeVar

from t1133.exceptions import RecordError
from t1133.sources._types import parse_json_value

__all__ = ["MISSING", "lookup", "map_fields", "object_at", "parse_field", "paths_of"]

_T = TypeVar("_T")

#: What ``lookup`` returns for a path the record does not have (``None`` is a logged value).
MISSING: Final[Any] = object()


def lookup(record: Mapping[str, Any], path: str) -> Any:  # noqa: ANN401 - any logged value
    """Return the value at a dotted path, reading nested objects and dotted keys alike.

    The whole remaining path is tried as one key first (the flat form), then each dotted prefix
    as a key whose value is an object holding the rest, shortest prefix first.

    Args:
        record: A mapping (nested, flat or mixed).
        path: ``"winlog.event_data.LogonType"``; a path without a dot is a plain key.

    Returns:
        The value, or ``MISSING`` when no reading of the path exists.
    """
    value = record.get(path, MISSING)
    if value is not MISSING:
        return value
    splits = _SPLITS.get(path)
    if splits is None:
        splits = _splits(path)
        if len(_SPLITS) < _MAX_CACHED:
            _SPLITS[path] = splits
    for head, rest in splits:
        child = record.get(head)
        if type(child) is dict or isinstance(child, Mapping):
            value = lookup(child, rest)
            if value is not MISSING:
                return value
    return MISSING


# Each path's (prefix, rest) pairs, worked out once: paths come from the shapes' tables (and
# are few), lookups are per field of every record.
_SPLITS: dict[str, tuple[tuple[str, str], ...]] = {}
_MAX_CACHED: Final = 4096


def _splits(path: str) -> tuple[tuple[str, str], ...]:
    return tuple((path[:i], path[i + 1 :]) for i, char in enumerate(path) if char == ".")


def map_fields(record: Mapping[str, Any], table: Mapping[str, str]) -> dict[str, Any]:
    """Map a record by a table of dotted paths to columns; the first path present wins.

    Args:
        record: The record (nested, flat or mixed).
        table: Dotted path -> column, in order of preference: where several paths feed one
            column, the first one holding a value other than ``None`` gives it.

    Returns:
        The columns found; a column none of whose paths holds a value is left out.
    """
    columns: dict[str, Any] = {}
    for path, column in table.items():
        if column not in columns:
            # A path without a dot has no reading but the plain key: no call for it.
            value = lookup(record, path) if "." in path else record.get(path)
            if value is not MISSING and value is not None:
                columns[column] = value
    return columns


def paths_of(table: Mapping[str, str], column: str) -> tuple[str, ...]:
    """Return the paths a table reads for one column, in order (for messages naming fields).

    Args:
        table: A shape's field table (dotted path -> column).
        column: A column of the model.

    Returns:
        The paths feeding ``column``; empty when none does.
    """
    return tuple(path for path, target in table.items() if target == column)


def parse_field(value: object, path: str, parse: Callable[[Any], _T | None], *, needed: str) -> _T:
    """Parse a required value read at ``path``; a missing or bad one is a ``RecordError``.

    Args:
        value: The value read (``None`` or ``MISSING`` when the record has none).
        path: The vendor path, named in the error.
        parse: Turns the value into what the column holds; raises ``ValueError`` for a bad
            value and may return ``None`` for an empty one (blank JSON text), taken as missing.
        needed: Why the value is required, said after ``"<path>: missing; "``.

    Returns:
        What ``parse`` returned.

    Raises:
        RecordError: The value is missing, or ``parse`` refused it; the reason names ``path``
            and, for a refusal, says why (the ``ValueError`` is chained).
    """
    try:
        parsed = None if value is None or value is MISSING else parse(value)
    except ValueError as exc:
        raise RecordError(f"{path}: {exc}", fields=(path,)) from exc
    if parsed is None:
        raise RecordError(f"{path}: missing; {needed}", fields=(path,))
    return parsed


def _json_object(value: object) -> dict[str, Any] | None:
    return parse_json_value(value, dict)  # type: ignore[no-any-return]


def object_at(record: Mapping[str, Any], path: str, *, needed: str) -> dict[str, Any]:
    """Return the object at ``path``, given as an object or as JSON text (exports differ).

    Envelopes (Azure Monitor, the Defender streaming API) hold the record under ``properties``;
    Event Hub delivers an object, some storage exports and forwarders re-encode it as text.

    Args:
        record: The record holding the object.
        path: Its dotted path (``"properties"``).
        needed: What the object holds, said when it is missing.

    Returns:
        The object (decoded from JSON text where it was text).

    Raises:
        RecordError: The path is missing, null or blank, or not an object or JSON object text;
            the reason names ``path``.
    """
    return parse_field(lookup(record, path), path, _json_object, needed=needed)
