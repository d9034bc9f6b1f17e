"""Entra ID interactive sign-ins (Sentinel ``SigninLogs``).

Column facts: reference/sentinel-tables.md section 1 and reference/entra-signin.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any, ClassVar

from pydantic import Field

from t1133.sources._core import Adapter, EventModel, Source, precheck_text
from t1133.sources._types import JsonList, JsonObject, Text, UtcDateTime

__all__ = ["SENTINEL_SIGNIN_LOGS", "SIGNIN_LOGS", "SigninLogEvent"]


class SigninLogEvent(EventModel):
    """One Entra ID interactive sign-in as a Sentinel ``SigninLogs`` row.

    ``ResultType`` is text in the table but arrives as ``0`` from some exports; both become
    ``"0"``. Object columns (``Status``, ``LocationDetails``, ``DeviceDetail``) are accepted as
    objects or as JSON text.
    """

    SOURCE: ClassVar[str] = "SigninLogs"
    SOURCE_IP_FIELD: ClassVar[str] = "ip_address"

    time_generated: UtcDateTime = Field(alias="TimeGenerated")
    created_date_time: UtcDateTime | None = Field(default=None, alias="CreatedDateTime")
    result_type: Text | None = Field(default=None, alias="ResultType")
    result_description: Text | None = Field(default=None, alias="ResultDescription")
    status: JsonObject = Field(default=None, alias="Status")
    user_principal_name: Text | None = Field(default=None, alias="UserPrincipalName")
    user_display_name: Text | None = Field(default=None, alias="UserDisplayName")
    user_id: Text | None = Field(default=None, alias="UserId")
    user_type: Text | None = Field(default=None, alias="UserType")
    ip_address: Text | None = Field(default=None, alias="IPAddress")
    autonomous_system_number: Text | None = Field(default=None, alias="AutonomousSystemNumber")
    location: Text | None = Field(default=None, alias="Location")
    location_details: JsonObject = Field(default=None, alias="LocationDetails")
    app_display_name: Text | None = Field(default=None, alias="AppDisplayName")
    app_id: Text | None = Field(default=None, alias="AppId")
    resource_display_name: Text | None = Field(default=None, alias="ResourceDisplayName")
    client_app_used: Text | None = Field(default=None, alias="ClientAppUsed")
    user_agent: Text | None = Field(default=None, alias="UserAgent")
    conditional_access_status: Text | None = Field(default=None, alias="ConditionalAccessStatus")
    conditional_access_policies: JsonList = Field(default=None, alias="ConditionalAccessPolicies")
    risk_level_during_sign_in: Text | None = Field(default=None, alias="RiskLevelDuringSignIn")
    risk_level_aggregated: Text | None = Field(default=None, alias="RiskLevelAggregated")
    risk_state: Text | None = Field(default=None, alias="RiskState")
    risk_detail: Text | None = Field(default=None, alias="RiskDetail")
    authentication_requirement: Text | None = Field(default=None, alias="AuthenticationRequirement")
    device_detail: JsonObject = Field(default=None, alias="DeviceDetail")
    is_interactive: bool | None = Field(default=None, alias="IsInteractive")
    correlation_id: Text | None = Field(default=None, alias="CorrelationId")
    sign_in_id: Text | None = Field(default=None, alias="Id")
    category: Text | None = Field(default=None, alias="Category")

    @property
    def event_time(self) -> datetime:
        """``TimeGenerated``."""
        return self.time_generated

    @property
    def succeeded(self) -> bool:
        """Whether ``ResultType`` is 0, the only unambiguous success."""
        return self.result_type == "0"


def _claims_native(record: Mapping[str, Any]) -> bool:
    # A SigninLogs row exported without (or with a null) Type: the PascalCase columns that
    # only this table combines. Graph and Azure Monitor shapes use camelCase names.
    return "AppDisplayName" in record and "ResultType" in record and "IPAddress" in record


SIGNIN_LOGS = Source(
    id=SigninLogEvent.SOURCE,
    model=SigninLogEvent,
    title="Entra ID sign-ins",
    # ResultType 0 (a number) becomes "0" in the model: the text pre-check leaves it UNDECIDED.
    prechecks={
        "ResultType": precheck_text(),
        "AppDisplayName": precheck_text(),
        "IPAddress": precheck_text(),
    },
)
SENTINEL_SIGNIN_LOGS = Adapter(
    id="sentinel.SigninLogs",
    source=SIGNIN_LOGS.id,
    claims=_claims_native,
    title="Sentinel / Log Analytics SigninLogs rows",
    type_names=("SigninLogs",),
)
