"""Tests of ``t1133.sources.defender_stream``: Defender streaming API (Event Hub) logon records.

Cases: ``tests/fixtures/defender_stream/cases.json`` (fake values). The real record (the Elastic
integration's pipeline test) is read from ``../shared/data/`` when that directory exists.
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sources.shape_cases import (
    DATA,
    SAMPLE_LOOKBACK,
    SAMPLE_NOW,
    attributes,
    branches_fired,
    case_params,
    findings,
    invalid_rows,
    load_cases,
    read_json_lines,
    sample_marker,
)
from strategies import rendered_logons
from t1133 import DeviceLogonEvent, detect, parse_event, recognize_adapter

UTC = timezone.utc
CASES = load_cases("defender_stream")
RDP = CASES["positives"]["rdp_success_public"]["record"]
EXTRACT = DATA / "mde_devicelogonevents_eventhub_elastic_test-device_extract.jsonl"


@pytest.mark.parametrize("case", case_params(CASES, "positives", "negatives"))
def test_same_findings_as_the_hunting_row(case):
    """A streamed record gives exactly the findings of the advanced hunting row it wraps."""
    assert findings([case["native"]]) == findings([case["record"]])


@pytest.mark.parametrize("case", case_params(CASES, "positives", "negatives"))
def test_expected_branches_fire(case):
    """Positives fire the Defender branch, negatives nothing, read as streamed records."""
    assert case["branches"] == branches_fired(case["record"])


@pytest.mark.parametrize("case", case_params(CASES, "positives", "negatives", "invalid"))
def test_claimed_by_the_stream_adapter(case):
    """Every case, good or bad, is recognised as a streamed DeviceLogonEvents record only."""
    assert "defender.stream" == recognize_adapter(case["record"]).id


@pytest.mark.parametrize("case", case_params(CASES, "invalid"))
def test_bad_record_is_invalid_with_the_field_named(case):
    """A record that cannot be mapped is an InvalidEvent naming the field, counted as invalid."""
    expected = (1, [(case["fields"], case["reason"], "DeviceLogonEvents", "defender.stream")])
    assert expected == invalid_rows(case["record"])


def test_row_time_is_the_event_time_and_the_envelope_time_is_kept():
    """Timestamp (the logon) decides; the envelope's publication time becomes TimeGenerated."""
    event = parse_event(RDP)
    expected = (
        datetime(2026, 12, 4, 9, 15, 30, 511000, tzinfo=UTC),
        datetime(2026, 12, 4, 9, 19, 41, tzinfo=UTC),
        {"IsLocalLogon": False},
    )
    assert isinstance(event, DeviceLogonEvent)
    assert expected == (event.event_time, event.time_generated, event.additional_fields)


def test_rdp_finding_in_full():
    """The finding of a streamed RDP logon: the eight columns and the shape it came in."""
    result = detect([RDP], now=datetime(2026, 12, 4, 12, tzinfo=UTC))
    expected = {
        "TimeGenerated": "2026-12-04T09:15:30.511000Z",
        "AccountName": "jdoe",
        "SourceIP": "81.2.69.144",
        "TargetService": "MDE_RemoteInteractive",
        "DetectionBranch": "MDE_RemoteLogon_External",
        "Location": None,
        "RiskLevel": None,
        "Computer": "srv-app01.corp.example",
        "SourceTable": "DeviceLogonEvents",
        "Adapter": "defender.stream",
        "IPCategory": "PUBLIC",
        "Techniques": ["TA0001:T1133", "TA0003:T1133"],
        "Severity": "medium",
    }
    assert [expected] == [f.to_dict() for f in result.findings]


@pytest.mark.parametrize(
    "category",
    ["AdvancedHunting-DeviceProcessEvents", "AdvancedHunting-DeviceNetworkEvents", "SignInLogs"],
)
def test_records_of_other_tables_are_not_claimed(category):
    """The stream also carries other tables: they are not DeviceLogonEvents records."""
    adapter = recognize_adapter({**RDP, "category": category})
    assert "defender.stream" != (adapter.id if adapter else None)


def test_record_is_not_changed():
    """Reading a streamed record leaves it, and its row, as they were."""
    before = repr(RDP)
    parse_event(RDP)
    assert before == repr(RDP)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(rendered_logons(("defender_stream",)), max_size=6))
def test_generated_logons_give_the_native_findings(logons):
    """Logons written as streamed records find what advanced hunting rows do."""
    natives = [native for _, _, native in logons]
    records = [record for _, record, _ in logons]
    assert findings(natives) == findings(records)


@sample_marker(EXTRACT)
def test_real_record_is_a_failed_public_network_logon():
    """The real record: a failed Network logon from public 67.43.156.1, and no finding."""
    records = read_json_lines(EXTRACT)
    event = parse_event(records[0])
    expected = {
        "timestamp": datetime(2022, 11, 9, 17, 47, 28, 816768, tzinfo=UTC),
        "time_generated": datetime(2022, 11, 9, 17, 51, 33, 562528, tzinfo=UTC),
        "action_type": "LogonFailed",
        "logon_type": "Network",
        "account_name": "administrator",
        "account_domain": None,
        "remote_ip": "67.43.156.1",
        "remote_ip_type": "Public",
        "remote_port": 0,
        "additional_fields": {"IsLocalLogon": True},
        "device_name": "testmachine6",
        "report_id": 3551,
    }
    assert expected == attributes(event, expected)
    result = detect(records, now=SAMPLE_NOW, lookback=SAMPLE_LOOKBACK)
    assert (1, 0, 1, 0) == (
        result.stats.read,
        len(result.findings),
        result.stats.not_matched,
        result.stats.invalid,
    )


@sample_marker(EXTRACT)
def test_real_record_would_fire_had_the_logon_succeeded():
    """The same real record with LogonSuccess fires: only the failure kept it quiet."""
    record = read_json_lines(EXTRACT)[0]
    succeeded = {**record, "properties": {**record["properties"], "ActionType": "LogonSuccess"}}
    result = detect([succeeded], now=SAMPLE_NOW, lookback=SAMPLE_LOOKBACK)
    expected = [("MDE_RemoteLogon_External", "MDE_Network", "67.43.156.1")]
    assert expected == [
        (f.detection_branch, f.target_service, f.source_ip) for f in result.findings
    ]
