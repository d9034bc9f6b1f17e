"""The detection cases of ``tests/cases/<DetectionBranch>.yaml``, run by one parametrised test.

A case file holds a firing ``record`` of its branch's source, the ``finding`` it gives (the
eight contract fields, written by hand), the run's ``now``, and ``cases``. Each case may:

``set`` / ``unset``
    change or remove columns of the record (most change one, so that the condition it breaks
    is the only reason it does not fire);
``now`` / ``policy``
    replace the run's ``now``, or give a ``NetworkPolicy`` (``internal``,
    ``external_categories``);
``fires``
    say whether the file's branch fires, with ``finding`` holding the fields that differ from
    the file's finding;
``others``
    name the other built-in branches that fire on the same record (default: none), so that
    "each branch only its own" is checked too.

Every case runs with all four built-in branches, in the default mode and with
``validate_all=True`` (which must count no record invalid, so that a negative case can never
pass because its record was rejected), and again as the typed event a caller could pass.
"""

from __future__ import annotations

import copy
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import pytest
import yaml

from t1133 import BRANCHES, FINDING_FIELDS, NetworkPolicy, detect, parse_event

CASES = Path(__file__).parent.parent / "cases"
FILE_KEYS = {"branch", "now", "record", "finding", "cases"}
CASE_KEYS = {"id", "why", "set", "unset", "now", "policy", "fires", "finding", "others"}


def _documents() -> list[dict[str, Any]]:
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(CASES.glob("*.yaml"))]


def _params() -> list[Any]:
    return [
        pytest.param(doc, case, id=f"{doc['branch']}:{case['id']}")
        for doc in _documents()
        for case in doc["cases"]
    ]


def _utc(text: str) -> datetime:
    # fromisoformat takes "Z" only from Python 3.11 on.
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)


def _record(doc: dict[str, Any], case: dict[str, Any]) -> dict[str, Any]:
    record = copy.deepcopy(doc["record"])
    for column in case.get("unset", ()):
        del record[column]
    record.update(copy.deepcopy(case.get("set", {})))
    return record


def _fields(finding: Any) -> dict[str, object]:
    return {name: finding.to_dict()[name] for name in FINDING_FIELDS}


@pytest.mark.parametrize(("doc", "case"), _params())
def test_case(doc, case):
    """The record of the case fires exactly the branches it names, with the finding written.

    Default mode, ``validate_all=True`` and the typed event all agree, and no record is invalid.
    """
    assert set() == set(case) - CASE_KEYS, "unknown keys in the case"
    record = _record(doc, case)
    now = _utc(case.get("now", doc["now"]))
    policy = NetworkPolicy(**case["policy"]) if "policy" in case else None
    result = detect([record], now=now, policy=policy)
    strict = detect([record], now=now, policy=policy, validate_all=True)
    typed = detect([parse_event(record)], now=now, policy=policy)
    fired = [doc["branch"]] if case["fires"] else []
    expected = sorted(fired + case.get("others", []))
    actual = sorted(f.detection_branch for f in result.findings)
    assert (0, expected) == (strict.stats.invalid, actual)
    assert [_fields(f) for f in result.findings] == [_fields(f) for f in strict.findings]
    assert [_fields(f) for f in result.findings] == [_fields(f) for f in typed.findings]
    if case["fires"]:
        mine = [f for f in result.findings if f.detection_branch == doc["branch"]]
        assert [{**doc["finding"], **case.get("finding", {})}] == [_fields(f) for f in mine]


def test_every_builtin_branch_has_a_case_file_with_both_verdicts():
    """Each built-in branch has its file, with firing and non-firing cases, and nothing else."""
    docs = _documents()
    verdicts = {d["branch"]: {c["fires"] for c in d["cases"]} for d in docs}
    assert {name: {True, False} for name in BRANCHES} == verdicts
    assert sorted(f"{name}.yaml" for name in BRANCHES) == sorted(p.name for p in CASES.iterdir())


def test_case_files_are_well_formed():
    """Files use only known keys, a finding of exactly the eight fields, and unique case ids."""
    for doc in _documents():
        ids = [c["id"] for c in doc["cases"]]
        assert (FILE_KEYS, list(FINDING_FIELDS), len(ids)) == (
            set(doc),
            list(doc["finding"]),
            len(set(ids)),
        ), doc["branch"]
