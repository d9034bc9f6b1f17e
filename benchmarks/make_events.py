"""Write a large NDJSON file of Sentinel rows for the detect benchmark.

Usage: python benchmarks/make_events.py [LINES] [PATH]
(defaults: 200000 lines, benchmarks/out/events.ndjson)

The mix is what a day of collection looks like: mostly SecurityEvent rows (4624 of every
logon type, 4634, 4672, 4688), a share of sign-ins and Defender logons, about 1% of them
remote logons from public addresses.
"""

import json
import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

NOW = datetime(2026, 12, 4, 12, tzinfo=timezone.utc)
RNG = random.Random(4624)
PRIVATE = [f"10.{a}.{b}.{c}" for a in range(4) for b in range(8) for c in (5, 17, 33)]
PUBLIC = [
    f"{a}.{b}.{c}.{d}"
    for a, b, c, d in ((81, 2, 69, 144), (89, 160, 20, 156), (8, 10, 20, 30), (1, 127, 0, 1))
]


def stamp() -> str:
    moment = NOW - timedelta(seconds=RNG.randint(0, 30 * 3600), microseconds=RNG.randint(0, 999999))
    return moment.isoformat().replace("+00:00", "Z")


def security_event() -> dict:
    event_id = RNG.choice([4624, 4624, 4624, 4634, 4672, 4688])
    logon_type = RNG.choice([2, 3, 3, 3, 5, 10]) if event_id == 4624 else None
    ip = RNG.choice(PUBLIC) if RNG.random() < 0.02 else RNG.choice([*PRIVATE, "-", "::1"])
    return {
        "TenantId": "00000000-0000-0000-0000-00000000c0de",
        "TimeGenerated": stamp(),
        "SourceSystem": "OpsManager",
        "Computer": f"srv-{RNG.randint(1, 300):03d}.corp.example",
        "EventSourceName": "Microsoft-Windows-Security-Auditing",
        "Channel": "Security",
        "Task": 12544,
        "Level": "8",
        "EventID": event_id,
        "Activity": f"{event_id} - An account was successfully logged on.",
        "Account": "CORP\\user",
        "AccountType": "User",
        "TargetUserName": f"user{RNG.randint(1, 500)}",
        "TargetDomainName": "CORP",
        "TargetUserSid": "S-1-5-21-1-2-3-1104",
        "TargetLogonId": "0x3a9f21",
        "SubjectUserName": "SRV$",
        "SubjectDomainName": "CORP",
        "SubjectUserSid": "S-1-5-18",
        "SubjectLogonId": "0x3e7",
        "LogonType": logon_type,
        "IpAddress": ip,
        "IpPort": "51234",
        "WorkstationName": "WS-1",
        "LogonProcessName": "NtLmSsp ",
        "AuthenticationPackageName": "NTLM",
        "LmPackageName": "NTLM V2",
        "KeyLength": 128,
        "ProcessName": "-",
        "ElevatedToken": "%%1843",
        "ImpersonationLevel": "%%1833",
        "Type": "SecurityEvent",
    }


def signin() -> dict:
    ip = RNG.choice(PUBLIC) if RNG.random() < 0.5 else RNG.choice(PRIVATE)
    return {
        "TimeGenerated": stamp(),
        "ResultType": RNG.choice(["0", "0", "50126"]),
        "UserPrincipalName": f"user{RNG.randint(1, 500)}@contoso.example",
        "AppDisplayName": RNG.choice(
            ["GlobalProtect", "Office 365 Exchange Online", "Citrix Gateway", "Microsoft Teams"]
        ),
        "IPAddress": ip,
        "Location": "NL",
        "RiskLevelDuringSignIn": "none",
        "LocationDetails": {"city": "Utrecht", "countryOrRegion": "NL"},
        "Status": {"errorCode": 0},
        "ClientAppUsed": "Browser",
        "Type": "SigninLogs",
    }


def device_logon() -> dict:
    public = RNG.random() < 0.02
    return {
        "Timestamp": stamp(),
        "DeviceName": f"ws-{RNG.randint(1, 900):04d}.corp.example",
        "ActionType": RNG.choice(["LogonSuccess", "LogonSuccess", "LogonFailed"]),
        "LogonType": RNG.choice(["Interactive", "Network", "RemoteInteractive", "Service"]),
        "AccountDomain": "corp",
        "AccountName": f"user{RNG.randint(1, 500)}",
        "RemoteIP": RNG.choice(PUBLIC) if public else RNG.choice(PRIVATE),
        "RemoteIPType": "Public" if public else "Private",
        "RemotePort": 51234,
        "AdditionalFields": '{"IsLocalLogon":false}',
        "Type": "DeviceLogonEvents",
    }


def main() -> None:
    lines = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000
    path = (
        Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).parent / "out" / "events.ndjson"
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    makers = [security_event] * 8 + [signin] + [device_logon]
    with path.open("w", encoding="utf-8") as out:
        for _ in range(lines):
            out.write(json.dumps(RNG.choice(makers)(), separators=(",", ":")) + "\n")
    print(f"wrote {lines:,} lines to {path}")


if __name__ == "__main__":
    main()
