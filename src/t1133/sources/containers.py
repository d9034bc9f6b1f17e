"""Documents that are not records but hold them: pages, batches and search responses.

One table, by the key that holds the records, of the keys allowed beside it. A document is a
container only when it has exactly one such key, holding a list, and nothing else but its
allowed siblings, so a record that happens to have a ``value`` or ``results`` column is never
mistaken for one (and never loses its other columns).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

__all__ = ["CONTAINERS", "unwrap_container"]

#: Key holding the records → keys allowed beside it (facts from each product's API reference).
CONTAINERS: Final[Mapping[str, frozenset[str]]] = {
    # Microsoft Graph collection page (/auditLogs/signIns): "@odata.*" annotations beside
    # "value" (checked by prefix, below).
    "value": frozenset(),
    # Azure Monitor diagnostic records from Event Hub or storage: {"records": [...]}.
    "records": frozenset(),
    # Splunk search results, JSON output mode.
    "results": frozenset(
        {"preview", "init_offset", "messages", "fields", "highlighted", "post_process_count"}
    ),
    # Elasticsearch search response: the documents are hits.hits[]._source.
    "hits": frozenset(
        {
            "took",
            "timed_out",
            "_shards",
            "aggregations",
            "_scroll_id",
            "pit_id",
            "terminated_early",
            "num_reduce_phases",
            "status",
            "profile",
            "suggest",
        }
    ),
}
_ODATA: Final = "@odata."


def _siblings_allowed(document: Mapping[str, Any], key: str) -> bool:
    allowed = CONTAINERS[key]
    return all(
        k == key or k in allowed or (key == "value" and str(k).startswith(_ODATA)) for k in document
    )


def _held(document: Mapping[str, Any], key: str) -> list[Any] | None:
    held = document[key]
    if key == "hits":
        inner = held.get("hits") if isinstance(held, Mapping) else None
        if not isinstance(inner, list):
            return None
        return [h.get("_source", h) if isinstance(h, Mapping) else h for h in inner]
    return held if isinstance(held, list) else None


def unwrap_container(document: object) -> list[Any] | None:
    """Return the records a container holds, or ``None`` when the document is not one.

    Args:
        document: A parsed JSON document: a JSON array (always a container), a Graph page
            ``{"value": [...], "@odata.nextLink": ...}``, an Azure Monitor batch
            ``{"records": [...]}``, a Splunk ``{"results": [...], "preview": false, ...}`` or
            an Elasticsearch response ``{"hits": {"hits": [{"_source": {...}}]}, ...}``.

    Returns:
        The held items (possibly empty; items that are not objects stay in the list for the
        caller to report), or ``None`` for a record.
    """
    if isinstance(document, list):
        return document
    if not isinstance(document, Mapping):
        return None
    keys = [k for k in CONTAINERS if k in document]
    if len(keys) != 1 or not _siblings_allowed(document, keys[0]):
        return None
    return _held(document, keys[0])
