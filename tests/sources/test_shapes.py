"""Tests across record shapes: recognition is unambiguous, and every shape finds the same.

Every JSON file under ``tests/fixtures/`` (all shapes, the native Sentinel rows included) and the
real JSON exports under ``../shared/data/`` are searched for records; no record may be claimed
by two adapters.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sources.shape_cases import DATA, FIXTURES, NO_DATA, findings, load_cases
from strategies import junk_at_any_depth, rendered_logons
from t1133 import ADAPTERS, EventModel, InvalidEvent, recognize_adapter, try_parse_event

MY_SHAPES = ("splunk", "graph", "azure_monitor", "defender_stream", "ocsf")
_BY_TYPE = {name: a.id for a in ADAPTERS.values() for name in a.type_names}


def takers(record: dict) -> set[str]:
    """The adapters that would take a record: its known ``Type``'s, else every claimant."""
    table = record.get("Type")
    if isinstance(table, str) and table in _BY_TYPE:
        return {_BY_TYPE[table]}
    return {adapter.id for adapter in ADAPTERS.values() if adapter.claims(record)}


def _objects(value: object) -> Iterator[dict]:
    """Every JSON object in a value, nested ones included."""
    if isinstance(value, dict):
        yield value
        for child in value.values():
            yield from _objects(child)
    elif isinstance(value, list):
        for child in value:
            yield from _objects(child)


def _json_documents(path: Path) -> list[object]:
    text = path.read_text(encoding="utf-8")
    try:
        return [json.loads(text)]
    except json.JSONDecodeError:  # JSON lines
        return [json.loads(line) for line in text.splitlines() if line.strip()]


def ambiguous_objects(path: Path) -> list[tuple[list[str], list[str]]]:
    """The JSON objects of a file, nested ones included, that two adapters would take.

    Each is given as its takers and its first six keys, enough to find it in the file.
    """
    return [
        (sorted(takers(obj)), sorted(obj)[:6])
        for document in _json_documents(path)
        for obj in _objects(document)
        if len(takers(obj)) > 1
    ]


def _fixture_files() -> list[Path]:
    return sorted(FIXTURES.rglob("*.json"))


def _real_files() -> list[Path]:
    """The real exports that are JSON (a document or JSON lines); text logs are left out."""
    if not DATA.is_dir():
        return []
    files = sorted(p for p in DATA.iterdir() if p.suffix in (".json", ".jsonl", ".log"))
    return [p for p in files if p.read_text(encoding="utf-8").lstrip()[:1] in ("{", "[")]


def _known_records() -> list[object]:
    """The records whose shape the fixtures state: case records, native rows, Sentinel rows."""
    params = [
        pytest.param(case[role], id=f"{shape}/{name}/{role}")
        for shape in MY_SHAPES
        for cases in load_cases(shape).values()
        if isinstance(cases, dict)
        for name, case in cases.items()
        for role in ("record", "native")
        if role in case
    ]
    for path in sorted((FIXTURES / "sentinel").glob("*.json")):
        rows = json.loads(path.read_text(encoding="utf-8"))
        params += [
            pytest.param(row, id=f"sentinel/{path.stem}/{name}") for name, row in rows.items()
        ]
    return params


@pytest.mark.parametrize("record", _known_records())
def test_each_fixture_record_is_taken_by_exactly_one_adapter(record):
    """Each record of every shape's fixtures is claimed by exactly one adapter: its own."""
    claimed = takers(record)
    assert (1, claimed) == (len(claimed), {recognize_adapter(record).id})


@pytest.mark.parametrize("path", _fixture_files(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_no_object_in_any_fixture_file_is_claimed_twice(path):
    """No JSON object anywhere in the fixtures, nested ones included, has two claimants."""
    assert [] == ambiguous_objects(path)


@pytest.mark.skipif(not DATA.is_dir(), reason=NO_DATA)
@pytest.mark.parametrize("path", _real_files(), ids=lambda p: p.name)
def test_no_object_in_any_real_export_is_claimed_twice(path):
    """No record of the real exports (any shape), nested ones included, has two claimants."""
    assert [] == ambiguous_objects(path)


def test_all_cases_of_all_shapes_at_once_find_what_the_native_rows_find():
    """One mixed input of every shape's cases gives the findings of all native rows."""
    records, natives, branches = [], [], []
    for shape in MY_SHAPES:
        cases = load_cases(shape)
        for group in ("positives", "negatives"):
            for case in cases[group].values():
                records.append(case["record"])
                natives.append(case["native"])
                branches += case["branches"]
    expected = findings(natives)
    assert expected == findings(records)
    assert sorted(branches) == sorted(f["DetectionBranch"] for f in expected)


@settings(max_examples=150, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(rendered_logons(), max_size=12), st.randoms(use_true_random=False))
def test_generated_logons_in_a_shuffled_mix_of_shapes_give_the_native_findings(logons, rnd):
    """Logons each written in any shape, shuffled together, find what the native rows find."""
    natives = [native for _, _, native in logons]
    records = [record for _, record, _ in logons]
    rnd.shuffle(records)
    assert findings(natives) == findings(records)


def _case_records() -> list[dict]:
    return [
        case["record"]
        for shape in MY_SHAPES
        for cases in load_cases(shape).values()
        if isinstance(cases, dict)
        for case in cases.values()
    ]


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(junk_at_any_depth(_case_records()))
def test_junk_at_any_depth_gives_an_event_or_an_invalid_event(record):
    """Claims never raise and parsing never escapes, whatever a field of any shape holds."""
    claimed = takers(record)
    result = try_parse_event(record)
    assert len(claimed) <= 1
    assert isinstance(result, (EventModel, InvalidEvent))
