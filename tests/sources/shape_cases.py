"""Detection cases of the vendor record shapes, as data, and how their tests run them.

Each ``tests/fixtures/<shape>/cases.json`` holds three groups of cases written from the reference
files with fake values: ``positives`` and ``negatives`` (the record, the equivalent native row,
the branches expected to fire) and ``invalid`` (the record, the failing fields, the reason).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest

from t1133 import detect

FIXTURES = Path(__file__).parents[1] / "fixtures"
DATA = Path(__file__).parents[2] / ".." / "shared" / "data"
NOW = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.utc)
LOOKBACK = timedelta(hours=24)
#: For the real samples: an explicit ``now`` after all of them and a window that holds them all.
SAMPLE_NOW = datetime(2026, 12, 4, 12, 0, tzinfo=timezone.utc)
SAMPLE_LOOKBACK = timedelta(days=20 * 365)
NO_DATA = "../shared/data is not available"


def load_cases(shape: str) -> dict[str, dict[str, Any]]:
    """Return the cases of one shape, by group."""
    return json.loads((FIXTURES / shape / "cases.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


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


def read_json_lines(path: Path) -> list[Any]:
    """Return the JSON value of every non-blank line of a file."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]
