"""Field types shared by the source models: timestamps, JSON-or-object columns, stripped text.

Each type is a pydantic ``Annotated`` alias whose validator is a plain function, so adapters and
the engine's cheap pre-checks can call the very same normalisation. The adapters' own readers of
logged values live here too, one of each: ``parse_int`` (bounded integers), ``epoch_time``
(epoch seconds and milliseconds) and ``quoted`` (a value shown in a message); none raises
anything but ``ValueError``, and ``parse_int`` and ``quoted`` never raise.
"""

from __future__ import annotations

import json
import math
import re
import sys
from collections.abc import Mapping
from datetime import datetime, timedelta, timezone
from typing import Annotated, Any, Final, Literal

from pydantic import BeforeValidator, Field, StringConstraints

__all__ = [
    "MAX_TEXT",
    "JsonList",
    "JsonObject",
    "Stripped",
    "Text",
    "UtcDateTime",
    "epoch_time",
    "parse_int",
    "parse_json_value",
    "parse_timestamp",
    "quoted",
]

# A modelled text column longer than this is a broken or hostile record, not a log value:
# the longest legitimate values (user agents, EventData XML) stay far below 64 KiB.
MAX_TEXT: Final = 65536

Text = Annotated[str, Field(max_length=MAX_TEXT)]

# ISO 8601 as Log Analytics, Graph, Elastic and Splunk write it: 'T' or a space between date and
# time, 0-9 fractional digits (Log Analytics writes 7), 'Z', '+hh:mm', '+hhmm', '+hh' or nothing.
_ISO: Final = re.compile(
    r"(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?"
    r" ?(?:([Zz])|([+-])(\d{2})(?::?(\d{2}))?)?"
)
# The Sentinel portal's CSV export: '3/31/2022, 10:51:35.857 AM' (US month/day, 12-hour, UTC).
_PORTAL: Final = re.compile(
    r"(\d{1,2})/(\d{1,2})/(\d{4}),? (\d{1,2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))? ?([AaPp][Mm])"
)
_WHITESPACE: Final = " \t\r\n"
_FAST_ISO: Final = sys.version_info >= (3, 11)

# Integers are bounded before int() ever runs on text: Python refuses to convert more than
# 4,300 digits (a ValueError), and no column holds more than 18 (epoch milliseconds have 13).
_POWERS: Final = tuple(10**n for n in range(19))
# Epoch time as text: a whole number of units, then up to nine fractional digits.
_EPOCH_TEXT: Final = re.compile(r"\s*(-?)([0-9]{1,18})(?:\.([0-9]{1,9}))?\s*")
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=timezone.utc)
#: Epoch units: the unit's name (for timedelta and messages) and its decimal places below one
#: second that a microsecond resolves (seconds 6, milliseconds 3).
_EPOCH_UNITS: Final[Mapping[str, tuple[str, int]]] = {
    "s": ("seconds", 6),
    "ms": ("milliseconds", 3),
}


def _micros(fraction: str | None) -> int:
    # Log Analytics keeps 100 ns ticks (7 digits); datetime keeps microseconds: truncate, as
    # datetime.fromisoformat does.
    return int(fraction[:6].ljust(6, "0")) if fraction else 0


def _from_iso(m: re.Match[str]) -> datetime:
    year, month, day, hour, minute, second, fraction, zulu, sign, off_h, off_m = m.groups()
    stamp = datetime(
        int(year), int(month), int(day), int(hour), int(minute), int(second or 0),
        _micros(fraction), tzinfo=timezone.utc,
    )  # fmt: skip
    if sign and not zulu:
        offset = timedelta(hours=int(off_h), minutes=int(off_m or 0))
        if offset >= timedelta(hours=24) or int(off_m or 0) >= 60:
            raise ValueError(f"UTC offset out of range in {m.group(0)!r}")
        try:
            stamp -= offset if sign == "+" else -offset
        except OverflowError:  # 0001-01-01T00:00+01:00 is before year 1 in UTC
            raise ValueError(f"{m.group(0)!r} is out of range in UTC") from None
    return stamp


def _from_portal(m: re.Match[str]) -> datetime:
    month, day, year, hour, minute, second, fraction, half = m.groups()
    hour12 = int(hour)
    if not 1 <= hour12 <= 12:  # '14:51:35 PM' is not a time; refuse to guess
        raise ValueError(f"hour {hour12} is impossible on a 12-hour clock")
    hour24 = hour12 % 12 + (12 if half.upper() == "PM" else 0)
    return datetime(
        int(year), int(month), int(day), hour24, int(minute), int(second),
        _micros(fraction), tzinfo=timezone.utc,
    )  # fmt: skip


def parse_timestamp(value: object) -> datetime:
    """Turn a logged timestamp into a timezone-aware UTC ``datetime``.

    Args:
        value: A ``datetime`` (naive means UTC) or text: ISO 8601 with ``Z``, an offset or no
            zone (taken as UTC), up to nine fractional digits, ``T`` or a space; or the Sentinel
            portal's ``3/31/2022, 10:51:35.857 AM``.

    Returns:
        The instant, in UTC.

    Raises:
        ValueError: The value is not one of those forms or names an impossible date or time.
    """
    if isinstance(value, datetime):
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        try:
            return value.astimezone(timezone.utc)
        except OverflowError:  # 9999-12-31T23:59-01:00 is after year 9999 in UTC
            raise ValueError(f"{value.isoformat()!r} is out of range in UTC") from None
    if not isinstance(value, str):
        raise ValueError(f"expected timestamp text, got {type(value).__name__}")  # noqa: TRY004
    text = value.strip(_WHITESPACE)
    if _FAST_ISO and len(text) >= 19 and text[10] in "T " and text[4] == "-" and text[13] == ":":
        # The C parser of Python 3.11+ takes every full date-and-time form the regex below
        # takes (and truncates 7 fractional digits the same way) at a tenth of the cost.
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            parsed = None  # fall through: the regex gives the error message
        # Only 'Z' and zoneless text are taken here: CPython also takes offset minutes up to 99
        # ('+00:99') and offset seconds, which the regex's range checks refuse.
        if parsed is not None and (parsed.tzinfo is None or text[-1] in "Zz"):
            return parse_timestamp(parsed)
    m = _ISO.fullmatch(text)
    if m is not None:
        return _from_iso(m)
    m = _PORTAL.fullmatch(text)
    if m is not None:
        return _from_portal(m)
    shown = text if len(text) <= 40 else text[:40] + "..."
    raise ValueError(f"not a timestamp: {shown!r} (expected ISO 8601 or 'M/D/YYYY, h:mm:ss AM')")


def parse_int(value: object, *, digits: int = 10, signed: bool = False) -> int | None:
    """Read a logged integer, a JSON number or digit text, without ever raising.

    Args:
        value: Any logged value. Text may have surrounding blanks; ``bool`` is not a number.
        digits: The most digits the value may have (at most 18); a longer one is no value of
            the column, and bounding the text keeps ``int()`` from a 4,300-digit ``ValueError``.
        signed: Whether a leading ``-`` is allowed.

    Returns:
        The integer, or ``None`` for anything else (the caller names its field in the error).
    """
    if type(value) is str:
        text = value.strip()
        body = text[1:] if signed and text[:1] == "-" else text
        # The length first: no scan of a long text, and int() never sees over 18 digits.
        if len(body) <= digits and body.isascii() and body.isdigit():
            return int(text)
        return None
    if type(value) is int and (signed or value >= 0) and -_POWERS[digits] < value < _POWERS[digits]:
        return value
    return None


def _epoch_delta(value: object, unit: str) -> timedelta | None:
    # Text is read exactly (no float rounding of the fraction); a float as timedelta rounds it.
    name, places = _EPOCH_UNITS[unit]
    if type(value) is int:
        return timedelta(microseconds=value * 10**places)
    if type(value) is float:
        return None if math.isnan(value) else timedelta(**{name: value})
    if type(value) is str and (m := _EPOCH_TEXT.fullmatch(value)) is not None:
        sign, whole, fraction = m.groups()
        micros = int(whole) * 10**places + int((fraction or "")[:places].ljust(places, "0"))
        return timedelta(microseconds=-micros if sign else micros)
    return None


def epoch_time(value: object, unit: Literal["s", "ms"]) -> datetime:
    """Turn epoch time (seconds or milliseconds since 1970-01-01 UTC) into a UTC ``datetime``.

    Args:
        value: An ``int`` or ``float`` (not ``bool``), or text: optional ``-``, up to 18
            digits, optionally ``.`` and up to 9 fractional digits (read exactly, truncated to
            microseconds), surrounding blanks allowed.
        unit: ``"s"`` (Splunk ``_time``) or ``"ms"`` (OCSF ``timestamp_t``).

    Returns:
        The instant, in UTC.

    Raises:
        ValueError: The value is not epoch time, or names an instant outside years 1-9999.
    """
    try:
        delta = _epoch_delta(value, unit)
        if delta is not None:
            return _EPOCH + delta
    except OverflowError:  # timedelta's or datetime's range: years 1-9999
        raise ValueError(f"{quoted(value)} is out of range") from None
    raise ValueError(f"expected epoch {_EPOCH_UNITS[unit][0]}, got {quoted(value)}")


def quoted(value: object, width: int = 40) -> str:
    """Show a logged value in a message: its ``repr``, cut to ``width`` characters.

    Args:
        value: Any logged value.
        width: The most characters shown.

    Returns:
        The cut ``repr``; for a value holding an integer too large for Python to write (over
        4,300 digits, at any depth), a description instead, so that a message never raises.
    """
    try:
        return repr(value)[:width]
    except ValueError:
        return f"<{type(value).__name__} with an integer of over 4,300 digits>"


def parse_json_value(value: object, kind: type[dict[Any, Any] | list[Any]]) -> Any:  # noqa: ANN401
    """Accept an object-valued column as the object itself or as JSON text (exports differ).

    Args:
        value: The logged value: the object (or list), JSON text, ``None`` or empty text.
        kind: ``dict`` or ``list``, what the column holds.

    Returns:
        The object (or list), or ``None`` for null and empty text.

    Raises:
        ValueError: The text is not JSON, or the JSON is not of the expected kind.
    """
    if value is None or isinstance(value, kind):
        return value
    if isinstance(value, str):
        if not value.strip(_WHITESPACE):
            return None
        try:
            decoded = json.loads(value)
        except (ValueError, RecursionError):
            raise ValueError("text is not valid JSON") from None
        if isinstance(decoded, kind):
            return decoded
        raise ValueError(f"JSON text holds a {type(decoded).__name__}, not a {kind.__name__}")
    raise ValueError(f"expected a {kind.__name__} or JSON text, got {type(value).__name__}")


def _object(value: object) -> Any:  # noqa: ANN401
    return parse_json_value(value, dict)


def _list(value: object) -> Any:  # noqa: ANN401
    return parse_json_value(value, list)


# A BeforeValidator, not a PlainValidator: pydantic (2.9 to at least 2.14) warns on every JSON
# dump of a PlainValidator datetime field (pydantic issue #10402); the datetime check it adds
# after parse_timestamp costs nothing measurable (benchmarks/bench_parse.py).
UtcDateTime = Annotated[datetime, BeforeValidator(parse_timestamp)]
JsonObject = Annotated[dict[str, Any] | None, BeforeValidator(_object)]
JsonList = Annotated[list[Any] | None, BeforeValidator(_list)]
Stripped = Annotated[str, StringConstraints(strip_whitespace=True, max_length=MAX_TEXT)]
