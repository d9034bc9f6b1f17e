"""The exceptions t1133 raises: one root, builtin bases, and a location for record errors.

``T1133Error`` is the root. Caller errors (a bad policy, a bad argument) are ``ConfigError``;
data errors (one record is malformed) are ``RecordError`` and say where the record came from.
Every class also inherits the builtin a caller would naturally catch (``ValueError``, ``OSError``).
"""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["ConfigError", "InputError", "RecordError", "T1133Error"]


class T1133Error(Exception):
    """Root of every exception t1133 raises on purpose."""


class ConfigError(T1133Error, ValueError):
    """A caller passed a bad configuration value (a CIDR, a branch name, a lookback ...)."""


class InputError(T1133Error, OSError):
    """An input stream cannot be read at all (not one bad record: the whole input)."""


class RecordError(T1133Error, ValueError):
    """One record cannot become a typed event.

    Attributes:
        reason: Human-readable explanation naming the failing field(s).
        source: The source id the record was taken for, or ``None`` when unrecognised.
        adapter: The id of the record shape that claimed it, when one did.
        fields: Dotted paths of the failing fields (may be empty).
        origin: Where the record came from (a file name, ``"<stdin>"``), when known.
        line: 1-based line (or record) number inside ``origin``, when known.
    """

    def __init__(  # noqa: PLR0913 - every part of a location is keyword-only
        self,
        reason: str,
        *,
        source: str | None = None,
        fields: Sequence[str] = (),
        origin: str | None = None,
        line: int | None = None,
        adapter: str | None = None,
    ) -> None:
        self.reason = reason
        self.source = source
        self.adapter = adapter
        self.fields = tuple(fields)
        self.origin = origin
        self.line = line
        super().__init__(self._message())

    def _message(self) -> str:
        where = ""
        if self.origin is not None or self.line is not None:
            where = f"{self.origin or '<input>'}:{self.line if self.line is not None else '?'}: "
        what = f"{self.source} record" if self.source else "record"
        return f"{where}invalid {what}: {self.reason}"
