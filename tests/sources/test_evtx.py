"""Tests of ``t1133.sources.evtx``: EVTX files through the optional parser (``t1133[evtx]``).

With the parser installed, EVTX files written here from the XML fixtures (``evtx_writer``: plain
binary XML, no Windows needed) are read end to end. Without it those tests are skipped; the
missing-extra message and the handling of what the parser yields are tested with a stand-in.
"""

from __future__ import annotations

import importlib.util
import io
import json
import sys
import types
import xml.etree.ElementTree as ET
from datetime import datetime, timezone
from pathlib import Path
from typing import ClassVar

import pytest

from sources.evtx_writer import Element, evtx_file
from sources.shape_cases import FIXTURES
from sources.windows_cases import findings, native_rows
from t1133 import ConfigError, InputError, InvalidEvent, parse_event, recognize_adapter
from t1133.sources.evtx import EVTX_EXTRA, iter_evtx_events
from t1133.sources.winxml import WINDOWS_XML, iter_xml_events

HAS_EVTX = importlib.util.find_spec("evtx") is not None
needs_evtx = pytest.mark.skipif(not HAS_EVTX, reason=f"the optional parser ({EVTX_EXTRA})")
CASES = sorted((FIXTURES / "winxml" / "cases").glob("*.xml"))
CASES = [p for p in CASES if "@" not in p.stem]
_NAMESPACE = "{http://schemas.microsoft.com/win/2004/08/events/event}"


def element(node: ET.Element) -> Element:
    """Turn a parsed fixture element into the writer's tree (namespace put back as xmlns)."""
    name = node.tag.removeprefix(_NAMESPACE)
    attributes = tuple(node.attrib.items())
    if name == "Event" and node.tag.startswith(_NAMESPACE):
        attributes = (("xmlns", _NAMESPACE[1:-1]), *attributes)
    return Element(name, attributes, node.text or "", tuple(element(c) for c in node))


def fixture_evtx(tmp_path: Path) -> Path:
    """Write the eight XML cases into one EVTX file and return its path."""
    # The record header's own time is when the record was written; readers take the event's
    # time from System/TimeCreated.
    written = datetime(2024, 5, 1, 12, 0, tzinfo=timezone.utc)
    events = [
        (written, element(ET.fromstring(path.read_text(encoding="utf-8"))))  # noqa: S314 - trusted
        for path in CASES
    ]
    target = tmp_path / "Security.evtx"
    target.write_bytes(evtx_file(events))
    return target


class StandInParser:
    """A stand-in for ``evtx.PyEvtxParser`` that yields what a test gives it."""

    items: ClassVar[list[object]] = []

    def __init__(self, target: object, number_of_threads: int = 0) -> None:
        self.target, self.threads = target, number_of_threads

    def records_json(self) -> object:
        """Yield the test's items; an exception class among them is raised there."""
        for item in self.items:
            if isinstance(item, type) and issubclass(item, BaseException):
                raise item("chunk 3 is corrupt")
            yield item


@pytest.fixture
def stand_in(monkeypatch):
    """Install the stand-in as the ``evtx`` module; return its parser class."""
    module = types.ModuleType("evtx")
    module.PyEvtxParser = StandInParser  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "evtx", module)
    monkeypatch.setattr(StandInParser, "items", [])
    return StandInParser


def json_record(record_id: int, event: object) -> dict[str, object]:
    """A record as the parser's ``records_json`` yields it."""
    return {"event_record_id": record_id, "timestamp": "", "data": json.dumps(event)}


def test_missing_extra_names_it(monkeypatch):
    """Without the parser, reading EVTX is a ConfigError that says what to install."""
    monkeypatch.setitem(sys.modules, "evtx", None)
    with pytest.raises(ConfigError, match=r"pip install 't1133\[evtx\]'"):
        next(iter_evtx_events("Security.evtx"))


def test_records_are_mapped_by_the_xml_adapter(stand_in):
    """Each JSON record becomes the event record the windows.xml adapter maps, in order."""
    xml = (FIXTURES / "winxml" / "cases" / "rdp_public.xml").read_text(encoding="utf-8")
    event = next(iter_xml_events(xml))
    stand_in.items = [json_record(1, event), json_record(2, event)]
    records = list(iter_evtx_events("Security.evtx"))
    assert [event, event] == records
    assert WINDOWS_XML == recognize_adapter(records[0])


def test_parse_errors_become_invalid_events(stand_in):
    """An error value (older releases) costs one record; a raised error ends the file."""
    event = {"Event": {"System": {"EventID": 4624}}}
    stand_in.items = [
        RuntimeError("record 1 is corrupt"),
        json_record(2, event),
        {"event_record_id": 3, "data": "{not json"},
        RuntimeError,
        json_record(5, event),
    ]
    yielded = list(iter_evtx_events(Path("logs") / "Security.evtx"))
    kinds = [type(y) for y in yielded]
    assert [InvalidEvent, dict, InvalidEvent, InvalidEvent] == kinds
    lines = [y.line for y in yielded if isinstance(y, InvalidEvent)]
    assert [None, 3, None] == lines
    assert "rest of the file is not read" in yielded[-1].reason  # type: ignore[union-attr]
    assert {str(Path("logs") / "Security.evtx")} == {
        y.origin for y in yielded if isinstance(y, InvalidEvent)
    }


def test_one_thread_keeps_file_order(stand_in, monkeypatch):
    """The parser is asked for one thread: its threads may return records out of order."""
    seen = []

    def init(_self, _target, number_of_threads=0):
        seen.append(number_of_threads)

    monkeypatch.setattr(stand_in, "__init__", init)
    assert [] == list(iter_evtx_events("Security.evtx"))
    assert [1] == seen


@needs_evtx
def test_evtx_file_gives_the_native_findings(tmp_path):
    """An EVTX file of the eight cases gives the findings of their Sentinel rows."""
    records = list(iter_evtx_events(fixture_evtx(tmp_path)))
    assert 8 == len(records)
    assert {WINDOWS_XML.id} == {recognize_adapter(r).id for r in records}  # type: ignore[union-attr]
    assert findings(native_rows().values()) == findings(records)


@needs_evtx
def test_evtx_and_xml_of_one_event_read_alike(tmp_path):
    """The parser's record of an event and the XML reader's record of it map to one event."""
    from_evtx = list(iter_evtx_events(fixture_evtx(tmp_path)))
    from_xml = [next(iter_xml_events(path.read_bytes())) for path in CASES]
    assert [parse_event(r) for r in from_xml] == [parse_event(r) for r in from_evtx]


@needs_evtx
def test_file_objects_are_read(tmp_path):
    """A binary file object reads like its path; its name is the origin."""
    path = fixture_evtx(tmp_path)
    with path.open("rb") as stream:
        assert list(iter_evtx_events(path)) == list(iter_evtx_events(stream))
    assert 8 == len(list(iter_evtx_events(io.BytesIO(path.read_bytes()))))


@needs_evtx
@pytest.mark.parametrize("content", [b"not an evtx file at all", None], ids=["junk", "missing"])
def test_unreadable_file_is_an_input_error(tmp_path, content):
    """A file that is not EVTX, or not there, is an InputError naming it."""
    path = tmp_path / "Security.evtx"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=r"Security\.evtx"):
        next(iter_evtx_events(path))
