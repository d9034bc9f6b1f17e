"""Tests of ``t1133.branches.signin``: Entra ID sign-ins to remote-access apps.

Condition-by-condition cases are data: ``tests/cases/AAD_VPN_Citrix_External.yaml``. Here: the
app list, the branch value, a different app list, and the finding's contract form.
"""

from __future__ import annotations

from datetime import datetime, timezone

from t1133 import (
    AAD_VPN_CITRIX_EXTERNAL,
    BRANCHES,
    FINDING_FIELDS,
    REMOTE_ACCESS_APPS,
    SigninLogEvent,
    detect,
    vpn_signin_branch,
)

NOW = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.utc)


def row(**columns: object) -> dict[str, object]:
    """A successful SigninLogs row from a public address (fake values), with columns changed."""
    base: dict[str, object] = {
        "Type": "SigninLogs",
        "TimeGenerated": "2026-12-04T08:15:02.417Z",
        "ResultType": "0",
        "UserPrincipalName": "j.doe@contoso.example",
        "IPAddress": "81.2.69.144",
        "AppDisplayName": "GlobalProtect",
        "Location": "GB",
        "RiskLevelDuringSignIn": "medium",
    }
    return {**base, **columns}


def test_remote_access_apps_are_the_reference_list():
    """The default app list is the reference query's RemoteAccessApps, in its order."""
    assert (
        "GlobalProtect",
        "Pulse Secure",
        "Cisco AnyConnect",
        "Fortinet SSL VPN",
        "Check Point Remote Access VPN",
        "F5 BIG-IP APM",
        "Citrix Gateway",
        "VMware Horizon",
        "RDP Gateway",
        "SoftEther VPN",
        "Juniper SSL VPN",
    ) == REMOTE_ACCESS_APPS


def test_branch_value():
    """The branch is registered under its name, reads SigninLogs and carries both tactics."""
    b = AAD_VPN_CITRIX_EXTERNAL
    assert (
        "AAD_VPN_Citrix_External",
        "SigninLogs",
        "medium",
        ("TA0001:T1133", "TA0003:T1133"),
        b,
    ) == (b.name, b.source, b.severity, b.techniques, BRANCHES["AAD_VPN_Citrix_External"])


def test_condition_in_words():
    """The condition reads as the issue's table."""
    assert (
        "ResultType == '0' and AppDisplayName has any of 11 terms"
        " (GlobalProtect, Pulse Secure, Cisco AnyConnect, ...) and IPAddress is external"
    ) == AAD_VPN_CITRIX_EXTERNAL.condition.describe()


def test_every_listed_app_fires():
    """A sign-in to each app of the list, named exactly, fires."""
    rows = [row(AppDisplayName=app) for app in REMOTE_ACCESS_APPS]
    result = detect(rows, now=NOW)
    assert sorted(REMOTE_ACCESS_APPS) == sorted(f.target_service for f in result.findings)


def test_a_different_app_list():
    """``vpn_signin_branch(apps=...)`` matches its own apps, by terms, under the name given.

    The reference's apps no longer match.
    """
    contoso = vpn_signin_branch(apps=("Contoso VPN",), name="AAD_Contoso_VPN_External")
    rows = [row(AppDisplayName=a) for a in ("Contoso VPN (EU)", "Citrix Gateway", "ContosoVPN")]
    result = detect(rows, now=NOW, branches=[contoso])
    assert [("AAD_Contoso_VPN_External", "Contoso VPN (EU)")] == [
        (f.detection_branch, f.target_service) for f in result.findings
    ]


def test_to_dict_has_the_eight_contract_fields_first():
    """The eight contract fields come first; Computer is None (a sign-in has no host)."""
    (finding,) = detect([row()], now=NOW).findings
    data = finding.to_dict()
    assert list(FINDING_FIELDS) == list(data)[:8]
    assert {
        "TimeGenerated": "2026-12-04T08:15:02.417000Z",
        "AccountName": "j.doe@contoso.example",
        "SourceIP": "81.2.69.144",
        "TargetService": "GlobalProtect",
        "DetectionBranch": "AAD_VPN_Citrix_External",
        "Location": "GB",
        "RiskLevel": "medium",
        "Computer": None,
    } == {k: data[k] for k in FINDING_FIELDS}


def test_typed_event_with_numeric_result_type():
    """A typed event built from ``ResultType: 0`` holds ``"0"`` and fires like the row."""
    event = SigninLogEvent.model_validate(row(ResultType=0))
    (finding,) = detect([event], now=NOW).findings
    assert ("0", "AAD_VPN_Citrix_External", None) == (
        event.result_type,
        finding.detection_branch,
        finding.adapter,
    )
