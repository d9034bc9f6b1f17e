"""The Windows Security event shapes together: unambiguous recognition, identical findings.

Recognition: over fixtures of every Windows shape (ECS, NXLog, Winlogbeat 6, event XML) and the
Sentinel fixtures, exactly one registered adapter claims each record. Invariance: a logon written
in every shape gives the findings of its native Sentinel row, shape by shape and mixed.
"""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sources.shape_cases import DATA, FIXTURES, NO_DATA, load_json, read_json_lines
from sources.windows_cases import findings
from strategies import EVENT_LOOKBACK, EVENT_NOW, WINDOWS_SHAPES, windows_renderings
from t1133 import InvalidEvent, WindowsLogonEvent, detect
from t1133.sources import ADAPTERS, recognize_adapter, try_parse_event
from t1133.sources.winxml import iter_xml_events

#: The adapter each shape's records must be recognised as.
SHAPE_ADAPTER = {
    "ecs.nested": "ecs.windows",
    "ecs.flat": "ecs.windows",
    "ecs.mixed": "ecs.windows",
    "nxlog": "nxlog.windows",
    "winlogbeat6": "winlogbeat6.windows",
    "winxml": "windows.xml",
}


def xml_records(path: Path) -> list[Any]:
    """Return the event records of an XML file."""
    return list(iter_xml_events(path.read_bytes()))


def fixture_records() -> list[tuple[str, str, Any]]:
    """Return (fixture name, expected adapter id, record) for every Windows and Sentinel fixture."""
    found: list[tuple[str, str, Any]] = []
    shapes = {"ecs": "ecs.windows", "nxlog": "nxlog.windows", "winlogbeat6": "winlogbeat6.windows"}
    for shape, adapter in shapes.items():
        found += [(f"{shape}/{k}", adapter, r) for k, r in load_json(shape, "logons.json").items()]
        invalid = load_json(shape, "invalid.json").items()
        found += [(f"{shape}/invalid/{k}", adapter, spec["record"]) for k, spec in invalid]
    for path in sorted((FIXTURES / "winxml").rglob("*.xml")):
        name = str(path.relative_to(FIXTURES))
        found += [(name, "windows.xml", r) for r in xml_records(path)]
    sentinel = {
        "SecurityEvent": "sentinel.SecurityEvent",
        "SecurityEvent_equivalents": "sentinel.SecurityEvent",
        "SigninLogs": "sentinel.SigninLogs",
    }
    for table, adapter in sentinel.items():
        rows = load_json("sentinel", f"{table}.json").items()
        found += [(f"sentinel/{table}/{k}", adapter, r) for k, r in rows]
    rows = load_json("sentinel", "DeviceLogonEvents.json")
    found += [(f"sentinel/DeviceLogonEvents/{k}", "", r) for k, r in rows.items()]
    return found


def sample_records() -> list[tuple[str, str, Any]]:
    """Return the real samples of the Windows shapes, where ../shared/data has them."""
    samples = {
        "ecs_winlogbeat_security_windows2012r2_logon_golden.json": "ecs.windows",
        "mordor_covenant_psremoting_command_2020-08-06_logon_subset.jsonl": "nxlog.windows",
        "mordor_empire_enable_rdp_2019-05-18_winlogbeat6_logon_subset.jsonl": (
            "winlogbeat6.windows"
        ),
        "winevtx_security_4624_network_wmi_lateral_evtx-attack-samples.xml": "windows.xml",
        "sentinel_securityevent_otrf_goldensaml_WindowsEvents.jsonl": "",
    }
    found: list[tuple[str, str, Any]] = []
    for name, adapter in samples.items():
        path = DATA / name
        if not path.is_file():
            continue
        if name.endswith(".xml"):
            records = xml_records(path)
        elif name.endswith(".jsonl"):
            records = read_json_lines(path)
        else:
            records = json.loads(path.read_text(encoding="utf-8"))
        found += [(f"{name}:{n}", adapter, r) for n, r in enumerate(records, start=1)]
    return found


#: The Windows Security adapters: these must exclude one another by shape alone, Type or not.
WINDOWS_ADAPTERS = ("sentinel.SecurityEvent", *sorted(set(SHAPE_ADAPTER.values())))


def claimers(record: Any) -> list[str]:
    """Return the ids of every adapter that claims a record.

    A Log Analytics table name in ``Type`` decides outright (as the registry does); otherwise
    each adapter's ``claims`` is asked.
    """
    table = record.get("Type")
    by_type = [a.id for a in ADAPTERS.values() if table in a.type_names]
    return by_type or sorted(a.id for a in ADAPTERS.values() if a.claims(record))


def windows_claimers(record: Any) -> list[str]:
    """Return the ids of the Windows adapters whose ``claims`` is true, ``Type`` ignored."""
    return [i for i in WINDOWS_ADAPTERS if ADAPTERS[i].claims(record)]


def test_each_fixture_is_claimed_by_exactly_one_adapter():
    """No fixture of the Windows shapes or of Sentinel is claimed by two adapters, or by none."""
    records = fixture_records()
    assert len(records) > 80
    for name, adapter, record in records:
        claimed = claimers(record)
        assert [recognize_adapter(record).id] == claimed, name  # type: ignore[union-attr]
        assert adapter in ("", claimed[0]), name
        assert len(windows_claimers(record)) <= 1, name


@pytest.mark.skipif(not DATA.is_dir(), reason=NO_DATA)
def test_each_real_sample_is_claimed_by_exactly_one_adapter():
    """Every event of the real Windows samples is claimed by exactly one adapter, its own."""
    records = sample_records()
    assert records
    for name, adapter, record in records:
        claimed = claimers(record)
        assert 1 == len(claimed), (name, claimed)
        assert adapter in ("", claimed[0]), name
        assert len(windows_claimers(record)) <= 1, name


def normalised(found: list[dict[str, Any]]) -> list[str]:
    """Findings as sorted JSON texts, the source address in canonical form (::ffff: removed)."""
    return sorted(json.dumps({**f, "SourceIP": canonical(f["SourceIP"])}) for f in found)


def canonical(address: str | None) -> str | None:
    """An address's canonical text (an IPv4-mapped IPv6 address as its IPv4); else unchanged."""
    try:
        ip = ipaddress.ip_address(address)  # type: ignore[arg-type]
    except ValueError:
        return address
    return str(getattr(ip, "ipv4_mapped", None) or ip)


def records_of(shape: str, rendered: object) -> list[object]:
    """The records a rendering gives (the XML text of an event is read first)."""
    return list(iter_xml_events(rendered)) if shape == "winxml" else [rendered]  # type: ignore[arg-type]


@settings(max_examples=60, deadline=None)
@given(renderings=st.lists(windows_renderings(), min_size=1, max_size=4), data=st.data())
def test_every_windows_shape_gives_the_native_findings(renderings, data):
    """Logons written as ECS, NXLog, Winlogbeat 6 and XML give their native rows' findings.

    Shape by shape and in a shuffled mix of all shapes; times compared as instants, addresses
    after normalisation (Winlogbeat strips ``::ffff:`` from ``source.ip``).
    """
    run = {"now": EVENT_NOW, "lookback": EVENT_LOOKBACK}
    expected = normalised(findings([r.native for r in renderings], **run))
    mix: list[object] = []
    for shape in WINDOWS_SHAPES:
        records = [x for r in renderings for x in records_of(shape, r.shapes[shape])]
        recognised = [recognize_adapter(x).id for x in records]  # type: ignore[union-attr]
        assert [SHAPE_ADAPTER[shape]] * len(renderings) == recognised
        assert expected == normalised(findings(records, **run)), shape
        mix += records
    shuffled = data.draw(st.permutations(mix))
    assert sorted(expected * len(WINDOWS_SHAPES)) == normalised(findings(shuffled, **run))


#: One RDP logon in each Windows shape that maps its own fields (all but native Sentinel rows),
#: and where the shape writes the event id, the channel and the logon type (every place).
RULE_CASES = {
    "ecs.windows": (
        ("ecs", "logons.json", "rdp_public"),
        "winlog.event_id",
        "winlog.channel",
        ("winlog.event_data.LogonType", "winlog.logon.type"),
    ),
    "nxlog.windows": (("nxlog", "logons.json", "rdp_public"), "EventID", "Channel", ("LogonType",)),
    "winlogbeat6.windows": (
        ("winlogbeat6", "logons.json", "rdp_public"),
        "event_id",
        "log_name",
        ("event_data.LogonType",),
    ),
    "windows.xml": (
        ("winxml", "cases", "rdp_public.xml"),
        "Event.System.EventID",
        "Event.System.Channel",
        ("Event.EventData.LogonType",),
    ),
    "splunk.windows": (
        ("splunk", "cases.json", "xmlwineventlog_rdp"),
        "EventCode",
        "Channel",
        ("LogonType",),
    ),
}
_DELETE = object()


def rule_record(adapter: str, **changes: object) -> dict[str, Any]:
    """Return a copy of a shape's RDP logon with the named parts (event_id, channel) changed.

    ``changes`` maps ``event_id`` / ``channel`` / ``logon_type`` to a new value, or to
    ``_DELETE`` to drop every place the shape writes it.
    """
    (shape, name, case), *paths = RULE_CASES[adapter]
    if shape == "winxml":
        record = xml_records(FIXTURES / shape / name / case)[0]
    elif shape == "splunk":
        record = load_json(shape, name)["positives"][case]["record"]
    else:
        record = load_json(shape, name)[case]
    record = json.loads(json.dumps(record))
    where = dict(zip(("event_id", "channel", "logon_type"), paths, strict=True))
    for part, value in changes.items():
        spots = where[part] if isinstance(where[part], tuple) else (where[part],)
        for path in spots:
            *parents, last = path.split(".")
            node = record
            for key in parents:
                node = node[key]
            if value is _DELETE:
                node.pop(last, None)
            else:
                node[last] = value
    return record  # type: ignore[no-any-return]


def rejection(record: dict[str, Any]) -> tuple[str | None, tuple[str, ...]]:
    """Return the adapter and fields of a record's InvalidEvent; fail if it is an event."""
    invalid = try_parse_event(record)
    assert isinstance(invalid, InvalidEvent), invalid
    assert 1 == detect([record], validate_all=True).stats.invalid
    return invalid.adapter, invalid.fields


@pytest.mark.parametrize("adapter", sorted(RULE_CASES))
def test_every_windows_shape_reads_its_logon(adapter):
    """The base logon of each shape is valid (the rules below reject only what they change)."""
    assert isinstance(try_parse_event(rule_record(adapter)), WindowsLogonEvent)


@pytest.mark.parametrize("adapter", sorted(RULE_CASES))
@pytest.mark.parametrize("channel", ["System", "Microsoft-Windows-Sysmon/Operational"])
def test_every_windows_shape_rejects_another_channel(adapter, channel):
    """A channel other than Security is invalid in every shape, Splunk's LogName included."""
    actual_adapter, fields = rejection(rule_record(adapter, channel=channel))
    assert (adapter, True) == (actual_adapter, RULE_CASES[adapter][2] in fields)


@pytest.mark.parametrize("adapter", sorted(RULE_CASES))
def test_every_windows_shape_reads_the_security_channel_in_any_case(adapter):
    """'SECURITY' and 'security' are the Security log in every shape."""
    for channel in ("SECURITY", "security"):
        assert isinstance(try_parse_event(rule_record(adapter, channel=channel)), WindowsLogonEvent)


@pytest.mark.parametrize("adapter", sorted(RULE_CASES))
def test_every_windows_shape_requires_a_logon_type_for_4624(adapter):
    """A 4624 without a logon type is invalid in every shape, the logon type's paths named."""
    actual_adapter, fields = rejection(rule_record(adapter, logon_type=_DELETE))
    assert (adapter, True) == (actual_adapter, set(RULE_CASES[adapter][3]) <= set(fields))


@pytest.mark.parametrize("adapter", sorted(RULE_CASES))
@pytest.mark.parametrize(
    "event_id",
    [
        pytest.param("4" * 5000, id="5000 digits"),
        "46244624462",
        "4624.0",
        "-4624",
        "4624x",
        True,
    ],
)
def test_every_windows_shape_rejects_an_event_id_it_cannot_read(adapter, event_id):
    """Event ids past 10 digits (5000: Python's int() limit), signs, fractions: invalid, named.

    The logon-type rule cannot be applied to an event id the shape cannot read, so such a record
    is rejected naming the shape's event id field, never raises, and is never guessed.
    """
    actual_adapter, fields = rejection(rule_record(adapter, event_id=event_id))
    assert (adapter, True) == (actual_adapter, RULE_CASES[adapter][1] in fields)
