"""Tests of ``t1133.sources.graph``: Microsoft Graph ``signIn`` resources as ``SigninLogs`` rows.

Cases: ``tests/fixtures/graph/cases.json`` (fake values, from reference/entra-signin.md).
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
    model_columns,
)
from strategies import rendered_logons
from t1133 import RecordError, SigninLogEvent, detect, parse_event, recognize_adapter
from t1133.sources.graph import GRAPH_COLUMNS, result_type, time_column

UTC = timezone.utc
CASES = load_cases("graph")
GLOBALPROTECT = CASES["positives"]["globalprotect_success"]["record"]


@pytest.mark.parametrize("case", case_params(CASES, "positives", "negatives"))
def test_same_findings_as_the_native_row(case):
    """A Graph signIn gives exactly the findings of the equivalent SigninLogs row."""
    assert findings([case["native"]]) == findings([case["record"]])


@pytest.mark.parametrize("case", case_params(CASES, "positives", "negatives"))
def test_expected_branches_fire(case):
    """Positives fire the sign-in branch, negatives nothing, read as Graph signIns."""
    assert case["branches"] == branches_fired(case["record"])


@pytest.mark.parametrize("case", case_params(CASES, "positives", "negatives", "invalid"))
def test_claimed_by_the_graph_adapter(case):
    """Every case, good or bad, is recognised as a Graph signIn and nothing else."""
    assert "graph.signIn" == recognize_adapter(case["record"]).id


@pytest.mark.parametrize("case", case_params(CASES, "invalid"))
def test_bad_sign_in_is_invalid_with_the_field_named(case):
    """A signIn that cannot be mapped is an InvalidEvent naming the field, counted as invalid."""
    expected = (1, [(case["fields"], case["reason"], "SigninLogs", "graph.signIn")])
    assert expected == invalid_rows(case["record"])


def test_sign_in_maps_every_documented_property():
    """Each property of the mapping table lands in its SigninLogs column (section 2)."""
    event = parse_event(GLOBALPROTECT)
    expected = {
        "time_generated": datetime(2026, 12, 4, 9, 15, 30, tzinfo=UTC),
        "created_date_time": datetime(2026, 12, 4, 9, 15, 30, tzinfo=UTC),
        "result_type": "0",
        "result_description": "Other.",
        "status": {"errorCode": 0, "failureReason": "Other.", "additionalDetails": None},
        "sign_in_id": "00000000-aaaa-bbbb-cccc-000000000101",
        "user_principal_name": "j.doe@contoso.example",
        "user_display_name": "Jane Doe",
        "user_id": "00000000-aaaa-bbbb-cccc-0000000000aa",
        "app_display_name": "GlobalProtect",
        "app_id": "00000000-aaaa-bbbb-cccc-0000000000bb",
        "resource_display_name": "GlobalProtect",
        "ip_address": "81.2.69.144",
        "location": "GB",
        "location_details": GLOBALPROTECT["location"],
        "device_detail": GLOBALPROTECT["deviceDetail"],
        "client_app_used": "Mobile Apps and Desktop clients",
        "conditional_access_status": "success",
        "conditional_access_policies": [],
        "risk_level_during_sign_in": "low",
        "risk_level_aggregated": "none",
        "risk_state": "none",
        "risk_detail": "none",
        "is_interactive": True,
        "correlation_id": "00000000-aaaa-bbbb-cccc-000000000102",
    }
    assert isinstance(event, SigninLogEvent)
    assert expected == attributes(event, expected)


def test_sign_in_finding_in_full():
    """The finding of a VPN sign-in: the eight columns, with Location and RiskLevel."""
    result = detect([GLOBALPROTECT], now=datetime(2026, 12, 4, 12, tzinfo=UTC))
    expected = {
        "TimeGenerated": "2026-12-04T09:15:30Z",
        "AccountName": "j.doe@contoso.example",
        "SourceIP": "81.2.69.144",
        "TargetService": "GlobalProtect",
        "DetectionBranch": "AAD_VPN_Citrix_External",
        "Location": "GB",
        "RiskLevel": "low",
        "Computer": None,
        "SourceTable": "SigninLogs",
        "Adapter": "graph.signIn",
        "IPCategory": "PUBLIC",
        "Techniques": ["TA0001:T1133", "TA0003:T1133"],
        "Severity": "medium",
    }
    assert [expected] == [f.to_dict() for f in result.findings]


def test_mapping_table_targets_model_columns():
    """Every column the mapping table names is a SigninLogs column the model reads."""
    aliases = model_columns(SigninLogEvent)
    assert set() == set(GRAPH_COLUMNS.values()) - aliases - {"RiskEventTypes_V2"}


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(rendered_logons(("graph",)), max_size=6))
def test_generated_sign_ins_give_the_native_findings(logons):
    """Sign-ins written as Graph signIn resources find what native SigninLogs rows do."""
    natives = [native for _, _, native in logons]
    records = [record for _, record, _ in logons]
    assert findings(natives) == findings(records)


@pytest.mark.parametrize(
    ("code", "expected"),
    [(0, "0"), (" 0", "0"), ("-0", "0"), ("050126", "50126"), (-2147483648, "-2147483648")],
)
def test_result_type_writes_integer_codes_canonically(code, expected):
    """An errorCode, number or integer text, becomes canonical decimal text ("0" = success)."""
    assert expected == result_type(code, "status.errorCode")


@pytest.mark.parametrize(
    "code",
    [
        pytest.param(10**5000, id="5001-digit int"),
        pytest.param("4" * 5000, id="5000-digit text"),
        10**10,
        "12345678901",
        1.0,
        True,
        "0x0",
    ],
)
def test_result_type_refuses_what_is_no_int32_without_other_errors(code):
    """Codes past 10 digits (past Python's int/str limit too) are RecordErrors, nothing else."""
    with pytest.raises(RecordError) as caught:
        result_type(code, "status.errorCode")
    assert ("status.errorCode",) == caught.value.fields


def test_time_column_names_its_path():
    """A missing or bad timestamp is a RecordError naming the vendor path."""
    reasons = []
    for value in (None, "soon"):
        with pytest.raises(RecordError) as caught:
            time_column(value, "createdDateTime")
        reasons.append(caught.value.reason)
    expected = [
        "createdDateTime: missing; the event time is required",
        "createdDateTime: not a timestamp: 'soon' (expected ISO 8601 or 'M/D/YYYY, h:mm:ss AM')",
    ]
    assert expected == reasons
