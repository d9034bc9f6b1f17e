"""NXLog / Logstash flattened Windows Security events, as public attack datasets ship them.

NXLog's ``im_msvistalog`` input writes each EventData field at the top level of the record,
beside its own fields (``EventID``, ``Hostname``, ``Channel``, ``EventTime``); Logstash adds
``@timestamp``. The OTRF Security Datasets (Mordor) are in this shape.

Field facts: reference/windows-4624.md section 3, checked against the Mordor
``covenant_psremoting_command`` logon subset: ``EventID`` is a number, ``LogonType`` text,
``@timestamp`` UTC with milliseconds (``2020-08-06T15:56:10.187Z``), stamped by the pipeline a
few seconds after the event, and ``EventTime`` the logging host's local wall time without a zone
(``2020-08-06 11:56:07``, UTC-4 there). Only ``@timestamp`` is read: a local time without its
zone cannot be placed on the time line, and a few seconds matter less than hours.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from t1133.sources._core import Adapter
from t1133.sources._paths import map_fields
from t1133.sources._winevent import check_windows_columns, event_data_table
from t1133.sources.windows import SECURITY_EVENT

__all__ = ["NXLOG_COLUMNS", "NXLOG_WINDOWS"]

#: NXLog / Logstash field -> SecurityEvent column.
NXLOG_COLUMNS: Final[Mapping[str, str]] = {
    "@timestamp": "TimeGenerated",
    "EventID": "EventID",
    "Hostname": "Computer",
    "Channel": "Channel",
    **event_data_table(""),
}


def _claims(record: Mapping[str, Any]) -> bool:
    # EventID at the top level as in a Sentinel row, but without the Log Analytics columns
    # (TimeGenerated, Computer) that make the native adapter claim it: NXLog names the host
    # Hostname, and Logstash stamps @timestamp.
    return (
        "EventID" in record
        and "TimeGenerated" not in record
        and "Computer" not in record
        and ("Hostname" in record or "@timestamp" in record)
    )


def _to_columns(record: Mapping[str, Any]) -> dict[str, Any]:
    """Map an NXLog / Logstash Windows event to ``SecurityEvent`` columns.

    Raises:
        RecordError: No ``@timestamp`` or ``EventID``, a ``Channel`` other than Security, or a
            4624/4625 without ``LogonType``.
    """
    return check_windows_columns(map_fields(record, NXLOG_COLUMNS), NXLOG_COLUMNS)


NXLOG_WINDOWS: Final = Adapter(
    id="nxlog.windows",
    source=SECURITY_EVENT.id,
    claims=_claims,
    to_columns=_to_columns,
    title="NXLog / Logstash flattened Windows Security events",
)
