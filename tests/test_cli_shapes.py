"""The command line gives the same findings from every record shape as from native rows."""

from __future__ import annotations

import io
import json
import random
from datetime import datetime
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategies import (
    EVENT_NOW,
    SHAPES_BY_KIND,
    WINDOWS_SHAPES,
    logon_facts,
    render_native,
    render_shape,
    render_windows_shape,
)
from t1133 import FINDING_FIELDS, describe_ip
from t1133.cli import main


def renderings(fact) -> list[tuple[object, dict]]:
    """Every JSON rendering of a logon, each with the native row it must agree with."""
    pairs = [render_shape(fact, shape) for shape in SHAPES_BY_KIND[fact.kind]]
    if fact.kind == "windows":
        for shape in WINDOWS_SHAPES:
            record = render_windows_shape(fact, shape)
            if not isinstance(record, str):  # event XML is text: its own file format
                pairs.append((record, render_native(fact)))
    return pairs


def detect(path: Path) -> list[tuple[object, ...]]:
    """The findings of ``t1133 detect`` on a file, as sorted tuples of the eight fields."""
    out = io.StringIO()
    assert 0 == main(["detect", str(path), "--now", EVENT_NOW.isoformat(), "-q"], stdout=out)
    rows = []
    for line in out.getvalue().splitlines():
        finding = json.loads(line)
        instant = datetime.fromisoformat(finding["TimeGenerated"].replace("Z", "+00:00"))
        # Addresses compare after normalisation: Elastic's pipeline writes ::ffff:81.2.69.160
        # as 81.2.69.160, the same source.
        finding["SourceIP"] = describe_ip(finding["SourceIP"]).effective
        rows.append((instant, *(finding[f] for f in FINDING_FIELDS[1:])))
    return sorted(rows, key=repr)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(logon_facts(), min_size=1, max_size=12), st.randoms(use_true_random=False))
def test_mixed_shapes_file_equals_native_rows(tmp_path, facts, shuffler: random.Random):
    """A shuffled NDJSON of every shape of each logon = the native rows, finding for finding."""
    pairs = [pair for fact in facts for pair in renderings(fact)]
    shuffler.shuffle(pairs)
    mixed, native = tmp_path / "mixed.ndjson", tmp_path / "native.ndjson"
    mixed.write_text("".join(json.dumps(r) + "\n" for r, _ in pairs), encoding="utf-8")
    native.write_text("".join(json.dumps(n) + "\n" for _, n in pairs), encoding="utf-8")
    expected = detect(native)
    assert expected == detect(mixed)
