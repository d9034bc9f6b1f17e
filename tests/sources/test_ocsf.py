"""Tests of ``t1133.sources.ocsf``: OCSF Authentication (3002) events, routed to one source each.

Cases: ``tests/fixtures/ocsf/cases.json`` (fake values, from reference/ocsf-authentication.md).
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
from strategies import json_values, rendered_logons
from t1133 import RecordError, parse_event, recognize_adapter, try_parse_event
from t1133.sources.ocsf import OCSF_SIGNIN, OCSF_WINDOWS

UTC = timezone.utc
CASES = load_cases("ocsf")
RDP = CASES["positives"]["windows_rdp_logon"]["record"]
VPN = CASES["positives"]["vpn_app_sign_in"]["record"]
# Which adapter takes each case: by logon_type_id (a Windows type) or else service.name.
ROUTES = {
    "windows_rdp_logon": "ocsf.windows",
    "network_logon_with_a_service_and_dst_ip_only": "ocsf.windows",
    "vpn_app_sign_in": "ocsf.signin",
    "citrix_sign_in_with_logon_type_other": "ocsf.signin",
    "windows_rdp_failure": "ocsf.windows",
    "windows_system_logon": "ocsf.windows",
    "sshd_sign_in": "ocsf.signin",
    "vpn_sign_in_failure": "ocsf.signin",
    "neither_logon_type_nor_service": "ocsf.windows",
    "logoff": "ocsf.windows",
    "status_unknown": "ocsf.signin",
    "time_as_iso_text": "ocsf.windows",
    "failure_with_success_code": "ocsf.signin",
}
SOURCES_OF = {"ocsf.windows": "SecurityEvent", "ocsf.signin": "SigninLogs"}


@pytest.mark.parametrize("case", case_params(CASES, "positives", "negatives"))
def test_same_findings_as_the_native_row(case):
    """An OCSF event gives exactly the findings of the equivalent Sentinel row."""
    assert findings([case["native"]]) == findings([case["record"]])


@pytest.mark.parametrize("case", case_params(CASES, "positives", "negatives"))
def test_expected_branches_fire(case):
    """Positives fire their branch, negatives nothing, read as OCSF events."""
    assert case["branches"] == branches_fired(case["record"])


@pytest.mark.parametrize(
    ("name", "record"),
    [(name, case["record"]) for group in CASES.values() if isinstance(group, dict)
     for name, case in group.items()],
)  # fmt: skip
def test_each_event_is_routed_to_one_source(name, record):
    """A Windows logon type routes to SecurityEvent, else a service to SigninLogs; never both."""
    claims = (OCSF_WINDOWS.claims(record), OCSF_SIGNIN.claims(record))
    expected = (ROUTES[name] == "ocsf.windows", ROUTES[name] == "ocsf.signin")
    assert (expected, ROUTES[name]) == (claims, recognize_adapter(record).id)


@pytest.mark.parametrize("case", case_params(CASES, "invalid"))
def test_bad_event_is_invalid_with_the_field_named(case):
    """An event that cannot be mapped is an InvalidEvent naming the field, counted as invalid."""
    adapter = recognize_adapter(case["record"]).id
    expected = (1, [(case["fields"], case["reason"], SOURCES_OF[adapter], adapter)])
    assert expected == invalid_rows(case["record"])


def test_windows_logon_maps_to_a_4624():
    """A successful Remote Interactive logon is a 4624 of type 10 with the OCSF values."""
    event = parse_event(RDP)
    expected = {
        "time_generated": datetime(2026, 12, 4, 9, 15, 30, tzinfo=UTC),
        "event_id": 4624,
        "logon_type": 10,
        "target_user_name": "jdoe",
        "target_domain_name": "CORP",
        "target_user_sid": "S-1-5-21-1111111111-2222222222-3333333333-1104",
        "target_logon_id": "0x3a9f21",
        "subject_user_name": "SRV-APP01$",
        "subject_domain_name": "CORP",
        "ip_address": "81.2.69.144",
        "ip_port": "51234",
        "workstation_name": "KALI-7",
        "computer": "srv-app01.corp.example",
        "logon_process_name": "User32",
        "authentication_package_name": "Negotiate",
    }
    assert expected == attributes(event, expected)


def test_app_sign_in_maps_to_a_signin_row():
    """A sign-in to a service is a SigninLogs row: ResultType "0", the app, the country."""
    event = parse_event(VPN)
    expected = {
        "time_generated": datetime(2026, 12, 4, 8, 40, 5, 250000, tzinfo=UTC),
        "created_date_time": datetime(2026, 12, 4, 8, 40, 5, 250000, tzinfo=UTC),
        "result_type": "0",
        "user_principal_name": "j.doe@contoso.example",
        "user_id": "00000000-aaaa-bbbb-cccc-0000000000aa",
        "app_display_name": "GlobalProtect",
        "app_id": "00000000-aaaa-bbbb-cccc-0000000000bb",
        "ip_address": "81.2.69.144",
        "location": "GB",
        "sign_in_id": "00000000-aaaa-bbbb-cccc-000000000401",
    }
    assert expected == attributes(event, expected)


@pytest.mark.parametrize(
    ("ocsf", "windows"), [(1, 0), *((n, n) for n in (2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13))]
)
def test_logon_type_ids_map_to_windows_logon_types(ocsf, windows):
    """OCSF logon_type_id is the Windows number, except System: OCSF 1 is Windows 0."""
    assert windows == parse_event({**RDP, "logon_type_id": ocsf}).logon_type


@pytest.mark.parametrize("logon_type_id", [0, 6, 99, 14, -1, "ten", None, True])
def test_ids_that_name_no_windows_logon_type_route_by_service(logon_type_id):
    """Unknown (0), Other (99) and non-ids are no Windows type: service.name decides."""
    with_service = {**VPN, "logon_type_id": logon_type_id}
    without = {k: v for k, v in RDP.items() if k != "logon_type_id"}
    assert ("ocsf.signin", "ocsf.windows") == (
        recognize_adapter(with_service).id,
        recognize_adapter({**without, "logon_type_id": logon_type_id}).id,
    )


def test_failure_of_a_sign_in_keeps_its_code():
    """A failed sign-in keeps the source's code as ResultType; without one it stays empty."""
    failed = CASES["negatives"]["vpn_sign_in_failure"]["record"]
    no_code = {k: v for k, v in failed.items() if k != "status_code"}
    assert ("50126", None) == (parse_event(failed).result_type, parse_event(no_code).result_type)


def test_time_dt_stands_in_for_time():
    """The Date/Time profile's time_dt is read where time is absent."""
    record = {k: v for k, v in RDP.items() if k != "time"}
    event = parse_event({**record, "time_dt": "2026-12-04T09:15:30.123Z"})
    assert datetime(2026, 12, 4, 9, 15, 30, 123000, tzinfo=UTC) == event.time_generated


@pytest.mark.parametrize(
    "time",
    [
        10**20,
        -(10**20),
        pytest.param(10**5000, id="5001-digit int"),
        pytest.param("4" * 5000, id="5000-digit text"),
        float("inf"),
        float("nan"),
        True,
        [1],
    ],
)
def test_times_out_of_range_are_record_errors(time):
    """A time that is not epoch milliseconds in range is a RecordError naming time."""
    with pytest.raises(RecordError) as caught:
        parse_event({**RDP, "time": time})
    assert ("time",) == caught.value.fields


@pytest.mark.parametrize(
    ("time", "expected"),
    [
        ("1796375730123", datetime(2026, 12, 4, 9, 15, 30, 123000, tzinfo=UTC)),
        (" 1796375730123 ", datetime(2026, 12, 4, 9, 15, 30, 123000, tzinfo=UTC)),
        (1796375730123.5, datetime(2026, 12, 4, 9, 15, 30, 123500, tzinfo=UTC)),
    ],
)
def test_time_as_epoch_millisecond_text_or_number(time, expected):
    """The time attribute is epoch milliseconds, as a JSON number or as CSV text."""
    assert expected == parse_event({**RDP, "time": time}).time_generated  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        pytest.param("activity_id", 10**5000, id="activity_id int"),
        pytest.param("status_id", 10**5000, id="status_id int"),
        pytest.param("logon_type_id", 10**5000, id="logon_type_id int"),
        pytest.param("activity_id", "1" * 5000, id="activity_id text"),
    ],
)
def test_huge_integers_are_record_errors_naming_the_field(field, value):
    """An integer past Python's 4,300-digit limit is read as no value, and its message is safe."""
    record = {**RDP, field: value}
    with pytest.raises(RecordError) as caught:
        parse_event(record)
    assert field in caught.value.fields


def test_huge_status_code_of_a_failure_is_a_record_error():
    """A failure's status_code that Python cannot write as text is a RecordError naming it."""
    failed = CASES["negatives"]["vpn_sign_in_failure"]["record"]
    with pytest.raises(RecordError) as caught:
        parse_event({**failed, "status_code": 10**5000})
    assert ("status_code",) == caught.value.fields


def test_other_classes_are_not_claimed():
    """Other OCSF classes (a Detection Finding, an Account Change) are not claimed."""
    actual = [recognize_adapter({**RDP, "class_uid": uid}) for uid in (2004, 3001, "30020", None)]
    assert [None, None, None, None] == actual


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from([RDP, VPN]),
    st.sampled_from([*sorted(RDP), "service", "status_code"]),
    json_values(max_leaves=6),
)
def test_any_value_in_any_attribute_gives_an_event_or_an_invalid_event(record, key, value):
    """Junk in any attribute never escapes: claims never raise, parsing gives a result."""
    mangled = {**record, key: value}
    claimed = [OCSF_WINDOWS.claims(mangled), OCSF_SIGNIN.claims(mangled)]
    assert sum(claimed) <= 1
    try_parse_event(mangled)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(rendered_logons(("ocsf",)), max_size=6))
def test_generated_logons_give_the_native_findings(logons):
    """Windows logons and app sign-ins written as OCSF events find what native rows do."""
    natives = [native for _, _, native in logons]
    records = [record for _, record, _ in logons]
    assert findings(natives) == findings(records)
