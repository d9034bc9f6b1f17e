"""Tests of ``t1133.sources.winxml``: Windows event XML, its hardened reader and its adapter."""

from __future__ import annotations

import io
import json
from collections import Counter
from pathlib import Path

import pytest

from sources.shape_cases import (
    DATA,
    FIXTURES,
    SAMPLE_LOOKBACK,
    SAMPLE_NOW,
    model_columns,
    sample_marker,
)
from sources.windows_cases import assert_same_findings_as_native, findings, native_rows
from t1133 import InvalidEvent, WindowsLogonEvent, detect, parse_event, recognize_adapter
from t1133.sources import try_parse_event
from t1133.sources.winxml import (
    MAX_EVENT_CHARS,
    MAX_EVENT_ELEMENTS,
    WINDOWS_XML,
    WINXML_COLUMNS,
    _hardened_parser,
    _RefusedError,
    iter_xml_events,
)

XML = FIXTURES / "winxml"
CASES = sorted((XML / "cases").glob("*.xml"))
SAMPLE = "winevtx_security_4624_network_wmi_lateral_evtx-attack-samples.xml"
ONE_EVENT = (XML / "cases" / "network_public.xml").read_text(encoding="utf-8")

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Event><System><EventID>4624</EventID><Computer>&lol9;</Computer></System></Event>
"""
EXTERNAL_ENTITY = """<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE Event [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<Event><System><EventID>4624</EventID><Computer>&xxe;</Computer></System></Event>
"""
PARAMETER_ENTITY = """<!DOCTYPE Event [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>
<Event><System><EventID>4624</EventID></System></Event>
"""


def read(source: object, **options: object) -> list[object]:
    """Return everything ``iter_xml_events`` yields for a source."""
    return list(iter_xml_events(source, **options))  # type: ignore[arg-type]


def read_file(path: Path) -> list[object]:
    """Read an XML fixture as a binary stream, as a file reader would."""
    with path.open("rb") as stream:
        return read(stream)


class TrickleStream(io.RawIOBase):
    """A binary stream that returns at most ``size`` bytes per read (a slow pipe)."""

    def __init__(self, data: bytes, size: int) -> None:
        self.data, self.size, self.position = data, size, 0

    def readable(self) -> bool:
        """Say the stream can be read."""
        return True

    def read(self, _n: int = -1) -> bytes:
        """Return the next few bytes."""
        chunk = self.data[self.position : self.position + self.size]
        self.position += len(chunk)
        return chunk


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_same_findings_as_the_native_row(path):
    """Every XML case (with and without the namespace) gives the findings of its Sentinel row."""
    records = read_file(path)
    assert 1 == len(records)
    assert_same_findings_as_native(path.stem, records)
    assert WINDOWS_XML == recognize_adapter(records[0])


@pytest.mark.parametrize("name", ["events_root.xml", "wevtutil_concatenated.xml"])
def test_many_events_per_file(name):
    """A root holding all cases and wevtutil's concatenated events both read as eight events."""
    records = read_file(XML / name)
    assert 8 == len(records)
    assert findings(native_rows().values()) == findings(records)


def test_encodings_and_text_streams_read_alike():
    """UTF-16 with a BOM, UTF-8 with a BOM, text streams and XML text give the same records."""
    text = (XML / "events_root.xml").read_text(encoding="utf-8")
    expected = read(text)
    utf16 = text.replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16")
    assert expected == read(io.BytesIO(utf16))
    assert expected == read(io.BytesIO(b"\xef\xbb\xbf" + text.encode()))
    assert expected == read(io.StringIO(text))
    assert expected == read(text.encode())


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_a_bom(codec):
    """UTF-16 without a byte-order mark is told by its first character, "<"."""
    assert read(ONE_EVENT) == read(io.BytesIO(ONE_EVENT.encode(codec)))


def test_long_text_stream():
    """A text stream longer than one read gives every event."""
    assert 300 == len(read(io.StringIO(ONE_EVENT * 300)))


def test_evtx_dump_text_output():
    """evtx_dump's XML output ("Record N" lines, a declaration per event) reads event by event."""
    events = ONE_EVENT.strip()
    dump = "".join(
        f'Record {n}\n<?xml version="1.0" encoding="utf-8"?>\n{events}\n' for n in (1, 2, 3)
    )
    records = read(io.BytesIO(dump.encode()))
    assert [read(ONE_EVENT)[0]] * 3 == records


@pytest.mark.parametrize("size", [1, 7, 511, 513])
def test_reads_of_any_size(size):
    """A stream that trickles a few bytes per read gives the same records as one read."""
    data = (XML / "events_root.xml").read_bytes()
    assert read(data) == read(TrickleStream(data, size))


def test_data_is_keyed_by_name_never_by_position():
    """EventData read in reverse order gives the same event (Data elements by Name)."""
    head, _, rest = ONE_EVENT.partition("<EventData>")
    body, _, tail = rest.partition("</EventData>")
    lines = [line for line in body.splitlines() if line.strip()]
    reversed_xml = head + "<EventData>" + "\n".join(reversed(lines)) + "</EventData>" + tail
    assert parse_event(read(ONE_EVENT)[0]) == parse_event(read(reversed_xml)[0])


def test_record_shape_is_evtx_dump_json():
    """The parsed record has evtx_dump's JSON form; that JSON maps to the same event."""
    record = read(ONE_EVENT)[0]
    provider = {
        "Name": "Microsoft-Windows-Security-Auditing",
        "Guid": "{54849625-5478-4994-A5BA-3E3B0328C30D}",
    }
    assert provider == record["Event"]["System"]["Provider"]["#attributes"]  # type: ignore[index]
    evtx_dump_json = {
        "Event": {
            "#attributes": {"xmlns": "http://schemas.microsoft.com/win/2004/08/events/event"},
            "System": {
                "EventID": {"#attributes": {"Qualifiers": 0}, "#text": 4624},
                "TimeCreated": {"#attributes": {"SystemTime": "2024-05-01T09:01:44.456000Z"}},
                "Channel": "Security",
                "Computer": "fs02.corp.example",
            },
            "EventData": {**record["Event"]["EventData"], "LogonType": 3, "KeyLength": 128},  # type: ignore[index]
        }
    }
    assert parse_event(record) == parse_event(evtx_dump_json)


def test_prefixed_namespace_and_stray_elements():
    """<e:Event> reads as <Event>; elements and text outside events are skipped."""
    prefixed = ONE_EVENT.replace("<Event xmlns=", "<e:Event xmlns:e=").replace(
        "</Event>", "</e:Event>"
    )
    prefixed = prefixed.replace("<System>", "<e:System>").replace("</System>", "</e:System>")
    prefixed = prefixed.replace("<EventData>", "<e:EventData>").replace(
        "</EventData>", "</e:EventData>"
    )
    noisy = f"<Export><Note>not an event</Note>{prefixed}</Export>"
    assert parse_event(read(ONE_EVENT)[0]) == parse_event(read(noisy)[0])  # type: ignore[arg-type]


def test_empty_data_and_indented_empty_elements():
    """An empty Data gives "" (as evtx_dump's JSON); an element holding only indentation is empty.

    evtx_dump's XML puts the end tag of an empty element on a line of its own; that indentation
    is no value. Blanks without a newline are a value ("User32 " less the letters).
    """
    full = '<Data Name="WorkstationName">WS-0042</Data>'
    assert full in ONE_EVENT
    empty = read(ONE_EVENT.replace(full, '<Data Name="WorkstationName"/>'))[0]
    indented = read(ONE_EVENT.replace(full, '<Data Name="WorkstationName">\n    </Data>'))[0]
    blanks = read(ONE_EVENT.replace(full, '<Data Name="WorkstationName">  </Data>'))[0]
    assert ("", "", "  ") == tuple(
        r["Event"]["EventData"]["WorkstationName"]  # type: ignore[index]
        for r in (empty, indented, blanks)
    )
    provider = read(ONE_EVENT.replace("/>", ">\n    </Provider>", 1))[0]
    assert "#text" not in provider["Event"]["System"]["Provider"]  # type: ignore[index]


def test_billion_laughs_is_refused_without_expansion():
    """The "billion laughs" DTD is refused before parsing: one InvalidEvent, nothing expanded."""
    yielded = read(BILLION_LAUGHS, origin="lolz.xml")
    assert 1 == len(yielded)
    invalid = yielded[0]
    assert isinstance(invalid, InvalidEvent)
    assert ("lolz.xml", 2) == (invalid.origin, invalid.line)
    assert "DOCTYPE is refused" in invalid.reason
    assert "lollol" not in json.dumps(invalid.to_dict())


@pytest.mark.parametrize(
    "payload", [EXTERNAL_ENTITY, PARAMETER_ENTITY], ids=["general", "parameter"]
)
def test_external_entities_are_refused_and_never_fetched(payload):
    """file:///etc/passwd entities (general and parameter) are refused; nothing is read."""
    for source in (payload, io.BytesIO(payload.encode())):
        yielded = read(source)
        assert [InvalidEvent] == [type(y) for y in yielded]
        assert "DOCTYPE is refused" in yielded[0].reason  # type: ignore[union-attr]
        assert "root:" not in repr(yielded)


def test_entity_declaration_without_doctype_is_refused():
    """A stray <!ENTITY> is refused by the same screen."""
    yielded = read(ONE_EVENT + '<!ENTITY x SYSTEM "file:///etc/passwd">')
    assert isinstance(yielded[-1], InvalidEvent)
    assert "ENTITY is refused" in yielded[-1].reason


def test_doctype_split_between_reads_is_refused():
    """A DOCTYPE whose keyword is split between two reads is still seen and refused."""
    data = (
        " " * 1000 + EXTERNAL_ENTITY.replace('<?xml version="1.0" encoding="utf-8"?>\n', "")
    ).encode()
    for size in (3, 1004, 1005):
        yielded = read(TrickleStream(data, size))
        assert [InvalidEvent] == [type(y) for y in yielded], size


def test_expat_refuses_a_dtd_behind_the_screen():
    """The parser's own handlers refuse a DTD too (a second lock, should the screen miss one)."""
    parser, _ = _hardened_parser(None)
    with pytest.raises(_RefusedError):
        parser.Parse(EXTERNAL_ENTITY.encode(), True)
    parser, _ = _hardened_parser(None)
    with pytest.raises(_RefusedError):
        parser.Parse(b'<!DOCTYPE e [<!ENTITY a "b">]><e>&a;</e>', True)


def test_undeclared_entity_reference_is_not_well_formed():
    """&xxe; without any declaration is an XML error (nothing to expand)."""
    yielded = read("<Event><System><Computer>&xxe;</Computer></System></Event>")
    assert [InvalidEvent] == [type(y) for y in yielded]
    assert "undefined entity" in yielded[0].reason  # type: ignore[union-attr]


def test_malformed_xml_keeps_what_came_before():
    """Events before an XML error are yielded; then one InvalidEvent with the line, and no more."""
    broken = ONE_EVENT + "<Event><System></Event>\n" + ONE_EVENT
    yielded = read(broken, origin="broken.xml")
    assert [dict, InvalidEvent] == [type(y) for y in yielded]
    invalid = yielded[1]
    assert ("broken.xml", ONE_EVENT.count("\n") + 1) == (invalid.origin, invalid.line)  # type: ignore[union-attr]
    assert "mismatched tag" in invalid.reason  # type: ignore[union-attr]


def test_unknown_encoding_is_refused():
    """An encoding Python does not know is refused with its name."""
    yielded = read(b'<?xml version="1.0" encoding="x-no-such"?><Event/>')
    assert [InvalidEvent] == [type(y) for y in yielded]
    assert "x-no-such" in yielded[0].reason  # type: ignore[union-attr]


#: Codecs Python knows that are not text encodings (or not ones read here): each failed on
#: bytes with an error of its own kind (TypeError, binascii.Error, zlib.error ...), and zlib and
#: bz2 inflate without bound.
HOSTILE_ENCODINGS = [
    "rot13", "base64", "hex", "zlib", "uu", "bz2", "quopri", "punycode", "undefined", "idna",
    "utf-7", "unicode_escape", "raw_unicode_escape", "cp037",
]  # fmt: skip


@pytest.mark.parametrize("name", HOSTILE_ENCODINGS)
def test_encodings_that_are_not_text_encodings_are_refused(name):
    """A declared codec that is no text encoding is refused with its name, never run."""
    source = f'<?xml version="1.0" encoding="{name}"?>\n'.encode() + ONE_EVENT.encode()
    yielded = read(source)
    assert [InvalidEvent] == [type(y) for y in yielded]
    assert f"encoding {name!r} in the XML declaration is not a text encoding" in yielded[0].reason  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("latin-1", "Müller"),
        ("ISO-8859-15", "€uro"),
        ("windows-1252", "Müller €"),
        ("windows-1251", "Иван"),
        ("US-ASCII", "jdoe"),
        ("utf-8", "Müller €"),
    ],
)
def test_text_encodings_of_the_declaration_are_read(name, text):
    """Latin, Windows code page, ASCII and UTF-8 declarations are decoded as declared."""
    event = ONE_EVENT.replace(">WS-0042<", f">{text}<")
    yielded = read(f'<?xml version="1.0" encoding="{name}"?>\n{event}'.encode(name))
    assert [text] == [y["Event"]["EventData"]["WorkstationName"] for y in yielded]  # type: ignore[index]


@pytest.mark.parametrize(
    ("name", "bad"),
    [
        ("utf-8", b"\xff\xfe"),
        ("us-ascii", b"\x80"),
        ("windows-1252", b"\x81"),  # unassigned in code page 1252
        ("iso-8859-3", b"\xa5"),  # unassigned in ISO 8859-3
        ("utf-16", b""),  # declared without a byte-order mark in ASCII-readable bytes
        ("utf-32", b""),
    ],
)
def test_bytes_not_in_the_declared_encoding_are_an_invalid_event(name, bad):
    """Bytes the declared encoding cannot decode end the input with one InvalidEvent."""
    event = ONE_EVENT.replace(">WS-0042<", ">WS-0042" + bad.decode("latin-1") + "<")
    source = f'<?xml version="1.0" encoding="{name}"?>\n{event}'.encode("latin-1")
    yielded = read(io.BytesIO(source))
    assert [InvalidEvent] == [type(y) for y in yielded][-1:]
    assert yielded[-1].reason.startswith("XML input refused: ")  # type: ignore[union-attr]


def test_text_with_a_lone_surrogate_is_an_invalid_event():
    """Text (a stream read with surrogateescape) expat cannot take is an InvalidEvent."""
    yielded = read(io.StringIO(ONE_EVENT.replace(">WS-0042<", ">WS-\udcff<")))
    assert [InvalidEvent] == [type(y) for y in yielded]
    assert "surrogates not allowed" in yielded[0].reason  # type: ignore[union-attr]


def test_oversized_event_is_refused_and_the_next_read():
    """An event over the element limit becomes an InvalidEvent; the next event is still read."""
    huge = "<Event><System>" + "<Junk/>" * MAX_EVENT_ELEMENTS + "</System></Event>\n"
    yielded = read(huge + ONE_EVENT)
    assert [InvalidEvent, dict] == [type(y) for y in yielded]
    assert "event too large" in yielded[0].reason  # type: ignore[union-attr]


def test_event_with_too_much_text_is_refused():
    """An event over the text limit becomes an InvalidEvent; the next event is still read."""
    huge = ONE_EVENT.replace(">WS-0042<", ">" + "W" * MAX_EVENT_CHARS + "<")
    yielded = read(huge + ONE_EVENT)
    assert [InvalidEvent, dict] == [type(y) for y in yielded]
    assert "characters" in yielded[0].reason  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("name", "fields"),
    [
        ("no_logon_type", ("Event.EventData.LogonType",)),
        (
            "no_time_created",
            (
                "Event.System.TimeCreated.#attributes.SystemTime",
                "Event.System.TimeCreated_attributes.SystemTime",
            ),
        ),
    ],
)
def test_invalid_events_name_the_field(name, fields):
    """An event without LogonType or TimeCreated becomes an InvalidEvent naming the path."""
    records = read_file(XML / "invalid" / f"{name}.xml")
    invalid = try_parse_event(records[0])
    assert isinstance(invalid, InvalidEvent)
    assert (fields, WINDOWS_XML.id) == (invalid.fields, invalid.adapter)
    assert fields[0] in invalid.reason


def test_every_table_path_names_a_model_column():
    """Each event path feeds a column the SecurityEvent model reads."""
    assert set() == set(WINXML_COLUMNS.values()) - model_columns(WindowsLogonEvent)


@sample_marker(SAMPLE)
def test_evtx_attack_sample_parses():
    """The EVTX-ATTACK-SAMPLES WMI export: 8 events, 6 x 4624 type 3, all valid, no finding.

    Its logons come from 10.0.2.17, fe80:: and ::1 (negatives), written by python-evtx with
    ``SystemTime="2019-03-18 22:15:36.036375+00:00"`` and ``<EventID Qualifiers="">``.
    """
    records = read_file(DATA / SAMPLE)
    assert 8 == len(records)
    assert {WINDOWS_XML.id} == {recognize_adapter(r).id for r in records}  # type: ignore[union-attr]
    events = [parse_event(r) for r in records]
    assert Counter({4624: 6, 4688: 2}) == Counter(e.event_id for e in events)  # type: ignore[attr-defined]
    assert {3} == {e.logon_type for e in events if e.event_id == 4624}  # type: ignore[attr-defined]
    result = detect(records, now=SAMPLE_NOW, lookback=SAMPLE_LOOKBACK, validate_all=True)
    assert (0, 0) == (len(result.findings), result.stats.invalid)
