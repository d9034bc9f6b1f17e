"""Tests of t1133.readers: formats recognised by content, nothing lost, bad lines reported."""

from __future__ import annotations

import gzip
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from t1133 import InputError, InvalidEvent, RawRecord, readers
from t1133.readers import iter_records
from t1133.sources.containers import unwrap_container as unwrap

ROW = {"Type": "SecurityEvent", "EventID": 4624, "TimeGenerated": "2026-12-04T10:00:00Z"}


# Every reader test runs with the standard library's parser and, where installed (the tests
# extra installs it), with orjson: the two must read everything the same.
DECODERS = ["standard"] + (["orjson"] if readers._FAST_DECODE is not None else [])


@pytest.fixture(autouse=True, params=DECODERS)
def decoder(request, monkeypatch):
    """Run every reader test with each available JSON parser."""
    if request.param == "standard":
        monkeypatch.setattr(readers, "_FAST_DECODE", None)
    return request.param


def read(data: bytes, origin: str = "f") -> list[RawRecord | InvalidEvent]:
    """Everything the reader yields for some bytes."""
    return list(iter_records(io.BytesIO(data), origin))


def records(items: list[RawRecord | InvalidEvent]) -> list[object]:
    """The records among reader output."""
    return [i.data for i in items if isinstance(i, RawRecord)]


def test_ndjson_lines_become_records_with_line_numbers():
    """Each NDJSON line is one record, numbered from 1, blank lines skipped but counted."""
    data = (json.dumps(ROW) + "\n\n" + json.dumps(dict(ROW, EventID=4625)) + "\n").encode()
    items = read(data, "day.ndjson")
    assert [(1, 4624), (3, 4625)] == [(i.line, i.data["EventID"]) for i in items]
    assert {"day.ndjson"} == {i.origin for i in items}


def test_a_bad_line_is_an_invalid_record_and_the_run_goes_on():
    """A line that is not JSON is reported with its number; the lines after it still count."""
    data = (json.dumps(ROW) + "\n{not json\n" + json.dumps(ROW) + "\n").encode()
    items = read(data)
    assert [RawRecord, InvalidEvent, RawRecord] == [type(i) for i in items]
    bad = items[1]
    assert isinstance(bad, InvalidEvent)
    assert 2 == bad.line
    assert bad.reason.startswith("not JSON")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        (b"true", "JSON bool is not an object (a record)"),
        (b"42", "JSON int is not an object (a record)"),
        (b'"text"', "JSON str is not an object (a record)"),
        (b"null", "JSON NoneType is not an object (a record)"),
        (b"\xff\xfe{}", "line is not UTF-8 text"),
        (b"[" * 100_000 + b"]" * 100_000, "JSON nested too deeply"),
    ],
)
def test_json_lines_that_are_not_records_are_explained(line, reason):
    """JSON that is not an object, non-UTF-8 bytes and absurd nesting become InvalidEvents."""
    items = read(json.dumps(ROW).encode() + b"\n" + line + b"\n")
    invalid = [i for i in items if isinstance(i, InvalidEvent)]
    assert [(2, reason)] == [(i.line, i.reason) for i in invalid]


def test_an_array_on_an_ndjson_line_is_a_batch_of_records():
    """A line holding an array is a batch: each element counts, all under that line's number."""
    items = read(json.dumps(ROW).encode() + b"\n" + json.dumps([ROW, 5]).encode() + b"\n")
    assert [(1, RawRecord), (2, RawRecord), (2, InvalidEvent)] == [(i.line, type(i)) for i in items]


def test_json_array_elements_are_numbered_records():
    """A JSON array is read whole; its elements are numbered records, non-objects invalid."""
    items = read(json.dumps([ROW, 7, ROW]).encode())
    assert [(1, RawRecord), (2, InvalidEvent), (3, RawRecord)] == [(i.line, type(i)) for i in items]


def test_pretty_printed_json_document_is_one_document():
    """A multi-line JSON object (not NDJSON) is read as one document."""
    items = read(json.dumps(ROW, indent=2).encode())
    assert [ROW] == records(items)


@pytest.mark.parametrize(
    "document",
    [
        {"value": [ROW, ROW]},
        {"records": [ROW, ROW]},
        {"results": [ROW, ROW], "preview": False},
        {"hits": {"total": 2, "hits": [{"_id": "a", "_source": ROW}, {"_source": ROW}]}},
    ],
)
def test_containers_are_unwrapped(document):
    """Graph pages, Azure Monitor records, Splunk results and Elasticsearch hits hold records."""
    assert [ROW, ROW] == records(read(json.dumps(document).encode()))
    assert [ROW, ROW] == records(read((json.dumps(document) + "\n").encode()))


@pytest.mark.parametrize(
    "row",
    [
        {"EventID": 4624, "TimeGenerated": "2026-12-04T10:00:00Z", "results": []},
        {"EventID": 4624, "TimeGenerated": "2026-12-04T10:00:00Z", "records": [{"x": 1}]},
        {"value": [ROW], "records": [ROW]},
        {"hits": {"hits": [ROW]}, "host": "x"},
        {"value": "not a list"},
    ],
)
def test_records_with_container_like_columns_stay_records(row):
    """Only a document whose sole content is the container key (and its siblings) unwraps."""
    assert unwrap(row) is None
    assert [row] == records(read(json.dumps(row).encode()))


def test_empty_containers_hold_nothing():
    """An empty Graph page or Splunk result set is a container with no records."""
    assert [] == read(json.dumps({"value": [], "@odata.context": "x"}).encode())
    assert [] == read(json.dumps({"results": [], "preview": False}).encode())


def test_a_row_with_a_value_column_is_not_a_container():
    """A Log Analytics row (it has Type) stays a record even if a column is named 'value'."""
    row = dict(ROW, value=[{"a": 1}])
    assert unwrap(row) is None
    assert [row] == records(read(json.dumps(row).encode()))


def test_csv_rows_become_records_without_empty_cells():
    """CSV with a header: empty cells (nulls in exports) and unnamed columns are left out."""
    data = b",TimeGenerated,EventID,LogonType,IpAddress\n0,2026-12-04T10:00:00Z,4624,,-\n"
    assert [{"TimeGenerated": "2026-12-04T10:00:00Z", "EventID": "4624", "IpAddress": "-"}] == (
        records(read(data))
    )


def test_csv_row_with_more_cells_than_headers_is_invalid():
    """Cells beyond the header cannot be named: the row is an invalid record with its line."""
    items = read(b"a,b\n1,2\n1,2,3\n")
    assert [RawRecord, InvalidEvent] == [type(i) for i in items]
    assert 3 == items[1].line


def test_gzip_is_undone_by_its_magic_bytes():
    """Compressed input is recognised by content, whatever its name."""
    assert [ROW] == records(read(gzip.compress(json.dumps(ROW).encode() + b"\n"), "plain.txt"))


def test_byte_order_mark_is_ignored():
    """A UTF-8 BOM before NDJSON or CSV does not hide the format."""
    assert [ROW] == records(read(b"\xef\xbb\xbf" + json.dumps(ROW).encode() + b"\n"))
    assert [{"a": "1"}] == records(read(b"\xef\xbb\xbfa\n1\n"))


def test_empty_input_yields_nothing():
    """Empty or whitespace-only input holds no records."""
    assert [] == read(b"")
    assert [] == read(b"  \n\n")


def test_corrupt_gzip_raises_input_error():
    """A broken compressed stream cannot be read at all: InputError, an OSError."""
    with pytest.raises(InputError) as caught:
        read(b"\x1f\x8b\x08\x00junk", "x.gz")
    assert isinstance(caught.value, OSError)
    assert "x.gz" in str(caught.value)


@settings(max_examples=60, deadline=None)
@given(
    st.lists(
        st.dictionaries(st.text(max_size=8), st.integers() | st.text(max_size=8), max_size=4),
        max_size=20,
    )
)
def test_every_ndjson_object_comes_back_once_in_order(objects):
    """Property: N object lines give N records, equal and in order, numbered 1..N."""
    rows = [dict(o, Type="T") for o in objects]  # a Type column: never read as a container
    data = "".join(json.dumps(r) + "\n" for r in rows).encode()
    items = read(data)
    assert rows == records(items)
    assert list(range(1, len(rows) + 1)) == [i.line for i in items]


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_escape_as_anything_but_input_error(data):
    """Property: any bytes give records and invalid records, or at worst InputError."""
    try:
        items = read(data)
    except InputError:
        return
    assert all(isinstance(i, (RawRecord, InvalidEvent)) for i in items)


def test_windows_event_xml_is_read_by_content():
    """Text starting with '<' is Windows event XML: one numbered record per <Event>."""
    event = (
        '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System>'
        "<EventID>4624</EventID><TimeCreated SystemTime='2026-12-04T10:00:00.0000000Z'/>"
        "<Channel>Security</Channel><Computer>srv-app01</Computer></System><EventData>"
        '<Data Name="TargetUserName">jdoe</Data><Data Name="LogonType">10</Data>'
        '<Data Name="IpAddress">81.2.69.144</Data></EventData></Event>'
    )
    items = read(f"<Events>{event}{event}</Events>".encode(), "s.xml")
    assert [(1, "s.xml"), (2, "s.xml")] == [(i.line, i.origin) for i in items]
    assert all(isinstance(i, RawRecord) and "Event" in i.data for i in items)


def test_xml_with_a_doctype_is_refused_not_expanded():
    """An entity declaration (billion laughs, external entities) is refused before parsing."""
    bomb = b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa">]><Event>&a;</Event>'
    items = read(bomb, "bomb.xml")
    assert 1 == len(items)
    assert isinstance(items[0], InvalidEvent)


def test_evtx_without_its_extra_is_an_input_error_naming_it(monkeypatch):
    """An EVTX file (by its signature) without the parser says what to install, as InputError."""
    from t1133.sources import evtx  # noqa: PLC0415

    def missing() -> None:
        raise evtx.ConfigError("reading .evtx files needs the optional parser: t1133[evtx]")

    monkeypatch.setattr(evtx, "_parser_class", missing)
    with pytest.raises(InputError, match=r"t1133\[evtx\]"):
        read(b"ElfFile\x00" + b"\x00" * 120, "Security.evtx")


def test_one_oversized_csv_field_costs_one_row_not_the_file():
    """A CSV error (a field over the csv module's limit) is one invalid row; the rest read on."""
    huge = "x" * 200_000
    data = f"a,b\n1,2\n3,{huge}\n5,6\n7,8\n".encode()
    items = read(data)
    assert [RawRecord, InvalidEvent, RawRecord, RawRecord] == [type(i) for i in items]
    assert [{"a": "5", "b": "6"}, {"a": "7", "b": "8"}] == records(items)[1:]


def test_a_corrupt_deflate_stream_is_an_input_error():
    """Damage inside the compressed data (a zlib error, not an OSError) is still InputError."""
    packed = bytearray(gzip.compress(json.dumps(ROW).encode() * 50))
    packed[20:40] = b"\xff" * 20
    with pytest.raises(InputError):
        read(bytes(packed), "bad.gz")


def test_a_broken_first_ndjson_line_does_not_swallow_the_rest():
    """A first line that is not JSON is reported; the lines after it are read as NDJSON."""
    data = b'{"TimeGenerated": broken\n' + (json.dumps(ROW) + "\n").encode() * 3
    items = read(data)
    assert [InvalidEvent, RawRecord, RawRecord, RawRecord] == [type(i) for i in items]
    assert [1, 2, 3, 4] == [i.line for i in items]
