"""Tests of ``t1133.sources._paths``: dotted paths into nested, flat and mixed records."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from t1133.exceptions import RecordError
from t1133.sources._paths import MISSING, lookup, map_fields, object_at, parse_field, paths_of

NESTED = {"winlog": {"event_data": {"LogonType": "10"}}, "source": {"ip": "81.2.69.144"}}
FLAT = {"winlog.event_data.LogonType": "10", "source.ip": "81.2.69.144"}
MIXED_DOWN = {"winlog": {"event_data.LogonType": "10"}, "source.ip": "81.2.69.144"}
MIXED_UP = {"winlog.event_data": {"LogonType": "10"}, "source": {"ip": "81.2.69.144"}}


@pytest.mark.parametrize("record", [NESTED, FLAT, MIXED_DOWN, MIXED_UP], ids=str)
def test_every_form_of_a_path_is_found(record):
    """Nested objects, dotted keys and both mixes give the same values."""
    found = (lookup(record, "winlog.event_data.LogonType"), lookup(record, "source.ip"))
    assert ("10", "81.2.69.144") == found


@pytest.mark.parametrize(
    ("record", "path"),
    [
        (NESTED, "winlog.event_data.IpAddress"),
        (NESTED, "winlog.event_data.LogonType.more"),  # a step into text
        ({"winlog": ["event_data"]}, "winlog.event_data"),  # a step into a list
        ({}, "@timestamp"),
    ],
)
def test_missing_paths_are_missing(record, path):
    """A path with no reading gives MISSING (never an exception, never None)."""
    assert MISSING is lookup(record, path)


def test_a_logged_null_is_a_value():
    """A logged null is a value to lookup; map_fields skips it for the next path."""
    record = {"source": {"ip": None}, "winlog": {"event_data": {"IpAddress": "-"}}}
    assert None is lookup(record, "source.ip")
    table = {"source.ip": "IpAddress", "winlog.event_data.IpAddress": "IpAddress"}
    assert {"IpAddress": "-"} == map_fields(record, table)


def test_first_present_path_wins():
    """For a column fed by several paths, the first one holding a value gives it."""
    table = {"a": "X", "b.c": "X", "d": "Y"}
    assert {"X": 2, "Y": 3} == map_fields({"b": {"c": 2}, "d": 3}, table)
    assert {"X": 1, "Y": 3} == map_fields({"a": 1, "b.c": 2, "d": 3}, table)
    assert ("a", "b.c") == paths_of(table, "X")


@given(
    st.lists(st.text("abc", min_size=1, max_size=3), min_size=1, max_size=4),
    st.integers(),
    st.data(),
)
def test_any_split_of_a_path_into_keys_is_found(steps, value, data):
    """However a path's steps are grouped into dotted keys, the value is found."""
    cuts = data.draw(st.lists(st.booleans(), min_size=len(steps) - 1, max_size=len(steps) - 1))
    groups = [[steps[0]]]
    for step, cut in zip(steps[1:], cuts, strict=True):
        if cut:
            groups.append([step])
        else:
            groups[-1].append(step)
    record: object = value
    for group in reversed(groups):
        record = {".".join(group): record}
    assert value == lookup(record, ".".join(steps))  # type: ignore[arg-type]


def test_parse_field_names_the_path_of_a_missing_or_bad_value():
    """None, MISSING and a refused value are RecordErrors naming the path; the cause is chained."""
    reasons = []
    for value in (None, MISSING, "x"):
        with pytest.raises(RecordError) as caught:
            parse_field(value, "a.b", int, needed="it is needed")
        reasons.append((caught.value.reason, caught.value.fields))
    missing = ("a.b: missing; it is needed", ("a.b",))
    bad = ("a.b: invalid literal for int() with base 10: 'x'", ("a.b",))
    assert [missing, missing, bad] == reasons
    assert isinstance(caught.value.__cause__, ValueError)
    assert 7 == parse_field("7", "a.b", int, needed="it is needed")


@pytest.mark.parametrize(
    ("record", "expected"),
    [
        pytest.param({"properties": {"a": 1}}, {"a": 1}, id="object"),
        pytest.param({"properties": '{"a": 1}'}, {"a": 1}, id="JSON text"),
    ],
)
def test_object_at_reads_an_object_or_its_json_text(record, expected):
    """The envelopes' properties arrive as an object or as its JSON text."""
    assert expected == object_at(record, "properties", needed="it holds the row")


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        pytest.param(None, "properties: missing; it holds the row", id="null"),
        pytest.param(MISSING, "properties: missing; it holds the row", id="absent"),
        pytest.param("  ", "properties: missing; it holds the row", id="blank text"),
        pytest.param("[1]", "properties: JSON text holds a list, not a dict", id="JSON list"),
        pytest.param("{", "properties: text is not valid JSON", id="broken JSON"),
        pytest.param(5, "properties: expected a dict or JSON text, got int", id="number"),
    ],
)
def test_object_at_refuses_what_is_no_object(value, reason):
    """Null, blank text, JSON of another kind and other types are RecordErrors naming the path."""
    record = {} if value is MISSING else {"properties": value}
    with pytest.raises(RecordError) as caught:
        object_at(record, "properties", needed="it holds the row")
    assert (reason, ("properties",)) == (caught.value.reason, caught.value.fields)
