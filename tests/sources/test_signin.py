"""Tests of ``t1133.sources.signin``: Sentinel ``SigninLogs`` rows as ``SigninLogEvent``.

Fixture rows: ``tests/fixtures/sentinel/SigninLogs.json`` (fake values, built from
reference/sentinel-tables.md section 1 and reference/entra-signin.md).
"""

# Asserts read "expected == actual" (ENGINEERING.md, rule 11); ruff's SIM300 calls that Yoda.

from __future__ import annotations

from datetime import datetime, timezone

import pytest
from pydantic import ValidationError

from sources.shape_cases import attributes, json_round_trip, load_json
from t1133 import InvalidEvent, IPCategory, SigninLogEvent, parse_event, try_parse_event

UTC = timezone.utc
ROWS = load_json("sentinel", "SigninLogs.json")


def test_successful_sign_in_with_object_columns():
    """A success row with object-valued Status/LocationDetails/DeviceDetail reads as logged."""
    expected = {
        "time_generated": datetime(2024, 5, 1, 8, 15, 2, 417000, tzinfo=UTC),
        "created_date_time": datetime(2024, 5, 1, 8, 14, 59, tzinfo=UTC),
        "result_type": "0",
        "succeeded": True,
        "result_description": "",
        "status": {
            "errorCode": 0,
            "additionalDetails": "MFA requirement satisfied by claim in the token",
        },
        "user_principal_name": "j.doe@contoso.example",
        "user_display_name": "Jane Doe",
        "user_id": "6d1f0c2a-0000-4b3c-8d4e-5f6a7b8c9d0e",
        "user_type": "Member",
        "ip_address": "81.2.69.144",
        "autonomous_system_number": "20712",
        "location": "GB",
        "location_details": {
            "city": "London",
            "state": "London",
            "countryOrRegion": "GB",
            "geoCoordinates": {"latitude": 51.5, "longitude": -0.12},
        },
        "app_display_name": "Azure Virtual Desktop Client",
        "app_id": "a85cf173-0000-4b3e-9d7c-1f2e3d4c5b6a",
        "resource_display_name": "Windows Virtual Desktop",
        "client_app_used": "Mobile Apps and Desktop clients",
        "user_agent": (
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 "
            "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36"
        ),
        "conditional_access_status": "notApplied",
        "conditional_access_policies": [
            {
                "id": "0c1d2e3f-0000-4a5b-8c9d-0e1f2a3b4c5d",
                "displayName": "Require MFA for admins",
                "result": "notApplied",
            }
        ],
        "risk_level_during_sign_in": "none",
        "risk_level_aggregated": "none",
        "risk_state": "none",
        "risk_detail": "none",
        "authentication_requirement": "singleFactorAuthentication",
        "device_detail": {
            "deviceId": "",
            "displayName": "",
            "operatingSystem": "Windows 10",
            "browser": "Chrome 124.0.0",
            "isCompliant": False,
            "isManaged": False,
            "trustType": "",
        },
        "is_interactive": True,
        "correlation_id": "3e2d1c0b-0000-4f9e-8d7c-6b5a49382716",
        "sign_in_id": "9a8b7c6d-0000-4e4f-a3b2-c1d0e9f8a7b6",
        "category": "SignInLogs",
        "event_time": datetime(2024, 5, 1, 8, 15, 2, 417000, tzinfo=UTC),
        "source_ip": "81.2.69.144",
        "ip_category": IPCategory.PUBLIC,
    }

    event = parse_event(ROWS["success_objects"])

    assert SigninLogEvent is type(event)
    assert expected == attributes(event, expected)


def test_numbers_and_json_text_columns():
    """ResultType 0 becomes "0"; Status, LocationDetails, DeviceDetail, policies from JSON text."""
    expected = {
        "time_generated": datetime(2024, 5, 1, 12, 44, 10, 123456, tzinfo=UTC),
        "created_date_time": datetime(2024, 5, 1, 12, 44, 5, tzinfo=UTC),
        "result_type": "0",
        "succeeded": True,
        "status": {"errorCode": 0, "failureReason": "Other."},
        "user_principal_name": "J.Doe@Contoso.example",
        "ip_address": "2a01:4f8:c0c:1234::17",
        "ip_category": IPCategory.PUBLIC,
        "autonomous_system_number": "24940",
        "location_details": {
            "city": "Falkenstein",
            "state": "Sachsen",
            "countryOrRegion": "DE",
            "geoCoordinates": {"latitude": 50.47, "longitude": 12.37},
        },
        "conditional_access_policies": [
            {"id": "0c1d2e3f-0000-4a5b-8c9d-0e1f2a3b4c5d", "result": "success"}
        ],
        "device_detail": {"operatingSystem": "MacOs", "browser": "Safari 17.4"},
        "is_interactive": False,
        "category": "NonInteractiveUserSignInLogs",
    }

    event = parse_event(ROWS["numeric_result_json_text"])

    assert expected == attributes(event, expected)


def test_failed_sign_in_with_portal_times():
    """A failure exported from the portal: 12-hour PM times become UTC; ResultType stays text."""
    expected = {
        "time_generated": datetime(2024, 5, 1, 20, 15, 2, 417000, tzinfo=UTC),
        "created_date_time": datetime(2024, 5, 1, 20, 14, 59, tzinfo=UTC),
        "result_type": "50126",
        "succeeded": False,
        "status": {
            "errorCode": 50126,
            "failureReason": (
                "Invalid username or password or Invalid on-premise username or password."
            ),
        },
        "location_details": {},
        "client_app_used": "IMAP4",
        "user_agent": "BAV2ROPC",
        "risk_level_during_sign_in": "hidden",
        "ip_category": IPCategory.PUBLIC,
    }

    event = parse_event(ROWS["failure_portal_time"])

    assert expected == attributes(event, expected)


@pytest.mark.parametrize(
    ("logged", "result_type", "succeeded"),
    [
        ("0", "0", True),
        (0, "0", True),
        ("50126", "50126", False),
        (50126, "50126", False),
        ("50074", "50074", False),
        (None, None, False),
    ],
)
def test_result_type_text_or_number(logged, result_type, succeeded):
    """ResultType arrives as "0" or 0; both are the text "0", the only unambiguous success."""
    row = {**ROWS["failure_portal_time"], "ResultType": logged}

    event = parse_event(row)

    assert (result_type, succeeded) == (event.result_type, event.succeeded)


def test_missing_result_type_is_not_success():
    """Without a ResultType column the sign-in is not taken as successful."""
    row = {k: v for k, v in ROWS["failure_portal_time"].items() if k != "ResultType"}

    event = parse_event(row)

    assert (None, False) == (event.result_type, event.succeeded)


def test_created_date_time_is_optional():
    """CreatedDateTime may be missing; TimeGenerated alone is enough."""
    event = parse_event({"Type": "SigninLogs", "TimeGenerated": "2024-05-01T08:15:02Z"})

    assert (None, datetime(2024, 5, 1, 8, 15, 2, tzinfo=UTC)) == (
        event.created_date_time,
        event.event_time,
    )


@pytest.mark.parametrize("name", sorted(ROWS))
def test_json_round_trip_gives_the_same_event(name):
    """An event written as JSON (by column name, Type kept) parses back into an equal event."""
    event = parse_event(ROWS[name])

    again = json_round_trip(event)

    assert event == again


def test_populated_by_attribute_name():
    """Attribute names work as well as column names, with the same coercions."""
    by_column = SigninLogEvent.model_validate(
        {
            "TimeGenerated": "2024-05-01T08:15:02Z",
            "ResultType": 0,
            "IPAddress": "8.10.20.30",
            "Status": '{"errorCode": 0}',
        }
    )

    by_attribute = SigninLogEvent(
        time_generated="2024-05-01T08:15:02Z",
        result_type=0,
        ip_address="8.10.20.30",
        status='{"errorCode": 0}',
    )

    assert by_column == by_attribute
    assert ("0", {"errorCode": 0}) == (by_attribute.result_type, by_attribute.status)


def test_event_is_frozen():
    """Assigning to a field raises pydantic's ValidationError: events are immutable."""
    event = parse_event(ROWS["success_objects"])

    with pytest.raises(ValidationError, match="frozen"):
        event.result_type = "50126"

    assert "0" == event.result_type


def test_unknown_columns_are_kept_in_model_extra():
    """Columns the model does not name (risk event types, IsRisky ...) are kept unchanged."""
    row = ROWS["success_objects"]
    unknown = (
        "TenantId", "SourceSystem", "OperationName", "ResultSignature", "Identity",
        "RiskEventTypes_V2", "AuthenticationDetails", "IsRisky", "OriginalRequestId", "Type",
    )  # fmt: skip

    event = parse_event(row)

    assert {column: row[column] for column in unknown} == event.model_extra


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("Status", "[1, 2]", "Status: JSON text holds a list, not a dict"),
        ("Status", "{errorCode: 0", "Status: text is not valid JSON"),
        ("Status", 50126, "Status: expected a dict or JSON text, got int"),
        ("LocationDetails", '"NL"', "LocationDetails: JSON text holds a str, not a dict"),
        (
            "ConditionalAccessPolicies",
            '{"id": "p1"}',
            "ConditionalAccessPolicies: JSON text holds a dict, not a list",
        ),
        ("IsInteractive", "sometimes", "IsInteractive: Input should be a valid boolean"),
        ("ResultType", True, "ResultType: Input should be a valid string"),
        ("CreatedDateTime", "3/31/2022, 14:51:35.857 PM", "CreatedDateTime: hour 14 is impossible"),
    ],
)
def test_bad_column_value_names_the_column(column, value, reason):
    """A value of the wrong kind in a modelled column is an InvalidEvent naming that column."""
    row = {**ROWS["success_objects"], column: value}

    result = try_parse_event(row)

    assert InvalidEvent is type(result)
    assert ((column,), "SigninLogs") == (result.fields, result.source)
    assert result.reason.startswith(reason), result.reason


def test_time_generated_is_required():
    """Without TimeGenerated a sign-in cannot be placed in time: the record is invalid."""
    row = {k: v for k, v in ROWS["success_objects"].items() if k != "TimeGenerated"}

    result = try_parse_event(row)

    assert (("TimeGenerated",), "TimeGenerated: Field required") == (
        result.fields,
        result.reason,
    )
