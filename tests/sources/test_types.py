"""Tests of ``t1133.sources._types``: timestamps, JSON-or-object columns and text columns."""

# Asserts read "expected == actual" (ENGINEERING.md, rule 11); ruff's SIM300 calls that Yoda.

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given
from pydantic import TypeAdapter, ValidationError

from strategies import timestamp_like_text, timestamps
from t1133.sources._types import (
    MAX_TEXT,
    JsonList,
    JsonObject,
    Stripped,
    Text,
    UtcDateTime,
    epoch_time,
    parse_int,
    parse_json_value,
    parse_timestamp,
    quoted,
)

UTC = timezone.utc


def utc(*parts: int) -> datetime:
    """Build an aware UTC datetime from its parts (the tests' expected values)."""
    return datetime(*parts, tzinfo=UTC)


# (text as logged, the instant it names: worked out by hand)
VALID_TIMESTAMPS = [
    pytest.param("2026-12-04T09:15:30Z", utc(2026, 12, 4, 9, 15, 30), id="Z"),
    pytest.param("2026-12-04t09:15:30z", utc(2026, 12, 4, 9, 15, 30), id="lower-case t and z"),
    pytest.param(
        "2026-12-04T09:15:30.1234567Z", utc(2026, 12, 4, 9, 15, 30, 123456), id="7 digits"
    ),
    pytest.param(
        "2026-12-04T09:15:30.123456789Z", utc(2026, 12, 4, 9, 15, 30, 123456), id="9 digits"
    ),
    pytest.param("2021-08-02T13:09:20.04Z", utc(2021, 8, 2, 13, 9, 20, 40000), id="2 digits"),
    pytest.param("2026-12-04T09:15:30+02:00", utc(2026, 12, 4, 7, 15, 30), id="+02:00"),
    pytest.param("2026-12-04T09:15:30-05:30", utc(2026, 12, 4, 14, 45, 30), id="-05:30"),
    pytest.param("2026-12-04T09:15:30+0530", utc(2026, 12, 4, 3, 45, 30), id="+0530"),
    pytest.param("2026-12-04T23:45:00-05:30", utc(2026, 12, 5, 5, 15), id="offset crosses day"),
    pytest.param("2026-01-01T01:00:00+02:00", utc(2025, 12, 31, 23), id="offset crosses year"),
    pytest.param(
        "2026-12-04T09:15:30.1234567+02:00",
        utc(2026, 12, 4, 7, 15, 30, 123456),
        id="7 digits and offset",
    ),
    pytest.param("2026-12-04 09:15:30Z", utc(2026, 12, 4, 9, 15, 30), id="space for T"),
    pytest.param("2026-12-04T09:15:30", utc(2026, 12, 4, 9, 15, 30), id="naive is UTC"),
    pytest.param(
        "2019-01-15 05:15:02.980", utc(2019, 1, 15, 5, 15, 2, 980000), id="msticpy CSV naive"
    ),
    pytest.param("  2026-12-04T09:15:30Z\r\n", utc(2026, 12, 4, 9, 15, 30), id="blanks"),
    pytest.param(
        "3/31/2022, 10:51:35.857 AM", utc(2022, 3, 31, 10, 51, 35, 857000), id="portal AM"
    ),
    pytest.param(
        "3/31/2022, 10:51:35.857 PM", utc(2022, 3, 31, 22, 51, 35, 857000), id="portal PM"
    ),
    pytest.param("3/31/2022, 12:00:00 AM", utc(2022, 3, 31, 0, 0, 0), id="12 AM is midnight"),
    pytest.param("3/31/2022, 12:30:00 PM", utc(2022, 3, 31, 12, 30, 0), id="12 PM is noon"),
    pytest.param("12/1/2022, 1:05:09 PM", utc(2022, 12, 1, 13, 5, 9), id="portal one digit"),
    pytest.param("3/31/2022 10:51:35 am", utc(2022, 3, 31, 10, 51, 35), id="portal no comma"),
]

INVALID_TIMESTAMPS = [
    pytest.param("3/31/2022, 14:51:35.857 PM", "12-hour clock", id="14 PM"),
    pytest.param("3/31/2022, 0:10:00 AM", "12-hour clock", id="0 AM"),
    pytest.param("13/31/2022, 10:51:35 AM", "month", id="month 13 (day-first order)"),
    pytest.param("yesterday", "not a timestamp: 'yesterday'", id="yesterday"),
    pytest.param("", "not a timestamp: ''", id="empty"),
    pytest.param("2026-12-04", "not a timestamp", id="date only"),
    pytest.param("2026-02-29T00:00:00Z", "day is out of range", id="no 29 Feb in 2026"),
    pytest.param("2026-12-04T24:00:00Z", "hour", id="hour 24"),
    pytest.param("2026-12-04T09:15:30+24:00", "offset out of range", id="offset 24h"),
    pytest.param("2026-12-04T09:15:30+00:99", "offset out of range", id="offset minute 99"),
    pytest.param("0001-01-01T00:00:00+01:00", "out of range in UTC", id="before year 1 in UTC"),
    pytest.param("9999-12-31T23:59:59-01:00", "out of range in UTC", id="after 9999 in UTC"),
]


@pytest.mark.parametrize(("text", "expected"), VALID_TIMESTAMPS)
def test_parse_timestamp_accepts_logged_forms(text, expected):
    """Every form exports write becomes the instant it names, as an aware UTC datetime."""
    actual = parse_timestamp(text)

    assert expected == actual
    assert UTC == actual.tzinfo


@pytest.mark.parametrize(("text", "message"), INVALID_TIMESTAMPS)
def test_parse_timestamp_refuses_impossible_values(text, message):
    """An impossible or unknown timestamp is a ValueError saying why, never a guess."""
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_timestamp(text)


@pytest.mark.parametrize(
    "value",
    [1700000000, 1700000000.5, None, True, b"2026-12-04T09:15:30Z", ["2026-12-04T09:15:30Z"]],
    ids=["int", "float", "None", "bool", "bytes", "list"],
)
def test_parse_timestamp_refuses_non_text(value):
    """Numbers (epoch seconds are ambiguous), None, bytes and containers are not timestamps."""
    with pytest.raises(ValueError, match="expected timestamp text") as info:
        parse_timestamp(value)

    assert f"got {type(value).__name__}" in str(info.value)


def test_parse_timestamp_quotes_at_most_40_characters_of_bad_text():
    """The error for a megabyte of junk stays short: it quotes only the start of the value."""
    with pytest.raises(ValueError, match="not a timestamp") as info:
        parse_timestamp("y" * (1 << 20))

    assert "not a timestamp: '" + "y" * 40 + "...'" == str(info.value).split(" (")[0]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param(datetime(2024, 5, 1, 8, 20, 11), utc(2024, 5, 1, 8, 20, 11), id="naive"),  # noqa: DTZ001
        pytest.param(
            datetime(2024, 5, 1, 10, 20, 11, tzinfo=timezone(timedelta(hours=2))),
            utc(2024, 5, 1, 8, 20, 11),
            id="+02:00",
        ),
        pytest.param(utc(2024, 5, 1, 8, 20, 11), utc(2024, 5, 1, 8, 20, 11), id="UTC"),
    ],
)
def test_parse_timestamp_takes_datetimes(value, expected):
    """A datetime is taken as is: naive means UTC, aware ones are moved to UTC."""
    actual = parse_timestamp(value)

    assert expected == actual
    assert UTC == actual.tzinfo


def test_parse_timestamp_refuses_aware_datetime_outside_utc_range():
    """An aware datetime that would leave year 1..9999 in UTC is a ValueError, not overflow."""
    late = datetime(9999, 12, 31, 23, 0, tzinfo=timezone(timedelta(hours=-2)))

    with pytest.raises(ValueError, match="out of range in UTC"):
        parse_timestamp(late)


@given(timestamps())
def test_parse_timestamp_reads_every_generated_form(case):
    """Any ISO or portal text drawn by the strategy names the instant the strategy computed."""
    text, expected = case

    actual = parse_timestamp(text)

    assert expected == actual
    assert timedelta(0) == actual.utcoffset()


@given(timestamp_like_text())
def test_parse_timestamp_raises_only_value_error(text):
    """Near-miss text either parses to an aware UTC datetime or raises ValueError, nothing else."""
    try:
        actual = parse_timestamp(text)
    except ValueError:
        return
    assert timedelta(0) == actual.utcoffset()


def test_utc_datetime_type_serialises_without_warnings():
    """A UtcDateTime dumps to ISO text cleanly (the test run turns warnings into errors)."""
    adapter = TypeAdapter(UtcDateTime)

    value = adapter.validate_python("3/31/2022, 10:51:35.857 PM")

    assert b'"2022-03-31T22:51:35.857000Z"' == adapter.dump_json(value)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        pytest.param({"errorCode": 0}, {"errorCode": 0}, id="object"),
        pytest.param('{"errorCode": 50126}', {"errorCode": 50126}, id="JSON text"),
        pytest.param(' \t{"IsLocalLogon": true}\n', {"IsLocalLogon": True}, id="padded JSON"),
        pytest.param("", None, id="empty text"),
        pytest.param("  ", None, id="blank text"),
        pytest.param(None, None, id="null"),
    ],
)
def test_parse_json_value_accepts_object_or_json_text(value, expected):
    """An object column arrives as the object or as its JSON text; empty text means no value."""
    assert expected == parse_json_value(value, dict)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param("[1, 2]", "JSON text holds a list, not a dict", id="JSON list"),
        pytest.param('"text"', "JSON text holds a str, not a dict", id="JSON string"),
        pytest.param("null", "JSON text holds a NoneType, not a dict", id="JSON null"),
        pytest.param("{not json", "text is not valid JSON", id="broken JSON"),
        pytest.param("[" * 100_000 + "]" * 100_000, "text is not valid JSON", id="too deep"),
        pytest.param(5, "expected a dict or JSON text, got int", id="number"),
        pytest.param([{"a": 1}], "expected a dict or JSON text, got list", id="list"),
    ],
)
def test_parse_json_value_refuses_other_values(value, message):
    """JSON text of another kind, broken or too deep JSON, and other types are a ValueError."""
    with pytest.raises(ValueError, match=f"^{re.escape(message)}$"):
        parse_json_value(value, dict)


def test_json_list_accepts_list_or_json_text():
    """A list column (ConditionalAccessPolicies) takes a list or its JSON text."""
    adapter = TypeAdapter(JsonList)

    assert [{"id": "p1"}] == adapter.validate_python('[{"id": "p1"}]')
    assert [{"id": "p1"}] == adapter.validate_python([{"id": "p1"}])


def test_json_object_refuses_json_list():
    """A JsonObject column given JSON text of a list fails validation, naming the kind."""
    with pytest.raises(ValidationError, match="JSON text holds a list, not a dict"):
        TypeAdapter(JsonObject).validate_python("[]")


@pytest.mark.parametrize(
    ("value", "expected"),
    [("Advapi  ", "Advapi"), ("User32 ", "User32"), ("NtLmSsp", "NtLmSsp"), ("  ", "")],
)
def test_stripped_text_drops_surrounding_blanks(value, expected):
    """Stripped text loses the trailing spaces raw Windows data carries ("Advapi  ")."""
    assert expected == TypeAdapter(Stripped).validate_python(value)


def test_text_accepts_max_text_characters():
    """A text column takes values up to MAX_TEXT (64 KiB) characters."""
    value = "a" * 65536

    assert value == TypeAdapter(Text).validate_python(value)
    assert 65536 == MAX_TEXT


def test_text_refuses_longer_values():
    """A text column refuses a value one character over MAX_TEXT: a broken or hostile record."""
    with pytest.raises(ValidationError, match="at most 65536 characters"):
        TypeAdapter(Text).validate_python("a" * 65537)


@pytest.mark.parametrize(
    ("value", "options", "expected"),
    [
        pytest.param(4624, {}, 4624, id="number"),
        pytest.param("4624", {}, 4624, id="digit text"),
        pytest.param(" 4624\t", {}, 4624, id="blanks"),
        pytest.param("9999999999", {}, 9999999999, id="10 digits"),
        pytest.param("-50126", {"signed": True}, -50126, id="signed"),
        pytest.param("1796375730123", {"digits": 18}, 1796375730123, id="18-digit bound"),
    ],
)
def test_parse_int_reads_numbers_and_digit_text(value, options, expected):
    """Integers and integer text within the bound are read; text may be padded."""
    assert expected == parse_int(value, **options)


@pytest.mark.parametrize(
    ("value", "options"),
    [
        pytest.param("4" * 5000, {}, id="5000 digits"),
        pytest.param("4" * 5000, {"digits": 18, "signed": True}, id="5000 digits, wide bound"),
        pytest.param("46244624462", {}, id="11 digits"),
        pytest.param(10**10, {}, id="11-digit number"),
        pytest.param(10**5000, {}, id="5001-digit number"),
        pytest.param("-4624", {}, id="sign not allowed"),
        pytest.param(-4624, {}, id="negative number not allowed"),
        pytest.param(True, {}, id="bool"),
        pytest.param(4624.0, {}, id="float"),
        pytest.param("4624.0", {}, id="fraction"),
        pytest.param("+4624", {}, id="plus sign"),
        pytest.param("4_624", {}, id="underscore"),
        pytest.param("\u0664\u0666\u0662\u0664", {}, id="Arabic-Indic digits"),
        pytest.param("", {}, id="empty"),
        pytest.param(None, {}, id="null"),
    ],
)
def test_parse_int_gives_none_for_anything_else_and_never_raises(value, options):
    """Long digit text (past Python's 4,300-digit int() limit too), signs, fractions: None."""
    assert None is parse_int(value, **options)


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        pytest.param(1796375730, "s", utc(2026, 12, 4, 9, 15, 30), id="s number"),
        pytest.param(1796375730.5, "s", utc(2026, 12, 4, 9, 15, 30, 500000), id="s float"),
        pytest.param("1796375730", "s", utc(2026, 12, 4, 9, 15, 30), id="s text"),
        pytest.param(
            " 1796375730.123456789 ", "s", utc(2026, 12, 4, 9, 15, 30, 123456), id="s exact text"
        ),
        pytest.param("-1", "s", utc(1969, 12, 31, 23, 59, 59), id="s before 1970"),
        pytest.param(1796375730123, "ms", utc(2026, 12, 4, 9, 15, 30, 123000), id="ms number"),
        pytest.param("1796375730123", "ms", utc(2026, 12, 4, 9, 15, 30, 123000), id="ms text"),
        pytest.param(
            "1796375730123.4567", "ms", utc(2026, 12, 4, 9, 15, 30, 123456), id="ms fraction"
        ),
        pytest.param(253402300799, "s", utc(9999, 12, 31, 23, 59, 59), id="last second"),
    ],
)
def test_epoch_time_reads_seconds_and_milliseconds(value, unit, expected):
    """Epoch seconds (Splunk) and milliseconds (OCSF), as numbers or text, read exactly."""
    assert expected == epoch_time(value, unit)


@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param(253402300800, "253402300800 is out of range", id="year 10000"),
        pytest.param(-62135596801, "-62135596801 is out of range", id="before year 1"),
        pytest.param(10**20, "100000000000000000000 is out of range", id="huge"),
        pytest.param(
            10**5000, "<int with an integer of over 4,300 digits> is out of range", id="5001 digits"
        ),
        pytest.param(float("inf"), "inf is out of range", id="infinity"),
        pytest.param(float("nan"), "expected epoch seconds, got nan", id="NaN"),
        pytest.param(True, "expected epoch seconds, got True", id="bool"),
        pytest.param("1e9", "expected epoch seconds, got '1e9'", id="exponent"),
        pytest.param("4" * 5000, f"expected epoch seconds, got '{'4' * 39}", id="5000 digits"),
        pytest.param("2026-12-04T09:15:30Z", "expected epoch seconds", id="ISO text"),
        pytest.param(None, "expected epoch seconds, got None", id="null"),
    ],
)
def test_epoch_time_refuses_other_values_with_value_error(value, message):
    """Anything but epoch time in years 1-9999 is a ValueError saying so, never another error."""
    with pytest.raises(ValueError, match=f"^{re.escape(message)}"):
        epoch_time(value, "s")


def test_quoted_never_raises_for_huge_integers():
    """A value holding an integer Python refuses to write is described, at any depth."""
    expected = ["'abc'", "<int with an integer of over 4,300 digits>"]
    expected.append("<list with an integer of over 4,300 digits>")
    assert expected == [quoted("abc"), quoted(10**5000), quoted([1, 10**5000])]
