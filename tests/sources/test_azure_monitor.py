"""Tests of ``t1133.sources.azure_monitor``: Azure Monitor diagnostic records of Entra sign-ins.

Cases: ``tests/fixtures/azure_monitor/cases.json`` (fake values). Real exports (the Elastic
integration's pipeline tests) are read from ``../shared/data/`` when that directory exists.
"""

from __future__ import annotations

import collections
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
from t1133 import SigninLogEvent, detect, is_external, parse_event, recognize_adapter
from t1133.sources.azure_monitor import SIGNIN_CATEGORIES

UTC = timezone.utc
CASES = load_cases("azure_monitor")
RAW = DATA / "azure_monitor_signinlogs_elastic_test-signinlogs-raw.log"
SAMPLE = DATA / "azure_monitor_signinlogs_elastic_test-signinlogs-sample.log"


@pytest.mark.parametrize("case", case_params(CASES, "positives", "negatives"))
def test_same_findings_as_the_native_row(case):
    """A SignInLogs record gives exactly the findings of the equivalent SigninLogs row."""
    assert findings([case["native"]]) == findings([case["record"]])


@pytest.mark.parametrize("case", case_params(CASES, "positives", "negatives"))
def test_expected_branches_fire(case):
    """Positives fire the sign-in branch, negatives nothing, read as diagnostic records."""
    assert case["branches"] == branches_fired(case["record"])


@pytest.mark.parametrize("case", case_params(CASES, "positives", "negatives", "invalid"))
def test_claimed_by_the_azure_monitor_adapter(case):
    """Every case, good or bad, is recognised as an Azure Monitor sign-in record only."""
    assert "azure_monitor.signin" == recognize_adapter(case["record"]).id


@pytest.mark.parametrize("case", case_params(CASES, "invalid"))
def test_bad_record_is_invalid_with_the_field_named(case):
    """A record that cannot be mapped is an InvalidEvent naming the field, counted as invalid."""
    expected = (1, [(case["fields"], case["reason"], "SigninLogs", "azure_monitor.signin")])
    assert expected == invalid_rows(case["record"])


@pytest.mark.parametrize("category", sorted(set(SIGNIN_CATEGORIES) - {"SignInLogs"}))
def test_other_sign_in_categories_never_find_anything(category):
    """A successful external VPN sign-in of another category is rejected, not found."""
    record = {**CASES["positives"]["signinlogs_globalprotect_success"]["record"]}
    record["category"] = category
    result = detect([record])
    expected = (0, 1, ("category",))
    assert expected == (len(result.findings), result.stats.invalid, result.invalid[0].fields)


def test_other_categories_of_diagnostic_settings_are_not_claimed():
    """Audit logs and other categories are not sign-ins at all: no shape claims them."""
    record = {
        "time": "2026-12-04T09:00:00Z",
        "category": "AuditLogs",
        "operationName": "Add member to group",
        "properties": {"result": "success"},
    }
    assert None is recognize_adapter(record)


def test_envelope_fills_what_properties_lack():
    """callerIpAddress, correlationId and resultDescription stand in for missing properties."""
    record = CASES["positives"]["no_result_type_caller_ip_only_properties_as_text"]["record"]
    record = {**record, "correlationId": "c-1", "resultDescription": "ok"}
    event = parse_event(record)
    expected = ("8.10.20.30", "c-1", "ok", "SignInLogs", "0")
    actual = (
        event.ip_address,
        event.correlation_id,
        event.result_description,
        event.category,
        event.result_type,
    )
    assert expected == actual


def test_result_type_of_the_envelope_wins_over_the_error_code():
    """The envelope's resultType is the SigninLogs ResultType; status.errorCode stands in only."""
    record = CASES["negatives"]["signinlogs_keep_me_signed_in_interrupt"]["record"]
    properties = {**record["properties"], "status": {"errorCode": 0}}
    assert "50140" == parse_event({**record, "properties": properties}).result_type


@pytest.mark.parametrize(
    ("code", "expected"),
    [(" 0", "0"), ("0 ", "0"), (0, "0"), ("00", "0"), (" 50126", "50126"), (50126, "50126")],
)
def test_result_type_reads_the_same_by_either_path(code, expected):
    """The envelope resultType and status.errorCode are normalised alike (strip, canonical int).

    ``ResultType == "0"`` is the model's success test, so a padded ``" 0"`` must be ``"0"`` by
    the envelope path as it always was by the errorCode path.
    """
    record = CASES["negatives"]["signinlogs_keep_me_signed_in_interrupt"]["record"]
    by_envelope = {**record, "resultType": code}
    properties = {**record["properties"], "status": {"errorCode": code}}
    without = {k: v for k, v in record.items() if k != "resultType"}
    by_error_code = {**without, "properties": properties}
    actual = [parse_event(r).result_type for r in (by_envelope, by_error_code)]  # type: ignore[attr-defined]
    assert [expected, expected] == actual


@pytest.mark.parametrize("code", ["Success", "0x0", "", [0], True])
def test_result_type_that_is_no_integer_is_invalid_naming_the_envelope_field(code):
    """A resultType that cannot say success or failure is invalid, as an errorCode would be."""
    record = CASES["negatives"]["signinlogs_keep_me_signed_in_interrupt"]["record"]
    result = detect([{**record, "resultType": code}], validate_all=True)
    assert (1, ("resultType",)) == (result.stats.invalid, result.invalid[0].fields)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(rendered_logons(("azure_monitor",)), max_size=6))
def test_generated_sign_ins_give_the_native_findings(logons):
    """Sign-ins written as SignInLogs diagnostic records find what native rows do."""
    natives = [native for _, _, native in logons]
    records = [record for _, record, _ in logons]
    assert findings(natives) == findings(records)


@sample_marker(RAW)
def test_real_raw_export_one_interactive_failure_and_four_other_categories():
    """The raw export: the SignInLogs failure is read and not matched; the others are rejected."""
    records = read_json_lines(RAW)
    result = detect(records, now=SAMPLE_NOW, lookback=SAMPLE_LOOKBACK, validate_all=True)
    rejected = collections.Counter(i.record["category"] for i in result.invalid)
    expected = {
        "findings": 0,
        "read": 5,
        "not_matched": 1,
        "invalid": 4,
        "rejected": {
            "NonInteractiveUserSignInLogs": 1,
            "ServicePrincipalSignInLogs": 1,
            "MicrosoftServicePrincipalSignInLogs": 1,
            "ManagedIdentitySignInLogs": 1,
        },
        "fields": {("category",)},
        "adapters": {"azure_monitor.signin": 5},
    }
    actual = {
        "findings": len(result.findings),
        "read": result.stats.read,
        "not_matched": result.stats.not_matched,
        "invalid": result.stats.invalid,
        "rejected": dict(rejected),
        "fields": {i.fields for i in result.invalid},
        "adapters": dict(result.stats.adapters),
    }
    assert expected == actual


@sample_marker(RAW)
def test_real_raw_export_interactive_record():
    """The SignInLogs record of the raw export: a 'keep me signed in' interrupt from 81.2.69.144."""
    event = parse_event(read_json_lines(RAW)[0])
    expected = {
        "time_generated": datetime(2019, 10, 18, 9, 45, 48, 72989, tzinfo=UTC),
        "created_date_time": datetime(2019, 10, 18, 9, 45, 48, 72989, tzinfo=UTC),
        "result_type": "50140",
        "user_principal_name": "test@elastic.co",
        "app_display_name": "Office 365",
        "ip_address": "81.2.69.144",
        "location": "FR",
        "category": "SignInLogs",
    }
    assert isinstance(event, SigninLogEvent)
    assert expected == attributes(event, expected)


@sample_marker(SAMPLE)
def test_real_sample_successes_to_the_azure_portal_are_not_remote_access():
    """Two successful sign-ins from a public address, to Azure Portal: no finding (the app)."""
    records = read_json_lines(SAMPLE)
    events = [parse_event(r) for r in records]
    expected = [("0", "Azure Portal", "1.128.3.4", True)] * 2
    actual = [
        (e.result_type, e.app_display_name, e.ip_address, is_external(e.ip_address)) for e in events
    ]
    assert expected == actual
    result = detect(records, now=SAMPLE_NOW, lookback=SAMPLE_LOOKBACK)
    assert (0, 2, 0) == (len(result.findings), result.stats.not_matched, result.stats.invalid)


@sample_marker(SAMPLE)
def test_real_sample_would_fire_for_a_remote_access_app():
    """The same real records renamed to a VPN app fire: only the app name kept them quiet."""
    records = [
        {**r, "properties": {**r["properties"], "appDisplayName": "GlobalProtect"}}
        for r in read_json_lines(SAMPLE)
    ]
    result = detect(records, now=SAMPLE_NOW, lookback=SAMPLE_LOOKBACK)
    expected = [("AAD_VPN_Citrix_External", "IN", "mpliftrelastic20210901@outlook.com")] * 2
    actual = [(f.detection_branch, f.location, f.account_name) for f in result.findings]
    assert expected == actual
    assert {"azure_monitor.signin"} == {f.adapter for f in result.findings}
