"""Windows EVTX files, read directly through the optional ``evtx`` parser (``t1133[evtx]``).

The parser is pyevtx-rs (PyPI ``evtx``): Rust bindings, MIT-licensed, maintained, with binary
wheels for Linux, macOS and Windows and no dependencies of its own. Its JSON rendering of an
event is the very record shape ``iter_xml_events`` gives for the event's XML
(``{"Event": {"System": {...}, "EventData": {...}}}``, attributes under ``"#attributes"``), so
EVTX records are mapped by the ``windows.xml`` adapter: there is no adapter of its own. The JSON
rendering is used rather than the XML one because it needs no second parse, keeps typed values
(``"EventID": 4624``) and writes an empty ``<Data>`` as ``""`` where the XML rendering indents it.
"""

from __future__ import annotations

import importlib
import json
import os
from collections.abc import Iterator
from typing import IO, Any, Final

from t1133.exceptions import ConfigError, InputError
from t1133.sources._core import InvalidEvent
from t1133.sources.windows import SECURITY_EVENT
from t1133.sources.winxml import WINDOWS_XML

__all__ = ["EVTX_EXTRA", "iter_evtx_events"]

#: What to install to read EVTX files.
EVTX_EXTRA: Final = "t1133[evtx]"
_MODULE: Final = "evtx"


def _parser_class() -> Any:  # noqa: ANN401 - a class of the optional package
    try:
        module = importlib.import_module(_MODULE)
    except ImportError as exc:
        raise ConfigError(
            f"reading EVTX files needs the optional EVTX parser: pip install '{EVTX_EXTRA}'"
        ) from exc
    return module.PyEvtxParser


def _invalid(reason: str, origin: str | None, line: int | None) -> InvalidEvent:
    return InvalidEvent(
        record=None,
        reason=reason,
        source=SECURITY_EVENT.id,
        adapter=WINDOWS_XML.id,
        origin=origin,
        line=line,
    )


def _event_of(record: Any, origin: str | None) -> dict[str, Any] | InvalidEvent:  # noqa: ANN401
    # Releases before 0.14 yield a parse error as a value instead of raising it.
    if isinstance(record, BaseException):
        return _invalid(f"EVTX record cannot be parsed: {record}", origin, None)
    line = record.get("event_record_id")  # what EVTX tools show; it stands in for a line
    try:
        event = json.loads(record.get("data") or "")
    except (ValueError, RecursionError):
        event = None
    if not isinstance(event, dict):
        return _invalid("EVTX record is not a JSON object as rendered by the parser", origin, line)
    return event


def iter_evtx_events(
    path: str | os.PathLike[str] | IO[bytes], *, origin: str | None = None
) -> Iterator[dict[str, Any] | InvalidEvent]:
    """Read a Windows ``.evtx`` file and yield one record per event, in file order.

    Args:
        path: The file's path, or a binary file object.
        origin: A name for the input in ``InvalidEvent`` values (default: the path).

    Yields:
        ``{"Event": {...}}`` records for the ``windows.xml`` adapter (the shape
        ``iter_xml_events`` gives for the event's XML); an ``InvalidEvent`` (its ``line`` the
        EVTX record number where known) for a record that cannot be read. The first parse error
        the parser raises ends the file.

    Raises:
        ConfigError: The optional parser is not installed (the message names the extra).
        InputError: The file cannot be opened or is not an EVTX file at all.
    """
    parser_class = _parser_class()
    name = origin if origin is not None else _name_of(path)
    target = os.fspath(path) if isinstance(path, str | os.PathLike) else path
    try:
        # One thread: records in file order (the parser's threads may reorder them).
        records = iter(parser_class(target, number_of_threads=1).records_json())
    except (OSError, RuntimeError, ValueError) as exc:
        raise InputError(f"{name}: cannot read as an EVTX file: {exc}") from exc
    while True:
        try:
            record = next(records)
        except StopIteration:
            return
        except RuntimeError as exc:
            yield _invalid(f"EVTX parse error, the rest of the file is not read: {exc}", name, None)
            return
        yield _event_of(record, name)


def _name_of(path: str | os.PathLike[str] | IO[bytes]) -> str | None:
    if isinstance(path, str | os.PathLike):
        return os.fspath(path)
    name = getattr(path, "name", None)
    return name if isinstance(name, str) else None
