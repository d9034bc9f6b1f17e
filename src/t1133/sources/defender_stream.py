"""Defender for Endpoint streaming API records (Event Hub, storage) of ``DeviceLogonEvents``.

The streaming API wraps each advanced hunting row: ``{"category":
"AdvancedHunting-DeviceLogonEvents", "operationName": "Publish", "properties": {<the row>},
"tenantId": ..., "time": ...}`` (the real sample in
../shared/data/mde_devicelogonevents_eventhub_elastic_test-device_extract.jsonl). The row keeps
the advanced hunting column names (reference/sentinel-tables.md section 3) and ``AdditionalFields``
stays JSON text, which the model already accepts.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from t1133.exceptions import RecordError
from t1133.sources._core import Adapter
from t1133.sources._paths import object_at
from t1133.sources.defender import DEVICE_LOGON_EVENTS

__all__ = ["CATEGORY", "DEFENDER_STREAM", "ENVELOPE_COLUMNS"]

#: The streaming API's category for DeviceLogonEvents rows.
CATEGORY: Final = "AdvancedHunting-DeviceLogonEvents"

#: Envelope field -> column. The row under ``properties`` is already in column names. The
#: envelope ``time`` is when the record was published (minutes after the logon in the sample),
#: so it becomes ``TimeGenerated``, as Sentinel's copy of the table has it; the row's
#: ``Timestamp`` stays the event time. A row without ``Timestamp`` is rejected rather than
#: timed by its publication (the model would fall back to ``TimeGenerated``).
ENVELOPE_COLUMNS: Final[Mapping[str, str]] = {"time": "TimeGenerated"}


def _claims(record: Mapping[str, Any]) -> bool:
    return record.get("category") == CATEGORY and "properties" in record


def _to_columns(record: Mapping[str, Any]) -> Mapping[str, Any]:
    row = object_at(record, "properties", needed="it holds the logon row")
    if row.get("Timestamp") is None:
        raise RecordError(
            "properties.Timestamp: missing; the envelope time is the publication time, not "
            "the logon's",
            fields=("properties.Timestamp",),
        )
    columns = dict(row)
    for field, column in ENVELOPE_COLUMNS.items():
        if record.get(field) is not None and columns.get(column) is None:
            columns[column] = record[field]
    return columns


DEFENDER_STREAM: Final = Adapter(
    id="defender.stream",
    source=DEVICE_LOGON_EVENTS.id,
    claims=_claims,
    to_columns=_to_columns,
    title="Defender streaming API records (Event Hub: AdvancedHunting-DeviceLogonEvents)",
)
