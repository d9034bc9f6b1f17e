"""The hand-written baseline: the reference query as a user would write it without t1133.

A plain loop: parse each NDJSON line with ``json``, apply the query's conditions with its
string-prefix test for private addresses, collect the eight columns, sort. It is wrong where
the prefixes are wrong (that is the point of t1133) but it is the speed to beat.

Usage: python benchmarks/baseline_detect.py PATH NOW_ISO
"""

import json
import sys
from datetime import datetime, timedelta

PRIVATE = (
    "10.",
    "172.16.",
    "172.17.",
    "172.18.",
    "172.19.",
    "172.20.",
    "172.21.",
    "172.22.",
    "172.23.",
    "172.24.",
    "172.25.",
    "172.26.",
    "172.27.",
    "172.28.",
    "172.29.",
    "172.30.",
    "172.31.",
    "192.168.",
    "127.",
    "::1",
    "fe80",
)
APPS = (
    "globalprotect",
    "pulse secure",
    "cisco anyconnect",
    "fortinet ssl vpn",
    "check point remote access vpn",
    "f5 big-ip apm",
    "citrix gateway",
    "vmware horizon",
    "rdp gateway",
    "softether vpn",
    "juniper ssl vpn",
)


def private(ip: str) -> bool:
    return any(p in ip for p in PRIVATE)  # has_any, as the query does


def run(path: str, now: datetime) -> list[dict]:
    cutoff = (now - timedelta(hours=24)).isoformat().replace("+00:00", "Z")
    found = []
    with open(path, encoding="utf-8") as lines:  # noqa: PTH123
        for line in lines:
            r = json.loads(line)
            table = r.get("Type")
            if table == "SecurityEvent":
                if str(r.get("EventID")) != "4624" or r.get("TimeGenerated", "") <= cutoff:
                    continue
                lt, ip = str(r.get("LogonType")), r.get("IpAddress") or ""
                if lt not in ("10", "3") or ip in ("", "-", "127.0.0.1", "::1") or private(ip):
                    continue
                if lt == "3" and r.get("TargetUserName", "").endswith("$"):
                    continue
                service = "RDP_RemoteInteractive" if lt == "10" else "Network_WinRM"
                found.append(
                    {
                        "TimeGenerated": r["TimeGenerated"],
                        "AccountName": r.get("TargetUserName"),
                        "SourceIP": ip,
                        "TargetService": service,
                        "Computer": r.get("Computer"),
                    }
                )
            elif table == "SigninLogs":
                if str(r.get("ResultType")) != "0" or r.get("TimeGenerated", "") <= cutoff:
                    continue
                app, ip = r.get("AppDisplayName") or "", r.get("IPAddress") or ""
                if not any(a in app.lower() for a in APPS) or private(ip):
                    continue
                found.append(
                    {
                        "TimeGenerated": r["TimeGenerated"],
                        "AccountName": r.get("UserPrincipalName"),
                        "SourceIP": ip,
                        "TargetService": app,
                        "Location": r.get("Location"),
                    }
                )
            elif table == "DeviceLogonEvents":
                if r.get("ActionType") != "LogonSuccess" or r.get("Timestamp", "") <= cutoff:
                    continue
                if (
                    r.get("LogonType") not in ("RemoteInteractive", "Network")
                    or r.get("RemoteIPType") != "Public"
                ):
                    continue
                found.append(
                    {
                        "TimeGenerated": r["Timestamp"],
                        "AccountName": r.get("AccountName"),
                        "SourceIP": r.get("RemoteIP"),
                        "TargetService": "MDE_" + r["LogonType"],
                        "Computer": r.get("DeviceName"),
                    }
                )
    found.sort(key=lambda f: f["TimeGenerated"], reverse=True)
    return found


if __name__ == "__main__":
    findings = run(sys.argv[1], datetime.fromisoformat(sys.argv[2].replace("Z", "+00:00")))
    for f in findings:
        sys.stdout.write(json.dumps(f) + "\n")
