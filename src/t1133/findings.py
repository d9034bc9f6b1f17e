"""Findings: what a branch reports for one matching event, and its documents.

A finding has three document forms, all plain JSON-ready data built without I/O:
``to_dict`` (the reference query's columns plus context), ``to_ocsf`` (an OCSF 1.3.0 Detection
Finding, class 2004) and ``to_ecs`` (an Elastic Common Schema alert document).
"""

from __future__ import annotations

import functools
import hashlib
import json
from datetime import datetime, timedelta, timezone
from importlib import metadata
from typing import Any, Final

import attrs

from t1133.addresses import IPCategory, normalize_ip

__all__ = ["ECS_VERSION", "FINDING_FIELDS", "OCSF_VERSION", "Finding", "format_time"]

#: The eight fields of the reference query's output, in its order; part of the public contract.
FINDING_FIELDS: Final = (
    "TimeGenerated",
    "AccountName",
    "SourceIP",
    "TargetService",
    "DetectionBranch",
    "Location",
    "RiskLevel",
    "Computer",
)
_EPOCH: Final = datetime(1970, 1, 1, tzinfo=timezone.utc)
_MILLISECOND: Final = timedelta(milliseconds=1)

#: The OCSF schema version ``Finding.to_ocsf`` emits; only attributes of this version are used.
OCSF_VERSION: Final = "1.3.0"
#: The ECS version ``Finding.to_ecs`` declares in ``ecs.version``.
ECS_VERSION: Final = "8.11.0"

# Names of the ATT&CK ids the built-in branches report (MITRE ATT&CK Enterprise: technique
# T1133, tactics TA0001 and TA0003). Ids not listed here are emitted without a name.
_ATTACK_NAMES: Final = {
    "T1133": "External Remote Services",
    "TA0001": "Initial Access",
    "TA0003": "Persistence",
}
_ATTACK_URLS: Final = {
    "T": "https://attack.mitre.org/techniques/",
    "TA": "https://attack.mitre.org/tactics/",
}
# OCSF base event severity_id and its caption (dictionary.json): 0 Unknown, 2 Low ... 5 Critical.
_OCSF_SEVERITY: Final = {
    "low": (2, "Low"),
    "medium": (3, "Medium"),
    "high": (4, "High"),
    "critical": (5, "Critical"),
}
# ECS event.severity / event.risk_score: Elastic detection rules' default risk score per
# severity (Kibana "Create a detection rule": low 21, medium 47, high 73, critical 99).
_ECS_RISK: Final = {"low": 21, "medium": 47, "high": 73, "critical": 99}
# OCSF Detection Finding (2.1 of reference/ocsf-authentication.md): class_uid = category_uid *
# 1000 + 4; type_uid = class_uid * 100 + activity_id (1 Create); status_id 1 New.
_OCSF_CLASS: Final = {
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
    # A rule matched one logged event: the logon certainly happened from outside; whether it
    # is hostile is the analyst's call. Medium (2) says exactly that.
    "confidence_id": 2,
    "confidence": "Medium",
}


def format_time(value: datetime) -> str:
    """Write an instant as ISO 8601 in UTC with a ``Z``.

    Args:
        value: A timezone-aware ``datetime``.

    Returns:
        ``2026-12-04T09:15:30Z``, with microseconds (``.123456``) when it has them.
    """
    return value.astimezone(timezone.utc).isoformat().replace("+00:00", "Z")


@attrs.frozen
class Finding:
    """One event that one branch matched.

    The first eight attributes are the reference query's columns; the rest add context.

    Attributes:
        time_generated: The event time (UTC).
        account_name: The account that logged on.
        source_ip: The source address, as logged.
        target_service: The service reached (app name, ``"RDP_RemoteInteractive"`` ...).
        detection_branch: The name of the branch that matched.
        location: Country or region code of the source, where the source has one.
        risk_level: Entra's risk level during sign-in, where the source has one.
        computer: The host logged on to, where the source has one.
        source: The id of the source table the event was read as.
        adapter: The id of the record shape it arrived in (``None`` for typed events).
        ip_category: The classifier's category of ``source_ip``.
        techniques: ATT&CK references, ``"TA0001:T1133"`` (tactic:technique).
        severity: ``"low"``, ``"medium"``, ``"high"`` or ``"critical"``.
        description: One line on what the branch detects (OCSF ``finding_info.desc``, ECS
            ``rule.description``), where the branch has one.
        event: The typed event that matched (the evidence).
    """

    time_generated: datetime
    account_name: str | None
    source_ip: str | None
    target_service: str | None
    detection_branch: str
    location: str | None = None
    risk_level: str | None = None
    computer: str | None = None
    source: str | None = None
    adapter: str | None = None
    ip_category: IPCategory = IPCategory.INVALID
    techniques: tuple[str, ...] = ()
    severity: str = "medium"
    description: str | None = None
    event: object = attrs.field(default=None, eq=False, repr=False)

    def to_dict(self) -> dict[str, Any]:
        """Return the finding as JSON-ready data: the eight reference columns, then context."""
        return {
            "TimeGenerated": format_time(self.time_generated),
            "AccountName": self.account_name,
            "SourceIP": self.source_ip,
            "TargetService": self.target_service,
            "DetectionBranch": self.detection_branch,
            "Location": self.location,
            "RiskLevel": self.risk_level,
            "Computer": self.computer,
            "SourceTable": self.source,
            "Adapter": self.adapter,
            "IPCategory": self.ip_category.name,
            "Techniques": list(self.techniques),
            "Severity": self.severity,
        }

    @property
    def uid(self) -> str:
        """A stable id: the same branch, time, account, address, host and service give the same id.

        ``t1133-`` and the first 32 hex digits of a SHA-256 over those six values, so that a
        finding re-detected from the same event in a later run deduplicates downstream.
        """
        key = (
            self.detection_branch,
            format_time(self.time_generated),
            self.account_name,
            self.source_ip,
            self.computer,
            self.target_service,
        )
        digest = hashlib.sha256(json.dumps(key).encode("utf-8")).hexdigest()
        return f"t1133-{digest[:32]}"

    @property
    def title(self) -> str:
        """One line for people: ``"RDP_RemoteInteractive logon to srv-app01 by jdoe from ..."``.

        Built from the finding's own values; they are data, never markup, and are not escaped
        here (every writer for a terminal neutralises them).
        """
        text = f"{self.target_service or 'Remote service'} logon"
        if self.computer:
            text += f" to {self.computer}"
        if self.account_name:
            text += f" by {self.account_name}"
        if self.source_ip:
            text += f" from external IP {self.source_ip}"
        return text

    def to_ocsf(self) -> dict[str, Any]:
        """Return the finding as an OCSF Detection Finding (class 2004, schema ``OCSF_VERSION``).

        ``time`` is the event time, as are ``start_time`` and ``end_time``: the engine has no
        clock, and the same event must always give the same document. ``finding_info.attacks``
        holds one object per ATT&CK reference (tactic and technique); ``evidences`` holds the
        address, account and host, and under ``data`` the eight reference columns with the
        source table and the address category. Attributes that are unknown are left out.

        Returns:
            A JSON-ready dict.
        """
        millis = (self.time_generated - _EPOCH) // _MILLISECOND
        severity_id, severity = _OCSF_SEVERITY.get(self.severity, (0, "Unknown"))
        return {
            **_OCSF_CLASS,
            "time": millis,
            "start_time": millis,
            "end_time": millis,
            "severity_id": severity_id,
            "severity": severity,
            "finding_info": self._ocsf_finding_info(),
            "evidences": [self._ocsf_evidence()],
            "metadata": {
                "version": OCSF_VERSION,
                "product": {
                    "name": "t1133",
                    "vendor_name": "t1133 project",
                    "version": _package_version(),
                },
            },
        }

    def _ocsf_finding_info(self) -> dict[str, Any]:
        attacks = [_ocsf_attack(ref) for ref in self.techniques]
        tactics = [a["tactic"]["name"] for a in attacks if "name" in a.get("tactic", {})]
        info: dict[str, Any] = {
            "uid": self.uid,
            "title": self.title,
            "desc": self.description,
            "analytic": {
                "uid": self.detection_branch,
                "name": self.detection_branch,
                "type_id": 1,
                "type": "Rule",
            },
        }
        if not self.description:
            del info["desc"]
        if attacks:
            info["attacks"] = attacks
        if tactics:
            info["types"] = list(dict.fromkeys(tactics))
        return info

    def _ocsf_evidence(self) -> dict[str, Any]:
        row = self.to_dict()
        evidence: dict[str, Any] = {}
        address = normalize_ip(self.source_ip)
        if address is not None:  # ip_t must be an address; the logged text stays in data
            evidence["src_endpoint"] = {"ip": address}
        if self.account_name:
            evidence["user"] = {"name": self.account_name}
        if self.computer:
            evidence["dst_endpoint"] = {"hostname": self.computer}
        evidence["data"] = {k: row[k] for k in (*FINDING_FIELDS, "SourceTable", "IPCategory")}
        return evidence

    def to_ecs(self) -> dict[str, Any]:
        """Return the finding as an Elastic Common Schema alert document (``event.kind: alert``).

        ``source.ip`` holds the normalised address (left out when the logged text is not one,
        since Elasticsearch rejects a document whose ``ip`` field is not an address);
        ``source.address`` holds the text as logged. Fields ECS has no place for go under
        ``t1133``.

        Returns:
            A JSON-ready dict of nested objects.
        """
        document: dict[str, Any] = {
            "@timestamp": format_time(self.time_generated),
            "ecs": {"version": ECS_VERSION},
            "event": self._ecs_event(),
            "rule": _compact(
                {
                    "id": self.detection_branch,
                    "name": self.detection_branch,
                    "description": self.description or None,
                    "ruleset": "t1133",
                }
            ),
            "message": self.title,
        }
        if self.techniques:
            document["threat"] = _ecs_threat(self.techniques)
        document.update(self._ecs_entities())
        document["t1133"] = _compact(
            {
                "detection_branch": self.detection_branch,
                "target_service": self.target_service,
                "location": self.location,
                "risk_level": self.risk_level,
                "ip_category": self.ip_category.name,
                "source_table": self.source,
                "adapter": self.adapter,
                "severity": self.severity,
            }
        )
        return document

    def _ecs_event(self) -> dict[str, Any]:
        risk = _ECS_RISK.get(self.severity, 0)
        return {
            "kind": "alert",
            "id": self.uid,
            "category": ["authentication"],
            "type": ["start"],
            # Every built-in branch matches successful logons only (4624, LogonSuccess,
            # ResultType 0); a custom branch over failures would have to say otherwise.
            "outcome": "success",
            "severity": risk,
            "risk_score": float(risk),
            "risk_score_norm": float(risk),
        }

    def _ecs_entities(self) -> dict[str, Any]:
        entities: dict[str, Any] = {}
        if self.source_ip:
            address = normalize_ip(self.source_ip)
            entities["source"] = _compact({"address": self.source_ip, "ip": address})
        if self.account_name:
            entities["user"] = {"name": self.account_name}
        if self.computer:
            entities["host"] = {"name": self.computer}
        return entities

    def sort_key(self) -> tuple[int, str, str, str, str, str, str, str, str, str]:
        """Newest first, then a total order on the other columns (ties never depend on input)."""
        micros = (self.time_generated - _EPOCH) // _MICROSECOND
        return (
            -micros,
            self.detection_branch,
            self.account_name or "",
            self.source_ip or "",
            self.computer or "",
            self.target_service or "",
            self.location or "",
            self.risk_level or "",
            # The same event arriving in two shapes differs only here; without these the order
            # of such findings would follow the input's.
            self.source or "",
            self.adapter or "",
        )


_MICROSECOND: Final = datetime(1970, 1, 1, 0, 0, 0, 1, tzinfo=timezone.utc) - _EPOCH


def _compact(document: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in document.items() if v is not None}


def _split_ref(ref: str) -> tuple[str | None, str]:
    """``"TA0001:T1133"`` -> ``("TA0001", "T1133")``; a bare ``"T1133"`` has no tactic."""
    tactic, colon, technique = ref.partition(":")
    return (tactic, technique) if colon else (None, ref)


def _attack_ref(uid: str) -> dict[str, str]:
    name = _ATTACK_NAMES.get(uid)
    return {"uid": uid} if name is None else {"uid": uid, "name": name}


def _ocsf_attack(ref: str) -> dict[str, Any]:
    tactic, technique = _split_ref(ref)
    attack: dict[str, Any] = {"technique": _attack_ref(technique)}
    if tactic:
        attack["tactic"] = _attack_ref(tactic)
    return attack


def _attack_url(uid: str) -> str:
    kind = "TA" if uid.startswith("TA") else "T"
    return f"{_ATTACK_URLS[kind]}{uid.replace('.', '/')}/"


def _ecs_threat(refs: tuple[str, ...]) -> dict[str, Any]:
    pairs = [_split_ref(ref) for ref in refs]
    tactics = list(dict.fromkeys(t for t, _ in pairs if t))
    techniques = list(dict.fromkeys(t for _, t in pairs))
    threat: dict[str, Any] = {"framework": "MITRE ATT&CK"}
    # ECS keeps id, name and reference as parallel arrays: an unknown id names itself.
    for key, ids in (("tactic", tactics), ("technique", techniques)):
        if ids:
            threat[key] = {
                "id": ids,
                "name": [_ATTACK_NAMES.get(i, i) for i in ids],
                "reference": [_attack_url(i) for i in ids],
            }
    return threat


@functools.cache
def _package_version() -> str:
    """The installed t1133 version for ``metadata.product.version``; ``0+unknown`` if none."""
    try:
        return metadata.version("t1133")
    except metadata.PackageNotFoundError:
        return "0+unknown"
