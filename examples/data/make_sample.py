"""Write the bundled sample: a day of Sentinel rows from three tables, with known findings.

Run ``python examples/data/make_sample.py [DIR]`` to regenerate ``sample.ndjson`` and
``sample.expected.json``. The expected findings are written by this script from the events it
plants, independently of t1133: the background it draws around them can never match (private,
shared, documentation and other non-public sources, failures, other apps and logon types,
machine accounts, events older than the window), so the planted positives are the answer.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

NOW = datetime(2026, 12, 4, 12, 0, 0, tzinfo=timezone.utc)
HERE = Path(__file__).parent
RNG = random.Random(1133)

USERS = [
    "adele.vance",
    "alex.wilber",
    "diego.siciliani",
    "grady.archie",
    "irvin.sayers",
    "isaiah.langer",
    "johanna.lorenz",
    "joni.sherman",
    "lee.gu",
    "lidia.holloway",
    "lynne.robbins",
    "megan.bowen",
    "miriam.graham",
    "nestor.wilke",
    "patti.fernandez",
]
HOSTS = [
    "srv-app01.corp.example",
    "srv-app02.corp.example",
    "srv-sql01.corp.example",
    "jump01.corp.example",
    "ws-0142.corp.example",
    "ws-0177.corp.example",
]
OTHER_APPS = [
    "Office 365 Exchange Online",
    "Microsoft Teams",
    "Azure Portal",
    "Office 365 SharePoint Online",
    "My Apps",
    "Microsoft Authentication Broker",
]
VPN_APPS = [
    "GlobalProtect",
    "Pulse Secure",
    "Cisco AnyConnect",
    "Fortinet SSL VPN",
    "Citrix Gateway",
    "VMware Horizon",
    "F5 BIG-IP APM",
]
# Sources that are never external for t1133 (private, shared, loopback, link-local,
# documentation, reserved, mapped private) - including the string-prefix traps that the
# reference query's prefixes call public.
NOT_EXTERNAL = [
    "10.1.4.20",
    "10.20.30.40",
    "172.16.8.9",
    "172.31.250.1",
    "192.168.1.77",
    "100.64.0.1",
    "100.127.3.9",
    "169.254.1.1",
    "127.0.0.1",
    "::1",
    "fe80::1c2d:3e4f",
    "fd00::1",
    "fd12:3456::9",
    "::ffff:a00:1",
    "::ffff:10.2.3.4",
    "240.0.0.1",
    "198.51.100.23",
    "203.0.113.7",
    "192.0.2.44",
    "2001:db8::45",
    "0.0.0.0",
    "-",
    "",
    "255.255.255.255",
    "224.0.0.251",
]
PUBLIC = [
    "81.2.69.144",
    "89.160.20.156",
    "67.43.156.1",
    "175.16.199.5",
    "216.160.83.56",
    "2.125.160.216",
    "8.10.20.30",
    "1.127.0.1",
    "2a00:fe80::1",
    "2606:4700:4700::1111",
    "::ffff:81.2.69.160",
    "2a02:cf40::9",
]


def iso(moment: datetime) -> str:
    """Log Analytics' timestamp text."""
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def recent() -> datetime:
    """A time inside the 24-hour window (seconds resolution, never on its edge)."""
    return NOW - timedelta(seconds=RNG.randint(60, 23 * 3600))


def old() -> datetime:
    """A time just outside the 24-hour window."""
    return NOW - timedelta(hours=RNG.randint(25, 30), seconds=RNG.randint(0, 3599))


def security_event(  # noqa: PLR0913, PLR0917
    moment: datetime,
    event_id: object,
    logon_type: object,
    ip: str,
    user: str,
    host: str,
    **extra: object,
) -> dict:
    """A SecurityEvent row as Log Analytics exports it."""
    row = {
        "TimeGenerated": iso(moment),
        "EventID": event_id,
        "Computer": host,
        "Activity": f"{event_id} - An account was successfully logged on."
        if event_id == 4624
        else f"{event_id} - An account failed to log on.",
        "Account": f"CORP\\{user}",
        "TargetUserName": user,
        "TargetDomainName": "CORP",
        "TargetUserSid": "S-1-5-21-1111111111-2222222222-3333333333-1104",
        "SubjectUserName": "-",
        "SubjectDomainName": "-",
        "SubjectUserSid": "S-1-0-0",
        "LogonType": logon_type,
        "IpAddress": ip,
        "IpPort": str(RNG.randint(1024, 65535)),
        "WorkstationName": "WS-" + str(RNG.randint(100, 999)),
        "LogonProcessName": "User32 ",
        "AuthenticationPackageName": "Negotiate",
        "Channel": "Security",
        "TenantId": "00000000-0000-0000-0000-00000000c0de",
        "Type": "SecurityEvent",
    }
    row.update(extra)
    return row


def signin(
    moment: datetime, app: str, ip: str, user: str, result: object = "0", **extra: object
) -> dict:
    """A SigninLogs row as Log Analytics exports it."""
    row = {
        "TimeGenerated": iso(moment),
        "CreatedDateTime": iso(moment - timedelta(seconds=3)),
        "ResultType": result,
        "ResultDescription": "" if result in ("0", 0) else "Invalid password",
        "UserPrincipalName": f"{user}@contoso.example",
        "AppDisplayName": app,
        "IPAddress": ip,
        "Location": RNG.choice(["NL", "DE", "US", "GB", "FR"]),
        "LocationDetails": {"city": "Utrecht", "countryOrRegion": "NL"},
        "RiskLevelDuringSignIn": RNG.choice(["none", "low", "medium", "hidden"]),
        "ClientAppUsed": "Mobile Apps and Desktop clients",
        "ConditionalAccessStatus": "notApplied",
        "UserAgent": "Mozilla/5.0 (Windows NT 10.0; Win64; x64)",
        "CorrelationId": str(RNG.random()),
        "Type": "SigninLogs",
    }
    row.update(extra)
    return row


def device_logon(  # noqa: PLR0913, PLR0917
    moment: datetime,
    action: str,
    logon_type: str,
    ip: str,
    ip_type: str | None,
    user: str,
    host: str,
    **extra: object,
) -> dict:
    """A DeviceLogonEvents row as Sentinel exports it."""
    row = {
        "Timestamp": iso(moment),
        "TimeGenerated": iso(moment + timedelta(seconds=2)),
        "DeviceId": f"{RNG.getrandbits(160):040x}",
        "DeviceName": host,
        "ActionType": action,
        "LogonType": logon_type,
        "AccountDomain": "corp",
        "AccountName": user,
        "Protocol": "Negotiate",
        "RemoteIP": ip,
        "RemotePort": RNG.randint(1024, 65535),
        "RemoteDeviceName": "",
        "IsLocalAdmin": RNG.choice([True, False]),
        "AdditionalFields": '{"IsLocalLogon":false}',
        "Type": "DeviceLogonEvents",
    }
    if ip_type is not None:
        row["RemoteIPType"] = ip_type
    row.update(extra)
    return row


def background(count: int) -> list[dict]:  # noqa: C901, PLR0912 - one branch per kind
    """Events that must never fire, each for a stated reason."""
    rows = []
    for _ in range(count):
        user, host, t = RNG.choice(USERS), RNG.choice(HOSTS), recent()
        kind = RNG.randrange(14)
        if kind == 0:  # remote logons from addresses that are not external
            rows.append(
                security_event(t, 4624, RNG.choice([3, 10]), RNG.choice(NOT_EXTERNAL), user, host)
            )
        elif kind == 1:  # local logon types, even from public-looking fields
            rows.append(
                security_event(
                    t, 4624, RNG.choice([2, 4, 5, 7, 11]), RNG.choice(PUBLIC), user, host
                )
            )
        elif kind == 2:  # failures are not logons
            rows.append(
                security_event(t, 4625, RNG.choice([3, 10]), RNG.choice(PUBLIC), user, host)
            )
        elif kind == 3:  # machine accounts over the network
            rows.append(
                security_event(
                    t, 4624, 3, RNG.choice(PUBLIC), host.split(".")[0].upper() + "$", host
                )
            )
        elif kind == 4:  # other Windows events
            rows.append(security_event(t, RNG.choice([4634, 4672, 4688]), None, "-", user, host))
        elif kind == 5:  # successful sign-ins to other apps
            rows.append(signin(t, RNG.choice(OTHER_APPS), RNG.choice(PUBLIC), user))
        elif kind == 6:  # failed or interrupted VPN sign-ins
            rows.append(
                signin(
                    t,
                    RNG.choice(VPN_APPS),
                    RNG.choice(PUBLIC),
                    user,
                    RNG.choice(["50126", "50074", "50140"]),
                )
            )
        elif kind == 7:  # VPN sign-ins from inside (or from nothing at all)
            rows.append(signin(t, RNG.choice(VPN_APPS), RNG.choice(NOT_EXTERNAL), user))
        elif kind == 8:  # app names that only look like the list (whole-term matching)
            rows.append(
                signin(
                    t,
                    RNG.choice(
                        ["PulseSecure", "MyCitrix Gateway", "Juniper SSL", "GlobalProtected"]
                    ),
                    RNG.choice(PUBLIC),
                    user,
                )
            )
        elif kind == 9:  # Defender: failures and unknown outcomes
            rows.append(
                device_logon(
                    t,
                    RNG.choice(["LogonFailed", "LogonAttempted"]),
                    "RemoteInteractive",
                    RNG.choice(PUBLIC),
                    "Public",
                    user,
                    host,
                )
            )
        elif kind == 10:  # Defender: local or wrongly cased logon types
            rows.append(
                device_logon(
                    t,
                    "LogonSuccess",
                    RNG.choice(["Interactive", "Unlock", "remoteinteractive", "network"]),
                    RNG.choice(PUBLIC),
                    "Public",
                    user,
                    host,
                )
            )
        elif kind == 11:  # Defender classified the address as not public
            rows.append(
                device_logon(
                    t,
                    "LogonSuccess",
                    "Network",
                    RNG.choice(NOT_EXTERNAL),
                    RNG.choice(["Private", "Loopback", "Reserved"]),
                    user,
                    host,
                )
            )
        elif kind == 12:  # Defender left the type empty and the address is not external
            rows.append(
                device_logon(
                    t,
                    "LogonSuccess",
                    "RemoteInteractive",
                    RNG.choice(NOT_EXTERNAL),
                    RNG.choice([None, ""]),
                    user,
                    host,
                )
            )
        else:  # would fire, but older than the window
            rows.append(security_event(old(), 4624, 10, RNG.choice(PUBLIC), user, host))
    return rows


def finding(  # noqa: PLR0913, PLR0917 - the eight columns of a finding
    moment: datetime,
    account: str,
    ip: str,
    service: str,
    branch: str,
    location: str | None = None,
    risk: str | None = None,
    computer: str | None = None,
) -> dict:
    """The finding the reference query gives for a planted event (its eight columns)."""
    return {
        "TimeGenerated": moment.strftime("%Y-%m-%dT%H:%M:%SZ"),
        "AccountName": account,
        "SourceIP": ip,
        "TargetService": service,
        "DetectionBranch": branch,
        "Location": location,
        "RiskLevel": risk,
        "Computer": computer,
    }


def planted() -> tuple[list[dict], list[dict]]:
    """Events that must fire, and the finding each gives (unique times: no tie questions)."""
    rows, expected = [], []
    moments = sorted({recent() for _ in range(200)})
    RNG.shuffle(moments)
    times = iter(moments)
    apps = [
        "GlobalProtect",
        "Citrix Gateway (Prod)",
        "citrix-gateway",
        "GLOBALPROTECT portal",
        "Cisco AnyConnect",
        "Fortinet SSL VPN",
        "VMware Horizon",
        "Pulse Secure",
    ]
    for i, app in enumerate(apps):
        t, ip, user = next(times), PUBLIC[i % len(PUBLIC)], USERS[i]
        row = signin(t, app, ip, user, result=0 if i % 2 else "0")
        rows.append(row)
        expected.append(
            finding(
                t,
                row["UserPrincipalName"],
                ip,
                app,
                "AAD_VPN_Citrix_External",
                row["Location"],
                row["RiskLevelDuringSignIn"],
            )
        )
    for i, ip in enumerate(PUBLIC):
        t, user, host = next(times), USERS[i % len(USERS)], HOSTS[i % len(HOSTS)]
        rows.append(security_event(t, 4624, "10" if i % 2 else 10, ip, user, host))
        expected.append(
            finding(
                t, user, ip, "RDP_RemoteInteractive", "SecurityEvent_RDP_External", computer=host
            )
        )
    for i, ip in enumerate(PUBLIC[:8]):
        t, user, host = next(times), USERS[-1 - i], HOSTS[i % len(HOSTS)]
        rows.append(security_event(t, "4624", 3, ip, user, host, LogonProcessName="NtLmSsp "))
        expected.append(
            finding(
                t, user, ip, "Network_WinRM", "SecurityEvent_NetworkLogon_External", computer=host
            )
        )
    for i, ip in enumerate(PUBLIC[:8]):
        t, user, host = next(times), USERS[i + 3], HOSTS[-1 - i % len(HOSTS)]
        logon_type = "RemoteInteractive" if i % 2 else "Network"
        ip_type = [None, "", "Public", "Public"][i % 4]  # missing or empty: the classifier decides
        rows.append(device_logon(t, "LogonSuccess", logon_type, ip, ip_type, user, host))
        expected.append(
            finding(t, user, ip, "MDE_" + logon_type, "MDE_RemoteLogon_External", computer=host)
        )
    return rows, expected


def main() -> None:
    """Write sample.ndjson and sample.expected.json (next to this script, or into argv[1])."""
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE
    rows, expected = planted()
    rows += background(3000)
    RNG.shuffle(rows)
    lines = [json.dumps(r, separators=(",", ":")) for r in rows]
    # Two records that are broken on purpose: the run reports them and goes on.
    lines.insert(1500, '{"TimeGenerated":"2026-12-04T10:00:00Z","EventID":4624,"LogonTy')
    bad = security_event(recent(), 4624, 10, "81.2.69.144", "lee.gu", HOSTS[0])
    bad["TimeGenerated"] = "yesterday"
    lines.insert(2500, json.dumps(bad, separators=(",", ":")))
    (out / "sample.ndjson").write_text("\n".join(lines) + "\n", encoding="utf-8")
    expected.sort(key=lambda f: f["TimeGenerated"], reverse=True)
    (out / "sample.expected.json").write_text(
        json.dumps(expected, indent=1) + "\n", encoding="utf-8"
    )


if __name__ == "__main__":
    main()
