"""Tests of ``t1133.sources.splunk``: Splunk search results of Windows Security events.

Cases: ``tests/fixtures/splunk/cases.json`` (fake values, from reference/windows-4624.md 6.b).
"""

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sources.shape_cases import (
    attributes,
    branches_fired,
    case_params,
    findings,
    invalid_rows,
    load_cases,
)
from strategies import rendered_logons
from t1133 import (
    InvalidEvent,
    RecordError,
    WindowsLogonEvent,
    detect,
    parse_event,
    recognize_adapter,
)
from t1133.sources.splunk import splunk_time

UTC = timezone.utc
CASES = load_cases("splunk")
SPLUNK_SHAPES = ("splunk.classic", "splunk.xml", "splunk.export")


@pytest.mark.parametrize("case", case_params(CASES, "positives", "negatives"))
def test_same_findings_as_the_native_row(case):
    """A Splunk result gives exactly the findings of the equivalent SecurityEvent row."""
    assert findings([case["native"]]) == findings([case["record"]])


@pytest.mark.parametrize("case", case_params(CASES, "positives", "negatives"))
def test_expected_branches_fire(case):
    """Positives fire their branches, negatives none, read as Splunk results."""
    assert case["branches"] == branches_fired(case["record"])


@pytest.mark.parametrize("case", case_params(CASES, "positives", "negatives", "invalid"))
def test_claimed_by_the_splunk_adapter(case):
    """Every case, good or bad, is recognised as a Splunk result and nothing else."""
    assert "splunk.windows" == recognize_adapter(case["record"]).id


@pytest.mark.parametrize("case", case_params(CASES, "invalid"))
def test_bad_result_is_invalid_with_the_field_named(case):
    """A result that cannot be mapped is an InvalidEvent naming the field, counted as invalid."""
    expected = (1, [(case["fields"], case["reason"], "SecurityEvent", "splunk.windows")])
    assert expected == invalid_rows(case["record"])


def test_classic_result_maps_target_and_subject_accounts():
    """Account_Name [subject, target]: the last value is the account logged on to."""
    event = parse_event(CASES["positives"]["classic_rdp_multivalue_account"]["record"])
    expected = {
        "time_generated": datetime(2026, 12, 4, 9, 15, 30, tzinfo=UTC),
        "event_id": 4624,
        "logon_type": 10,
        "target_user_name": "jdoe",
        "target_domain_name": "CORP",
        "subject_user_name": "SRV-APP01$",
        "subject_domain_name": "CORP",
        "ip_address": "81.2.69.144",
        "ip_port": "51234",
        "computer": "srv-app01.corp.example",
        "workstation_name": "KALI-7",
        "logon_process_name": "User32",
        "authentication_package_name": "Negotiate",
        "channel": "Security",
    }
    assert isinstance(event, WindowsLogonEvent)
    assert expected == attributes(event, expected)


def test_rdp_finding_in_full():
    """The RDP finding of a classic result: the eight columns and the shape it came in."""
    result = detect(
        [CASES["positives"]["classic_rdp_multivalue_account"]["record"]],
        now=datetime(2026, 12, 4, 12, tzinfo=UTC),
    )
    expected = {
        "TimeGenerated": "2026-12-04T09:15:30Z",
        "AccountName": "jdoe",
        "SourceIP": "81.2.69.144",
        "TargetService": "RDP_RemoteInteractive",
        "DetectionBranch": "SecurityEvent_RDP_External",
        "Location": None,
        "RiskLevel": None,
        "Computer": "srv-app01.corp.example",
        "SourceTable": "SecurityEvent",
        "Adapter": "splunk.windows",
        "IPCategory": "PUBLIC",
        "Techniques": ["TA0001:T1133", "TA0003:T1133"],
        "Severity": "high",
    }
    assert [expected] == [f.to_dict() for f in result.findings]


@pytest.mark.parametrize(
    ("logged", "expected"),
    [
        ("2026-12-04T09:15:30.000+00:00", datetime(2026, 12, 4, 9, 15, 30, tzinfo=UTC)),
        ("2026-12-04T04:15:30.250-05:00", datetime(2026, 12, 4, 9, 15, 30, 250000, tzinfo=UTC)),
        ("1796375730", datetime(2026, 12, 4, 9, 15, 30, tzinfo=UTC)),
        ("1796375730.123456789", datetime(2026, 12, 4, 9, 15, 30, 123456, tzinfo=UTC)),
        (1796375730, datetime(2026, 12, 4, 9, 15, 30, tzinfo=UTC)),
        (1796375730.5, datetime(2026, 12, 4, 9, 15, 30, 500000, tzinfo=UTC)),
    ],
)
def test_time_forms(logged, expected):
    """_time is read as ISO with an offset or as epoch seconds, text or number."""
    assert expected == splunk_time(logged)


@pytest.mark.parametrize(
    "logged",
    [
        None,
        True,
        "",
        "1e9",
        "12/04/2026",
        float("nan"),
        10**20,
        pytest.param(10**5000, id="5001-digit int"),
        pytest.param("4" * 5000, id="5000-digit text"),
        [1],
    ],
)
def test_bad_time_forms_are_record_errors(logged):
    """Anything else in _time is a RecordError naming _time, never a guess."""
    record = {"_time": logged, "EventCode": "4688"}
    result = detect([record], validate_all=True)
    assert (1, ("_time",)) == (result.stats.invalid, result.invalid[0].fields)


def test_result_time_is_required():
    """A row without _time (null) is invalid naming _time, as every Windows shape's time."""
    with pytest.raises(RecordError) as caught:
        splunk_time(None)
    assert ("_time: missing; the event time is required", ("_time",)) == (
        caught.value.reason,
        caught.value.fields,
    )


def test_log_name_in_any_case_is_the_security_log():
    """LogName 'security' (a forwarder's lower case) is read like 'Security'."""
    record = CASES["negatives"]["service_logon_no_address"]["record"]
    assert isinstance(parse_event({**record, "LogName": "security"}), WindowsLogonEvent)


def test_type_information_does_not_hide_the_shape():
    """Classic results carry Splunk's own Type=Information: the shape still decides."""
    record = CASES["negatives"]["service_logon_no_address"]["record"]
    assert ("Information", "splunk.windows") == (record["Type"], recognize_adapter(record).id)


def test_xml_result_with_event_id_and_computer_is_not_a_sentinel_row():
    """XmlWinEventLog results have EventID and Computer like SecurityEvent rows; _time tells."""
    record = CASES["positives"]["xmlwineventlog_rdp"]["record"]
    assert "splunk.windows" == recognize_adapter(record).id
    without_time = {k: v for k, v in record.items() if k != "_time"}
    assert "sentinel.SecurityEvent" == recognize_adapter(without_time).id


def test_result_is_not_changed():
    """Reading a result leaves the record as it was (the envelope and lists included)."""
    record = CASES["positives"]["export_envelope"]["record"]
    before = repr(record)
    parse_event(record)
    assert before == repr(record)


def test_unmappable_logon_is_invalid_not_a_guess():
    """A 4625 without a logon type is invalid too: RDP or network cannot be told."""
    record = {"_time": "2026-12-04T09:00:00+00:00", "EventCode": "4625", "src_ip": "8.10.20.30"}
    result = detect([record])
    assert isinstance(result.invalid[0], InvalidEvent)
    assert ("Logon_Type", "LogonType") == result.invalid[0].fields


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(rendered_logons(SPLUNK_SHAPES), max_size=6))
def test_generated_logons_give_the_native_findings(logons):
    """Logons written as Splunk results (classic, XML, export lines) find what native rows do."""
    natives = [native for _, _, native in logons]
    records = [record for _, record, _ in logons]
    assert findings(natives) == findings(records)


def test_model_is_the_security_event_model():
    """Splunk results become the SecurityEvent model, not a model of their own."""
    assert WindowsLogonEvent is type(parse_event(CASES["positives"]["cim_aliases_only"]["record"]))
