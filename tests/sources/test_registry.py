"""Tests of ``t1133.sources.registry``: recognising records and parsing them, strictly or not."""

# Asserts read "expected == actual" (ENGINEERING.md, rule 11); ruff's SIM300 calls that Yoda.

from __future__ import annotations

import copy
from types import MappingProxyType

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from pydantic import ValidationError

import t1133
from sources.shape_cases import load_json
from strategies import json_values, near_valid_rows
from t1133 import (
    ADAPTERS,
    SOURCES,
    DeviceLogonEvent,
    EventModel,
    InvalidEvent,
    RecordError,
    SigninLogEvent,
    T1133Error,
    WindowsLogonEvent,
    parse_event,
    recognize,
    recognize_adapter,
    try_parse_event,
)

ROWS = {
    table: load_json("sentinel", f"{table}.json")
    for table in ("SecurityEvent", "SigninLogs", "DeviceLogonEvents")
}
WINDOWS = ROWS["SecurityEvent"]["rdp_public_int_columns"]
SIGNIN = ROWS["SigninLogs"]["success_objects"]
HUNTING = ROWS["DeviceLogonEvents"]["hunting_row"]

# Rows of other Defender tables: DeviceName and ActionType, but not the logon table's own pair
# (LogonType and AccountName).
DEVICE_PROCESS_EVENT = {
    "Timestamp": "2024-05-01T08:21:00.118Z",
    "DeviceId": "3f5c1a9e7b2d4c6e8f0a1b2c3d4e5f60718293a4",
    "DeviceName": "srv-app01.corp.example",
    "ActionType": "ProcessCreated",
    "FileName": "powershell.exe",
    "ProcessCommandLine": "powershell.exe -nop -w hidden",
    "AccountDomain": "corp",
    "AccountName": "jdoe",
    "ReportId": 11860,
}
DEVICE_NETWORK_EVENT = {
    "Timestamp": "2024-05-01T08:22:13.902Z",
    "DeviceName": "srv-app01.corp.example",
    "ActionType": "InboundConnectionAccepted",
    "RemoteIP": "81.2.69.144",
    "RemotePort": 51234,
    "LocalPort": 3389,
    "Protocol": "Tcp",
}


def test_sources_registry():
    """SOURCES maps each Sentinel table name to its model (other sources may be added)."""
    expected = {
        "SigninLogs": SigninLogEvent,
        "SecurityEvent": WindowsLogonEvent,
        "DeviceLogonEvents": DeviceLogonEvent,
    }

    actual = {source_id: source.model for source_id, source in SOURCES.items()}

    assert expected == {source_id: actual.get(source_id) for source_id in expected}


def test_adapters_registry():
    """ADAPTERS maps the Sentinel and hunting shape ids to their sources (others are added)."""
    expected = {
        "sentinel.SigninLogs": "SigninLogs",
        "sentinel.SecurityEvent": "SecurityEvent",
        "sentinel.DeviceLogonEvents": "DeviceLogonEvents",
        "defender.hunting": "DeviceLogonEvents",
    }

    actual = {adapter_id: adapter.source for adapter_id, adapter in ADAPTERS.items()}

    assert expected == {adapter_id: actual.get(adapter_id) for adapter_id in expected}
    assert set() == {a.source for a in ADAPTERS.values()} - set(SOURCES)


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        ({"Type": "SecurityEvent"}, ("SecurityEvent", "sentinel.SecurityEvent")),
        ({"Type": "SigninLogs"}, ("SigninLogs", "sentinel.SigninLogs")),
        ({"Type": "DeviceLogonEvents"}, ("DeviceLogonEvents", "sentinel.DeviceLogonEvents")),
        (WINDOWS, ("SecurityEvent", "sentinel.SecurityEvent")),
        (SIGNIN, ("SigninLogs", "sentinel.SigninLogs")),
        (HUNTING, ("DeviceLogonEvents", "defender.hunting")),
    ],
    ids=[
        "Type SecurityEvent",
        "Type SigninLogs",
        "Type DeviceLogonEvents",
        "4624 row",
        "sign-in row",
        "hunting row",
    ],
)
def test_recognised(record, expected):
    """A record is recognised by its Type column, or by its shape when it has none."""
    assert expected == (recognize(record).id, recognize_adapter(record).id)


@pytest.mark.parametrize("table", [None, ""], ids=["null", "empty"])
@pytest.mark.parametrize(
    ("row", "expected"),
    [
        ({"TimeGenerated": "2024-05-01T08:20:11Z", "EventID": 4624}, "SecurityEvent"),
        ({"Computer": "srv-app01", "EventID": "4625"}, "SecurityEvent"),
        ({"AppDisplayName": "Citrix Gateway", "ResultType": "0", "IPAddress": ""}, "SigninLogs"),
        (
            {
                "DeviceName": "d",
                "ActionType": "LogonSuccess",
                "LogonType": "Network",
                "AccountName": "jdoe",
            },
            "DeviceLogonEvents",
        ),
    ],
)
def test_null_or_empty_type_falls_back_to_shape(table, row, expected):
    """Real exports hold "Type": null; a null or empty Type decides nothing, the shape does."""
    assert expected == recognize({**row, "Type": table}).id


@pytest.mark.parametrize("table", ["Event", "Syslog", "securityevent", "SecurityEvents"])
def test_unknown_type_is_not_recognised_even_in_a_known_shape(table):
    """A Type naming another table decides outright: no source, even if the columns match."""
    record = {**WINDOWS, "Type": table}

    assert (None, None) == (recognize(record), recognize_adapter(record))


@pytest.mark.parametrize(
    "record",
    [DEVICE_PROCESS_EVENT, DEVICE_NETWORK_EVENT, {}, {"TimeGenerated": "2024-05-01T08:20:11Z"}],
    ids=["DeviceProcessEvents", "DeviceNetworkEvents", "empty", "time only"],
)
def test_other_shapes_are_not_claimed(record):
    """Rows of other tables (DeviceName+ActionType without LogonType) are not claimed."""
    assert (None, None) == (recognize(record), recognize_adapter(record))


@pytest.mark.parametrize(
    "record",
    [None, 4624, 1.5, True, "SecurityEvent", b"{}", [WINDOWS], (("Type", "SecurityEvent"),)],
    ids=["None", "int", "float", "bool", "str", "bytes", "list", "tuple of pairs"],
)
def test_non_mappings_are_not_recognised(record):
    """Only mappings can be records: anything else is recognised as nothing."""
    assert (None, None) == (recognize(record), recognize_adapter(record))


def test_read_only_mapping_is_recognised_and_parsed():
    """Any Mapping works, not only dict (a read-only view of a row, for instance)."""
    record = MappingProxyType(WINDOWS)

    event = parse_event(record)

    assert ("SecurityEvent", 4624) == (recognize(record).id, event.event_id)


@pytest.mark.parametrize(
    ("record", "model"),
    [(WINDOWS, WindowsLogonEvent), (SIGNIN, SigninLogEvent), (HUNTING, DeviceLogonEvent)],
)
def test_parse_event_gives_the_source_model(record, model):
    """parse_event returns the model of the recognised source."""
    assert model is type(parse_event(record))


def test_parse_event_returns_a_typed_event_unchanged():
    """A record that is already a typed event is returned as it is."""
    event = parse_event(WINDOWS)

    assert event is parse_event(event)
    assert event is try_parse_event(event)


def test_public_names_are_exported_from_t1133():
    """The models and parse functions are importable from t1133 itself."""
    names = {"SigninLogEvent", "WindowsLogonEvent", "DeviceLogonEvent", "EventModel",
             "InvalidEvent", "recognize", "recognize_adapter", "parse_event",
             "try_parse_event", "SOURCES", "ADAPTERS", "RecordError"}  # fmt: skip

    assert set() == names - set(t1133.__all__)


# Bad input: one case per way a record can be bad. (name, record, source, fields, reason start)


def nested_list(depth: int) -> list:
    """Return ``[[[...]]]`` nested ``depth`` deep, built without recursion."""
    outer: list = []
    cursor = outer
    for _ in range(depth):
        cursor.append([])
        cursor = cursor[0]
    return outer


# Deep enough to be junk, shallow enough for copy.deepcopy (the not-mutated check) to copy it.
DEEP_LIST = nested_list(300)
BAD_RECORDS = [
    pytest.param(
        {"Type": "SecurityEvent", "TimeGenerated": "2024-05-01T08:20:11Z", "Computer": "srv"},
        "SecurityEvent",
        ("EventID",),
        "EventID: Field required",
        id="missing EventID",
    ),
    pytest.param(
        {**WINDOWS, "EventID": "abc"},
        "SecurityEvent",
        ("EventID",),
        "EventID: Input should be a valid integer, unable to parse string as an integer",
        id="EventID abc",
    ),
    pytest.param(
        {**SIGNIN, "TimeGenerated": "yesterday"},
        "SigninLogs",
        ("TimeGenerated",),
        "TimeGenerated: not a timestamp: 'yesterday'",
        id="timestamp yesterday",
    ),
    pytest.param(
        {**SIGNIN, "UserAgent": "A" * (1 << 20)},
        "SigninLogs",
        ("UserAgent",),
        "UserAgent: String should have at most 65536 characters",
        id="1 MB string",
    ),
    pytest.param(
        {**WINDOWS, "Computer": DEEP_LIST},
        "SecurityEvent",
        ("Computer",),
        "Computer: Input should be a valid string",
        id="deeply nested junk in a text column",
    ),
    pytest.param(
        {**SIGNIN, "Status": "[" * 50_000 + "]" * 50_000},
        "SigninLogs",
        ("Status",),
        "Status: text is not valid JSON",
        id="deeply nested JSON text in an object column",
    ),
    pytest.param(
        {**SIGNIN, "Status": '["errorCode", 0]'},
        "SigninLogs",
        ("Status",),
        "Status: JSON text holds a list, not a dict",
        id="Status JSON text not an object",
    ),
    pytest.param(
        {**HUNTING, "RemotePort": "rdp", "IsLocalAdmin": "perhaps"},
        "DeviceLogonEvents",
        ("IsLocalAdmin", "RemotePort"),
        "IsLocalAdmin: Input should be a valid boolean, unable to interpret input; "
        "RemotePort: Input should be a valid integer",
        id="two bad columns",
    ),
    pytest.param(
        {**WINDOWS, "Type": "Event"},
        None,
        (),
        "Type 'Event' is not a table t1133 reads",
        id="unknown Type",
    ),
    pytest.param(
        {"ts": "2024-05-01T08:20:11Z", "user": "jdoe", "src": "8.10.20.30"},
        None,
        (),
        "no known record shape has these fields (ts, user, src)",
        id="unknown shape",
    ),
    pytest.param([WINDOWS], None, (), "record is not an object but list data", id="list"),
    pytest.param(
        '{"Type": "SecurityEvent"}', None, (), "record is not an object but str data", id="str"
    ),
    pytest.param(None, None, (), "record is not an object but NoneType data", id="None"),
    pytest.param(4624, None, (), "record is not an object but int data", id="int"),
]


@pytest.mark.parametrize(("record", "source", "fields", "reason"), BAD_RECORDS)
def test_try_parse_event_explains_bad_records(record, source, fields, reason):
    """A bad record becomes an InvalidEvent naming the source guess, the fields and why."""
    before = copy.deepcopy(record)

    result = try_parse_event(record, origin="events.jsonl", line=7)

    assert InvalidEvent is type(result)
    assert (source, fields, "events.jsonl", 7) == (
        result.source,
        result.fields,
        result.origin,
        result.line,
    )
    assert result.reason.startswith(reason), result.reason
    assert len(result.reason) < 400  # never echoes the megabyte
    assert record is result.record
    assert before == record


@pytest.mark.parametrize(("record", "source", "fields", "reason"), BAD_RECORDS)
def test_parse_event_raises_record_error(record, source, fields, reason):
    """parse_event raises RecordError (a ValueError) saying where, what and why."""
    before = copy.deepcopy(record)

    with pytest.raises(RecordError) as info:
        parse_event(record, origin="events.jsonl", line=7)

    error = info.value
    assert (True, True) == (isinstance(error, ValueError), isinstance(error, T1133Error))
    assert (source, fields, "events.jsonl", 7) == (
        error.source,
        error.fields,
        error.origin,
        error.line,
    )
    assert error.reason.startswith(reason), error.reason
    what = f"invalid {source} record" if source else "invalid record"
    assert str(error).startswith(f"events.jsonl:7: {what}: {reason}"), str(error)
    assert before == record


@pytest.mark.parametrize(
    ("record", "cause"),
    [({**WINDOWS, "EventID": "abc"}, ValidationError), ([WINDOWS], type(None))],
    ids=["validation failure", "unrecognised"],
)
def test_record_error_chains_the_pydantic_error(record, cause):
    """A validation failure is raised from pydantic's ValidationError; recognition has no cause."""
    with pytest.raises(RecordError) as info:
        parse_event(record)

    assert cause is type(info.value.__cause__)


def test_record_error_without_location():
    """Without origin and line the message starts with what is invalid."""
    with pytest.raises(RecordError) as info:
        parse_event({**WINDOWS, "EventID": "abc"})

    assert str(info.value).startswith("invalid SecurityEvent record: EventID: ")


def test_many_bad_columns_are_summarised():
    """Past five failing columns the reason says how many more; fields lists them all."""
    record = {**WINDOWS, "EventID": "x", "LogonType": "x", "KeyLength": "x", "Computer": [],
              "Account": [], "IpPort": [], "TimeGenerated": "x"}  # fmt: skip

    result = try_parse_event(record)

    assert (
        "TimeGenerated", "EventID", "Computer", "Account", "LogonType", "IpPort", "KeyLength",
    ) == result.fields  # fmt: skip
    assert result.reason.endswith("; and 2 more"), result.reason


def test_invalid_event_knows_the_adapter_that_claimed_it():
    """An InvalidEvent for a claimed record names the adapter as well as the source."""
    result = try_parse_event({**HUNTING, "Timestamp": "yesterday"})

    assert ("defender.hunting", "DeviceLogonEvents") == (result.adapter, result.source)


def test_invalid_event_to_error_and_to_dict():
    """InvalidEvent converts to the RecordError parse_event raises and to a JSON-ready dict."""
    result = try_parse_event({**WINDOWS, "EventID": "abc"}, origin="a.csv", line=3)

    error = result.to_error()

    assert ("SecurityEvent", ("EventID",), "a.csv", 3, result.reason) == (
        error.source,
        error.fields,
        error.origin,
        error.line,
        error.reason,
    )
    assert {
        "origin": "a.csv",
        "line": 3,
        "source": "SecurityEvent",
        "adapter": "sentinel.SecurityEvent",
        "fields": ["EventID"],
        "reason": "EventID: Input should be a valid integer, unable to parse string as an integer",
    } == result.to_dict()


def test_text_column_refuses_very_deep_junk():
    """100,000 levels of lists in a text column: refused quickly, naming the column."""
    junk = nested_list(100_000)
    record = {**WINDOWS, "Computer": junk}

    result = try_parse_event(record)

    assert (("Computer",), "Computer: Input should be a valid string") == (
        result.fields,
        result.reason,
    )
    assert record is result.record
    assert junk is result.record["Computer"]


def test_unknown_column_keeps_deeply_nested_junk():
    """Deep junk in a column the model does not name is no error: it is kept, as the same object."""
    junk = nested_list(100_000)

    event = parse_event({**WINDOWS, "EventData_dynamic": junk})

    assert junk is event.model_extra["EventData_dynamic"]


def test_object_column_takes_deeply_nested_object():
    """A deeply nested object in an object column is still an object: it is taken as is."""
    deep: dict = {}
    cursor = deep
    for _ in range(10_000):
        cursor["inner"] = {}
        cursor = cursor["inner"]

    event = parse_event({**SIGNIN, "Status": deep})

    assert ["inner"] == list(event.status)


def test_valid_record_is_not_mutated():
    """Parsing never changes the record it reads (stripping, coercion happen in the model)."""
    record = copy.deepcopy(ROWS["SecurityEvent"]["network_text_columns"])
    before = copy.deepcopy(record)

    parse_event(record)

    assert before == record


def _check_lenient_result(record: object) -> None:
    before = copy.deepcopy(record)

    result = try_parse_event(record)

    assert isinstance(result, (EventModel, InvalidEvent))
    if isinstance(result, InvalidEvent):
        assert record is result.record
        assert (result.source is None) == (recognize(record) is None)
    else:
        assert type(result) is recognize(record).model
    assert repr(before) == repr(record)  # repr: NaN never equals itself, its text does


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(json_values())
def test_no_json_value_escapes_try_parse_event(value):
    """Any JSON-like value gives a model or an InvalidEvent, never an exception or a change."""
    _check_lenient_result(value)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(near_valid_rows())
def test_no_near_valid_row_escapes_try_parse_event(row):
    """Real rows with random values in real columns give a model or an InvalidEvent."""
    _check_lenient_result(row)


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(near_valid_rows({f"{t}/{n}": row for t, rows in ROWS.items() for n, row in rows.items()}))
def test_no_value_in_a_fixture_row_escapes_try_parse_event(row):
    """Full-width fixture rows with random values in their columns never escape either."""
    _check_lenient_result(row)


def test_an_adapter_failing_on_data_is_an_invalid_event_not_a_crash(monkeypatch):
    """An adapter's ValueError on hostile data is a RecordError naming source and adapter."""
    from t1133.sources import registry  # noqa: PLC0415

    def explode(_record):
        raise ValueError("exceeds the limit for integer string conversion")

    native = registry.ADAPTERS["sentinel.SecurityEvent"]
    broken = attrs.evolve(native, to_columns=explode)
    monkeypatch.setitem(registry._BY_TYPE, "SecurityEvent", broken)
    result = try_parse_event(dict(WINDOWS))
    assert isinstance(result, InvalidEvent)
    assert ("SecurityEvent", "sentinel.SecurityEvent") == (result.source, result.adapter)
    assert "cannot map record: exceeds the limit" in result.reason
    with pytest.raises(RecordError) as caught:
        parse_event(dict(WINDOWS))
    assert isinstance(caught.value.__cause__, ValueError)
