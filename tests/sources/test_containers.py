"""Tests of t1133.sources.containers: which documents hold records rather than being one."""

from __future__ import annotations

import pytest

from t1133.sources.containers import unwrap_container

SIGNIN = {"createdDateTime": "2026-12-04T10:00:00Z", "appDisplayName": "GlobalProtect"}


@pytest.mark.parametrize(
    ("document", "expected"),
    [
        ({"@odata.context": "https://graph/$metadata#auditLogs/signIns", "value": []}, []),
        ({"value": [SIGNIN]}, [SIGNIN]),
        ({"@odata.nextLink": "https://graph/next", "value": [SIGNIN, 1]}, [SIGNIN, 1]),
        ({"records": [SIGNIN]}, [SIGNIN]),
        ({"preview": False, "init_offset": 0, "results": [SIGNIN]}, [SIGNIN]),
        ({"took": 3, "timed_out": False, "hits": {"hits": [{"_source": SIGNIN}]}}, [SIGNIN]),
        ([SIGNIN, "x"], [SIGNIN, "x"]),
    ],
    ids=["empty page", "page", "next link", "Azure batch", "Splunk", "Elasticsearch", "array"],
)
def test_containers_give_the_items_they_hold(document, expected):
    """Graph pages, Azure batches, Splunk results, Elasticsearch hits and arrays hold items."""
    assert expected == unwrap_container(document)


@pytest.mark.parametrize(
    "document",
    [
        SIGNIN,
        {"value": "GlobalProtect"},
        {"value": [SIGNIN], "Type": "SigninLogs"},
        {"value": [], "records": []},
        {"name": "x", "value": [1]},
        {"EventID": 4624, "results": []},
        {"hits": {"total": 1}},
        "value",
        None,
    ],
    ids=["record", "text value", "row with value", "two keys", "other key", "row with results",
         "hits without hits", "text", "null"],
)  # fmt: skip
def test_records_are_not_containers(document):
    """A record, even one with a container-like column, is not a container."""
    assert None is unwrap_container(document)
