"""Tests of ``t1133.sources.defender``: ``DeviceLogonEvents`` rows as ``DeviceLogonEvent``.

Fixture rows: ``tests/fixtures/sentinel/DeviceLogonEvents.json`` (fake values, built from
reference/sentinel-tables.md section 3): an advanced hunting row (no ``Type``, ``Timestamp``)
and two Sentinel rows (``Type``, ``TimeGenerated`` with or without ``Timestamp``).
"""

# Asserts read "expected == actual" (ENGINEERING.md, rule 11); ruff's SIM300 calls that Yoda.

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from pydantic import ValidationError

from sources.shape_cases import DATA, attributes, json_round_trip, load_json, sample_marker
from t1133 import (
    DeviceLogonEvent,
    InvalidEvent,
    IPCategory,
    parse_event,
    recognize_adapter,
    try_parse_event,
)
from t1133.sources.defender import normalize_mde_logon_type

UTC = timezone.utc
ROWS = load_json("sentinel", "DeviceLogonEvents.json")
MDE_EXTRACT = DATA / "mde_devicelogonevents_eventhub_elastic_test-device_extract.jsonl"


def test_advanced_hunting_row():
    """A hunting row: Timestamp is the time, "True" is True, AdditionalFields JSON text parsed."""
    expected = {
        "timestamp": datetime(2024, 5, 1, 8, 20, 9, 511000, tzinfo=UTC),
        "time_generated": None,
        "event_time": datetime(2024, 5, 1, 8, 20, 9, 511000, tzinfo=UTC),
        "device_id": "3f5c1a9e7b2d4c6e8f0a1b2c3d4e5f60718293a4",
        "device_name": "srv-app01.corp.example",
        "action_type": "LogonSuccess",
        "logon_type": "RemoteInteractive",
        "account_domain": "corp",
        "account_name": "jdoe",
        "account_sid": "S-1-5-21-1111111111-2222222222-3333333333-1104",
        "protocol": "Negotiate",
        "failure_reason": "",
        "is_local_admin": True,
        "logon_id": 7823412,
        "remote_device_name": "KALI-7",
        "remote_ip": "81.2.69.144",
        "remote_ip_type": "Public",
        "remote_port": 51234,
        "additional_fields": {"IsLocalLogon": False},
        "initiating_process_file_name": "svchost.exe",
        "initiating_process_account_name": "system",
        "report_id": 11852,
        "machine_group": None,
        "source_ip": "81.2.69.144",
        "ip_category": IPCategory.PUBLIC,
    }

    event = parse_event(ROWS["hunting_row"])

    assert DeviceLogonEvent is type(event)
    assert "defender.hunting" == recognize_adapter(ROWS["hunting_row"]).id
    assert expected == attributes(event, expected)


def test_sentinel_row_with_both_times_and_prose_logon_type():
    """Timestamp wins over TimeGenerated; the documented prose RDP type becomes the data value."""
    expected = {
        "timestamp": datetime(2024, 5, 1, 8, 20, 9, 511693, tzinfo=UTC),
        "time_generated": datetime(2024, 5, 1, 8, 25, 40, tzinfo=UTC),
        "event_time": datetime(2024, 5, 1, 8, 20, 9, 511693, tzinfo=UTC),
        "logon_type": "RemoteInteractive",
        "is_local_admin": True,
        "logon_id": 9915523,
        "remote_port": 60312,
        "report_id": 11853,
        "remote_ip_type": None,
        "remote_device_name": "",
        "additional_fields": {"IsLocalLogon": True},
        "machine_group": "Servers",
        "ip_category": IPCategory.PUBLIC,
    }

    event = parse_event(ROWS["sentinel_both_times_prose"])

    assert "sentinel.DeviceLogonEvents" == recognize_adapter(ROWS["sentinel_both_times_prose"]).id
    assert expected == attributes(event, expected)


def test_sentinel_row_with_time_generated_only():
    """Sentinel's copy may carry only TimeGenerated: it is then the event time."""
    expected = {
        "timestamp": datetime(2024, 5, 1, 20, 3, 17, 250000, tzinfo=UTC),
        "time_generated": datetime(2024, 5, 1, 20, 3, 17, 250000, tzinfo=UTC),
        "action_type": "LogonFailed",
        "logon_type": "Network",
        "failure_reason": "InvalidUserNameOrPassword",
        "is_local_admin": False,
        "remote_ip": "-",
        "remote_ip_type": "",
        "ip_category": IPCategory.INVALID,
        "remote_port": 0,
        "additional_fields": None,
    }

    event = parse_event(ROWS["sentinel_time_generated_only"])

    assert expected == attributes(event, expected)


@pytest.mark.parametrize(
    "row",
    [
        {"Timestamp": "2024-05-01T08:20:09Z", "TimeGenerated": "2024-05-01T08:25:40Z"},
        {"TimeGenerated": "2024-05-01T08:25:40Z", "Timestamp": "2024-05-01T08:20:09Z"},
    ],
    ids=["Timestamp first", "TimeGenerated first"],
)
def test_timestamp_wins_whatever_the_column_order(row):
    """With both columns, Timestamp (the sensor's time) is the event time, in any key order."""
    event = parse_event({"Type": "DeviceLogonEvents", **row})

    assert (
        datetime(2024, 5, 1, 8, 20, 9, tzinfo=UTC),
        datetime(2024, 5, 1, 8, 25, 40, tzinfo=UTC),
    ) == (event.event_time, event.time_generated)


def test_no_time_column_is_invalid():
    """Without Timestamp or TimeGenerated the record is invalid, naming the Timestamp column."""
    result = try_parse_event({"Type": "DeviceLogonEvents", "RemoteIP": "8.10.20.30"})

    assert InvalidEvent is type(result)
    assert ("Timestamp",) == result.fields
    assert result.reason.startswith("Timestamp: Field required"), result.reason


@pytest.mark.parametrize(
    ("logged", "expected"),
    [("True", True), ("False", False), ("true", True), (True, True), (False, False), (None, None)],
)
def test_is_local_admin_bool_or_text(logged, expected):
    """IsLocalAdmin is a bool in the table but some exports write "True"/"False"."""
    event = parse_event({**ROWS["hunting_row"], "IsLocalAdmin": logged})

    assert expected == event.is_local_admin


@pytest.mark.parametrize(
    ("logged", "expected"),
    [
        ("Remote interactive (RDP) logons", "RemoteInteractive"),
        ("RemoteInteractive", "RemoteInteractive"),
        ("Network", "Network"),
        ("remoteinteractive", "remoteinteractive"),
        ("Remote interactive (rdp) logons", "Remote interactive (rdp) logons"),
        ("CachedRemoteInteractive", "CachedRemoteInteractive"),
    ],
)
def test_logon_type_is_exact_text(logged, expected):
    """LogonType stays exact (no case folding); only the documented prose form is mapped."""
    event = parse_event({**ROWS["hunting_row"], "LogonType": logged})

    assert expected == event.logon_type


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Remote interactive (RDP) logons", "RemoteInteractive"), ("Batch", "Batch"), ("", "")],
)
def test_normalize_mde_logon_type(value, expected):
    """The normaliser maps the prose RDP type and leaves every other value alone."""
    assert expected == normalize_mde_logon_type(value)


def test_remote_ip_type_may_be_missing():
    """RemoteIPType is optional: a row without it parses and the category still comes from us."""
    row = {k: v for k, v in ROWS["hunting_row"].items() if k != "RemoteIPType"}

    event = parse_event(row)

    assert (None, IPCategory.PUBLIC) == (event.remote_ip_type, event.ip_category)


@pytest.mark.parametrize(
    ("logged", "expected"),
    [
        ('{"IsLocalLogon":true}', {"IsLocalLogon": True}),
        ({"IsLocalLogon": True}, {"IsLocalLogon": True}),
        ("", None),
        (None, None),
    ],
    ids=["JSON text (advanced hunting)", "object (Sentinel)", "empty text", "null"],
)
def test_additional_fields_object_or_json_text(logged, expected):
    """AdditionalFields is JSON text in advanced hunting and an object in Sentinel: both work."""
    event = parse_event({**ROWS["hunting_row"], "AdditionalFields": logged})

    assert expected == event.additional_fields


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("AdditionalFields", "[true]", "AdditionalFields: JSON text holds a list, not a dict"),
        ("IsLocalAdmin", "maybe", "IsLocalAdmin: Input should be a valid boolean"),
        ("RemotePort", "-", "RemotePort: Input should be a valid integer"),
        ("Timestamp", "3/31/2022, 0:10:00 AM", "Timestamp: hour 0 is impossible"),
        ("LogonType", 10, None),
    ],
)
def test_bad_column_value_names_the_column(column, value, reason):
    """A wrong value in a modelled column is an InvalidEvent naming it (LogonType 10 is text)."""
    row = {**ROWS["hunting_row"], column: value}

    result = try_parse_event(row)

    if reason is None:  # a number in a text column is taken as its text
        assert "10" == result.logon_type
        return
    assert InvalidEvent is type(result)
    assert ((column,), "DeviceLogonEvents") == (result.fields, result.source)
    assert result.reason.startswith(reason), result.reason


@pytest.mark.parametrize("name", sorted(ROWS))
def test_dump_by_column_name_keeps_timestamp(name):
    """Dumped by column name, the event time is written as "Timestamp", not "timestamp"."""
    event = parse_event(ROWS[name])

    dumped = event.model_dump(by_alias=True)

    assert (event.timestamp, False) == (dumped["Timestamp"], "timestamp" in dumped)


@pytest.mark.parametrize("name", sorted(ROWS))
def test_json_round_trip_gives_the_same_event(name):
    """An event written as JSON by column name parses back into an equal event (same time)."""
    event = parse_event(ROWS[name])

    again = json_round_trip(event)

    assert event == again


def test_populated_by_attribute_name():
    """Attribute names work as well as column names, with the same coercions."""
    by_column = DeviceLogonEvent.model_validate(
        {
            "Timestamp": "2024-05-01T08:20:09Z",
            "LogonType": "Remote interactive (RDP) logons",
            "RemoteIP": "8.10.20.30",
            "IsLocalAdmin": "True",
        }
    )

    by_attribute = DeviceLogonEvent(
        timestamp="2024-05-01T08:20:09Z",
        logon_type="Remote interactive (RDP) logons",
        remote_ip="8.10.20.30",
        is_local_admin="True",
    )

    assert by_column == by_attribute
    assert ("RemoteInteractive", True) == (by_attribute.logon_type, by_attribute.is_local_admin)


def test_event_is_frozen():
    """Assigning to a field raises pydantic's ValidationError: events are immutable."""
    event = parse_event(ROWS["hunting_row"])

    with pytest.raises(ValidationError, match="frozen"):
        event.action_type = "LogonFailed"

    assert "LogonSuccess" == event.action_type


def test_unknown_columns_are_kept_in_model_extra():
    """Columns the model does not name (process hashes, ids ...) are kept unchanged."""
    row = ROWS["sentinel_both_times_prose"]
    unknown = (
        "TenantId", "InitiatingProcessId", "InitiatingProcessParentFileName",
        "InitiatingProcessParentId", "AppGuardContainerId", "SourceSystem", "Type",
    )  # fmt: skip

    event = parse_event(row)

    assert {column: row[column] for column in unknown} == event.model_extra


@sample_marker(MDE_EXTRACT)
def test_real_streaming_api_properties_read_as_hunting_row():
    """The real Event Hub record's properties are an advanced hunting row: a failed logon."""
    record = json.loads(MDE_EXTRACT.read_text(encoding="utf-8"))
    expected = {
        "timestamp": datetime(2022, 11, 9, 17, 47, 28, 816768, tzinfo=UTC),
        "device_name": "testmachine6",
        "action_type": "LogonFailed",
        "logon_type": "Network",
        "account_domain": None,
        "account_name": "administrator",
        "protocol": "NTLM",
        "failure_reason": "InvalidUserNameOrPassword",
        "is_local_admin": None,
        "remote_ip": "67.43.156.1",
        "remote_ip_type": "Public",
        "ip_category": IPCategory.PUBLIC,
        "remote_port": 0,
        "additional_fields": {"IsLocalLogon": True},
        "report_id": 3551,
        "machine_group": "UnassignedGroup",
    }

    event = parse_event(record["properties"])

    assert "defender.hunting" == recognize_adapter(record["properties"]).id
    assert expected == attributes(event, expected)


def test_sentinel_row_with_a_null_timestamp_takes_time_generated():
    """Sentinel's copy may hold "Timestamp": null beside TimeGenerated: the latter is the time."""
    row = {
        "Type": "DeviceLogonEvents",
        "Timestamp": None,
        "TimeGenerated": "2026-12-04T10:00:00Z",
        "DeviceName": "srv-app01",
        "ActionType": "LogonSuccess",
        "LogonType": "RemoteInteractive",
        "AccountName": "jdoe",
        "RemoteIP": "81.2.69.144",
        "RemoteIPType": "Public",
    }
    event = parse_event(row)
    assert datetime(2026, 12, 4, 10, tzinfo=timezone.utc) == event.timestamp
    assert None is row["Timestamp"]  # the caller's record is not changed
