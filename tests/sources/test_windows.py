"""Tests of ``t1133.sources.windows``: Sentinel ``SecurityEvent`` rows as ``WindowsLogonEvent``.

Fixture rows: ``tests/fixtures/sentinel/SecurityEvent.json`` (fake values, built from
reference/sentinel-tables.md section 2). Real exports are read from ``../shared/data/`` when
that directory exists.
"""

# Asserts read "expected == actual" (ENGINEERING.md, rule 11); ruff's SIM300 calls that Yoda.

from __future__ import annotations

import collections
import copy
import csv
from datetime import datetime, timezone

import pytest
from pydantic import ValidationError

from sources.shape_cases import (
    DATA,
    attributes,
    json_round_trip,
    load_json,
    read_json_lines,
    sample_marker,
)
from t1133 import (
    InvalidEvent,
    IPCategory,
    WindowsLogonEvent,
    parse_event,
    recognize,
    recognize_adapter,
    try_parse_event,
)

UTC = timezone.utc
ROWS = load_json("sentinel", "SecurityEvent.json")
GOLDEN_SAML = DATA / "sentinel_securityevent_otrf_goldensaml_WindowsEvents.jsonl"
MSTICPY_CSV = DATA / "sentinel_securityevent_4624_msticpy_host_logons.csv"


def test_rdp_row_with_numeric_columns():
    """A 4624 RDP row with int EventID/LogonType becomes the event an analyst expects."""
    expected = {
        "time_generated": datetime(2024, 5, 1, 8, 20, 11, tzinfo=UTC),
        "event_id": 4624,
        "computer": "srv-app01.corp.example",
        "activity": "4624 - An account was successfully logged on.",
        "account": "CORP\\jdoe",
        "account_type": "User",
        "target_user_name": "jdoe",
        "target_domain_name": "CORP",
        "target_user_sid": "S-1-5-21-1111111111-2222222222-3333333333-1104",
        "target_logon_id": "0x3a9f21",
        "subject_user_name": "SRV-APP01$",
        "subject_domain_name": "CORP",
        "subject_user_sid": "S-1-5-18",
        "subject_logon_id": "0x3e7",
        "logon_type": 10,
        "logon_type_name": "10 - RemoteInteractive",
        "ip_address": "81.2.69.144",
        "ip_port": "51234",
        "workstation_name": "KALI-7",
        "logon_process_name": "User32",
        "authentication_package_name": "Negotiate",
        "lm_package_name": "-",
        "key_length": 0,
        "process_name": "C:\\Windows\\System32\\svchost.exe",
        "elevated_token": "%%1842",
        "restricted_admin_mode": "No",
        "virtual_account": "%%1843",
        "impersonation_level": "%%1833",
        "status": None,
        "sub_status": None,
        "failure_reason": None,
        "channel": "Security",
        "event_time": datetime(2024, 5, 1, 8, 20, 11, tzinfo=UTC),
        "source_ip": "81.2.69.144",
        "ip_category": IPCategory.PUBLIC,
    }

    event = parse_event(ROWS["rdp_public_int_columns"])

    assert WindowsLogonEvent is type(event)
    assert expected == attributes(event, expected)


def test_row_with_text_columns():
    """EventID "4624", LogonType "3", KeyLength "128" become ints; IpPort 49811 becomes text."""
    expected = {
        "time_generated": datetime(2024, 5, 1, 9, 1, 44, 123456, tzinfo=UTC),
        "event_id": 4624,
        "logon_type": 3,
        "key_length": 128,
        "ip_port": "49811",
        "ip_address": "::ffff:8.10.20.30",
        "ip_category": IPCategory.PUBLIC,
        "logon_process_name": "NtLmSsp",
        "elevated_token": "Yes",
        "virtual_account": "No",
    }

    event = parse_event(ROWS["network_text_columns"])

    assert expected == attributes(event, expected)


def test_failed_logon_row_with_offset_time():
    """A 4625 row keeps Status/SubStatus as logged and its +02:00 time is moved to UTC."""
    expected = {
        "time_generated": datetime(2024, 5, 1, 8, 30, 0, 500000, tzinfo=UTC),
        "event_id": 4625,
        "status": "0xc000006d",
        "sub_status": "0xC000006A",
        "failure_reason": "%%2313",
        "target_domain_name": "",
        "workstation_name": "",
        "ip_port": "0",
        "ip_category": IPCategory.PUBLIC,
    }

    event = parse_event(ROWS["failed_4625_with_offset"])

    assert expected == attributes(event, expected)


def test_service_logon_row_with_null_type_and_no_address():
    """A row with "Type": null is read by shape; IpAddress "-" is kept and classed INVALID."""
    expected = {
        "time_generated": datetime(2024, 5, 1, 7, 0, 3, 250000, tzinfo=UTC),
        "logon_type": 5,
        "ip_address": "-",
        "ip_port": "-",
        "source_ip": "-",
        "ip_category": IPCategory.INVALID,
        "logon_process_name": "Advapi",
    }

    event = parse_event(ROWS["service_logon_no_address"])

    assert WindowsLogonEvent is type(event)
    assert expected == attributes(event, expected)


@pytest.mark.parametrize("name", sorted(ROWS))
def test_dump_by_column_name_and_validate_again_gives_the_same_event(name):
    """An event dumped with Sentinel column names validates back into an equal event."""
    event = parse_event(ROWS[name])

    again = WindowsLogonEvent.model_validate(event.model_dump(by_alias=True))

    assert event == again


@pytest.mark.parametrize("name", sorted(ROWS))
def test_json_round_trip_gives_the_same_event(name):
    """An event written as JSON (by column name, Type kept) parses back into an equal event."""
    event = parse_event(ROWS[name])

    again = json_round_trip(event)

    assert event == again


def test_populated_by_attribute_name():
    """Attribute names work as well as column names, with the same coercions."""
    by_column = WindowsLogonEvent.model_validate(
        {"TimeGenerated": "2024-05-01T08:20:11Z", "EventID": "4624", "LogonType": "10"}
    )

    by_attribute = WindowsLogonEvent(
        time_generated="2024-05-01T08:20:11Z", event_id="4624", logon_type="10"
    )

    assert by_column == by_attribute
    assert (4624, 10) == (by_attribute.event_id, by_attribute.logon_type)


def test_event_is_frozen():
    """Assigning to a field raises pydantic's ValidationError: events are immutable."""
    event = parse_event(ROWS["rdp_public_int_columns"])

    with pytest.raises(ValidationError, match="frozen"):
        event.logon_type = 3  # type: ignore[misc]

    assert 10 == event.logon_type


def test_unknown_columns_are_kept_in_model_extra():
    """Columns the model does not name are kept, unchanged, under their column names."""
    row = ROWS["rdp_public_int_columns"]
    unknown = (
        "TenantId", "SourceSystem", "EventSourceName", "Task", "Level", "TargetAccount",
        "TargetLinkedLogonId", "TransmittedServices", "SourceComputerId", "EventOriginId",
        "TimeCollected", "_ResourceId", "Type",
    )  # fmt: skip

    event = parse_event(row)

    assert {column: row[column] for column in unknown} == event.model_extra


@pytest.mark.parametrize(
    ("logged", "expected"),
    [
        ("81.2.69.144", IPCategory.PUBLIC),
        ("::ffff:8.10.20.30", IPCategory.PUBLIC),
        ("192.168.2.5", IPCategory.PRIVATE),
        ("::ffff:10.1.2.3", IPCategory.PRIVATE),
        ("fe80::1d35:28c0:59d6:6862", IPCategory.LINK_LOCAL),
        ("::1", IPCategory.LOOPBACK),
        ("203.0.113.7", IPCategory.DOCUMENTATION),
        ("-", IPCategory.INVALID),
        ("", IPCategory.INVALID),
    ],
)
def test_ip_address_kept_as_logged_and_classified(logged, expected):
    """IpAddress is stored as the text logged; ip_category is the classifier's verdict."""
    row = {**ROWS["rdp_public_int_columns"], "IpAddress": logged}

    event = parse_event(row)

    assert (logged, logged, expected) == (event.ip_address, event.source_ip, event.ip_category)


def test_missing_ip_address_has_no_source_ip():
    """Without an IpAddress column there is no source address and the category is INVALID."""
    event = parse_event(
        {"Type": "SecurityEvent", "TimeGenerated": "2024-05-01T08:20:11Z", "EventID": 4634}
    )

    assert (None, None, IPCategory.INVALID) == (
        event.ip_address,
        event.source_ip,
        event.ip_category,
    )


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("EventID", "abc", "EventID: Input should be a valid integer"),
        ("EventID", 4624.5, "EventID: Input should be a valid integer"),
        ("LogonType", "RemoteInteractive", "LogonType: Input should be a valid integer"),
        ("KeyLength", "-", "KeyLength: Input should be a valid integer"),
        ("TimeGenerated", "yesterday", "TimeGenerated: not a timestamp: 'yesterday'"),
        ("Computer", ["srv-app01"], "Computer: Input should be a valid string"),
    ],
)
def test_bad_column_value_names_the_column(column, value, reason):
    """A value of the wrong kind in a modelled column is an InvalidEvent naming that column."""
    row = {**ROWS["rdp_public_int_columns"], column: value}

    result = try_parse_event(row)

    assert InvalidEvent is type(result)
    assert ((column,), "SecurityEvent") == (result.fields, result.source)
    assert result.reason.startswith(reason), result.reason


@pytest.mark.parametrize("column", ["TimeGenerated", "EventID"])
def test_required_column_missing(column):
    """TimeGenerated and EventID are required: without one, the record is invalid."""
    row = {k: v for k, v in ROWS["rdp_public_int_columns"].items() if k != column}

    result = try_parse_event(row)

    assert InvalidEvent is type(result)
    assert ((column,), f"{column}: Field required") == (result.fields, result.reason)


# Real exports (read-only, outside the repository): skipped when absent.


@sample_marker(GOLDEN_SAML)
def test_golden_saml_export_every_line_parses_or_is_explained():
    """All 38 lines: 36 become WindowsLogonEvent, the two Type "Event" rows are explained."""
    rows = read_json_lines(GOLDEN_SAML)

    results = [
        try_parse_event(row, origin=GOLDEN_SAML.name, line=n) for n, row in enumerate(rows, 1)
    ]

    kinds = collections.Counter(type(result).__name__ for result in results)
    invalid = [(r.line, r.reason, r.source) for r in results if isinstance(r, InvalidEvent)]
    assert {"WindowsLogonEvent": 36, "InvalidEvent": 2} == kinds
    assert [
        (13, "Type 'Event' is not a table t1133 reads", None),
        (16, "Type 'Event' is not a table t1133 reads", None),
    ] == invalid


@sample_marker(GOLDEN_SAML)
def test_golden_saml_export_row_without_type_is_read_by_shape():
    """Line 17 (event 5156) has no Type column; its EventID and Computer make it SecurityEvent."""
    row = read_json_lines(GOLDEN_SAML)[16]

    event = parse_event(row)

    assert ("SecurityEvent", "sentinel.SecurityEvent") == (
        recognize(row).id,
        recognize_adapter(row).id,
    )
    assert (5156, datetime(2021, 8, 2, 13, 9, 19, 323000, tzinfo=UTC)) == (
        event.event_id,
        event.time_generated,
    )


@sample_marker(GOLDEN_SAML)
def test_golden_saml_export_logons():
    """The 28 logons are network logons (int LogonType 3) from private, link-local or no address."""
    logons = [parse_event(row) for row in read_json_lines(GOLDEN_SAML) if row["EventID"] == 4624]

    assert 28 == len(logons)
    assert {3} == {event.logon_type for event in logons}
    assert {IPCategory.PRIVATE, IPCategory.LINK_LOCAL, IPCategory.INVALID} == {
        event.ip_category for event in logons
    }


@sample_marker(GOLDEN_SAML)
def test_golden_saml_export_first_logon():
    """Line 3, a Kerberos network logon of wardog on DC01, reads as the export says."""
    expected = {
        "time_generated": datetime(2021, 8, 2, 13, 6, 38, 330000, tzinfo=UTC),
        "event_id": 4624,
        "computer": "DC01.simulandlabs.com",
        "target_user_name": "wardog",
        "target_domain_name": "SIMULANDLABS.COM",
        "logon_type": 3,
        "logon_type_name": "3 - Network",
        "ip_address": "192.168.2.5",
        "ip_port": "53085",
        "logon_process_name": "Kerberos",
        "ip_category": IPCategory.PRIVATE,
    }

    event = parse_event(read_json_lines(GOLDEN_SAML)[2])

    assert expected == attributes(event, expected)


def _msticpy_rows() -> list[dict]:
    with MSTICPY_CSV.open(encoding="utf-8", newline="") as text:
        return list(csv.DictReader(text))


@sample_marker(MSTICPY_CSV)
def test_msticpy_csv_rows_are_recognised_by_shape():
    """The 14 CSV rows carry no Type column; their columns say SecurityEvent."""
    rows = _msticpy_rows()

    assert 14 == len(rows)
    assert ["SecurityEvent"] * 14 == [recognize(row).id for row in rows]


@sample_marker(MSTICPY_CSV)
def test_msticpy_csv_rows_parse():
    """Every CSV row parses: text EventID and LogonType, naive times, padded process names."""
    events = [
        parse_event(row, origin=MSTICPY_CSV.name, line=n)
        for n, row in enumerate(_msticpy_rows(), 2)
    ]

    assert [4, 5, 3, 5, 5, 4, 5, 5, 5, 5, 5, 5, 5, 5] == [e.logon_type for e in events]
    assert {4624} == {e.event_id for e in events}
    assert ["Advapi", "Advapi", "NtLmSsp"] + ["Advapi"] * 11 == [
        e.logon_process_name for e in events
    ]
    assert {IPCategory.INVALID, IPCategory.LINK_LOCAL} == {e.ip_category for e in events}


@sample_marker(MSTICPY_CSV)
def test_msticpy_csv_first_row():
    """Row 1: naive '2019-01-15 05:15:02.980' is UTC; the unnamed index column is kept."""
    row = _msticpy_rows()[0]
    before = copy.deepcopy(row)
    expected = {
        "time_generated": datetime(2019, 1, 15, 5, 15, 2, 980000, tzinfo=UTC),
        "account": "MSTICAlertsWin1\\MSTICAdmin",
        "target_user_name": "MSTICAdmin",
        "logon_type": 4,
        "logon_process_name": "Advapi",
        "status": "",
        "ip_address": "-",
    }

    event = parse_event(row)

    assert expected == attributes(event, expected)
    assert ("0", "802d39e1-9d70-404d-832c-2de5e2478eda") == (
        event.model_extra[""],
        event.model_extra["TenantId"],
    )
    assert before == row
