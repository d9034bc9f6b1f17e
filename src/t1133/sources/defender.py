"""Defender for Endpoint logons (``DeviceLogonEvents``, advanced hunting and Sentinel).

Column facts: reference/sentinel-tables.md section 3.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Annotated, Any, ClassVar, Final

from pydantic import AfterValidator, AliasChoices, Field

from t1133.sources._core import Adapter, EventModel, Source, precheck_text
from t1133.sources._types import JsonObject, Text, UtcDateTime

__all__ = [
    "DEFENDER_HUNTING_ROW",
    "DEVICE_LOGON_EVENTS",
    "SENTINEL_DEVICE_LOGON_EVENTS",
    "DeviceLogonEvent",
    "normalize_mde_logon_type",
]

# The Defender docs describe the RDP type in prose; data carries "RemoteInteractive". Sentinel's
# ASIM parser (ASimAuthenticationM365Defender) maps the prose form too. Exact text only: the
# detection's comparison on LogonType stays case-sensitive, as in the reference query.
_LOGON_TYPE_PROSE: Final = {"Remote interactive (RDP) logons": "RemoteInteractive"}


def normalize_mde_logon_type(value: str) -> str:
    """Map the documented prose form of a Defender logon type to the value data carries."""
    return _LOGON_TYPE_PROSE.get(value, value)


class DeviceLogonEvent(EventModel):
    """One Defender for Endpoint logon as a ``DeviceLogonEvents`` row.

    The time is ``Timestamp`` (advanced hunting) or, in Sentinel's copy, ``TimeGenerated``;
    ``Timestamp`` wins when both exist. ``LogonType`` is text (``"RemoteInteractive"``) and is
    compared exactly. ``RemoteIPType`` may be missing.
    """

    SOURCE: ClassVar[str] = "DeviceLogonEvents"
    SOURCE_IP_FIELD: ClassVar[str] = "remote_ip"

    timestamp: UtcDateTime = Field(
        validation_alias=AliasChoices("Timestamp", "TimeGenerated", "timestamp"),
        # Dumped by alias as "Timestamp", so that re-reading a dump cannot take TimeGenerated.
        serialization_alias="Timestamp",
    )
    time_generated: UtcDateTime | None = Field(default=None, alias="TimeGenerated")
    device_id: Text | None = Field(default=None, alias="DeviceId")
    device_name: Text | None = Field(default=None, alias="DeviceName")
    action_type: Text | None = Field(default=None, alias="ActionType")
    logon_type: Annotated[Text, AfterValidator(normalize_mde_logon_type)] | None = Field(
        default=None, alias="LogonType"
    )
    account_domain: Text | None = Field(default=None, alias="AccountDomain")
    account_name: Text | None = Field(default=None, alias="AccountName")
    account_sid: Text | None = Field(default=None, alias="AccountSid")
    protocol: Text | None = Field(default=None, alias="Protocol")
    failure_reason: Text | None = Field(default=None, alias="FailureReason")
    is_local_admin: bool | None = Field(default=None, alias="IsLocalAdmin")
    logon_id: int | None = Field(default=None, alias="LogonId")
    remote_device_name: Text | None = Field(default=None, alias="RemoteDeviceName")
    remote_ip: Text | None = Field(default=None, alias="RemoteIP")
    remote_ip_type: Text | None = Field(default=None, alias="RemoteIPType")
    remote_port: int | None = Field(default=None, alias="RemotePort")
    additional_fields: JsonObject = Field(default=None, alias="AdditionalFields")
    initiating_process_file_name: Text | None = Field(
        default=None, alias="InitiatingProcessFileName"
    )
    initiating_process_account_name: Text | None = Field(
        default=None, alias="InitiatingProcessAccountName"
    )
    report_id: int | None = Field(default=None, alias="ReportId")
    machine_group: Text | None = Field(default=None, alias="MachineGroup")

    @property
    def event_time(self) -> datetime:
        """``Timestamp`` (or ``TimeGenerated`` where only that exists)."""
        return self.timestamp


def _claims_hunting_row(record: Mapping[str, Any]) -> bool:
    # Advanced hunting API rows have no Type. DeviceName + ActionType alone would also claim
    # DeviceProcessEvents or DeviceNetworkEvents rows; LogonType and AccountName are the logon
    # table's own columns.
    return (
        "DeviceName" in record
        and "ActionType" in record
        and "LogonType" in record
        and "AccountName" in record
    )


DEVICE_LOGON_EVENTS = Source(
    id=DeviceLogonEvent.SOURCE,
    model=DeviceLogonEvent,
    title="Defender for Endpoint logons",
    time_column="Timestamp",
    prechecks={
        "ActionType": precheck_text(),
        "LogonType": precheck_text(normalize_mde_logon_type),
        "RemoteIPType": precheck_text(),
        "RemoteIP": precheck_text(),
    },
)


def _sentinel_columns(record: Mapping[str, Any]) -> Mapping[str, Any]:
    # Sentinel's copy of the table documents TimeGenerated as its time column; exports may
    # carry a Timestamp column that is null there. A null Timestamp must not hide the time.
    if record.get("Timestamp") is None and "Timestamp" in record:
        return {k: v for k, v in record.items() if k != "Timestamp"}
    return record


SENTINEL_DEVICE_LOGON_EVENTS = Adapter(
    id="sentinel.DeviceLogonEvents",
    source=DEVICE_LOGON_EVENTS.id,
    claims=lambda _record: False,  # selected by its Type column only
    to_columns=_sentinel_columns,
    title="Sentinel DeviceLogonEvents rows (Defender XDR connector)",
    type_names=("DeviceLogonEvents",),
)
DEFENDER_HUNTING_ROW = Adapter(
    id="defender.hunting",
    source=DEVICE_LOGON_EVENTS.id,
    claims=_claims_hunting_row,
    title="Defender advanced hunting API rows (DeviceLogonEvents)",
)
