"""Tests of ``t1133.sources.nxlog``: NXLog / Logstash flattened Windows Security events."""

from __future__ import annotations

from collections import Counter
from datetime import datetime, timezone

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
from t1133.sources.nxlog import NXLOG_COLUMNS, NXLOG_WINDOWS

LOGONS = load_json("nxlog", "logons.json")
INVALID = load_json("nxlog", "invalid.json")
MORDOR = "mordor_covenant_psremoting_command_2020-08-06_logon_subset.jsonl"


@pytest.mark.parametrize(("case", "record"), params(LOGONS))
def test_same_findings_as_the_native_row(case, record):
    """Every NXLog case gives the findings of its Sentinel row (Channel in any case)."""
    assert_same_findings_as_native(case, [record])


@pytest.mark.parametrize(("case", "record"), params(LOGONS))
def test_recognised_as_nxlog(case, record):
    """Every NXLog case is claimed by the NXLog adapter."""
    assert NXLOG_WINDOWS == recognize_adapter(record), case


def test_time_is_the_utc_timestamp_not_the_local_event_time():
    """@timestamp (UTC) is the event time; the zone-less local EventTime is never read."""
    record = LOGONS["rdp_public"]
    assert "2024-05-01 04:20:11" == record["EventTime"]  # the fixture's local wall time
    expected = datetime(2024, 5, 1, 8, 20, 11, 123000, tzinfo=timezone.utc)
    assert expected == parse_event(record).event_time


def test_event_time_alone_is_not_a_time():
    """A record with only the local EventTime is invalid, not read as UTC (never a guess)."""
    record = dict(LOGONS["rdp_public"])
    del record["@timestamp"]
    invalid = try_parse_event(record)
    assert isinstance(invalid, InvalidEvent)
    assert ("@timestamp",) == invalid.fields


@pytest.mark.parametrize(("case", "spec"), params(INVALID))
def test_invalid_records_name_the_field(case, spec):
    """What NXLog records cannot map becomes an InvalidEvent naming the field(s)."""
    assert_invalid_names_the_fields(case, spec, NXLOG_WINDOWS.id)


def test_every_table_path_names_a_model_column():
    """Each NXLog field feeds a column the SecurityEvent model reads."""
    assert set() == set(NXLOG_COLUMNS.values()) - model_columns(WindowsLogonEvent)


def test_sentinel_rows_are_not_claimed():
    """A row with the Log Analytics columns (TimeGenerated or Computer) is the native shape's."""
    rows = [
        {"EventID": 4624, "TimeGenerated": "2024-05-01T08:20:11Z", "Hostname": "h"},
        {"EventID": 4624, "Computer": "h", "@timestamp": "2024-05-01T08:20:11Z"},
    ]
    assert [False, False] == [NXLOG_WINDOWS.claims(r) for r in rows]


@sample_marker(MORDOR)
def test_mordor_psremoting_sample_parses():
    """The Mordor NXLog sample: 48 events, 16 x 4624 (types 3 and 5), all valid, no finding.

    Its network logons are pgustavo from "-" and machine accounts from 172.18.x, ::1 and
    fe80::: negatives all.
    """
    records = read_json_lines(DATA / MORDOR)
    assert 48 == len(records)
    assert {NXLOG_WINDOWS.id} == {recognize_adapter(r).id for r in records}  # type: ignore[union-attr]
    events = [parse_event(r) for r in records]
    logons = [e for e in events if e.event_id == 4624]  # type: ignore[attr-defined]
    assert 16 == len(logons)
    assert Counter({3: 15, 5: 1}) == Counter(e.logon_type for e in logons)  # type: ignore[attr-defined]
    result = detect(records, now=SAMPLE_NOW, lookback=SAMPLE_LOOKBACK, validate_all=True)
    assert (0, 0) == (len(result.findings), result.stats.invalid)


@sample_marker(MORDOR)
def test_mordor_times_are_the_utc_stamps():
    """A Mordor event's time is its @timestamp, not EventTime (local: UTC-4, zone-less)."""
    record = read_json_lines(DATA / MORDOR)[1]
    assert ("2020-08-06T15:56:10.187Z", "2020-08-06 11:56:07") == (
        record["@timestamp"],
        record["EventTime"],
    )
    expected = datetime(2020, 8, 6, 15, 56, 10, 187000, tzinfo=timezone.utc)
    assert expected == parse_event(record).event_time
