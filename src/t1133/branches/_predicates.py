"""Composable conditions on typed events: ``&``, ``|`` and ``~`` over small leaf predicates.

Every predicate tests an event (``test``) and explains itself (``explain``) through the same
check function, so an explanation can never disagree with the verdict. Leaves name columns by
their Sentinel column name (``"IpAddress"``) or by model attribute (``"ip_address"``); equality
leaves at the top of a conjunction double as cheap pre-checks the engine runs on raw records.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any, Final

import attrs

from t1133.addresses import DEFAULT_POLICY, NetworkPolicy, describe_ip

__all__ = [
    "UNDECIDED",
    "Check",
    "Context",
    "Predicate",
    "all_of",
    "any_of",
    "attribute_names",
    "blank",
    "column_value",
    "ends_with",
    "equals",
    "external_ip",
    "has_any",
    "internal_ip",
    "not_",
    "one_of",
    "satisfies",
    "time_after",
]

_TERM: Final = re.compile(r"[^\W_]+")
#: What a pre-check ``read`` returns for a column only the validated model can tell.
UNDECIDED: Final = object()


@attrs.frozen
class Context:
    """What a predicate may consult besides the event: the run's policy and time window start.

    Attributes:
        policy: Decides which addresses are external.
        cutoff: Events must be strictly later than this instant (``now - lookback``).
    """

    policy: NetworkPolicy = DEFAULT_POLICY
    cutoff: datetime | None = None


@attrs.frozen
class Check:
    """One evaluated condition, for explanations.

    Attributes:
        description: The condition in words (``"EventID == 4624"``).
        passed: Its verdict on this event.
        column: The column it read, if it is a leaf.
        value: The value read, if it is a leaf.
        detail: How the value was judged (``"PRIVATE (in 10.0.0.0/8 Private-Use)"``).
        children: The parts of a combined condition, in order.
    """

    description: str
    passed: bool
    column: str | None = None
    value: object = None
    detail: str | None = None
    children: tuple[Check, ...] = ()


@functools.cache
def attribute_names(cls: type) -> Mapping[str, str]:
    """Map the Sentinel column names (aliases) of a pydantic model to its attribute names."""
    names: dict[str, str] = {}
    for attr, info in getattr(cls, "model_fields", {}).items():
        choices = getattr(info.validation_alias, "choices", None)
        for alias in [info.alias, *(choices or ())]:
            if isinstance(alias, str):
                names.setdefault(alias, attr)
    return names


def column_value(event: object, column: str) -> Any:  # noqa: ANN401 - columns hold any type
    """Read a column from a typed event by Sentinel column name or attribute; ``None`` if absent."""
    names = attribute_names(type(event))  # type: ignore[arg-type]
    return getattr(event, names.get(column, column), None)


class Predicate:
    """A condition on one event. Combine with ``&``, ``|`` and ``~``."""

    __slots__ = ()

    def test(self, event: object, ctx: Context) -> bool:
        """Return the verdict on ``event``."""
        raise NotImplementedError

    def explain(self, event: object, ctx: Context) -> Check:
        """Return the verdict with the values and reasons that led to it."""
        raise NotImplementedError

    def describe(self) -> str:
        """Return the condition in words."""
        raise NotImplementedError

    def requirements(self) -> Mapping[str, frozenset[object]]:
        """Column values this predicate requires outright (its top-level equality parts)."""
        return {}

    def precheck(self, read: Callable[[str], object], ctx: Context) -> bool | None:  # noqa: ARG002
        """Judge a raw record cheaply: ``True``/``False`` where ``read`` decides, else ``None``.

        ``read(column)`` gives what the model would hold for a column, or ``UNDECIDED``. Leaves
        apply their own ``check`` to that value, so a decided answer equals ``test`` on the
        validated event; combinators use three-valued logic. The engine skips validating a
        record for a branch whose condition prechecks ``False``.
        """
        return None

    def __and__(self, other: Predicate) -> Predicate:
        return all_of(self, other)

    def __or__(self, other: Predicate) -> Predicate:
        return any_of(self, other)

    def __invert__(self) -> Predicate:
        return not_(self)

    def __str__(self) -> str:
        return self.describe()


class _Leaf(Predicate):
    """A test of one column's value: subclasses give ``check`` and the words."""

    __slots__ = ()
    column: str

    def check(self, value: Any, ctx: Context) -> bool:  # noqa: ANN401
        raise NotImplementedError

    def why(self, value: Any, ctx: Context) -> str | None:  # noqa: ANN401, ARG002
        return None

    def test(self, event: object, ctx: Context) -> bool:
        return self.check(column_value(event, self.column), ctx)

    def precheck(self, read: Callable[[str], object], ctx: Context) -> bool | None:
        value = read(self.column)
        return None if value is UNDECIDED else self.check(value, ctx)

    def explain(self, event: object, ctx: Context) -> Check:
        value = column_value(event, self.column)
        passed = self.check(value, ctx)
        return Check(self.describe(), passed, self.column, value, self.why(value, ctx))


@attrs.frozen(repr=False)
class _OneOf(_Leaf):
    column: str
    values: frozenset[object]

    def check(self, value: Any, ctx: Context) -> bool:  # noqa: ANN401, ARG002
        try:
            return value in self.values
        except TypeError:  # an unhashable value (a JSON object column) equals no constant
            return False

    def describe(self) -> str:
        if len(self.values) == 1:
            return f"{self.column} == {next(iter(self.values))!r}"
        return f"{self.column} in ({', '.join(sorted(repr(v) for v in self.values))})"

    def requirements(self) -> Mapping[str, frozenset[object]]:
        return {self.column: self.values}

    def __repr__(self) -> str:
        return f"one_of({self.column!r}, {sorted(self.values, key=repr)!r})"


def _terms(text: str) -> tuple[str, ...]:
    # Kusto's has: terms are runs of letters and digits, compared case-insensitively.
    return tuple(_TERM.findall(text.lower()))


def _haystack(text: str) -> str:
    """The text's terms, space-joined and padded (app names repeat: short ones are cached)."""
    if len(text) <= _CACHED_TEXT:
        return _cached_haystack(text)
    return f" {' '.join(_terms(text))} "


@functools.lru_cache(maxsize=4096)
def _cached_haystack(text: str) -> str:
    return f" {' '.join(_terms(text))} "


_CACHED_TEXT: Final = 256


@attrs.frozen(repr=False)
class _HasAny(_Leaf):
    column: str
    needles: tuple[str, ...]
    _patterns: tuple[tuple[str, str], ...] = attrs.field(init=False, eq=False)

    def __attrs_post_init__(self) -> None:
        # A needle of several terms must match consecutive whole terms: compare space-joined
        # term sequences, each padded so that a term never matches part of another. Each
        # pattern keeps its needle: needles without terms are dropped, so indexes would drift.
        pairs = ((n, _terms(n)) for n in self.needles)
        patterns = tuple((n, f" {' '.join(t)} ") for n, t in pairs if t)
        object.__setattr__(self, "_patterns", patterns)

    def check(self, value: Any, ctx: Context) -> bool:  # noqa: ANN401, ARG002
        if not isinstance(value, str):
            return False
        haystack = _haystack(value)
        return any(p in haystack for _, p in self._patterns)

    def why(self, value: Any, ctx: Context) -> str | None:  # noqa: ANN401, ARG002
        if not isinstance(value, str):
            return "no text"
        haystack = _haystack(value)
        hits = [n for n, p in self._patterns if p in haystack]
        return f"has {hits[0]!r}" if hits else f"terms {list(_terms(value))[:8]} match no app"

    def describe(self) -> str:
        shown = ", ".join(self.needles[:3]) + (", ..." if len(self.needles) > 3 else "")
        return f"{self.column} has any of {len(self.needles)} terms ({shown})"

    def __repr__(self) -> str:
        return f"has_any({self.column!r}, {list(self.needles)!r})"


@attrs.frozen(repr=False)
class _EndsWith(_Leaf):
    column: str
    suffix: str

    def check(self, value: Any, ctx: Context) -> bool:  # noqa: ANN401, ARG002
        # KQL endswith is case-insensitive; a null string is "" there and ends with nothing.
        return isinstance(value, str) and value.lower().endswith(self.suffix.lower())

    def describe(self) -> str:
        return f"{self.column} endswith {self.suffix!r}"

    def __repr__(self) -> str:
        return f"ends_with({self.column!r}, {self.suffix!r})"


@attrs.frozen(repr=False)
class _Blank(_Leaf):
    column: str

    def check(self, value: Any, ctx: Context) -> bool:  # noqa: ANN401, ARG002
        return value is None or value == ""

    def describe(self) -> str:
        return f"{self.column} is missing or empty"

    def __repr__(self) -> str:
        return f"blank({self.column!r})"


@attrs.frozen(repr=False)
class _External(_Leaf):
    column: str

    def check(self, value: Any, ctx: Context) -> bool:  # noqa: ANN401
        return ctx.policy.is_external(value)

    def why(self, value: Any, ctx: Context) -> str | None:  # noqa: ANN401
        info = describe_ip(value)
        if info.category in ctx.policy.external_categories and ctx.policy.is_internal(value):
            return f"{info.reason}, but inside the policy's internal networks"
        verdict = "external" if self.check(value, ctx) else "not external"
        return f"{info.reason} → {verdict}"

    def describe(self) -> str:
        return f"{self.column} is external"

    def __repr__(self) -> str:
        return f"external_ip({self.column!r})"


@attrs.frozen(repr=False)
class _Internal(_Leaf):
    column: str

    def check(self, value: Any, ctx: Context) -> bool:  # noqa: ANN401
        return ctx.policy.is_internal(value)

    def why(self, value: Any, ctx: Context) -> str | None:  # noqa: ANN401
        where = "inside" if self.check(value, ctx) else "outside"
        return f"{where} the policy's internal networks {list(ctx.policy.internal)[:4]}"

    def describe(self) -> str:
        return f"{self.column} is in the policy's internal networks"

    def __repr__(self) -> str:
        return f"internal_ip({self.column!r})"


@attrs.frozen(repr=False)
class _After(Predicate):
    column: str

    def test(self, event: object, ctx: Context) -> bool:
        if ctx.cutoff is None:
            return True
        # KQL: a null time is not after anything (an optional column such as CreatedDateTime).
        value = column_value(event, self.column)
        return value is not None and value > ctx.cutoff

    def explain(self, event: object, ctx: Context) -> Check:
        value = column_value(event, self.column)
        cutoff = "no window" if ctx.cutoff is None else f"after {ctx.cutoff.isoformat()}"
        return Check(self.describe(), self.test(event, ctx), self.column, value, cutoff)

    def describe(self) -> str:
        return f"{self.column} is inside the time window"

    def __repr__(self) -> str:
        return f"time_after({self.column!r})"


@attrs.frozen(repr=False)
class _Satisfies(Predicate):
    function: Callable[[Any], bool]
    description: str

    def test(self, event: object, ctx: Context) -> bool:  # noqa: ARG002
        return bool(self.function(event))

    def explain(self, event: object, ctx: Context) -> Check:
        return Check(self.description, self.test(event, ctx))

    def describe(self) -> str:
        return self.description

    def __repr__(self) -> str:
        return f"satisfies({self.function!r}, {self.description!r})"


@attrs.frozen(repr=False)
class _All(Predicate):
    parts: tuple[Predicate, ...]

    def test(self, event: object, ctx: Context) -> bool:
        return all(p.test(event, ctx) for p in self.parts)

    def explain(self, event: object, ctx: Context) -> Check:
        # Every part is explained (not only up to the first failure): an analyst wants to see
        # all the reasons an event did not fire.
        checks = tuple(p.explain(event, ctx) for p in self.parts)
        return Check(self.describe(), all(c.passed for c in checks), children=checks)

    def describe(self) -> str:
        return " and ".join(_wrap(p) for p in self.parts)

    def precheck(self, read: Callable[[str], object], ctx: Context) -> bool | None:
        verdict: bool | None = True
        for part in self.parts:
            answer = part.precheck(read, ctx)
            if answer is False:
                return False
            if answer is None:
                verdict = None
        return verdict

    def requirements(self) -> Mapping[str, frozenset[object]]:
        merged: dict[str, frozenset[object]] = {}
        for part in self.parts:
            for column, values in part.requirements().items():
                merged[column] = merged.get(column, values) & values
        return merged

    def __repr__(self) -> str:
        return " & ".join(_wrap_repr(p) for p in self.parts)


@attrs.frozen(repr=False)
class _Any(Predicate):
    parts: tuple[Predicate, ...]

    def test(self, event: object, ctx: Context) -> bool:
        return any(p.test(event, ctx) for p in self.parts)

    def explain(self, event: object, ctx: Context) -> Check:
        checks = tuple(p.explain(event, ctx) for p in self.parts)
        return Check(self.describe(), any(c.passed for c in checks), children=checks)

    def describe(self) -> str:
        return " or ".join(_wrap(p) for p in self.parts)

    def precheck(self, read: Callable[[str], object], ctx: Context) -> bool | None:
        verdict: bool | None = False
        for part in self.parts:
            answer = part.precheck(read, ctx)
            if answer is True:
                return True
            if answer is None:
                verdict = None
        return verdict

    def __repr__(self) -> str:
        return " | ".join(_wrap_repr(p) for p in self.parts)


@attrs.frozen(repr=False)
class _Not(Predicate):
    part: Predicate

    def test(self, event: object, ctx: Context) -> bool:
        return not self.part.test(event, ctx)

    def explain(self, event: object, ctx: Context) -> Check:
        inner = self.part.explain(event, ctx)
        return Check(self.describe(), not inner.passed, children=(inner,))

    def describe(self) -> str:
        return f"not {_wrap(self.part)}"

    def precheck(self, read: Callable[[str], object], ctx: Context) -> bool | None:
        answer = self.part.precheck(read, ctx)
        return None if answer is None else not answer

    def __repr__(self) -> str:
        return f"~{_wrap_repr(self.part)}"


def _wrap(p: Predicate) -> str:
    return f"({p.describe()})" if isinstance(p, (_All, _Any)) else p.describe()


def _wrap_repr(p: Predicate) -> str:
    return f"({p!r})" if isinstance(p, (_All, _Any)) else repr(p)


def _flatten(kind: type[_All | _Any], parts: Iterable[Predicate]) -> tuple[Predicate, ...]:
    flat: list[Predicate] = []
    for part in parts:
        if not isinstance(part, Predicate):
            raise TypeError(f"not a predicate: {part!r}")
        flat.extend(part.parts if isinstance(part, kind) else (part,))
    return tuple(flat)


def all_of(*parts: Predicate) -> Predicate:
    """Return a predicate true when every part is (nested ``all_of`` are flattened)."""
    flat = _flatten(_All, parts)
    return flat[0] if len(flat) == 1 else _All(flat)


def any_of(*parts: Predicate) -> Predicate:
    """Return a predicate true when any part is (nested ``any_of`` are flattened)."""
    flat = _flatten(_Any, parts)
    return flat[0] if len(flat) == 1 else _Any(flat)


def not_(part: Predicate) -> Predicate:
    """Return the negation of a predicate (a double negation cancels)."""
    return part.part if isinstance(part, _Not) else _Not(part)


def equals(column: str, value: object) -> Predicate:
    """``column == value``, exactly (case-sensitive for text, as KQL's ``==``)."""
    return _OneOf(column, frozenset((value,)))


def one_of(column: str, values: Iterable[object]) -> Predicate:
    """``column in (values)``, exactly (case-sensitive for text, as KQL's ``in``)."""
    return _OneOf(column, frozenset(values))


def has_any(column: str, needles: Iterable[str]) -> Predicate:
    """KQL ``has_any``: the text contains any needle as whole terms, case-insensitively.

    Terms are runs of letters and digits; a needle of several terms matches consecutive
    terms. ``"citrix-gateway"`` has ``"Citrix Gateway"``; ``"MyCitrix Gateway"`` has not.
    """
    return _HasAny(column, tuple(needles))


def ends_with(column: str, suffix: str) -> Predicate:
    """KQL ``endswith``: the text ends with ``suffix``, case-insensitively."""
    return _EndsWith(column, suffix)


def blank(column: str) -> Predicate:
    """The column is missing, null or empty text."""
    return _Blank(column)


def external_ip(column: str) -> Predicate:
    """The address in ``column`` is external under the run's ``NetworkPolicy``."""
    return _External(column)


def internal_ip(column: str) -> Predicate:
    """The address in ``column`` lies in the run's ``NetworkPolicy.internal`` networks."""
    return _Internal(column)


def time_after(column: str) -> Predicate:
    """The event time in ``column`` is strictly after the run's window start."""
    return _After(column)


def satisfies(function: Callable[[Any], bool], description: str) -> Predicate:
    """Wrap any function of the typed event as a predicate, with words for explanations."""
    return _Satisfies(function, description)
