"""Tests of ``t1133.findings``: a finding's plain, OCSF and ECS documents.

Every expected document below is written out by hand from the facts in
reference/ocsf-authentication.md (section 2: OCSF Detection Finding 2004; section 3: ECS alert
fields), never produced by the code under test. The known finding is a fake RDP logon.
"""

from __future__ import annotations

import ast
import copy
import hashlib
import json
from datetime import datetime, timezone
from importlib import metadata
from pathlib import Path

import attrs
import pytest

import t1133
from t1133 import FINDING_FIELDS, Finding, IPCategory
from t1133 import findings as findings_module

UTC = timezone.utc
TIME = datetime(2026, 12, 4, 10, 0, 0, 123456, tzinfo=UTC)
# 2026-12-04T10:00:00Z is 1796378400 s after the epoch (date -u -d ... +%s); plus 123 ms.
MILLIS = 1796378400123
VERSION = metadata.version("t1133")
#: The reference query's eight output columns, in its order: the public contract, written out by
#: hand once (here); the other tests that pin it import this copy.
FIELDS = (
    "TimeGenerated",
    "AccountName",
    "SourceIP",
    "TargetService",
    "DetectionBranch",
    "Location",
    "RiskLevel",
    "Computer",
)

RDP = Finding(
    time_generated=TIME,
    account_name="jdoe",
    source_ip="81.2.69.144",
    target_service="RDP_RemoteInteractive",
    detection_branch="SecurityEvent_RDP_External",
    computer="srv-app01",
    source="SecurityEvent",
    adapter="sentinel.SecurityEvent",
    ip_category=IPCategory.PUBLIC,
    techniques=("TA0001:T1133", "TA0003:T1133"),
    severity="high",
)
SIGNIN = Finding(
    time_generated=TIME,
    account_name="grady.archie@contoso.example",
    source_ip="175.16.199.5",
    target_service="GlobalProtect portal",
    detection_branch="AAD_VPN_Citrix_External",
    location="FR",
    risk_level="medium",
    source="SigninLogs",
    ip_category=IPCategory.PUBLIC,
    techniques=("TA0001:T1133", "TA0003:T1133"),
    severity="medium",
)


def hand_uid(*values: object) -> str:
    """The uid rule restated: sha256 over the JSON list of the six key values, 32 hex digits."""
    text = json.dumps(list(values))
    return "t1133-" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


RDP_UID = hand_uid(
    "SecurityEvent_RDP_External",
    "2026-12-04T10:00:00.123456Z",
    "jdoe",
    "81.2.69.144",
    "srv-app01",
    "RDP_RemoteInteractive",
)
RDP_TITLE = "RDP_RemoteInteractive logon to srv-app01 by jdoe from external IP 81.2.69.144"

EXPECTED_OCSF = {
    "class_uid": 2004,
    "class_name": "Detection Finding",
    "category_uid": 2,
    "category_name": "Findings",
    "activity_id": 1,
    "activity_name": "Create",
    "type_uid": 200401,
    "type_name": "Detection Finding: Create",
    "status_id": 1,
    "status": "New",
    "confidence_id": 2,
    "confidence": "Medium",
    "time": MILLIS,
    "start_time": MILLIS,
    "end_time": MILLIS,
    "severity_id": 4,
    "severity": "High",
    "finding_info": {
        "uid": RDP_UID,
        "title": RDP_TITLE,
        "analytic": {
            "uid": "SecurityEvent_RDP_External",
            "name": "SecurityEvent_RDP_External",
            "type_id": 1,
            "type": "Rule",
        },
        "attacks": [
            {
                "technique": {"uid": "T1133", "name": "External Remote Services"},
                "tactic": {"uid": "TA0001", "name": "Initial Access"},
            },
            {
                "technique": {"uid": "T1133", "name": "External Remote Services"},
                "tactic": {"uid": "TA0003", "name": "Persistence"},
            },
        ],
        "types": ["Initial Access", "Persistence"],
    },
    "evidences": [
        {
            "src_endpoint": {"ip": "81.2.69.144"},
            "user": {"name": "jdoe"},
            "dst_endpoint": {"hostname": "srv-app01"},
            "data": {
                "TimeGenerated": "2026-12-04T10:00:00.123456Z",
                "AccountName": "jdoe",
                "SourceIP": "81.2.69.144",
                "TargetService": "RDP_RemoteInteractive",
                "DetectionBranch": "SecurityEvent_RDP_External",
                "Location": None,
                "RiskLevel": None,
                "Computer": "srv-app01",
                "SourceTable": "SecurityEvent",
                "IPCategory": "PUBLIC",
            },
        }
    ],
    "metadata": {
        "version": "1.3.0",
        "product": {"name": "t1133", "vendor_name": "t1133 project", "version": VERSION},
    },
}

EXPECTED_ECS = {
    "@timestamp": "2026-12-04T10:00:00.123456Z",
    "ecs": {"version": "8.11.0"},
    "event": {
        "kind": "alert",
        "id": RDP_UID,
        "category": ["authentication"],
        "type": ["start"],
        "outcome": "success",
        "severity": 73,
        "risk_score": 73.0,
        "risk_score_norm": 73.0,
    },
    "rule": {
        "id": "SecurityEvent_RDP_External",
        "name": "SecurityEvent_RDP_External",
        "ruleset": "t1133",
    },
    "message": RDP_TITLE,
    "threat": {
        "framework": "MITRE ATT&CK",
        "tactic": {
            "id": ["TA0001", "TA0003"],
            "name": ["Initial Access", "Persistence"],
            "reference": [
                "https://attack.mitre.org/tactics/TA0001/",
                "https://attack.mitre.org/tactics/TA0003/",
            ],
        },
        "technique": {
            "id": ["T1133"],
            "name": ["External Remote Services"],
            "reference": ["https://attack.mitre.org/techniques/T1133/"],
        },
    },
    "source": {"address": "81.2.69.144", "ip": "81.2.69.144"},
    "user": {"name": "jdoe"},
    "host": {"name": "srv-app01"},
    "t1133": {
        "detection_branch": "SecurityEvent_RDP_External",
        "target_service": "RDP_RemoteInteractive",
        "ip_category": "PUBLIC",
        "source_table": "SecurityEvent",
        "adapter": "sentinel.SecurityEvent",
        "severity": "high",
    },
}


# --- to_dict ---------------------------------------------------------------------------------


def test_finding_fields_are_the_reference_columns():
    """FINDING_FIELDS is the reference query's eight output columns, in its order."""
    assert FIELDS == FINDING_FIELDS


def test_to_dict_known_finding():
    """to_dict gives the eight reference columns in order, then the context columns."""
    expected = {
        "TimeGenerated": "2026-12-04T10:00:00.123456Z",
        "AccountName": "jdoe",
        "SourceIP": "81.2.69.144",
        "TargetService": "RDP_RemoteInteractive",
        "DetectionBranch": "SecurityEvent_RDP_External",
        "Location": None,
        "RiskLevel": None,
        "Computer": "srv-app01",
        "SourceTable": "SecurityEvent",
        "Adapter": "sentinel.SecurityEvent",
        "IPCategory": "PUBLIC",
        "Techniques": ["TA0001:T1133", "TA0003:T1133"],
        "Severity": "high",
    }
    actual = RDP.to_dict()
    assert expected == actual
    assert list(FINDING_FIELDS) == list(actual)[:8]


# --- OCSF ------------------------------------------------------------------------------------


def test_to_ocsf_known_finding_field_by_field():
    """The OCSF document of a known RDP finding equals the one written out by hand."""
    actual = RDP.to_ocsf()
    for key, value in EXPECTED_OCSF.items():
        assert (key, value) == (key, actual.get(key))
    assert set(EXPECTED_OCSF) == set(actual)


def test_to_ocsf_class_and_type_ids():
    """Detection Finding: class 2004 in category 2, activity Create, type_uid 200401."""
    actual = RDP.to_ocsf()
    expected = (2004, 2, 1, 200401)
    assert expected == (
        actual["class_uid"],
        actual["category_uid"],
        actual["activity_id"],
        actual["type_uid"],
    )
    assert actual["category_uid"] * 1000 + 4 == actual["class_uid"]
    assert actual["class_uid"] * 100 + actual["activity_id"] == actual["type_uid"]


def test_to_ocsf_has_both_attack_objects():
    """T1133 is reported under Initial Access (TA0001) and Persistence (TA0003), one each."""
    attacks = RDP.to_ocsf()["finding_info"]["attacks"]
    expected = [("TA0001", "Initial Access", "T1133"), ("TA0003", "Persistence", "T1133")]
    actual = [(a["tactic"]["uid"], a["tactic"]["name"], a["technique"]["uid"]) for a in attacks]
    assert expected == actual
    assert ["External Remote Services"] * 2 == [a["technique"]["name"] for a in attacks]


@pytest.mark.parametrize(
    ("severity", "severity_id", "caption"),
    [("low", 2, "Low"), ("medium", 3, "Medium"), ("high", 4, "High"), ("critical", 5, "Critical")],
)
def test_to_ocsf_severity(severity, severity_id, caption):
    """Finding.severity maps to OCSF severity_id 2-5 with its caption."""
    actual = attrs.evolve(RDP, severity=severity).to_ocsf()
    assert (severity_id, caption) == (actual["severity_id"], actual["severity"])


def test_to_ocsf_unknown_severity_is_unknown():
    """A severity outside the four names is OCSF 0 Unknown, not a guess."""
    actual = attrs.evolve(RDP, severity="spicy").to_ocsf()
    assert (0, "Unknown") == (actual["severity_id"], actual["severity"])


def test_to_ocsf_emits_no_attribute_newer_than_its_version():
    """is_alert arrived in OCSF 1.4.0; a 1.3.0 document must not carry it."""
    actual = RDP.to_ocsf()
    assert "1.3.0" == actual["metadata"]["version"]
    assert "is_alert" not in actual


def test_to_ocsf_signin_finding_without_host():
    """A sign-in has no host: no dst_endpoint; location and risk level stay in the data."""
    evidence = SIGNIN.to_ocsf()["evidences"][0]
    assert {"src_endpoint", "user", "data"} == set(evidence)
    assert ("FR", "medium", None) == (
        evidence["data"]["Location"],
        evidence["data"]["RiskLevel"],
        evidence["data"]["Computer"],
    )
    expected_title = (
        "GlobalProtect portal logon by grady.archie@contoso.example from external IP 175.16.199.5"
    )
    assert expected_title == SIGNIN.to_ocsf()["finding_info"]["title"]


@pytest.mark.parametrize(
    ("logged", "expected"),
    [
        ("[2a00:1450::1]:443", {"ip": "2a00:1450::1"}),
        ("81.2.69.144:3389", {"ip": "81.2.69.144"}),
        ("not an address", None),
        (None, None),
    ],
)
def test_to_ocsf_src_endpoint_is_a_normalised_address(logged, expected):
    """src_endpoint.ip is an OCSF ip_t: decorations removed; left out when not an address."""
    evidence = attrs.evolve(RDP, source_ip=logged).to_ocsf()["evidences"][0]
    assert expected == evidence.get("src_endpoint")
    assert logged == evidence["data"]["SourceIP"]


def test_to_ocsf_without_techniques_has_no_attacks():
    """A custom branch without ATT&CK references gets no attacks and no types."""
    info = attrs.evolve(RDP, techniques=()).to_ocsf()["finding_info"]
    assert {"uid", "title", "analytic"} == set(info)


def test_to_ocsf_unknown_technique_has_no_invented_name():
    """An ATT&CK id outside the name table is emitted by uid alone."""
    finding = attrs.evolve(RDP, techniques=("TA0008:T1021",))
    expected = [{"technique": {"uid": "T1021"}, "tactic": {"uid": "TA0008"}}]
    actual = finding.to_ocsf()["finding_info"]
    assert expected == actual["attacks"]
    assert "types" not in actual


# --- uid -------------------------------------------------------------------------------------


def test_uid_matches_the_documented_rule():
    """The uid is t1133- and 32 hex of sha256 over branch, time, account, IP, host, service."""
    assert RDP_UID == RDP.uid
    assert RDP_UID == RDP.to_ocsf()["finding_info"]["uid"]


def test_uid_is_stable_for_equal_input():
    """Two findings built separately from the same values share a uid."""
    again = Finding(
        time_generated=datetime(2026, 12, 4, 10, 0, 0, 123456, tzinfo=UTC),
        account_name="jdoe",
        source_ip="81.2.69.144",
        target_service="RDP_RemoteInteractive",
        detection_branch="SecurityEvent_RDP_External",
        computer="srv-app01",
    )
    assert RDP.uid == again.uid


@pytest.mark.parametrize(
    "change",
    [
        {"detection_branch": "Other_Branch"},
        {"time_generated": datetime(2026, 12, 4, 10, 0, 0, 123457, tzinfo=UTC)},
        {"account_name": "jdoe2"},
        {"account_name": None},
        {"source_ip": "81.2.69.145"},
        {"computer": "srv-app02"},
        {"target_service": "Network_WinRM"},
    ],
)
def test_uid_differs_when_a_key_value_differs(change):
    """Changing any of the six key values gives another uid."""
    assert RDP.uid != attrs.evolve(RDP, **change).uid


def test_uid_ignores_context_outside_the_key():
    """Severity, location and the evidence event are not part of the identity."""
    other = attrs.evolve(RDP, severity="low", location="DE", event=object())
    assert RDP.uid == other.uid


def test_uid_cannot_be_forged_by_shifting_text_between_fields():
    """Values are hashed as a JSON list, so "a"+"b c" and "a b"+"c" differ."""
    one = attrs.evolve(RDP, account_name="a", source_ip="b c")
    two = attrs.evolve(RDP, account_name="a b", source_ip="c")
    assert one.uid != two.uid


# --- ECS -------------------------------------------------------------------------------------


def test_to_ecs_known_finding_field_by_field():
    """The ECS alert document of a known RDP finding equals the one written out by hand."""
    actual = RDP.to_ecs()
    for key, value in EXPECTED_ECS.items():
        assert (key, value) == (key, actual.get(key))
    assert set(EXPECTED_ECS) == set(actual)


def test_to_ecs_signin_finding():
    """A sign-in keeps location and risk level under t1133 and has no host."""
    actual = SIGNIN.to_ecs()
    assert "host" not in actual
    expected = {
        "detection_branch": "AAD_VPN_Citrix_External",
        "target_service": "GlobalProtect portal",
        "location": "FR",
        "risk_level": "medium",
        "ip_category": "PUBLIC",
        "source_table": "SigninLogs",
        "severity": "medium",
    }
    assert expected == actual["t1133"]
    assert (47, 47.0) == (actual["event"]["severity"], actual["event"]["risk_score"])
    assert {"name": "grady.archie@contoso.example"} == actual["user"]


@pytest.mark.parametrize(
    ("severity", "score"), [("low", 21), ("medium", 47), ("high", 73), ("critical", 99)]
)
def test_to_ecs_risk_score(severity, score):
    """event.severity and event.risk_score follow Elastic's default score per severity."""
    event = attrs.evolve(RDP, severity=severity).to_ecs()["event"]
    assert (score, float(score)) == (event["severity"], event["risk_score"])


def test_to_ecs_source_ip_only_when_an_address():
    """source.ip is an ECS ip field: absent for text that is not an address, kept as address."""
    actual = attrs.evolve(RDP, source_ip="-").to_ecs()
    assert {"address": "-"} == actual["source"]


def test_to_ecs_unknown_technique_keeps_parallel_arrays():
    """Unknown ATT&CK ids name themselves so id, name and reference stay aligned."""
    threat = attrs.evolve(RDP, techniques=("TA0008:T1021.001",)).to_ecs()["threat"]
    expected = {
        "framework": "MITRE ATT&CK",
        "tactic": {
            "id": ["TA0008"],
            "name": ["TA0008"],
            "reference": ["https://attack.mitre.org/tactics/TA0008/"],
        },
        "technique": {
            "id": ["T1021.001"],
            "name": ["T1021.001"],
            "reference": ["https://attack.mitre.org/techniques/T1021/001/"],
        },
    }
    assert expected == threat


def test_to_ecs_without_techniques_has_no_threat():
    """No ATT&CK references, no threat object."""
    assert "threat" not in attrs.evolve(RDP, techniques=()).to_ecs()


# --- both ------------------------------------------------------------------------------------


@pytest.mark.parametrize("finding", [RDP, SIGNIN], ids=["rdp", "signin"])
@pytest.mark.parametrize("method", ["to_dict", "to_ocsf", "to_ecs"])
def test_documents_are_json_serialisable(finding, method):
    """Every document survives a strict JSON round trip unchanged."""
    document = getattr(finding, method)()
    assert document == json.loads(json.dumps(document, allow_nan=False))


def test_documents_from_a_detected_finding():
    """A finding from detect() exports to all three forms with the event's own values."""
    rows = [
        {
            "Type": "SecurityEvent",
            "TimeGenerated": "2026-12-04T10:00:00.123456Z",
            "EventID": 4624,
            "LogonType": 10,
            "IpAddress": "81.2.69.144",
            "TargetUserName": "jdoe",
            "Computer": "srv-app01",
        }
    ]
    (finding,) = t1133.detect(rows, now="2026-12-04T12:00:00Z").findings
    # The branch's one-line description travels with its findings.
    description = "Successful RDP logon (4624, type 10) from an external address"
    expected_ocsf = copy.deepcopy(EXPECTED_OCSF)
    expected_ocsf["finding_info"]["desc"] = description
    expected_ecs = copy.deepcopy(EXPECTED_ECS)
    expected_ecs["rule"]["description"] = description
    assert expected_ocsf == finding.to_ocsf()
    assert expected_ecs == finding.to_ecs()


def test_findings_module_imports_no_io_layer():
    """findings.py imports only addresses within t1133 (never cli, engine, sources, readers)."""
    tree = ast.parse(Path(findings_module.__file__).read_text(encoding="utf-8"))
    imported = {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("t1133")
    }
    assert {"t1133.addresses"} == imported


def test_branch_description_reaches_ocsf_and_ecs():
    """A finding's description is OCSF finding_info.desc and ECS rule.description; none, none."""
    base = Finding(
        time_generated=datetime(2026, 12, 4, 10, tzinfo=timezone.utc),
        account_name="jdoe",
        source_ip="81.2.69.144",
        target_service="RDP_RemoteInteractive",
        detection_branch="B",
    )
    described = attrs.evolve(base, description="what B detects")
    assert "what B detects" == described.to_ocsf()["finding_info"]["desc"]
    assert "what B detects" == described.to_ecs()["rule"]["description"]
    assert "desc" not in base.to_ocsf()["finding_info"]
    assert "description" not in base.to_ecs()["rule"]
