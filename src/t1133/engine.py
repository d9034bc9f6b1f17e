"""The engine: events in, findings out. Routing, the time window, union, sort and accounting.

Sans-I/O: it reads no file, no environment and prints nothing; give it any iterable (lists,
generators, file readers) of records in any registered shape, typed events, or ``RawRecord``
values that say where a record came from.

Per record, cheapest first: recognise the shape, map it to columns, run the branches' equality
pre-checks on the raw columns (``EventID``, ``LogonType``, ``ActionType`` ...), and validate the
full model only when some branch of its source can still match. Every record read is counted
exactly once: as matched (at least one finding), not matched, or invalid.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import datetime, timedelta, timezone
from typing import Any, Final

import attrs

from t1133.addresses import DEFAULT_POLICY, NetworkPolicy
from t1133.branches import (
    ALL_BRANCHES,
    UNDECIDED,
    Branch,
    Check,
    Context,
    Predicate,
    resolve_branches,
)
from t1133.exceptions import ConfigError, RecordError
from t1133.findings import Finding
from t1133.sources import (
    MISSING,
    SOURCES,
    Adapter,
    EventModel,
    InvalidEvent,
    Source,
    parse_timestamp,
    recognize_adapter,
    try_parse_event,
)
from t1133.sources.registry import columns_of, describe_unrecognised, model_from_columns

__all__ = [
    "DEFAULT_LOOKBACK",
    "UNRECOGNISED",
    "BranchExplanation",
    "DetectionResult",
    "DetectionStats",
    "EventExplanation",
    "RawRecord",
    "SourceStats",
    "Tally",
    "detect",
    "explain",
    "iter_explanations",
    "iter_findings",
]

DEFAULT_LOOKBACK: Final = timedelta(hours=24)
#: The ``DetectionStats.sources`` key of records no adapter recognised.
UNRECOGNISED: Final = "(unrecognised)"


@attrs.frozen
class RawRecord:
    """A record with where it came from, so that an invalid one can be reported by line.

    Attributes:
        data: The record itself (a mapping, or whatever a reader produced).
        origin: A file name or ``"<stdin>"``.
        line: The 1-based line or record number inside ``origin``.
    """

    data: object
    origin: str | None = None
    line: int | None = None


@attrs.frozen
class SourceStats:
    """Counts for one source: every record read is exactly one of matched/not matched/invalid."""

    read: int = 0
    matched: int = 0
    not_matched: int = 0
    invalid: int = 0


@attrs.frozen
class DetectionStats:
    """Counts of a run.

    Attributes:
        read: Records read.
        matched: Records that produced at least one finding.
        not_matched: Valid records (or records no branch could match) without a finding.
        invalid: Records rejected, with an ``InvalidEvent`` each.
        findings: Findings in all.
        sources: Per source id (``UNRECOGNISED`` for records in no known shape).
        adapters: Records read per record shape (adapter id; ``"typed"`` for typed events).
        branches: Findings per branch name (every branch of the run, zeros included).
    """

    read: int
    matched: int
    not_matched: int
    invalid: int
    findings: int
    sources: Mapping[str, SourceStats]
    adapters: Mapping[str, int]
    branches: Mapping[str, int]

    def to_dict(self) -> dict[str, Any]:
        """Return the counts as JSON-ready data."""
        return {
            "read": self.read,
            "matched": self.matched,
            "not_matched": self.not_matched,
            "invalid": self.invalid,
            "findings": self.findings,
            "sources": {k: attrs.asdict(v) for k, v in self.sources.items()},
            "adapters": dict(self.adapters),
            "branches": dict(self.branches),
        }


@attrs.define
class Tally:
    """Running counts, filled in by ``iter_findings`` as it goes; ``freeze`` gives the stats."""

    _counts: dict[str, list[int]] = attrs.field(factory=dict)  # source -> [read, hit, miss, bad]
    adapters: dict[str, int] = attrs.field(factory=dict)
    branches: dict[str, int] = attrs.field(factory=dict)

    def count(self, source: str, outcome: int, adapter: str | None) -> None:
        """Count one record of ``source``: outcome 1 matched, 2 not matched, 3 invalid.

        Args:
            source: The source id (``UNRECOGNISED`` for records in no known shape).
            outcome: 1, 2 or 3 (the engine's ``_MATCHED``, ``_MISSED``, ``_INVALID``).
            adapter: The record shape's id, or ``None``.
        """
        row = self._counts.get(source)
        if row is None:
            row = self._counts[source] = [0, 0, 0, 0]
        row[0] += 1
        row[outcome] += 1
        if adapter is not None:
            self.adapters[adapter] = self.adapters.get(adapter, 0) + 1

    def freeze(self) -> DetectionStats:
        """Return the counts so far as a ``DetectionStats``."""
        sources = {s: SourceStats(*row) for s, row in sorted(self._counts.items())}
        read, matched, missed, bad = (sum(r[i] for r in self._counts.values()) for i in range(4))
        return DetectionStats(
            read=read,
            matched=matched,
            not_matched=missed,
            invalid=bad,
            findings=sum(self.branches.values()),
            sources=sources,
            adapters=dict(sorted(self.adapters.items())),
            branches=dict(self.branches),
        )


@attrs.frozen
class DetectionResult:
    """What ``detect`` returns.

    Attributes:
        findings: The union of all branches' findings, newest first, ties in a fixed order.
        stats: The run's counts.
        invalid: Every rejected record with its reason, in input order.
    """

    findings: tuple[Finding, ...]
    stats: DetectionStats
    invalid: tuple[InvalidEvent, ...]


@attrs.frozen
class _Bound:
    """A branch ready to run: its full predicate, its context, its pre-checks."""

    branch: Branch
    predicate: Predicate
    ctx: Context
    condition: Predicate


def _utc_now(now: datetime | str | None) -> datetime:
    if now is None:
        return datetime.now(timezone.utc)
    if isinstance(now, str):
        try:
            return parse_timestamp(now)
        except ValueError as exc:
            raise ConfigError(f"now: {exc}") from None
    if not isinstance(now, datetime):
        raise ConfigError(f"now must be a datetime, not {type(now).__name__}")
    return now.replace(tzinfo=timezone.utc) if now.tzinfo is None else now.astimezone(timezone.utc)


def _bind(branch: Branch, now: datetime, lookback: timedelta, policy: NetworkPolicy) -> _Bound:
    source = SOURCES.get(branch.source)
    if source is None:
        raise ConfigError(f"branch {branch.name!r} reads unknown source {branch.source!r}")
    ctx = Context(branch.policy or policy, now - (branch.lookback or lookback))
    return _Bound(branch, branch.full_condition(source.time_column), ctx, branch.condition)


def _plan(
    branches: Iterable[Branch | str],
    now: datetime | str | None,
    lookback: timedelta,
    policy: NetworkPolicy | None,
) -> dict[str, tuple[_Bound, ...]]:
    if not isinstance(lookback, timedelta) or lookback <= timedelta(0):
        raise ConfigError(f"lookback must be a positive timedelta, not {lookback!r}")
    if policy is not None and not isinstance(policy, NetworkPolicy):
        raise ConfigError(f"policy must be a NetworkPolicy, not {type(policy).__name__}")
    start = _utc_now(now)
    plan: dict[str, list[_Bound]] = {}
    for branch in resolve_branches(branches):
        plan.setdefault(branch.source, []).append(
            _bind(branch, start, lookback, policy or DEFAULT_POLICY)
        )
    return {source: tuple(bound) for source, bound in plan.items()}


def _reader(source: Source, columns: Mapping[str, Any]) -> Callable[[str], object]:
    """Read columns of a raw record through the source's pre-checks, each at most once.

    The same reading as ``Source.precheck``, inlined with a per-record memo: this runs for
    every record read, and several branches ask for the same columns.
    """
    seen: dict[str, object] = {}
    prechecks = source.prechecks

    def read(column: str) -> object:
        value = seen.get(column, _UNREAD)
        if value is _UNREAD:
            check = prechecks.get(column)
            raw = columns.get(column, MISSING)
            if check is None:
                value = UNDECIDED
            elif raw is MISSING and source.attribute_names.get(column, column) in columns:
                value = UNDECIDED  # given under its attribute name (event_id): the model decides
            else:
                value = check(raw)
            seen[column] = value
        return value

    return read


_UNREAD: Final = object()
# Tally outcomes, the positions of SourceStats' counters after ``read``.
_MATCHED: Final = 1
_MISSED: Final = 2
_INVALID: Final = 3

_Gate = tuple[tuple[str, Callable[[object], object], frozenset[object]], ...]


def _gate(source: Source, bounds: Sequence[_Bound]) -> _Gate:
    """Columns every branch of a source pins to constants, with the union of those constants.

    A record whose value of such a column is in no branch's set can match no branch: one
    look-up rejects most records (other event ids, local logon types) before anything else.
    """
    pinned = [b.condition.requirements() for b in bounds]
    shared = set.intersection(*(set(p) for p in pinned)) if pinned else set()
    return tuple(
        (column, source.prechecks[column], frozenset().union(*(p[column] for p in pinned)))
        for column in sorted(shared & source.prechecks.keys())
    )


def _passes(gate: _Gate, source: Source, columns: Mapping[str, Any]) -> bool:
    for column, check, allowed in gate:
        raw = columns.get(column, MISSING)
        if raw is MISSING and source.attribute_names.get(column, column) in columns:
            continue  # given under its attribute name: the model decides
        value = check(raw)
        if value is not UNDECIDED and value not in allowed:
            return False
    return True


class _Run:
    """One pass over an input: the per-record steps, kept apart from the generator loop."""

    def __init__(
        self,
        plan: dict[str, tuple[_Bound, ...]],
        tally: Tally,
        on_invalid: Callable[[InvalidEvent], object] | None,
        validate_all: bool,
    ) -> None:
        self.plan = plan
        self.tally = tally
        self.on_invalid = on_invalid
        self.validate_all = validate_all
        self.gates = {source: _gate(SOURCES[source], bounds) for source, bounds in plan.items()}
        for bounds in plan.values():
            for bound in bounds:
                tally.branches.setdefault(bound.branch.name, 0)

    def reject(self, invalid: InvalidEvent) -> None:
        self.tally.count(invalid.source or UNRECOGNISED, _INVALID, invalid.adapter)
        if self.on_invalid is not None:
            self.on_invalid(invalid)

    def evaluate(self, item: object) -> list[Finding] | None:
        """Return the findings of one input item (``None`` when it produced none)."""
        origin = line = None
        record = item
        if type(item) is RawRecord:
            record, origin, line = item.data, item.origin, item.line
        if type(record) is not dict and isinstance(record, EventModel):
            return self.match(record, self.plan.get(record.SOURCE, ()), record.SOURCE, "typed")
        if type(record) is not dict and isinstance(record, InvalidEvent):
            self.reject(record)
            return None
        adapter = recognize_adapter(record)
        if adapter is None:
            reason = describe_unrecognised(record)
            self.reject(InvalidEvent(record, reason, origin=origin, line=line))
            return None
        return self.validate(record, adapter, origin, line)

    def validate(
        self,
        record: object,
        adapter: Adapter,
        origin: str | None,
        line: int | None,
    ) -> list[Finding] | None:
        source = SOURCES[adapter.source]
        try:
            columns = columns_of(adapter, record, origin=origin, line=line)
            bounds: Sequence[_Bound] = self.plan.get(source.id, ())
            if not self.validate_all:
                # The conditions, judged on raw values where they decide (three-valued): a
                # branch whose condition cannot hold is skipped without validating.
                if not _passes(self.gates.get(source.id, ()), source, columns):
                    self.tally.count(source.id, _MISSED, adapter.id)
                    return None
                read = _reader(source, columns)
                bounds = [b for b in bounds if b.condition.precheck(read, b.ctx) is not False]
                if not bounds:
                    self.tally.count(source.id, _MISSED, adapter.id)
                    return None
            event = model_from_columns(adapter, columns, origin=origin, line=line)
        except RecordError as exc:
            invalid = InvalidEvent(
                record, exc.reason, exc.fields, source.id, adapter.id, origin, line
            )
            self.reject(invalid)
            return None
        return self.match(event, bounds, source.id, adapter.id)

    def match(
        self, event: EventModel, bounds: Sequence[_Bound], source: str, adapter: str
    ) -> list[Finding] | None:
        shape = None if adapter == "typed" else adapter
        found = [b.branch.project(event, shape) for b in bounds if b.predicate.test(event, b.ctx)]
        self.tally.count(source, _MATCHED if found else _MISSED, adapter)
        for finding in found:
            name = finding.detection_branch
            self.tally.branches[name] = self.tally.branches.get(name, 0) + 1
        return found or None


def iter_findings(  # noqa: PLR0913 - detect's arguments, plus the streaming hooks
    events: Iterable[object],
    *,
    now: datetime | str | None = None,
    lookback: timedelta = DEFAULT_LOOKBACK,
    branches: Iterable[Branch | str] = ALL_BRANCHES,
    policy: NetworkPolicy | None = None,
    validate_all: bool = False,
    tally: Tally | None = None,
    on_invalid: Callable[[InvalidEvent], object] | None = None,
) -> Iterator[Finding]:
    """Yield findings as they are found, unsorted, in constant memory (for unbounded streams).

    Args:
        events: Records in any registered shape, typed events, ``RawRecord`` values, or
            ``InvalidEvent`` values from a reader (counted as invalid), in any mix.
        now: The end of the time window: a datetime (naive means UTC) or ISO 8601 text;
            default: the current UTC time.
        lookback: The window's length: events strictly after ``now - lookback`` count.
        branches: Branches or built-in branch names (default: the four of the reference).
        policy: Which addresses are external (default: IANA category ``PUBLIC``).
        validate_all: Validate every record fully, even those no branch can match, so that
            ``invalid`` counts every malformed record (slower).
        tally: Filled with the run's counts as it goes.
        on_invalid: Called with each rejected record's ``InvalidEvent``.

    Yields:
        Each ``Finding``, in input order.

    Raises:
        ConfigError: A bad argument (found before the first event is read).
    """
    run = _Run(_plan(branches, now, lookback, policy), tally or Tally(), on_invalid, validate_all)
    return _loop(run, events)


def _loop(run: _Run, events: Iterable[object]) -> Iterator[Finding]:
    evaluate = run.evaluate
    for item in events:
        found = evaluate(item)
        if found is not None:
            yield from found


def detect(  # noqa: PLR0913 - every argument is keyword-only and documented
    events: Iterable[object],
    *,
    now: datetime | str | None = None,
    lookback: timedelta = DEFAULT_LOOKBACK,
    branches: Iterable[Branch | str] = ALL_BRANCHES,
    policy: NetworkPolicy | None = None,
    validate_all: bool = False,
) -> DetectionResult:
    """Run branches over events and return the sorted union of their findings.

    Args:
        events: Records in any registered shape, typed events or ``RawRecord`` values.
        now: The end of the time window: a datetime (naive means UTC) or ISO 8601 text;
            default: the current UTC time.
        lookback: The window's length (default 24 hours).
        branches: Branches or built-in branch names (default: all four).
        policy: Which addresses are external (default: IANA category ``PUBLIC``).
        validate_all: Validate every record fully (see ``iter_findings``).

    Returns:
        A ``DetectionResult``: findings newest first, stats, and every invalid record.

    Raises:
        ConfigError: A bad argument.
    """
    tally = Tally()
    invalid: list[InvalidEvent] = []
    found = iter_findings(
        events,
        now=now,
        lookback=lookback,
        branches=branches,
        policy=policy,
        validate_all=validate_all,
        tally=tally,
        on_invalid=invalid.append,
    )
    findings = tuple(sorted(found, key=Finding.sort_key))
    return DetectionResult(findings, tally.freeze(), tuple(invalid))


@attrs.frozen
class BranchExplanation:
    """How one branch judged one event: the verdict and every condition's check."""

    branch: str
    matched: bool
    check: Check
    finding: Finding | None = None


@attrs.frozen
class EventExplanation:
    """Why one record did or did not produce findings.

    Attributes:
        record: The input record as given.
        adapter: The id of the shape it was recognised as (``None`` if none).
        source: The source id it was read as (``None`` if unrecognised).
        invalid: The rejection, when the record could not become a typed event.
        branches: One explanation per branch of its source.
        origin: Where the record came from, when known.
        line: Its line or position in ``origin``, when known.
    """

    record: object = attrs.field(eq=False, repr=False)
    adapter: str | None
    source: str | None
    invalid: InvalidEvent | None = None
    branches: tuple[BranchExplanation, ...] = ()
    origin: str | None = None
    line: int | None = None


def explain(
    event: object,
    *,
    now: datetime | str | None = None,
    lookback: timedelta = DEFAULT_LOOKBACK,
    branches: Iterable[Branch | str] = ALL_BRANCHES,
    policy: NetworkPolicy | None = None,
) -> EventExplanation:
    """Explain how the branches judge one record, condition by condition.

    The explanation is computed by the same predicates the engine runs, with the same window
    and policy, so it cannot disagree with ``detect``.

    Args:
        event: One record in any registered shape, a typed event, or a ``RawRecord``.
        now: As for ``detect``.
        lookback: As for ``detect``.
        branches: As for ``detect``.
        policy: As for ``detect``.

    Returns:
        An ``EventExplanation``.

    Raises:
        ConfigError: A bad argument.
    """
    plan = _plan(branches, now, lookback, policy)
    return _explain_one(plan, event)


def iter_explanations(
    events: Iterable[object],
    *,
    now: datetime | str | None = None,
    lookback: timedelta = DEFAULT_LOOKBACK,
    branches: Iterable[Branch | str] = ALL_BRANCHES,
    policy: NetworkPolicy | None = None,
) -> Iterator[EventExplanation]:
    """Explain every record of an iterable: ``explain`` for streams, the plan built once.

    Args:
        events: Records, typed events, ``RawRecord`` or ``InvalidEvent`` values, in any mix.
        now: As for ``detect``.
        lookback: As for ``detect``.
        branches: As for ``detect``.
        policy: As for ``detect``.

    Returns:
        An iterator of one ``EventExplanation`` per input item, in input order.

    Raises:
        ConfigError: A bad argument (found before the first event is read).
    """
    plan = _plan(branches, now, lookback, policy)
    return (_explain_one(plan, event) for event in events)


def _explain_one(plan: dict[str, tuple[_Bound, ...]], event: object) -> EventExplanation:
    record, origin, line = event, None, None
    if isinstance(event, RawRecord):
        record, origin, line = event.data, event.origin, event.line
    if isinstance(record, InvalidEvent):
        return EventExplanation(
            record.record, record.adapter, record.source, record, (), record.origin, record.line
        )
    result = try_parse_event(record, origin=origin, line=line)
    if isinstance(result, InvalidEvent):
        return EventExplanation(record, result.adapter, result.source, result, (), origin, line)
    adapter = None if isinstance(record, EventModel) else recognize_adapter(record)
    adapter_id = None if adapter is None else adapter.id
    judged = tuple(_judge(b, result, adapter_id) for b in plan.get(result.SOURCE, ()))
    return EventExplanation(record, adapter_id, result.SOURCE, None, judged, origin, line)


def _judge(bound: _Bound, event: EventModel, adapter: str | None) -> BranchExplanation:
    check = bound.predicate.explain(event, bound.ctx)
    finding = bound.branch.project(event, adapter) if check.passed else None
    return BranchExplanation(bound.branch.name, check.passed, check, finding)
