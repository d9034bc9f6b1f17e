"""A branch: the source it reads, a predicate, and a projection of matching events to findings."""

from __future__ import annotations

from datetime import timedelta
from typing import Any, Final

import attrs

from t1133.addresses import NetworkPolicy
from t1133.branches._predicates import Predicate, all_of, column_value, time_after
from t1133.exceptions import ConfigError
from t1133.findings import Finding

__all__ = ["Branch", "Column", "Constant", "Prefixed", "Projection"]

#: T1133 sits under two tactics: Initial Access and Persistence (MITRE ATT&CK, enterprise).
T1133_REFS: Final = ("TA0001:T1133", "TA0003:T1133")
SEVERITIES: Final = ("low", "medium", "high", "critical")


def _text(value: object) -> str | None:
    return None if value is None else str(value)


@attrs.frozen
class Column:
    """A projected value read from a column (Sentinel name or attribute)."""

    name: str

    def __call__(self, event: object) -> str | None:
        return _text(column_value(event, self.name))


@attrs.frozen
class Constant:
    """A projected constant (``"RDP_RemoteInteractive"``)."""

    value: str | None

    def __call__(self, event: object) -> str | None:  # noqa: ARG002 - same call shape as Column
        return self.value


@attrs.frozen
class Prefixed:
    """A column's text after a fixed prefix, KQL ``strcat(prefix, column)``."""

    prefix: str
    name: str

    def __call__(self, event: object) -> str | None:
        # strcat treats null as empty text: the prefix alone, as the query would produce.
        return self.prefix + (_text(column_value(event, self.name)) or "")


@attrs.frozen
class Projection:
    """How a matching event becomes the columns of a finding (each a callable of the event)."""

    account_name: Any = Constant(None)
    source_ip: Any = Constant(None)
    target_service: Any = Constant(None)
    location: Any = Constant(None)
    risk_level: Any = Constant(None)
    computer: Any = Constant(None)


def _check_severity(_instance: object, _attribute: object, value: str) -> None:
    if value not in SEVERITIES:
        raise ConfigError(f"severity {value!r} is not one of {', '.join(SEVERITIES)}")


def _check_lookback(_instance: object, _attribute: object, value: timedelta | None) -> None:
    if value is not None and (not isinstance(value, timedelta) or value <= timedelta(0)):
        raise ConfigError(f"lookback must be a positive timedelta, not {value!r}")


@attrs.frozen
class Branch:
    """One detection branch: which events of a source it matches and what it reports.

    Attributes:
        name: The ``DetectionBranch`` value of its findings; unique within a run.
        source: The id of the source it reads (``"SecurityEvent"``).
        condition: The predicate an event must satisfy (the time window is added by the run).
        projection: How a matching event becomes a finding.
        description: One line for people.
        lookback: This branch's own window, overriding the run's; ``None`` uses the run's.
        policy: This branch's own ``NetworkPolicy``; ``None`` uses the run's.
        techniques: ATT&CK references of its findings.
        severity: ``"low"``, ``"medium"``, ``"high"`` or ``"critical"``.
    """

    name: str
    source: str
    condition: Predicate
    projection: Projection
    description: str = ""
    lookback: timedelta | None = attrs.field(default=None, validator=_check_lookback)
    policy: NetworkPolicy | None = None
    techniques: tuple[str, ...] = T1133_REFS
    severity: str = attrs.field(default="medium", validator=_check_severity)

    def where(self, condition: Predicate, *, name: str | None = None) -> Branch:
        """Return a copy that also requires ``condition``.

        Args:
            condition: A predicate added with ``&`` to this branch's condition.
            name: A new ``DetectionBranch`` name (keep names unique within a run).

        Returns:
            The derived branch; this one is unchanged.
        """
        return attrs.evolve(self, condition=self.condition & condition, name=name or self.name)

    def replace(self, **changes: Any) -> Branch:  # noqa: ANN401
        """Return a copy with attributes changed.

        Args:
            **changes: Attribute values (``lookback=``, ``policy=``, ``name=``, ``severity=`` ...).

        Returns:
            The derived branch; this one is unchanged.

        Raises:
            ConfigError: A bad lookback or severity.
        """
        return attrs.evolve(self, **changes)

    def full_condition(self, time_column: str) -> Predicate:
        """The condition the engine evaluates: the time window, then ``condition``."""
        return all_of(time_after(time_column), self.condition)

    def project(self, event: Any, adapter: str | None = None) -> Finding:  # noqa: ANN401
        """Build the finding for an event this branch matched.

        Args:
            event: The typed event.
            adapter: The id of the record shape it arrived in, if any.

        Returns:
            The ``Finding``, its eight columns from this branch's projection.
        """
        p = self.projection
        return Finding(
            time_generated=event.event_time,
            account_name=p.account_name(event),
            source_ip=p.source_ip(event),
            target_service=p.target_service(event),
            detection_branch=self.name,
            location=p.location(event),
            risk_level=p.risk_level(event),
            computer=p.computer(event),
            source=self.source,
            adapter=adapter,
            ip_category=event.ip_category,
            techniques=self.techniques,
            severity=self.severity,
            description=self.description or None,
            event=event,
        )
