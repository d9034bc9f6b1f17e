"""Tests of ``t1133.sources.ecs``: Elastic ECS Windows Security events (Winlogbeat 7/8, Agent)."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from sources.shape_cases import (
    DATA,
    SAMPLE_LOOKBACK,
    SAMPLE_NOW,
    load_json,
    model_columns,
    sample_marker,
)
from sources.windows_cases import (
    assert_invalid_names_the_fields,
    assert_same_findings_as_native,
    params,
)
from t1133 import InvalidEvent, WindowsLogonEvent, detect, parse_event, recognize_adapter
from t1133.sources import try_parse_event
from t1133.sources.ecs import ECS_COLUMNS, ECS_WINDOWS

LOGONS = load_json("ecs", "logons.json")
INVALID = load_json("ecs", "invalid.json")
GOLDEN = "ecs_winlogbeat_security_windows2012r2_logon_golden.json"


@pytest.mark.parametrize(("case", "record"), params(LOGONS))
def test_same_findings_as_the_native_row(case, record):
    """Every ECS case (nested, dotted, mixed keys) gives the findings of its Sentinel row."""
    assert_same_findings_as_native(case, [record])


@pytest.mark.parametrize(("case", "record"), params(LOGONS))
def test_recognised_as_ecs(case, record):
    """Every ECS case is claimed by the ECS adapter and by no other shape."""
    assert ECS_WINDOWS == recognize_adapter(record), case


def test_flat_and_mixed_keys_map_like_nested_objects():
    """Dotted flat keys and half-flattened objects give the columns nested objects give."""
    nested = parse_event(LOGONS["rdp_public"])
    flat = parse_event(LOGONS["rdp_public@flat"])
    assert nested == flat
    mixed = parse_event(LOGONS["network_public@mixed"])
    assert parse_event(LOGONS["network_public"]) == mixed


def test_logon_type_name_gives_the_number():
    """Without winlog.event_data.LogonType, winlog.logon.type's name gives the number."""
    event = parse_event(LOGONS["rdp_public@logon_type_name_only"])
    assert isinstance(event, WindowsLogonEvent)
    assert 10 == event.logon_type


def test_raw_logon_type_wins_over_the_name():
    """The logged number is read before the enrichment's name when both are present."""
    record = json.loads(json.dumps(LOGONS["rdp_public"]))
    record["winlog"]["logon"]["type"] = "Network"
    assert 10 == parse_event(record).logon_type  # type: ignore[attr-defined]


def test_source_ip_is_read_and_a_dash_stays_in_event_data():
    """source.ip gives IpAddress; without it, winlog.event_data.IpAddress ("-") is read."""
    assert "81.2.69.144" == parse_event(LOGONS["rdp_public"]).ip_address  # type: ignore[attr-defined]
    assert "-" == parse_event(LOGONS["network_dash"]).ip_address  # type: ignore[attr-defined]


def test_verbatim_target_user_name_wins_over_user_name():
    """user.name drops "@domain" from a UPN; the verbatim event_data.TargetUserName is read."""
    record = json.loads(json.dumps(LOGONS["rdp_public"]))
    record["winlog"]["event_data"]["TargetUserName"] = "jdoe@corp.example"
    record["user"]["name"] = "jdoe"
    assert "jdoe@corp.example" == parse_event(record).target_user_name  # type: ignore[attr-defined]
    del record["winlog"]["event_data"]["TargetUserName"]
    assert "jdoe" == parse_event(record).target_user_name  # type: ignore[attr-defined]


def test_computer_name_wins_over_host_name():
    """winlog.computer_name (the logging host) is read before host.name (maybe a collector)."""
    record = json.loads(json.dumps(LOGONS["rdp_public"]))
    record["host"]["name"] = "wec01.corp.example"
    assert "srv-app01.corp.example" == parse_event(record).computer  # type: ignore[attr-defined]
    del record["winlog"]["computer_name"]
    assert "wec01.corp.example" == parse_event(record).computer  # type: ignore[attr-defined]


@pytest.mark.parametrize(("case", "spec"), params(INVALID))
def test_invalid_records_name_the_field(case, spec):
    """What ECS cannot map becomes an InvalidEvent whose reason names the ECS field(s)."""
    assert_invalid_names_the_fields(case, spec, ECS_WINDOWS.id)


def test_event_id_that_is_not_a_number_is_invalid():
    """An event id that is not a number is invalid, with the ECS event id paths named."""
    record = json.loads(json.dumps(LOGONS["rdp_public"]))
    record["winlog"]["event_id"] = "4624x"
    invalid = try_parse_event(record)
    assert isinstance(invalid, InvalidEvent)
    assert ("winlog.event_id", "event.code") == invalid.fields


def test_huge_logon_type_name_is_invalid_without_other_errors():
    """A winlog.logon.type Python cannot write as text is reported, naming the field."""
    record = json.loads(json.dumps(LOGONS["rdp_public"]))
    del record["winlog"]["event_data"]["LogonType"]
    record["winlog"]["logon"]["type"] = 10**5000
    invalid = try_parse_event(record)
    assert isinstance(invalid, InvalidEvent)
    assert ("winlog.logon.type",) == invalid.fields


def test_every_table_path_names_a_model_column():
    """Each ECS path feeds a column the SecurityEvent model reads (no silent typo)."""
    assert set() == set(ECS_COLUMNS.values()) - model_columns(WindowsLogonEvent)


def test_records_of_other_shapes_are_not_claimed():
    """Sentinel rows, Winlogbeat 6, NXLog and event records are never claimed as ECS."""
    others = [
        {"EventID": 4624, "TimeGenerated": "2024-05-01T08:20:11Z", "winlog": {"event_id": "4624"}},
        {"event_id": 4624, "computer_name": "x", "winlog.event_id": "4624"},
        {"Event": {"System": {}}, "winlog": {"event_id": "4624"}},
        {"event": {"code": "4624"}},  # an ECS event of another kind: no winlog at all
    ]
    assert [False] * len(others) == [ECS_WINDOWS.claims(r) for r in others]


@sample_marker(GOLDEN)
def test_winlogbeat_golden_file_parses():
    """The Winlogbeat 8 golden file: 18 events (17 x 4624, 1 x 4625), all valid, none a finding."""
    records = json.loads((DATA / GOLDEN).read_text(encoding="utf-8"))
    assert 18 == len(records)
    assert {ECS_WINDOWS.id} == {recognize_adapter(r).id for r in records}  # type: ignore[union-attr]
    events = [parse_event(r) for r in records]
    assert Counter({4624: 17, 4625: 1}) == Counter(e.event_id for e in events)  # type: ignore[attr-defined]
    # The RDP logon of the sample comes from 10.0.2.2 (VirtualBox NAT): private.
    rdp = [e for e in events if e.logon_type == 10]  # type: ignore[attr-defined]
    assert ["10.0.2.2"] == [e.ip_address for e in rdp]  # type: ignore[attr-defined]
    result = detect(records, now=SAMPLE_NOW, lookback=SAMPLE_LOOKBACK, validate_all=True)
    assert (0, 0, 18) == (len(result.findings), result.stats.invalid, result.stats.not_matched)
