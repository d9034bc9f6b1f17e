"""Windows event XML: ``<Event>`` elements, read with a hardened parser into plain records.

``wevtutil qe Security /f:xml``, ``Get-WinEvent ... | % { $_.ToXml() }``, Event Viewer's "Save
as XML" and EVTX converters (python-evtx's ``evtx_dump.py``, the Rust ``evtx_dump``) write the
same ``<Event>`` element (namespace ``http://schemas.microsoft.com/win/2004/08/events/event``,
or none), one or many per file: under a root (``<Events>``), or concatenated without one, with
or without XML declarations between them.

``iter_xml_events`` turns each ``<Event>`` into the record shape the Rust ``evtx_dump -o json``
writes (``{"Event": {"System": {...}, "EventData": {...}}}``): attributes under
``"#attributes"``, the text of an element that also has attributes under ``"#text"``, and each
``<Data Name="X">`` of ``EventData`` under its name ``X`` (never by position: the number of
fields differs between event versions). ``WINDOWS_XML`` maps that record, from either source.

Hardening. Event logs are data from the machines being investigated, so the parser refuses
what only an attack needs: any ``<!DOCTYPE`` or ``<!ENTITY`` is refused before parsing (so no
entity is ever declared, expanded or fetched: no "billion laughs", no external entities), and
expat's own DTD handlers refuse again should one slip through. Every event is also bounded in
elements and characters. Only the standard library is used (``xml.parsers.expat``).

Field facts: reference/windows-4624.md section 5 (raw EVTX XML).
"""

from __future__ import annotations

import codecs
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from typing import IO, Any, Final, NoReturn
from xml.parsers import expat

import attrs

from t1133.sources._core import Adapter, InvalidEvent
from t1133.sources._paths import map_fields
from t1133.sources._winevent import check_windows_columns, event_data_table
from t1133.sources.windows import SECURITY_EVENT

__all__ = [
    "MAX_EVENT_CHARS",
    "MAX_EVENT_ELEMENTS",
    "WINDOWS_XML",
    "WINXML_COLUMNS",
    "iter_xml_events",
]

#: Event record path -> SecurityEvent column; for a column the first path present wins.
WINXML_COLUMNS: Final[Mapping[str, str]] = {
    "Event.System.TimeCreated.#attributes.SystemTime": "TimeGenerated",
    # evtx_dump --separate-json-attributes writes attributes beside the element instead.
    "Event.System.TimeCreated_attributes.SystemTime": "TimeGenerated",
    "Event.System.EventID.#text": "EventID",  # <EventID Qualifiers="">4624</EventID>
    "Event.System.EventID": "EventID",
    "Event.System.Computer": "Computer",
    "Event.System.Channel": "Channel",
    **event_data_table("Event.EventData."),
}

#: An event with more elements than this is refused (a 4624 has about 45).
MAX_EVENT_ELEMENTS: Final = 4096
#: An event with more text than this (characters, attributes included) is refused.
MAX_EVENT_CHARS: Final = 1 << 20

_READ_SIZE: Final = 1 << 16
# Characters held back at the end of each read so that a declaration or "<!DOCTYPE" split
# between two reads is seen whole (declarations are far shorter).
_HOLD: Final = 512
_WRAPPER: Final = "t1133-xml-input"  # a root of our own: concatenated <Event>s have none
_REFUSED: Final = re.compile(r"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
# XML declarations: legal only at the very start of a document, yet converters write one per
# event; inside our root they are removed (newlines kept, so line numbers stay right).
_DECLARATION: Final = re.compile(r"<\?xml\s[^<>]*\?>")
_ENCODING: Final = re.compile(rb"""\s*<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]{1,40})["']""")
#: The encodings an XML declaration may name, as ``codecs.lookup`` names them: the Unicode forms
#: Windows tools write (UTF-8, UTF-16), UTF-32, ASCII, and the single-byte ISO 8859 parts and
#: Windows code pages a re-encoded export may declare. Python's other codecs are refused: many
#: are no text encodings at all (rot13, base64, hex, uu, zlib, bz2 ...) and fail on bytes with
#: errors of their own kinds, and zlib and bz2 would inflate a small input without bound.
_TEXT_ENCODINGS: Final = frozenset(
    codecs.lookup(name).name
    for name in (
        "utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be",
        "utf-32", "utf-32-le", "utf-32-be", "ascii",
        *(f"iso-8859-{part}" for part in range(1, 17) if part != 12),  # 8859-12 was abandoned
        *(f"windows-{page}" for page in range(1250, 1259)),
    )
)  # fmt: skip
_BOMS: Final = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),  # PowerShell 5's "> file" writes UTF-16 LE with a BOM
    (codecs.BOM_UTF16_BE, "utf-16"),
)


class _RefusedError(ValueError):
    """The input holds a construct the hardened parser refuses; the message says which."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def _claims(record: Mapping[str, Any]) -> bool:
    # {"Event": {"System": ...}}: what iter_xml_events and evtx_dump -o json produce. Records
    # with EventID or event_id at the top level are other shapes.
    event = record.get("Event")
    return (
        isinstance(event, Mapping)
        and "System" in event
        and "EventID" not in record
        and "event_id" not in record
    )


def _to_columns(record: Mapping[str, Any]) -> dict[str, Any]:
    """Map an event record (parsed XML or ``evtx_dump`` JSON) to ``SecurityEvent`` columns.

    Raises:
        RecordError: No ``TimeCreated/@SystemTime`` or ``EventID``, a ``Channel`` other than
            Security, or a 4624/4625 without ``LogonType``.
    """
    return check_windows_columns(map_fields(record, WINXML_COLUMNS), WINXML_COLUMNS)


WINDOWS_XML: Final = Adapter(
    id="windows.xml",
    source=SECURITY_EVENT.id,
    claims=_claims,
    to_columns=_to_columns,
    title="Windows event XML (wevtutil, Get-WinEvent ToXml, EVTX converters, evtx_dump JSON)",
)


# --- reading --------------------------------------------------------------------------------


def _sniff_encoding(head: bytes) -> str:
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    if head.startswith(b"<\x00"):
        return "utf-16-le"
    if head.startswith(b"\x00<"):
        return "utf-16-be"
    m = _ENCODING.match(head)
    if m is None:
        return "utf-8"  # the XML default
    name = m.group(1).decode("ascii")
    try:
        codec = codecs.lookup(name).name
    except LookupError:
        raise _RefusedError(f"unknown encoding {name!r} in the XML declaration") from None
    if codec not in _TEXT_ENCODINGS:
        raise _RefusedError(
            f"encoding {name!r} in the XML declaration is not a text encoding read here "
            "(UTF-8, UTF-16, UTF-32, ASCII, ISO 8859, Windows code pages)"
        )
    return codec


def _decoded(source: IO[str] | IO[bytes] | str | bytes) -> Iterator[str]:
    if isinstance(source, str):
        yield source.removeprefix("\ufeff")
        return
    stream: IO[Any] = io.BytesIO(source) if isinstance(source, bytes | bytearray) else source
    first = stream.read(_READ_SIZE)
    if isinstance(first, str):
        yield first.removeprefix("\ufeff")
        while chunk := stream.read(_READ_SIZE):
            yield chunk
        return
    decoder = codecs.getincrementaldecoder(_sniff_encoding(first))()
    yield decoder.decode(first)
    while chunk := stream.read(_READ_SIZE):
        yield decoder.decode(chunk)
    yield decoder.decode(b"", final=True)


def _newlines(m: re.Match[str]) -> str:
    return "\n" * m.group().count("\n")


def _screened(part: str, line: int) -> str:
    refused = _REFUSED.search(part)
    if refused is not None:
        raise _RefusedError(
            f"<!{refused.group(1).upper()} is refused: DTDs and entity declarations are not "
            "read (no entity is expanded or fetched)",
            line + part.count("\n", 0, refused.start()),
        )
    return _DECLARATION.sub(_newlines, part)


def _screened_text(chunks: Iterable[str]) -> Iterator[str]:
    """Refuse DTDs and entities and drop XML declarations, across read boundaries."""
    pending = ""
    line = 1
    for chunk in chunks:
        pending += chunk
        if len(pending) <= _HOLD:
            continue
        # Cut at the last "<" near the end: a construct that starts before it ends before it
        # (declarations and the refused keywords hold no "<"), so each is screened whole.
        cut = pending.rfind("<", len(pending) - _HOLD)
        if cut == -1:
            cut = len(pending)
        part, pending = pending[:cut], pending[cut:]
        yield _screened(part, line)
        line += part.count("\n")
    yield _screened(pending, line)


@attrs.define
class _Node:
    """An element being built: its local name, attributes, children and text."""

    name: str
    attributes: dict[str, str]
    children: dict[str, Any] = attrs.field(factory=dict)
    text: list[str] = attrs.field(factory=list)

    def content(self) -> str:
        """The element's text; indentation alone (a newline and blanks) is no text."""
        text = "".join(self.text)
        # Pretty-printers, evtx_dump among them, put an empty element's end tag on a line of its
        # own; a value of blanks without a newline ("User32 " less the letters) is kept.
        return "" if "\n" in text and not text.strip() else text

    def add(self, child: _Node) -> None:
        """Attach a finished child: a named EventData ``Data`` by its name, others by tag."""
        name = child.attributes.get("Name")
        if self.name == "EventData" and child.name == "Data" and name is not None:
            self.children.setdefault(name, child.content())  # "" when empty, as evtx_dump
            return
        value = child.value()
        if child.name not in self.children:
            self.children[child.name] = value
        elif isinstance(self.children[child.name], _Repeated):
            self.children[child.name].append(value)
        else:
            self.children[child.name] = _Repeated((self.children[child.name], value))

    def value(self) -> Any:  # noqa: ANN401 - text, None or an object
        """The element as evtx_dump's JSON writes it."""
        text = self.content()
        if not self.children and not self.attributes:
            return text or None
        value: dict[str, Any] = {}
        if self.attributes:
            value["#attributes"] = self.attributes
        value.update(
            (k, list(v) if isinstance(v, _Repeated) else v) for k, v in self.children.items()
        )
        if text.strip() or (text and not self.children):
            value["#text"] = text
        return value


class _Repeated(list[Any]):
    """Values of a tag that occurs more than once under one parent (a list in the record)."""


class _EventBuilder:
    """Builds event records from expat's callbacks; elements outside an ``<Event>`` are skipped."""

    def __init__(self, parser: Any, origin: str | None) -> None:  # noqa: ANN401 - pyexpat's type
        self.parser = parser
        self.origin = origin
        self.done: list[dict[str, Any] | InvalidEvent] = []
        self.stack: list[_Node] = []
        self.line = 0
        self.elements = 0
        self.chars = 0

    def start(self, name: str, attributes: dict[str, str]) -> None:
        local = name.rpartition(":")[2]  # <e:Event xmlns:e="..."> and <Event> alike
        if not self.stack:
            if local != "Event":
                return  # a container (<Events>, our own root) or a stray element
            self.line, self.elements, self.chars = self.parser.CurrentLineNumber, 0, 0
        self.elements += 1
        self.chars += sum(len(k) + len(v) for k, v in attributes.items())
        self.stack.append(_Node(local, attributes))

    def data(self, text: str) -> None:
        if self.stack:
            self.chars += len(text)
            if self.chars <= MAX_EVENT_CHARS:
                self.stack[-1].text.append(text)

    def end(self, _name: str) -> None:
        if not self.stack:
            return
        node = self.stack.pop()
        if self.stack:
            self.stack[-1].add(node)
        elif self.elements > MAX_EVENT_ELEMENTS or self.chars > MAX_EVENT_CHARS:
            reason = (
                f"event too large ({self.elements} elements, {self.chars} characters; at most "
                f"{MAX_EVENT_ELEMENTS} and {MAX_EVENT_CHARS})"
            )
            self.done.append(self.invalid(reason, self.line))
        else:
            self.done.append({"Event": node.value()})

    def invalid(self, reason: str, line: int | None) -> InvalidEvent:
        return InvalidEvent(
            record=None,
            reason=reason,
            source=SECURITY_EVENT.id,
            adapter=WINDOWS_XML.id,
            origin=self.origin,
            line=line,
        )

    def take(self) -> list[dict[str, Any] | InvalidEvent]:
        done, self.done = self.done, []
        return done


def _refuse(*_args: object) -> NoReturn:
    raise _RefusedError("a DTD or entity declaration is refused (no entity is expanded or fetched)")


def _hardened_parser(origin: str | None) -> tuple[Any, _EventBuilder]:
    # No namespace processing: xmlns stays an attribute, as in evtx_dump's JSON, and a prefixed
    # tag keeps its prefix (stripped by the builder).
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    # Unreachable behind the text screen and our own root, which puts any DOCTYPE after the root
    # element, where expat rejects it; kept so that the refusal never rests on one check.
    parser.StartDoctypeDeclHandler = _refuse
    parser.EntityDeclHandler = _refuse
    parser.UnparsedEntityDeclHandler = _refuse
    parser.ExternalEntityRefHandler = _refuse
    builder = _EventBuilder(parser, origin)
    parser.StartElementHandler = builder.start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    return parser, builder


def iter_xml_events(
    source: IO[str] | IO[bytes] | str | bytes, *, origin: str | None = None
) -> Iterator[dict[str, Any] | InvalidEvent]:
    """Read Windows event XML and yield one record per ``<Event>`` element.

    Args:
        source: A binary or text stream (a file opened ``"rb"`` is best: the encoding is then
            taken from the byte-order mark or the XML declaration), or the XML itself. One or
            many events: under a root element, or concatenated without one.
        origin: A name for the input (a file name), carried into ``InvalidEvent`` values.

    Yields:
        Each event as a ``{"Event": {...}}`` record for the ``windows.xml`` adapter, in input
        order; an ``InvalidEvent`` for an event over the size limits, and one last
        ``InvalidEvent`` where the input is not well-formed XML, declares an encoding other
        than UTF-8/16/32, ASCII, an ISO 8859 part or a Windows code page, is not in its
        encoding, or holds a DTD or entity declaration (nothing after that point is read).
        Bad input never raises.
    """
    parser, builder = _hardened_parser(origin)
    try:
        parser.Parse(f"<{_WRAPPER}>", False)
        for text in _screened_text(_decoded(source)):
            parser.Parse(text, False)
            yield from builder.take()
        parser.Parse(f"</{_WRAPPER}>", True)
    except expat.ExpatError as exc:
        yield from builder.take()
        reason = f"not well-formed XML: {expat.ErrorString(exc.code)} (column {exc.offset})"
        yield builder.invalid(reason, exc.lineno)
        return
    except (_RefusedError, UnicodeError) as exc:
        # UnicodeError: bytes not in the declared encoding (UnicodeDecodeError; a plain
        # UnicodeError for UTF-16/32 declared without a byte-order mark), or str input holding
        # lone surrogates, which expat cannot take (UnicodeEncodeError).
        yield from builder.take()
        line = exc.line if isinstance(exc, _RefusedError) else None
        yield builder.invalid(f"XML input refused: {exc}", line)
        return
    yield from builder.take()
