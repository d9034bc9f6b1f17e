"""Tests of ``t1133.sources.winlogbeat6``: Winlogbeat 6 Windows Security events."""

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
    read_json_lines,
    sample_marker,
)
from sources.windows_cases import (
    assert_invalid_names_the_fields,
    assert_same_findings_as_native,
    params,
)
from t1133 import InvalidEvent, WindowsLogonEvent, detect, parse_event, recognize_adapter
from t1133.sources import try_parse_event
from t1133.sources.winlogbeat6 import WINLOGBEAT6_COLUMNS, WINLOGBEAT6_WINDOWS

LOGONS = load_json("winlogbeat6", "logons.json")
INVALID = load_json("winlogbeat6", "invalid.json")
MORDOR = "mordor_empire_enable_rdp_2019-05-18_winlogbeat6_logon_subset.jsonl"


@pytest.mark.parametrize(("case", "record"), params(LOGONS))
def test_same_findings_as_the_native_row(case, record):
    """Every Winlogbeat 6 case gives the findings of its Sentinel row."""
    assert_same_findings_as_native(case, [record])


@pytest.mark.parametrize(("case", "record"), params(LOGONS))
def test_recognised_as_winlogbeat6(case, record):
    """Every Winlogbeat 6 case is claimed by the Winlogbeat 6 adapter."""
    assert WINLOGBEAT6_WINDOWS == recognize_adapter(record), case


def test_computer_is_computer_name_not_the_shipper():
    """computer_name is the computer; host.name is the shipper (a WEF collector): not read."""
    record = json.loads(json.dumps(LOGONS["rdp_public"]))
    assert "wec01" == record["host"]["name"]
    assert "srv-app01.corp.example" == parse_event(record).computer  # type: ignore[attr-defined]


def test_dotted_event_data_keys_are_read():
    """event_data flattened to dotted keys maps like the nested object."""
    record = json.loads(json.dumps(LOGONS["network_public"]))
    data = record.pop("event_data")
    record.update({f"event_data.{k}": v for k, v in data.items()})
    assert parse_event(LOGONS["network_public"]) == parse_event(record)


@pytest.mark.parametrize(("case", "spec"), params(INVALID))
def test_invalid_records_name_the_field(case, spec):
    """What Winlogbeat 6 records cannot map becomes an InvalidEvent naming the field(s)."""
    assert_invalid_names_the_fields(case, spec, WINLOGBEAT6_WINDOWS.id)


def test_every_table_path_names_a_model_column():
    """Each Winlogbeat 6 field feeds a column the SecurityEvent model reads."""
    assert set() == set(WINLOGBEAT6_COLUMNS.values()) - model_columns(WindowsLogonEvent)


@sample_marker(MORDOR)
def test_mordor_enable_rdp_sample_parses():
    """The Mordor Winlogbeat 6.7 sample: 21 events, 9 x 4624, no finding.

    Its logons come from 172.18.39.106, fe80::, ::1 or "-" (negatives all). The one
    TerminalServices event (log_name not Security) is rejected with a reason, not misread.
    """
    records = read_json_lines(DATA / MORDOR)
    assert 21 == len(records)
    assert {WINLOGBEAT6_WINDOWS.id} == {recognize_adapter(r).id for r in records}  # type: ignore[union-attr]
    parsed = [try_parse_event(r) for r in records]
    valid = [e for e in parsed if isinstance(e, WindowsLogonEvent)]
    invalid = [e for e in parsed if isinstance(e, InvalidEvent)]
    assert 9 == Counter(e.event_id for e in valid)[4624]
    assert [("log_name",)] == [e.fields for e in invalid]
    assert "TerminalServices" in invalid[0].reason
    result = detect(records, now=SAMPLE_NOW, lookback=SAMPLE_LOOKBACK, validate_all=True)
    assert (0, 1) == (len(result.findings), result.stats.invalid)
