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

from sources.windows_cases import DATA, FIXTURES, findings, load_json, read_json_lines
from strategies import EVENT_LOOKBACK, EVENT_NOW, WINDOWS_SHAPES, windows_renderings
from t1133.sources import ADAPTERS, recognize_adapter
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


@pytest.mark.skipif(not DATA.is_dir(), reason="../shared/data is not available")
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
