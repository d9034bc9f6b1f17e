"""Tests of ``t1133.engine``: detect, iter_findings and explain over any iterable of records.

Expected findings and counts are written by hand (or, in the properties, planted by
``strategies.py`` from the issue's table); runs are compared with runs only where the property
is about the engine itself (union, order, prefilter).
"""

from __future__ import annotations

import itertools
import json
import random
from collections import Counter
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from strategies import EVENT_NOW, Planted, mangled_rows, planted_records, planted_streams
from t1133 import (
    ALL_BRANCHES,
    FINDING_FIELDS,
    MDE_REMOTE_LOGON_EXTERNAL,
    SECURITY_EVENT_NETWORK_LOGON_EXTERNAL,
    SECURITY_EVENT_RDP_EXTERNAL,
    Branch,
    Column,
    ConfigError,
    Constant,
    DetectionStats,
    Finding,
    InvalidEvent,
    NetworkPolicy,
    Projection,
    RawRecord,
    SigninLogEvent,
    SourceStats,
    T1133Error,
    Tally,
    WindowsLogonEvent,
    detect,
    equals,
    explain,
    external_ip,
    iter_findings,
    one_of,
    vpn_signin_branch,
)

UTC = timezone.utc
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
RDP, NETWORK, MDE = (
    SECURITY_EVENT_RDP_EXTERNAL,
    SECURITY_EVENT_NETWORK_LOGON_EXTERNAL,
    MDE_REMOTE_LOGON_EXTERNAL,
)
SAMPLE = Path(__file__).parent.parent / "examples" / "data" / "sample.ndjson"
SAMPLE_EXPECTED = SAMPLE.with_name("sample.expected.json")
# The sample's now, as examples/data/make_sample.py plants its events around it.
SAMPLE_NOW = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
# Hypothesis budgets: enough to mix every kind of record, small enough for seconds.
STREAMS = settings(max_examples=100, deadline=None)


def windows(**columns: object) -> dict[str, object]:
    """A SecurityEvent RDP logon from a public address, with columns changed (fake values)."""
    base: dict[str, object] = {
        "Type": "SecurityEvent",
        "TimeGenerated": "2026-12-04T09:00:00Z",
        "EventID": 4624,
        "LogonType": 10,
        "IpAddress": "81.2.69.144",
        "TargetUserName": "jdoe",
        "Computer": "srv-app01.corp.example",
    }
    return {**base, **columns}


def signin(**columns: object) -> dict[str, object]:
    """A successful SigninLogs row to a VPN app from a public address, with columns changed."""
    base: dict[str, object] = {
        "Type": "SigninLogs",
        "TimeGenerated": "2026-12-04T10:00:00Z",
        "ResultType": "0",
        "UserPrincipalName": "a.vance@contoso.example",
        "IPAddress": "81.2.69.144",
        "AppDisplayName": "Cisco AnyConnect",
        "Location": "US",
        "RiskLevelDuringSignIn": "low",
    }
    return {**base, **columns}


def hunting(**columns: object) -> dict[str, object]:
    """A Defender advanced-hunting logon row Defender classified Public, with columns changed."""
    base: dict[str, object] = {
        "Timestamp": "2026-12-04T08:00:00.250Z",
        "DeviceName": "ws-0142.corp.example",
        "ActionType": "LogonSuccess",
        "LogonType": "Network",
        "AccountName": "irvin.sayers",
        "RemoteIP": "89.160.20.156",
        "RemoteIPType": "Public",
    }
    return {**base, **columns}


def fields(findings: Iterable[Finding | None]) -> list[dict[str, object]]:
    """The eight contract fields of each finding, in order."""
    return [{k: f.to_dict()[k] for k in FINDING_FIELDS} for f in findings if f is not None]


def names(findings: Iterable[Finding]) -> list[str]:
    """The DetectionBranch of each finding, in order."""
    return [f.detection_branch for f in findings]


# --- API: arguments ------------------------------------------------------------------------


@pytest.mark.parametrize("function", [detect, iter_findings, explain])
def test_options_are_keyword_only(function):
    """``now`` and the other options cannot be passed by position."""
    with pytest.raises(TypeError):
        function([], NOW)


def test_now_defaults_to_the_current_utc_time():
    """Without ``now`` the window ends at the current UTC time: a minute ago is in, 25 h out."""
    current = datetime.now(UTC)
    recent, old = (
        windows(TimeGenerated=(current - age).isoformat(), TargetUserName=name)
        for age, name in ((timedelta(minutes=1), "recent"), (timedelta(hours=25), "old"))
    )
    assert ["recent"] == [f.account_name for f in detect([recent, old]).findings]


def test_naive_now_means_utc():
    """A naive ``now`` is UTC; an aware one in another zone is the same instant."""
    edge = [
        windows(TimeGenerated="2026-12-03T12:00:00Z", TargetUserName="edge"),
        windows(TimeGenerated="2026-12-03T12:00:00.000001Z", TargetUserName="inside"),
    ]
    nows = [
        datetime(2026, 12, 4, 12, 0),  # noqa: DTZ001 - the naive form is the point
        NOW,
        datetime(2026, 12, 4, 14, 0, tzinfo=timezone(timedelta(hours=2))),
    ]
    assert [["inside"]] * 3 == [
        [f.account_name for f in detect(edge, now=n).findings] for n in nows
    ]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"lookback": timedelta(0)}, "lookback must be a positive timedelta"),
        ({"lookback": timedelta(hours=-1)}, "lookback must be a positive timedelta"),
        ({"lookback": 24}, "lookback must be a positive timedelta"),
        ({"branches": ["NoSuchBranch"]}, "unknown branch 'NoSuchBranch'"),
        ({"branches": [RDP.name, RDP.name]}, "two branches are named 'SecurityEvent_RDP_External'"),
        ({"branches": [RDP, RDP.replace(policy=NetworkPolicy())]}, "two branches are named"),
        ({"branches": [42]}, "not a branch: 42"),
        ({"branches": [RDP.replace(source="AuditLogs", name="X")]}, "unknown source 'AuditLogs'"),
        ({"policy": "10.0.0.0/8"}, "policy must be a NetworkPolicy, not str"),
        ({"policy": {"internal": []}}, "policy must be a NetworkPolicy, not dict"),
        ({"now": 1764849600}, "now must be a datetime, not int"),
        ({"now": "tomorrow"}, "now: not a timestamp: 'tomorrow'"),
    ],
)
def test_bad_arguments_raise_config_error(options, message):
    """Bad options raise ``ConfigError`` (a ``ValueError`` and a ``T1133Error``) naming them."""
    with pytest.raises(ConfigError, match=message) as caught:
        detect([], **options)
    assert (True, True) == (
        isinstance(caught.value, ValueError),
        isinstance(caught.value, T1133Error),
    )


def test_iter_findings_checks_arguments_before_reading_any_event():
    """``iter_findings`` raises on a bad argument when called, without touching the input."""
    read = []

    def events():
        read.append(1)
        yield windows()

    with pytest.raises(ConfigError):
        iter_findings(events(), lookback=timedelta(0))
    assert [] == read


def test_branches_by_name_and_value_mix():
    """``branches`` takes built-in names, branch values, or one name alone."""
    rows = [windows(), windows(LogonType=3), hunting()]
    assert [
        ["SecurityEvent_RDP_External", "MDE_RemoteLogon_External"],
        ["SecurityEvent_RDP_External"],
    ] == [
        names(detect(rows, now=NOW, branches=["SecurityEvent_RDP_External", MDE]).findings),
        names(detect(rows, now=NOW, branches="SecurityEvent_RDP_External").findings),
    ]


# --- a heterogeneous input: accounting -----------------------------------------------------

BAD_TIME = windows(TimeGenerated="yesterday")
UNREADABLE = InvalidEvent("{oops", "line 7 is not JSON", origin="batch.ndjson", line=7)


def heterogeneous() -> list[object]:
    """Rows of the three tables, typed events, wrapped rows, a reader's rejection and junk."""
    return [
        signin(),  # 1 fires AAD
        signin(ResultType="50126"),  # 2 wrong password
        windows(),  # 3 fires RDP
        windows(EventID=4625),  # 4 failed logon
        BAD_TIME,  # 5 invalid
        hunting(),  # 6 fires MDE
        WindowsLogonEvent.model_validate(  # 7 typed, fires the network branch
            windows(TimeGenerated="2026-12-04T07:00:00Z", LogonType=3, TargetUserName="lee.gu")
        ),
        # 8 Defender classified the address Private: not matched
        RawRecord(hunting(RemoteIPType="Private", Type="DeviceLogonEvents"), "batch.ndjson", 4),
        RawRecord({"foo": 1}, "batch.ndjson", 5),  # 9 unrecognised
        RawRecord(BAD_TIME, "batch.ndjson", 6),  # 10 invalid, with its place
        UNREADABLE,  # 11 a reader's rejection passes through
        [],  # 12 junk
        "SecurityEvent",
        None,
        42,
        SigninLogEvent.model_validate(signin(AppDisplayName="Microsoft Teams")),  # 16 typed
    ]


def test_heterogeneous_input_findings():
    """Every kind of input is read in one run; the findings are those written by hand."""
    result = detect(heterogeneous(), now=NOW)
    assert [
        {
            "TimeGenerated": "2026-12-04T10:00:00Z",
            "AccountName": "a.vance@contoso.example",
            "SourceIP": "81.2.69.144",
            "TargetService": "Cisco AnyConnect",
            "DetectionBranch": "AAD_VPN_Citrix_External",
            "Location": "US",
            "RiskLevel": "low",
            "Computer": None,
        },
        {
            "TimeGenerated": "2026-12-04T09:00:00Z",
            "AccountName": "jdoe",
            "SourceIP": "81.2.69.144",
            "TargetService": "RDP_RemoteInteractive",
            "DetectionBranch": "SecurityEvent_RDP_External",
            "Location": None,
            "RiskLevel": None,
            "Computer": "srv-app01.corp.example",
        },
        {
            "TimeGenerated": "2026-12-04T08:00:00.250000Z",
            "AccountName": "irvin.sayers",
            "SourceIP": "89.160.20.156",
            "TargetService": "MDE_Network",
            "DetectionBranch": "MDE_RemoteLogon_External",
            "Location": None,
            "RiskLevel": None,
            "Computer": "ws-0142.corp.example",
        },
        {
            "TimeGenerated": "2026-12-04T07:00:00Z",
            "AccountName": "lee.gu",
            "SourceIP": "81.2.69.144",
            "TargetService": "Network_WinRM",
            "DetectionBranch": "SecurityEvent_NetworkLogon_External",
            "Location": None,
            "RiskLevel": None,
            "Computer": "srv-app01.corp.example",
        },
    ] == fields(result.findings)


def test_heterogeneous_input_accounting():
    """Every record is counted once, per source and overall; branches with no finding show 0."""
    assert (
        DetectionStats(
            read=16,
            matched=4,
            not_matched=4,
            invalid=8,
            findings=4,
            sources={
                "(unrecognised)": SourceStats(read=6, matched=0, not_matched=0, invalid=6),
                "DeviceLogonEvents": SourceStats(read=2, matched=1, not_matched=1, invalid=0),
                "SecurityEvent": SourceStats(read=5, matched=2, not_matched=1, invalid=2),
                "SigninLogs": SourceStats(read=3, matched=1, not_matched=2, invalid=0),
            },
            adapters={
                "defender.hunting": 1,
                "sentinel.DeviceLogonEvents": 1,
                "sentinel.SecurityEvent": 4,
                "sentinel.SigninLogs": 2,
                "typed": 2,
            },
            branches={
                "AAD_VPN_Citrix_External": 1,
                "SecurityEvent_RDP_External": 1,
                "SecurityEvent_NetworkLogon_External": 1,
                "MDE_RemoteLogon_External": 1,
            },
        )
        == detect(heterogeneous(), now=NOW).stats
    )


def test_iter_findings_fills_a_provided_tally():
    """``iter_findings`` counts into the caller's ``Tally`` what ``detect`` reports."""
    tally = Tally()
    found = list(iter_findings(heterogeneous(), now=NOW, tally=tally))
    result = detect(heterogeneous(), now=NOW)
    assert (result.stats, sorted(result.findings, key=Finding.sort_key)) == (
        tally.freeze(),
        sorted(found, key=Finding.sort_key),
    )


def test_branches_without_findings_are_counted_as_zero():
    """Every branch of the run appears in ``stats.branches``, with 0 when it found nothing."""
    stats = detect([], now=NOW, branches=[RDP, MDE]).stats
    assert ({"SecurityEvent_RDP_External": 0, "MDE_RemoteLogon_External": 0}, 0, {}) == (
        stats.branches,
        stats.read,
        stats.sources,
    )


def test_invalid_records_carry_their_reason_and_place():
    """``result.invalid`` holds each rejection in input order, with its reason and place.

    Each names its source, shape, origin, line and failing fields; the record itself is kept.
    """
    invalid = detect(heterogeneous(), now=NOW).invalid
    assert [
        ("SecurityEvent", "sentinel.SecurityEvent", None, None, ("TimeGenerated",), BAD_TIME),
        (None, None, "batch.ndjson", 5, (), {"foo": 1}),
        (
            "SecurityEvent",
            "sentinel.SecurityEvent",
            "batch.ndjson",
            6,
            ("TimeGenerated",),
            BAD_TIME,
        ),
        (None, None, "batch.ndjson", 7, (), "{oops"),
        (None, None, None, None, (), []),
        (None, None, None, None, (), "SecurityEvent"),
        (None, None, None, None, (), None),
        (None, None, None, None, (), 42),
    ] == [(i.source, i.adapter, i.origin, i.line, i.fields, i.record) for i in invalid]
    assert [True] * 8 == [bool(i.reason) for i in invalid]
    assert ("yesterday" in invalid[0].reason, "line 7 is not JSON") == (True, invalid[3].reason)


def test_stats_to_dict():
    """The counts convert to plain JSON-ready data."""
    stats = detect([windows(), [], windows(EventID=4625)], now=NOW, branches=[RDP]).stats
    assert {
        "read": 3,
        "matched": 1,
        "not_matched": 1,
        "invalid": 1,
        "findings": 1,
        "sources": {
            "(unrecognised)": {"read": 1, "matched": 0, "not_matched": 0, "invalid": 1},
            "SecurityEvent": {"read": 2, "matched": 1, "not_matched": 1, "invalid": 0},
        },
        "adapters": {"sentinel.SecurityEvent": 2},
        "branches": {"SecurityEvent_RDP_External": 1},
    } == stats.to_dict()


def test_an_invalid_record_never_stops_the_run():
    """Rejections before, between and after good records cost those records only."""
    rows = [BAD_TIME, windows(TargetUserName="a"), None, windows(TargetUserName="b"), BAD_TIME]
    rejected: list[InvalidEvent] = []
    found = list(iter_findings(rows, now=NOW, on_invalid=rejected.append))
    assert (["a", "b"], 3) == ([f.account_name for f in found], len(rejected))


def test_validate_all_counts_malformed_records_no_branch_could_match():
    """``validate_all=True`` counts malformed records that no branch could match as invalid.

    By default such a record (a 4625, a failed MDE logon) is not validated: it counts as not
    matched. The findings are identical either way.
    """
    rows = [
        windows(EventID=4625, TimeGenerated="yesterday"),
        hunting(ActionType="LogonFailed", Timestamp="soon"),
        windows(),
    ]
    fast, strict = detect(rows, now=NOW), detect(rows, now=NOW, validate_all=True)
    assert ((1, 2, 0), (1, 0, 2)) == (
        (fast.stats.matched, fast.stats.not_matched, fast.stats.invalid),
        (strict.stats.matched, strict.stats.not_matched, strict.stats.invalid),
    )
    assert fast.findings == strict.findings


# --- sorting -------------------------------------------------------------------------------


def test_findings_are_newest_first():
    """The union is sorted by TimeGenerated, newest first, whatever the input order."""
    rows = [
        windows(TimeGenerated="2026-12-04T01:00:00Z", TargetUserName="t1"),
        hunting(Timestamp="2026-12-04T03:00:00Z", AccountName="t3"),
        signin(TimeGenerated="2026-12-04T02:00:00Z", UserPrincipalName="t2"),
        windows(TimeGenerated="2026-12-04T11:59:59.999999Z", TargetUserName="t4"),
    ]
    assert ["t4", "t3", "t2", "t1"] == [f.account_name for f in detect(rows, now=NOW).findings]


def test_ties_are_broken_deterministically():
    """Findings at the same instant come out in the same order for any input order.

    That includes one event arriving as a Sentinel row and as an advanced-hunting row, which
    differ only in their record shape.
    """
    same_time = "2026-12-04T09:00:00Z"
    mde = hunting(Timestamp=same_time)
    rows = [
        windows(TimeGenerated=same_time, TargetUserName="b"),
        windows(TimeGenerated=same_time, TargetUserName="a"),
        windows(TimeGenerated=same_time, TargetUserName="a", IpAddress="8.10.20.30"),
        windows(TimeGenerated=same_time, TargetUserName="a", LogonType=3),
        signin(TimeGenerated=same_time),
        mde,
        {**mde, "Type": "DeviceLogonEvents"},
        RawRecord(mde, "x.ndjson", 1),
    ]
    first = detect(rows, now=NOW).findings
    shuffles = [random.Random(seed).sample(rows, len(rows)) for seed in range(12)]  # noqa: S311
    assert [first] * 12 == [detect(r, now=NOW).findings for r in shuffles]
    assert 8 == len(first)


# --- iter_findings: streaming ----------------------------------------------------------------


def test_iter_findings_consumes_an_infinite_stream_lazily():
    """``iter_findings`` yields each finding as soon as it is found, reading no further.

    Three findings from an endless generator where every other event fires read exactly five
    events, and the provided ``Tally`` counts exactly those.
    """
    read = itertools.count(1)
    consumed = 0

    def endless():
        nonlocal consumed
        for n in read:
            consumed = n
            yield windows(TargetUserName=f"u{n}", EventID=4624 if n % 2 else 4625)

    tally = Tally()
    found = list(itertools.islice(iter_findings(endless(), now=NOW, tally=tally), 3))
    stats = tally.freeze()
    assert (["u1", "u3", "u5"], 5, (5, 3, 2, 0, 3)) == (
        [f.account_name for f in found],
        consumed,
        (stats.read, stats.matched, stats.not_matched, stats.invalid, stats.findings),
    )


def test_iter_findings_yields_in_input_order_unsorted():
    """Findings come in input order (no sort: that needs the whole input)."""
    rows = [
        windows(TimeGenerated="2026-12-04T01:00:00Z", TargetUserName="older"),
        windows(TimeGenerated="2026-12-04T02:00:00Z", TargetUserName="newer"),
    ]
    assert ["older", "newer"] == [f.account_name for f in iter_findings(rows, now=NOW)]


# --- explain -------------------------------------------------------------------------------


def test_explain_a_record_with_a_mapped_private_address():
    """``explain`` shows every condition of every branch of the record's source.

    It gives the shape, the source and the place; each leaf has its column, the value read and
    why. The IPv4-mapped private address is named as such, with its block.
    """
    record = RawRecord(windows(IpAddress="::ffff:10.2.3.4"), "x.ndjson", 3)
    e = explain(record, now=NOW)
    rdp = e.branches[0]
    assert (
        "sentinel.SecurityEvent",
        "SecurityEvent",
        None,
        ("x.ndjson", 3),
        ["SecurityEvent_RDP_External", "SecurityEvent_NetworkLogon_External"],
        [False, False],
    ) == (
        e.adapter,
        e.source,
        e.invalid,
        (e.origin, e.line),
        [b.branch for b in e.branches],
        [b.matched for b in e.branches],
    )
    leaves = [(c.column, c.value, c.passed) for c in rdp.check.children]
    assert [
        ("TimeGenerated", datetime(2026, 12, 4, 9, 0, tzinfo=UTC), True),
        ("EventID", 4624, True),
        ("LogonType", 10, True),
        ("IpAddress", "::ffff:10.2.3.4", False),
    ] == leaves
    detail = rdp.check.children[-1].detail
    assert (True, True, None) == ("PRIVATE" in detail, "10.0.0.0/8" in detail, rdp.finding)


def test_explain_a_firing_record_gives_its_finding():
    """A matching branch's explanation carries the finding ``detect`` would report."""
    e = explain(hunting(), now=NOW)
    assert (["MDE_RemoteLogon_External"], [True], list(detect([hunting()], now=NOW).findings)) == (
        [b.branch for b in e.branches],
        [b.matched for b in e.branches],
        [b.finding for b in e.branches],
    )


def test_explain_junk_and_invalid_records():
    """Junk is unrecognised; a malformed row names its source, place and failing field."""
    junk = explain([1, 2], now=NOW)
    bad = explain(RawRecord(BAD_TIME, "x.ndjson", 9), now=NOW)
    assert [
        (None, None, None, None, None, ()),
        ("sentinel.SecurityEvent", "SecurityEvent", "SecurityEvent", "x.ndjson", 9, ()),
    ] == [
        (e.adapter, e.source, e.invalid.source, e.invalid.origin, e.invalid.line, e.branches)
        for e in (junk, bad)
    ]
    assert ("TimeGenerated",) == bad.invalid.fields


def test_explain_a_readers_rejection():
    """A reader's ``InvalidEvent`` is explained as the rejection it is, with its place."""
    e = explain(UNREADABLE, now=NOW)
    assert (UNREADABLE, "{oops", ("batch.ndjson", 7), ()) == (
        e.invalid,
        e.record,
        (e.origin, e.line),
        e.branches,
    )


def test_explain_a_typed_event():
    """A typed event has no record shape; its source's branches explain it."""
    e = explain(WindowsLogonEvent.model_validate(windows(LogonType=3)), now=NOW)
    assert (None, "SecurityEvent", [False, True]) == (
        e.adapter,
        e.source,
        [b.matched for b in e.branches],
    )


# --- derived and new branches ----------------------------------------------------------------


def test_where_narrows_a_branch_to_some_computers():
    """``rdp.where(one_of("Computer", ...), name=...)`` fires only for those computers.

    Its findings carry its own name; the original branch is unchanged.
    """
    jump = RDP.where(one_of("Computer", {"jump01.corp.example"}), name="RDP_Jump_External")
    rows = [windows(Computer="jump01.corp.example"), windows(Computer="srv-app01.corp.example")]
    assert [("RDP_Jump_External", "jump01.corp.example")] == [
        (f.detection_branch, f.computer) for f in detect(rows, now=NOW, branches=[jump]).findings
    ]
    assert ("SecurityEvent_RDP_External", 2) == (
        RDP.name,
        len(detect(rows, now=NOW, branches=[RDP]).findings),
    )


def test_a_different_app_list_beside_the_builtin():
    """A sign-in branch with another app list runs beside the built-in one."""
    contoso = vpn_signin_branch(apps=("Contoso Remote",), name="AAD_Contoso_Remote_External")
    rows = [signin(AppDisplayName="Contoso Remote (EU)"), signin(AppDisplayName="Citrix Gateway")]
    result = detect(rows, now=NOW, branches=[*ALL_BRANCHES, contoso])
    assert [
        ("AAD_Contoso_Remote_External", "Contoso Remote (EU)"),
        ("AAD_VPN_Citrix_External", "Citrix Gateway"),
    ] == sorted((f.detection_branch, f.target_service) for f in result.findings)


def test_a_branch_lookback_overrides_the_run():
    """``branch.replace(lookback=1 h)`` keeps only the last hour for that branch.

    The run's 24 h still holds for the others.
    """
    last_hour = RDP.replace(lookback=timedelta(hours=1), name="RDP_LastHour")
    rows = [
        windows(TimeGenerated="2026-12-04T10:00:00Z", TargetUserName="two-hours"),
        windows(TimeGenerated="2026-12-04T11:30:00Z", TargetUserName="half-hour"),
    ]
    result = detect(rows, now=NOW, branches=[RDP, last_hour])
    assert [
        ("RDP_LastHour", "half-hour"),
        ("SecurityEvent_RDP_External", "half-hour"),
        ("SecurityEvent_RDP_External", "two-hours"),
    ] == sorted((f.detection_branch, f.account_name) for f in result.findings)


def test_a_branch_policy_overrides_the_run():
    """``branch.replace(policy=...)`` judges addresses by its own policy.

    The run's policy judges the other branches.
    """
    own = RDP.replace(policy=NetworkPolicy(internal=["81.2.69.0/24"]), name="RDP_NotOurEgress")
    rows = [windows(IpAddress="81.2.69.144"), windows(IpAddress="8.10.20.30")]
    result = detect(
        rows, now=NOW, branches=[RDP, own], policy=NetworkPolicy(internal=["8.10.20.0/24"])
    )
    assert [
        ("RDP_NotOurEgress", "8.10.20.30"),
        ("SecurityEvent_RDP_External", "81.2.69.144"),
    ] == sorted((f.detection_branch, f.source_ip) for f in result.findings)


def test_a_new_branch_in_a_few_lines():
    """A new branch (cleartext network logons, type 8) needs no change to the engine."""
    cleartext = Branch(
        name="SecurityEvent_Cleartext_External",
        source="SecurityEvent",
        condition=equals("EventID", 4624) & equals("LogonType", 8) & external_ip("IpAddress"),
        projection=Projection(
            account_name=Column("TargetUserName"),
            source_ip=Column("IpAddress"),
            target_service=Constant("NetworkCleartext"),
            computer=Column("Computer"),
        ),
        severity="high",
    )
    rows = [windows(LogonType=8), windows(LogonType=8, IpAddress="10.1.2.3"), windows()]
    result = detect(rows, now=NOW, branches=[*ALL_BRANCHES, cleartext])
    assert [
        (
            "SecurityEvent_Cleartext_External",
            "NetworkCleartext",
            "high",
            ("TA0001:T1133", "TA0003:T1133"),
        ),
        (
            "SecurityEvent_RDP_External",
            "RDP_RemoteInteractive",
            "high",
            ("TA0001:T1133", "TA0003:T1133"),
        ),
    ] == sorted(
        (f.detection_branch, f.target_service, f.severity, f.techniques) for f in result.findings
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"lookback": timedelta(0)}, "lookback must be a positive"),
        ({"severity": "urgent"}, "severity"),
    ],
)
def test_a_bad_branch_value_raises_config_error(changes, message):
    """A branch with a non-positive lookback or an unknown severity cannot be made."""
    with pytest.raises(ConfigError, match=message):
        RDP.replace(**changes)


# --- the bundled sample ------------------------------------------------------------------------


def _sample_record(number: int, line: str) -> object:
    try:
        return RawRecord(json.loads(line), SAMPLE.name, number)
    except ValueError as exc:  # a reader passes its rejection on, as the CLI's readers do
        return InvalidEvent(line, str(exc), origin=SAMPLE.name, line=number)


def _sample_records() -> list[object]:
    with SAMPLE.open(encoding="utf-8") as lines:
        return [_sample_record(number, line) for number, line in enumerate(lines, 1)]


def _utc_text(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(UTC)


@pytest.mark.skipif(not SAMPLE.exists(), reason="examples/data/sample.ndjson is not there yet")
def test_bundled_sample_gives_the_independently_written_findings():
    """The engine finds exactly the bundled sample's independently written findings.

    ``examples/data/sample.expected.json`` is written by the sample's generator from the events
    it planted, not by t1133. Findings come newest first; every line is accounted for.
    """
    expected = json.loads(SAMPLE_EXPECTED.read_text(encoding="utf-8"))
    records = _sample_records()
    result = detect(records, now=SAMPLE_NOW)

    def canonical(rows: list[dict[str, object]]) -> list[tuple[object, ...]]:
        # Instants compared as instants: hand-written text may spell the fraction differently.
        return sorted(
            (_utc_text(str(r["TimeGenerated"])), *(r[k] for k in FINDING_FIELDS[1:])) for r in rows
        )

    actual = fields(result.findings)
    assert canonical(expected) == canonical(actual)
    times = [_utc_text(str(r["TimeGenerated"])) for r in actual]
    assert sorted(times, reverse=True) == times
    stats = result.stats
    assert (len(records), stats.read) == (
        stats.read,
        stats.matched + stats.not_matched + stats.invalid,
    )
    assert {b.name for b in ALL_BRANCHES} == {f["DetectionBranch"] for f in expected}


# --- properties ------------------------------------------------------------------------------

# Built-in and derived branches, for the properties over sets of branches.
BRANCH_POOL = (
    *ALL_BRANCHES,
    RDP.where(one_of("Computer", {"srv-app01.corp.example"}), name="RDP_App01"),
    vpn_signin_branch(apps=("Citrix Gateway",), name="AAD_Citrix_Only"),
    NETWORK.replace(lookback=timedelta(hours=2), name="Network_LastTwoHours"),
)


def _records(planted: list[Planted]) -> list[object]:
    return [p.record for p in planted]


def _canonical(row: dict[str, object]) -> str:
    return json.dumps(row, sort_keys=True)


@STREAMS
@given(planted=planted_streams())
def test_findings_are_the_planted_ones(planted):
    """On any mix of records the findings are exactly those the issue's table gives.

    The expected findings are worked out by hand-written rules in ``strategies.py``; the
    engine's come newest first.
    """
    result = detect(_records(planted), now=EVENT_NOW)
    expected = [f for p in planted for f in p.findings]
    assert sorted(expected, key=_canonical) == sorted(fields(result.findings), key=_canonical)
    times = [f.time_generated for f in result.findings]
    assert sorted(times, reverse=True) == times


@STREAMS
@given(planted=planted_streams())
def test_every_record_is_counted_once(planted):
    """Every record read is counted exactly once: matched, not matched or invalid.

    Per source and overall; with ``validate_all`` the invalid ones are exactly the planted
    invalid ones, and the matched ones those with planted findings.
    """
    result = detect(_records(planted), now=EVENT_NOW, validate_all=True)
    s = result.stats
    per_source = Counter(p.source for p in planted)
    assert (len(planted), s.read) == (s.read, s.matched + s.not_matched + s.invalid)
    assert dict(per_source) == {k: v.read for k, v in s.sources.items()}
    assert [] == [
        k for k, v in s.sources.items() if v.read != v.matched + v.not_matched + v.invalid
    ]
    assert (
        sum(not p.valid for p in planted),
        sum(bool(p.findings) for p in planted),
        len(result.findings),
        len(result.invalid),
    ) == (s.invalid, s.matched, s.findings, s.invalid)
    assert (s.findings, {b.name for b in ALL_BRANCHES}) == (
        sum(s.branches.values()),
        set(s.branches),
    )


@STREAMS
@given(planted=planted_streams(), data=st.data())
def test_union_equals_the_single_branch_runs(planted, data):
    """The union of a run equals the union of single-branch runs over the same input."""
    branches = data.draw(st.lists(st.sampled_from(BRANCH_POOL), unique_by=lambda b: b.name))
    records = _records(planted)
    singles = [f for b in branches for f in detect(records, now=EVENT_NOW, branches=[b]).findings]
    union = detect(records, now=EVENT_NOW, branches=branches).findings
    assert tuple(sorted(singles, key=Finding.sort_key)) == union


@STREAMS
@given(planted=planted_streams(), data=st.data())
def test_branch_order_never_changes_the_result(planted, data):
    """Any order of the branches gives the same findings and the same counts."""
    order = data.draw(st.permutations(BRANCH_POOL))
    records = _records(planted)
    first = detect(records, now=EVENT_NOW, branches=BRANCH_POOL)
    again = detect(records, now=EVENT_NOW, branches=order)
    assert (first.findings, first.stats, first.invalid) == (
        again.findings,
        again.stats,
        again.invalid,
    )


@STREAMS
@given(planted=planted_streams(), data=st.data())
def test_adding_a_branch_never_removes_a_finding(planted, data):
    """Findings of a set of branches are all still there when one more branch is added."""
    branches = data.draw(st.lists(st.sampled_from(BRANCH_POOL), unique_by=lambda b: b.name))
    extra = data.draw(st.sampled_from([b for b in BRANCH_POOL if b not in branches] or [None]))
    records = _records(planted)
    before = Counter(detect(records, now=EVENT_NOW, branches=branches).findings)
    more = [*branches, extra] if extra is not None else branches
    after = Counter(detect(records, now=EVENT_NOW, branches=more).findings)
    assert Counter() == before - after


@settings(max_examples=150, deadline=None)
@given(
    records=st.lists(
        st.one_of(planted_records().map(lambda p: p.record), mangled_rows()), max_size=15
    )
)
def test_the_prefilter_never_changes_findings(records):
    """The prefilter never changes findings.

    Skipping validation of records no branch can match (the default) finds exactly what
    validating everything finds; only the invalid count may grow, by records counted as not
    matched before.
    """
    fast = detect(records, now=EVENT_NOW, branches=BRANCH_POOL)
    strict = detect(records, now=EVENT_NOW, branches=BRANCH_POOL, validate_all=True)
    assert strict.findings == fast.findings
    grown = strict.stats.invalid - fast.stats.invalid
    assert (strict.stats.read, strict.stats.matched, grown >= 0) == (
        fast.stats.read,
        fast.stats.matched,
        fast.stats.not_matched - strict.stats.not_matched == grown,
    )


@STREAMS
@given(planted=planted_records())
def test_explain_agrees_with_detect(planted):
    """For any record, ``explain`` matches the branches whose findings ``detect`` reports."""
    e = explain(planted.record, now=EVENT_NOW)
    found = detect([planted.record], now=EVENT_NOW).findings
    assert fields(found) == fields(b.finding for b in e.branches if b.matched)


def test_columns_given_by_attribute_name_are_judged_like_validation():
    """A row keyed by attribute names (event_id, logon_type) gives the same findings either way.

    The pre-checks read Sentinel column names; a column given only by its attribute name must
    leave the decision to the model, which accepts both names.
    """
    row = {
        "Type": "SecurityEvent",
        "TimeGenerated": "2026-12-04T10:00:00Z",
        "event_id": 4624,
        "logon_type": 10,
        "ip_address": "81.2.69.144",
        "target_user_name": "jdoe",
    }
    fast = detect([row], now="2026-12-04T12:00:00Z")
    full = detect([row], now="2026-12-04T12:00:00Z", validate_all=True)
    assert ["SecurityEvent_RDP_External"] == [f.detection_branch for f in full.findings]
    assert full.findings == fast.findings


def test_thousands_of_digits_in_a_number_column_are_an_invalid_record():
    """A 5,000-digit EventID or LogonType is one invalid record, not a crashed run."""
    row = {
        "Type": "SecurityEvent",
        "TimeGenerated": "2026-12-04T10:00:00Z",
        "EventID": 4624,
        "LogonType": "1" * 5000,
        "IpAddress": "81.2.69.144",
    }
    result = detect([row, dict(row, EventID="9" * 5000)], now="2026-12-04T12:00:00Z")
    assert (2, 2) == (result.stats.read, result.stats.invalid)
    assert ["LogonType"] == list(result.invalid[0].fields)
