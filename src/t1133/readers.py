"""Turn byte streams into records: NDJSON, JSON, CSV, event XML, EVTX, recognised by content.

Readers take streams that the caller opened (the command line opens files; this module never
does) and yield ``RawRecord`` values that say where each record came from, or ``InvalidEvent``
values for input that is not a record at all (a line that is not JSON, JSON that is not an
object). Nothing is dropped: every line or element read becomes exactly one of the two, except
containers (``{"value": [...]}``, ``{"records": [...]}``, Elasticsearch hits, Splunk results),
which are unwrapped into the records they hold.
"""

from __future__ import annotations

import codecs
import csv
import gzip
import io
import json
import zlib
from collections.abc import Callable, Iterator, Mapping
from typing import IO, Any, Final, cast

from t1133.engine import RawRecord
from t1133.exceptions import ConfigError, InputError
from t1133.sources import InvalidEvent
from t1133.sources.containers import unwrap_container
from t1133.sources.evtx import iter_evtx_events
from t1133.sources.winxml import iter_xml_events

__all__ = ["iter_records"]

_GZIP_MAGIC: Final = b"\x1f\x8b"
_EVTX_MAGIC: Final = b"ElfFile\x00"  # the EVTX file header's signature
_SNIFF_BYTES: Final = 64 * 1024
_WHITESPACE: Final = b" \t\r\n"


def _records_of(document: object, origin: str, line: int) -> Iterator[RawRecord | InvalidEvent]:
    held = unwrap_container(document)
    if held is None:
        yield _as_record(document, origin, line)
        return
    for item in held:
        yield _as_record(item, origin, line)


def _as_record(item: object, origin: str, line: int) -> RawRecord | InvalidEvent:
    if isinstance(item, Mapping):
        return RawRecord(item, origin, line)
    reason = f"JSON {type(item).__name__} is not an object (a record)"
    return InvalidEvent(item, reason, origin=origin, line=line)


_DECODE: Final = json.JSONDecoder().raw_decode


def _fast_decoder() -> Callable[[bytes], object] | None:
    """The orjson parser when the ``fast`` extra is installed (3x the standard library's)."""
    try:
        import orjson  # noqa: PLC0415 - optional
    except ImportError:
        return None
    return cast("Callable[[bytes], object]", orjson.loads)


_FAST_DECODE = _fast_decoder()


def _loads(raw: bytes) -> tuple[object, str | None]:
    if _FAST_DECODE is not None:
        try:
            return _FAST_DECODE(raw), None
        except Exception:  # noqa: BLE001 - any refusal: the standard parser decides and explains
            # (also where the two differ: NaN, integers beyond 64 bits, deep nesting)
            return _loads_standard(raw)
    return _loads_standard(raw)


def _loads_standard(raw: bytes) -> tuple[object, str | None]:
    try:
        text = raw.decode("utf-8")
        # raw_decode skips json.loads' encoding sniffing and whitespace matching, which cost a
        # third of the parse on short lines; anything unusual goes the full way below.
        document, end = _DECODE(text)
        if end == len(text) or not text[end:].strip():
            return document, None
        return json.loads(text), None
    except RecursionError:
        return None, "JSON nested too deeply"
    except UnicodeDecodeError:
        return None, "line is not UTF-8 text"
    except ValueError as exc:
        return None, f"not JSON ({str(exc)[:80]})"


def _iter_ndjson(
    stream: IO[bytes], origin: str, first: int = 1
) -> Iterator[RawRecord | InvalidEvent]:
    for number, raw in enumerate(stream, start=first):
        document, problem = _loads(raw)
        if problem is None:
            if type(document) is dict and "Type" in document:  # a Log Analytics row: no container
                yield RawRecord(document, origin, number)
            else:
                yield from _records_of(document, origin, number)
        elif raw.strip(_WHITESPACE):  # blank lines separate nothing and hold nothing
            shown = raw[:200].decode("utf-8", "replace")
            yield InvalidEvent(shown, problem, origin=origin, line=number)


def _iter_document(data: bytes, origin: str) -> Iterator[RawRecord | InvalidEvent]:
    document, problem = _loads(data)
    if problem is not None:
        yield InvalidEvent(data[:200].decode("utf-8", "replace"), problem, origin=origin, line=1)
        return
    held = unwrap_container(document)
    if held is None:
        yield _as_record(document, origin, 1)
        return
    for number, item in enumerate(held, start=1):
        yield _as_record(item, origin, number)


def _iter_csv(stream: IO[bytes], origin: str) -> Iterator[RawRecord | InvalidEvent]:
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", errors="replace", newline="")
    try:
        yield from _csv_rows(csv.DictReader(text), origin)
    finally:
        text.detach()  # the caller owns (and closes) the stream underneath


def _csv_rows(reader: csv.DictReader[str], origin: str) -> Iterator[RawRecord | InvalidEvent]:
    rows = iter(reader)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            return
        except csv.Error as exc:  # one bad row (an oversized field): report it, read on
            yield InvalidEvent(None, f"CSV error: {exc}", origin=origin, line=reader.line_num)
            continue
        yield _csv_record(row, origin, reader.line_num)


def _csv_record(row: dict[str | Any, Any], origin: str, line: int) -> RawRecord | InvalidEvent:
    if None in row:  # more cells than headers
        reason = f"{len(row[None])} cell(s) beyond the header's columns"
        return InvalidEvent(row, reason, origin=origin, line=line)
    # A CSV cell cannot say null: an empty cell is a missing value, as Log Analytics writes
    # nulls. Unnamed columns (a pandas index) carry nothing either.
    return RawRecord({k: v for k, v in row.items() if k and v not in ("", None)}, origin, line)


def _buffered(stream: IO[bytes]) -> io.BufferedReader:
    if isinstance(stream, io.BufferedReader):
        return stream
    return io.BufferedReader(cast("io.RawIOBase", stream))  # anything with readinto will do


def _open_layers(stream: IO[bytes]) -> io.BufferedReader:
    buffered = _buffered(stream)
    if buffered.peek(2)[:2] == _GZIP_MAGIC:
        return _buffered(cast("IO[bytes]", gzip.GzipFile(fileobj=buffered)))
    return buffered


def _first_char(stream: io.BufferedReader) -> bytes:
    head = stream.peek(_SNIFF_BYTES)
    head = head.removeprefix(codecs.BOM_UTF8).lstrip(_WHITESPACE)
    return head[:1]


def iter_records(stream: IO[bytes], origin: str = "<input>") -> Iterator[RawRecord | InvalidEvent]:
    """Read records from a binary stream, recognising its format by content.

    ``.gz`` compression is undone first (by its magic bytes, whatever the name). An EVTX file
    (by its signature; needs the ``evtx`` extra) and Windows event XML (text starting with
    ``<``) yield one record per event. Then: text starting with ``[`` is one JSON document
    (an array of records or a container); text starting with ``{`` is NDJSON, one record (or
    container) per line, unless its first line is not JSON on its own and the whole text is
    one JSON document (pretty-printed JSON); anything else is CSV with a header row.

    Args:
        stream: A binary stream (a file opened ``"rb"``, ``sys.stdin.buffer``, ``BytesIO``).
        origin: The name to report records and errors under.

    Yields:
        ``RawRecord`` for each record, ``InvalidEvent`` for each line or element that is not one.

    Raises:
        InputError: The stream cannot be read at all (an I/O error, a corrupt gzip stream).
    """
    try:
        data = _open_layers(stream)
        first = _first_char(data)
        if data.peek(len(_EVTX_MAGIC))[: len(_EVTX_MAGIC)] == _EVTX_MAGIC:
            yield from _numbered(_evtx_events(data, origin), origin)
        elif first == b"<":
            yield from _numbered(iter_xml_events(data, origin=origin), origin)
        elif first == b"[":
            yield from _iter_document(data.read().removeprefix(codecs.BOM_UTF8), origin)
        elif first == b"{":
            yield from _iter_json_lines(data, origin)
        elif first:
            yield from _iter_csv(data, origin)
    except (OSError, EOFError, zlib.error) as exc:  # BadGzipFile is an OSError
        raise InputError(f"{origin}: cannot read input: {exc}") from exc


def _evtx_events(data: IO[bytes], origin: str) -> Iterator[dict[str, Any] | InvalidEvent]:
    try:
        yield from iter_evtx_events(data, origin=origin)
    except ConfigError as exc:  # the parser is an optional extra: this input cannot be read
        raise InputError(f"{origin}: {exc}") from exc


def _numbered(
    events: Iterator[dict[str, Any] | InvalidEvent], origin: str
) -> Iterator[RawRecord | InvalidEvent]:
    """Number the records of an event file (XML, EVTX) by their position in it."""
    for number, event in enumerate(events, start=1):
        yield event if isinstance(event, InvalidEvent) else RawRecord(event, origin, number)


def _iter_json_lines(data: IO[bytes], origin: str) -> Iterator[RawRecord | InvalidEvent]:
    line = data.readline().removeprefix(codecs.BOM_UTF8)
    document, problem = _loads(line)
    if problem is None:
        yield from _records_of(document, origin, 1)
        yield from _iter_ndjson(data, origin, first=2)
        return
    if line.strip(_WHITESPACE) != b"{":
        # A broken first line of NDJSON: report it and stream on (never read the rest whole).
        yield InvalidEvent(line[:200].decode("utf-8", "replace"), problem, origin=origin, line=1)
        yield from _iter_ndjson(data, origin, first=2)
        return
    # A lone "{": pretty-printed JSON, one document spread over the lines.
    yield from _iter_document(line + data.read(), origin)
