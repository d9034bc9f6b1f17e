"""Windows Security events (Sentinel ``SecurityEvent``), the logon event 4624 above all.

Column facts: reference/sentinel-tables.md section 2 and reference/windows-4624.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar

from pydantic import Field

from t1133.sources._core import Adapter, EventModel, Source, precheck_int, precheck_text
from t1133.sources._types import Stripped, Text, UtcDateTime

__all__ = ["SECURITY_EVENT", "SENTINEL_SECURITY_EVENT", "WindowsLogonEvent"]


class WindowsLogonEvent(EventModel):
    """One Windows Security event as a Sentinel ``SecurityEvent`` row (4624, 4625 and others).

    ``EventID`` and ``LogonType`` arrive as numbers or as text and become ``int``. ``IpAddress``
    is kept as logged (``"-"``, ``"::ffff:198.51.100.7"``); its category comes from the classifier.
    """

    SOURCE: ClassVar[str] = "SecurityEvent"
    SOURCE_IP_FIELD: ClassVar[str] = "ip_address"

    time_generated: UtcDateTime = Field(alias="TimeGenerated")
    event_id: int = Field(alias="EventID")
    computer: Text | None = Field(default=None, alias="Computer")
    activity: Text | None = Field(default=None, alias="Activity")
    account: Text | None = Field(default=None, alias="Account")
    account_type: Text | None = Field(default=None, alias="AccountType")
    target_user_name: Text | None = Field(default=None, alias="TargetUserName")
    target_domain_name: Text | None = Field(default=None, alias="TargetDomainName")
    target_user_sid: Text | None = Field(default=None, alias="TargetUserSid")
    target_logon_id: Text | None = Field(default=None, alias="TargetLogonId")
    subject_user_name: Text | None = Field(default=None, alias="SubjectUserName")
    subject_domain_name: Text | None = Field(default=None, alias="SubjectDomainName")
    subject_user_sid: Text | None = Field(default=None, alias="SubjectUserSid")
    subject_logon_id: Text | None = Field(default=None, alias="SubjectLogonId")
    logon_type: int | None = Field(default=None, alias="LogonType")
    logon_type_name: Text | None = Field(default=None, alias="LogonTypeName")
    ip_address: Text | None = Field(default=None, alias="IpAddress")
    ip_port: Text | None = Field(default=None, alias="IpPort")
    workstation_name: Text | None = Field(default=None, alias="WorkstationName")
    # Raw data carries trailing spaces here ("User32 ", "Advapi  "): stripped.
    logon_process_name: Stripped | None = Field(default=None, alias="LogonProcessName")
    authentication_package_name: Text | None = Field(
        default=None, alias="AuthenticationPackageName"
    )
    lm_package_name: Text | None = Field(default=None, alias="LmPackageName")
    key_length: int | None = Field(default=None, alias="KeyLength")
    process_name: Text | None = Field(default=None, alias="ProcessName")
    elevated_token: Text | None = Field(default=None, alias="ElevatedToken")
    restricted_admin_mode: Text | None = Field(default=None, alias="RestrictedAdminMode")
    virtual_account: Text | None = Field(default=None, alias="VirtualAccount")
    impersonation_level: Text | None = Field(default=None, alias="ImpersonationLevel")
    status: Text | None = Field(default=None, alias="Status")
    sub_status: Text | None = Field(default=None, alias="SubStatus")
    failure_reason: Text | None = Field(default=None, alias="FailureReason")
    channel: Text | None = Field(default=None, alias="Channel")

    @property
    def event_time(self) -> datetime:
        """``TimeGenerated``."""
        return self.time_generated


def _claims_native(record: Mapping[str, Any]) -> bool:
    # A SecurityEvent row exported without (or with a null) Type: EventID beside the Log
    # Analytics columns. Other Windows shapes (ECS, NXLog) carry neither column; Splunk's
    # XmlWinEventLog results carry both (EventID, Computer) beside Splunk's own _time, a field
    # no Log Analytics table has.
    return (
        "EventID" in record
        and ("TimeGenerated" in record or "Computer" in record)
        and "_time" not in record
    )


SECURITY_EVENT = Source(
    id=WindowsLogonEvent.SOURCE,
    model=WindowsLogonEvent,
    title="Windows Security events",
    prechecks={
        "EventID": precheck_int(required=True),
        "LogonType": precheck_int(),
        "IpAddress": precheck_text(),
        "TargetUserName": precheck_text(),
    },
)
SENTINEL_SECURITY_EVENT = Adapter(
    id="sentinel.SecurityEvent",
    source=SECURITY_EVENT.id,
    claims=_claims_native,
    title="Sentinel / Log Analytics SecurityEvent rows",
    type_names=("SecurityEvent",),
)
