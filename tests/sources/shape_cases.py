"""Detection cases of the vendor record shapes, as data, and the helpers every source test uses.

Each ``tests/fixtures/<shape>/cases.json`` holds three groups of cases written from the reference
files with fake values: ``positives`` and ``negatives`` (the record, the equivalent native row,
the branches expected to fire) and ``invalid`` (the record, the failing fields, the reason).

The helpers here serve all the tests of ``t1133.sources``: where the fixtures and the real
samples (``../shared/data``) are and how they are read, how a run's findings and invalid events
are compared, and how an event's attributes are looked at. The Windows Security shapes add
their own cases in ``windows_cases.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from t1133 import detect, parse_event

FIXTURES = Path(__file__).parents[1] / "fixtures"
DATA = Path(__file__).parents[2] / ".." / "shared" / "data"
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.utc)
LOOKBACK = timedelta(hours=24)
#: For the real samples: an explicit ``now`` after all of them and a window that holds them all.
SAMPLE_NOW = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.utc)
SAMPLE_LOOKBACK = timedelta(days=20 * 365)
NO_DATA = "../shared/data is not available"


def load_json(*parts: str) -> Any:
    """Return a JSON fixture under ``tests/fixtures``."""
    return json.loads(FIXTURES.joinpath(*parts).read_text(encoding="utf-8"))


def load_cases(shape: str) -> dict[str, dict[str, Any]]:
    """Return the cases of one shape, by group."""
    return load_json(shape, "cases.json")  # type: ignore[no-any-return]


def case_params(cases: dict[str, dict[str, Any]], *groups: str) -> list[Any]:
    """Return the cases of some groups as pytest params with their names as ids."""
    return [
        pytest.param(case, id=f"{group}/{name}")
        for group in groups
        for name, case in cases[group].items()
    ]


def findings(
    records: Iterable[object],
    now: datetime = NOW,
    lookback: timedelta = LOOKBACK,
    **options: Any,
) -> list[dict[str, Any]]:
    """Run the engine and return the findings as dicts, without the record shape's id."""
    result = detect(records, now=now, lookback=lookback, **options)
    return [{k: v for k, v in f.to_dict().items() if k != "Adapter"} for f in result.findings]


def branches_fired(record: object) -> list[str]:
    """Return the DetectionBranch of each finding of one record, in the engine's order."""
    return [f["DetectionBranch"] for f in findings([record])]


def invalid_rows(record: object) -> tuple[int, list[tuple[list[str], str, Any, Any]]]:
    """Run the engine on one record with every event validated.

    Returns:
        The count of invalid events, and (fields, reason, source table, adapter id) of each
        invalid event the run kept.
    """
    result = detect([record], validate_all=True)
    rows = [(list(i.fields), i.reason, i.source, i.adapter) for i in result.invalid]
    return result.stats.invalid, rows


def attributes(event: object, names: Iterable[str]) -> dict[str, object]:
    """Return the named attributes of an event, to compare with an expected dict at once."""
    return {name: getattr(event, name) for name in names}


def json_round_trip(event: Any) -> object:
    """Return the event parsed back from its JSON text written by column name."""
    return parse_event(json.loads(event.model_dump_json(by_alias=True)))


def model_columns(model: Any) -> set[str]:
    """Return the column names (the aliases) a pydantic event model reads."""
    return {field.alias for field in model.model_fields.values()}


def read_json_lines(path: Path) -> list[Any]:
    """Return the JSON value of every non-blank line of a file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def sample_marker(sample: str | Path) -> pytest.MarkDecorator:
    """Skip a test when a real sample (a name under ``../shared/data``, or its path) is absent."""
    return pytest.mark.skipif(not (DATA / sample).is_file(), reason=NO_DATA)
