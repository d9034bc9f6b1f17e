"""What every source is made of: the model base, ``Source``, ``Adapter``, ``InvalidEvent``."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any, ClassVar, Final

import attrs
from pydantic import BaseModel, ConfigDict

from t1133.addresses import AddressInfo, IPCategory, describe_ip
from t1133.branches._predicates import UNDECIDED, attribute_names
from t1133.exceptions import RecordError

__all__ = [
    "MISSING",
    "Adapter",
    "EventModel",
    "InvalidEvent",
    "Source",
    "precheck_int",
    "precheck_text",
]

#: What a pre-check receives for a column the record does not have.
MISSING: Final = object()


class EventModel(BaseModel):
    """Base of the typed events: frozen, populated by Sentinel column or attribute name.

    Unknown columns are kept (``model_extra``); logs carry hundreds and none is an error.
    """

    model_config = ConfigDict(
        frozen=True,
        extra="allow",
        populate_by_name=True,
        coerce_numbers_to_str=True,  # IpPort 51234, ResultType 0: numbers arrive in text columns
        str_max_length=1 << 20,  # also bounds unknown text columns reached by validation
    )

    #: The id of the source (the Sentinel table name) this model reads.
    SOURCE: ClassVar[str]
    #: The attribute holding the address the logon came from.
    SOURCE_IP_FIELD: ClassVar[str]

    @property
    def event_time(self) -> datetime:
        """The instant the detection's time window and sort order use (UTC)."""
        raise NotImplementedError

    @property
    def source_ip(self) -> str | None:
        """The logged source address text, unchanged."""
        value = getattr(self, self.SOURCE_IP_FIELD)
        return value if isinstance(value, str) else None

    @property
    def ip_info(self) -> AddressInfo:
        """What the classifier concluded about the source address."""
        return describe_ip(self.source_ip)

    @property
    def ip_category(self) -> IPCategory:
        """The source address category, from ``classify_ip``."""
        return self.ip_info.category


def _always(_record: Mapping[str, Any]) -> bool:
    return True


def _identity(record: Mapping[str, Any]) -> Mapping[str, Any]:
    return record


# Event ids and logon types have a few digits; longer text is left to the model, which judges
# it without Python's int() (limited to 4,300 digits: a ValueError on hostile input).
_DIGITS: Final = 18


def precheck_int(*, required: bool = False) -> Callable[[object], object]:
    """A pre-check for an integer column, agreeing with the model wherever it decides.

    Returns:
        A function of the raw value giving the ``int`` the model would hold, ``None`` for an
        absent optional column, or ``UNDECIDED`` (text that is not plain digits, a missing
        required column, anything unusual: full validation decides those).
    """

    def check(raw: object) -> object:
        if type(raw) is int:
            return raw
        if type(raw) is str and raw.isascii() and raw.isdigit() and len(raw) <= _DIGITS:
            return int(raw)
        if raw is MISSING or raw is None:
            return UNDECIDED if required else None
        return UNDECIDED

    return check


def precheck_text(
    normalize: Callable[[str], str] | None = None, *, required: bool = False
) -> Callable[[object], object]:
    """A pre-check for a text column, agreeing with the model wherever it decides.

    Args:
        normalize: The model's own normaliser of the column, if it has one.
        required: Whether the model requires the column (then a missing one is undecided).

    Returns:
        A function of the raw value giving the text the model would hold, ``None`` for an
        absent optional column, or ``UNDECIDED`` (numbers, objects: the model decides).
    """

    def check(raw: object) -> object:
        if type(raw) is str:
            return raw if normalize is None else normalize(raw)
        if raw is MISSING or raw is None:
            return UNDECIDED if required else None
        return UNDECIDED

    return check


@attrs.frozen
class Source:
    """A log source t1133 reads: a Sentinel table and the model its rows become.

    Attributes:
        id: Stable id, the Sentinel table name (``"SecurityEvent"``).
        model: The pydantic model of one event.
        title: A human name (``"Windows Security events"``).
        time_column: The column holding the event time (``"TimeGenerated"``, ``"Timestamp"``).
        prechecks: For columns branches compare to constants, a cheap function of the raw
            value giving what the model would hold (or ``UNDECIDED``). The engine uses them
            to skip validating records no branch can match; verdicts stay identical.
    """

    id: str
    model: type[EventModel]
    title: str
    time_column: str = "TimeGenerated"
    prechecks: Mapping[str, Callable[[object], object]] = attrs.field(factory=dict)

    @property
    def attribute_names(self) -> Mapping[str, str]:
        """The model's Sentinel column names mapped to its attribute names."""
        return attribute_names(self.model)

    def precheck(self, columns: Mapping[str, Any], column: str) -> object:
        """Return what the model would hold for ``column`` of mapped columns, or ``UNDECIDED``.

        Args:
            columns: Mapped columns of one record (keyed by Sentinel column names).
            column: A Sentinel column name.

        Returns:
            The value, or ``UNDECIDED`` where only full validation can tell (no pre-check for
            the column, an unusual raw value, or the column given by its attribute name).
        """
        check = self.prechecks.get(column)
        if check is None:
            return UNDECIDED
        raw = columns.get(column, MISSING)
        if raw is MISSING and self.attribute_names.get(column, column) in columns:
            return UNDECIDED
        return check(raw)


@attrs.frozen
class Adapter:
    """One record shape: says whether a record is in it and maps it to Sentinel columns.

    Attributes:
        id: Stable id (``"sentinel.SecurityEvent"``, ``"ecs.windows"`` ...).
        source: The id of the source whose model the mapped columns feed.
        claims: Returns whether a record (a mapping) is in this shape; cheap, never raises.
        to_columns: Maps a claimed record to a mapping keyed by the model's Sentinel column
            names. May raise ``RecordError`` when the shape lacks what the model needs.
        title: A human name (``"Elastic ECS (Winlogbeat 8)"``).
        type_names: Values of a ``Type`` column that select this adapter outright.
    """

    id: str
    source: str
    claims: Callable[[Mapping[str, Any]], bool] = _always
    to_columns: Callable[[Mapping[str, Any]], Mapping[str, Any]] = _identity
    title: str = ""
    type_names: tuple[str, ...] = ()


@attrs.frozen
class InvalidEvent:
    """A record that could not become a typed event, and why. Nothing is lost: it holds the record.

    Attributes:
        record: The original record, unchanged.
        reason: Human-readable reason naming the failing field(s).
        fields: Dotted paths of the failing fields (Sentinel column names where mapped).
        source: The source the record was taken for, or ``None`` when unrecognised.
        adapter: The adapter that claimed the record, or ``None``.
        origin: Where the record came from (file name, ``"<stdin>"``), when known.
        line: 1-based line or record number inside ``origin``, when known.
    """

    record: object = attrs.field(eq=False)
    reason: str
    fields: tuple[str, ...] = ()
    source: str | None = None
    adapter: str | None = None
    origin: str | None = None
    line: int | None = None

    def to_error(self) -> RecordError:
        """Return the ``RecordError`` the strict parser raises for this record."""
        return RecordError(
            self.reason, source=self.source, fields=self.fields, origin=self.origin, line=self.line
        )

    def to_dict(self) -> dict[str, object]:
        """Return a JSON-ready description (without the record itself)."""
        return {
            "origin": self.origin,
            "line": self.line,
            "source": self.source,
            "adapter": self.adapter,
            "fields": list(self.fields),
            "reason": self.reason,
        }
