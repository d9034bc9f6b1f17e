"""Write findings to text streams: NDJSON, JSON, CSV, OCSF, ECS and an aligned table for people.

Attacker-controlled text (account, app and host names come from outside) never reaches a
terminal or a spreadsheet as anything but inert text: the table escapes control characters
(ANSI escapes included) and bidirectional-override characters; CSV cells that a spreadsheet
would read as a formula are prefixed with an apostrophe; the JSON formats escape every
non-ASCII and control character (``json.dumps`` with its default ``ensure_ascii``).
"""

from __future__ import annotations

import csv
import json
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Final, TextIO

import attrs

from t1133.branches import Check
from t1133.engine import EventExplanation
from t1133.findings import FINDING_FIELDS, Finding

__all__ = [
    "FORMATS",
    "Format",
    "explanation_dict",
    "explanation_lines",
    "neutralize",
    "spreadsheet_safe",
]

# Unicode categories rendered as escapes in a terminal: controls (C0, C1, DEL: ANSI escape
# sequences start with ESC or CSI), format characters (bidi overrides, zero-width joiners:
# "Trojan Source" reordering) and line/paragraph separators.
_UNSAFE_CATEGORIES: Final = frozenset({"Cc", "Cf", "Zl", "Zp"})
# OWASP "CSV Injection": a cell starting with one of these is a formula to Excel/LibreOffice.
_FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r")
_TABLE_COLUMNS: Final = (
    "TimeGenerated",
    "DetectionBranch",
    "AccountName",
    "SourceIP",
    "TargetService",
    "Computer",
    "Location",
    "RiskLevel",
)
_MAX_CELL: Final = 48
_COLOURS: Final = {
    "critical": "\x1b[1;31m",
    "high": "\x1b[31m",
    "medium": "\x1b[33m",
    "low": "\x1b[36m",
}
_RESET: Final = "\x1b[0m"


def neutralize(text: object) -> str:
    r"""Return text safe to print on a terminal.

    Args:
        text: Any value (``None`` is empty text).

    Returns:
        The text with control, format (bidi) and separator characters as visible escapes
        (``\x1b``, ``\u202e``); printable text is returned unchanged.
    """
    value = "" if text is None else str(text)
    if value.isprintable():
        return value
    return "".join(
        ch.encode("unicode_escape").decode("ascii")
        if unicodedata.category(ch) in _UNSAFE_CATEGORIES
        else ch
        for ch in value
    )


def spreadsheet_safe(value: object) -> str:
    """Return a CSV cell that a spreadsheet will show as text, never run as a formula.

    Args:
        value: Any value (``None`` is an empty cell).

    Returns:
        The text, with an apostrophe in front when it starts with ``=``, ``+``, ``-``, ``@``,
        tab or carriage return (OWASP, CSV injection).
    """
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


@attrs.frozen
class Format:
    """An output format: its id (the ``--format`` choice), words, and its writer."""

    id: str
    description: str
    write: Callable[[Sequence[Finding], TextIO, bool], None]


def _write_ndjson(findings: Sequence[Finding], out: TextIO, colour: bool) -> None:  # noqa: ARG001
    _write_lines((f.to_dict() for f in findings), out)


def _write_lines(documents: Iterable[Mapping[str, Any]], out: TextIO) -> None:
    for document in documents:
        out.write(json.dumps(document, separators=(",", ":")))
        out.write("\n")


def _write_ocsf(findings: Sequence[Finding], out: TextIO, colour: bool) -> None:  # noqa: ARG001
    _write_lines((f.to_ocsf() for f in findings), out)


def _write_ecs(findings: Sequence[Finding], out: TextIO, colour: bool) -> None:  # noqa: ARG001
    _write_lines((f.to_ecs() for f in findings), out)


def _write_json(findings: Sequence[Finding], out: TextIO, colour: bool) -> None:  # noqa: ARG001
    json.dump([f.to_dict() for f in findings], out, indent=2)
    out.write("\n")


def _write_csv(findings: Sequence[Finding], out: TextIO, colour: bool) -> None:  # noqa: ARG001
    # RFC 4180 line ends: the csv module quotes a cell holding any character of the line
    # terminator, so with "\n" alone a bare CR in a name went out unquoted and a spreadsheet
    # split the row there (a new row whose first cell is the attacker's formula).
    writer = csv.writer(out, lineterminator="\r\n")
    rows = [f.to_dict() for f in findings]
    header = list(FINDING_FIELDS) + [
        k for k in (rows[0] if rows else {}) if k not in FINDING_FIELDS
    ]
    writer.writerow(header)
    for row in rows:
        writer.writerow([spreadsheet_safe(_cell(row.get(k))) for k in header])


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " ".join(str(v) for v in value)
    return str(value)


def _clip(text: str) -> str:
    return text if len(text) <= _MAX_CELL else text[: _MAX_CELL - 1] + "…"


def _write_table(findings: Sequence[Finding], out: TextIO, colour: bool) -> None:
    if not findings:
        out.write("no findings\n")
        return
    rows = [[_clip(neutralize(_cell(f.to_dict()[c]))) for c in _TABLE_COLUMNS] for f in findings]
    widths = [max(len(c), *(len(r[i]) for r in rows)) for i, c in enumerate(_TABLE_COLUMNS)]
    out.write("  ".join(c.ljust(w) for c, w in zip(_TABLE_COLUMNS, widths, strict=True)).rstrip())
    out.write("\n")
    out.write("  ".join("-" * w for w in widths) + "\n")
    for finding, row in zip(findings, rows, strict=True):
        cells = [cell.ljust(w) for cell, w in zip(row, widths, strict=True)]
        if colour:
            cells[1] = f"{_COLOURS.get(finding.severity, '')}{cells[1]}{_RESET}"
        out.write("  ".join(cells).rstrip() + "\n")


#: Output formats by ``--format`` id.
FORMATS: Final[Mapping[str, Format]] = {
    f.id: f
    for f in (
        Format("ndjson", "one JSON object per finding and line", _write_ndjson),
        Format("json", "one JSON array of findings", _write_json),
        Format("csv", "CSV with a header row, formula-safe cells", _write_csv),
        Format("table", "an aligned table for people (colour on a terminal)", _write_table),
        Format("ocsf", "one OCSF 1.3.0 Detection Finding (class 2004) per line", _write_ocsf),
        Format("ecs", "one Elastic Common Schema alert document per line", _write_ecs),
    )
}


def _check_lines(check: Check, depth: int, marks: tuple[str, str]) -> list[str]:
    mark = marks[0] if check.passed else marks[1]
    text = f"{'  ' * depth}{mark} {neutralize(check.description)}"
    if check.column is not None:
        value = check.value.isoformat() if isinstance(check.value, datetime) else check.value
        shown = neutralize(repr(value))
        text += f": {neutralize(check.column)} {_clip_long(shown)}"
        if check.detail:
            text += f" → {neutralize(check.detail)}"
    lines = [text]
    for child in check.children:
        lines.extend(_check_lines(child, depth + 1, marks))
    return lines


def _clip_long(text: str, limit: int = 200) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def explanation_lines(explanation: EventExplanation, *, ascii_only: bool = False) -> list[str]:
    """Render an explanation for people: the source, then each branch's conditions.

    Args:
        explanation: From ``t1133.explain`` or ``iter_explanations``.
        ascii_only: Mark verdicts ``[x]``/``[ ]`` instead of ``✓``/``✗``.

    Returns:
        Lines of text (no newlines), every untrusted value neutralised.
    """
    marks = ("[x]", "[ ]") if ascii_only else ("✓", "✗")
    where = f"{explanation.origin or '<input>'}:{explanation.line or '?'}"
    if explanation.invalid is not None:
        what = explanation.invalid.source or "unrecognised"
        line = f"{neutralize(where)}  {what}: invalid: {neutralize(explanation.invalid.reason)}"
        return [_ascii(line) if ascii_only else line]
    lines = [
        f"{neutralize(where)}  {explanation.source} (adapter {explanation.adapter or 'typed'})"
    ]
    if not explanation.branches:
        lines.append("  no branch of this run reads this source")
    for judged in explanation.branches:
        verdict = "FINDING" if judged.matched else "no finding"
        lines.append(f"  {judged.branch}: {verdict}")
        for child in judged.check.children or (judged.check,):
            lines.extend(_check_lines(child, 2, marks))
    if ascii_only:  # a terminal that cannot show more: arrows and accents become escapes
        return [_ascii(line) for line in lines]
    return lines


def _ascii(line: str) -> str:
    return line.replace("→", "->").encode("ascii", "backslashreplace").decode("ascii")


def explanation_dict(explanation: EventExplanation) -> dict[str, Any]:
    """Return an explanation as JSON-ready data (checks nested as in the predicate)."""
    return {
        "origin": explanation.origin,
        "line": explanation.line,
        "source": explanation.source,
        "adapter": explanation.adapter,
        "invalid": None if explanation.invalid is None else explanation.invalid.to_dict(),
        "branches": [
            {
                "branch": b.branch,
                "matched": b.matched,
                "finding": None if b.finding is None else b.finding.to_dict(),
                "check": _check_dict(b.check),
            }
            for b in explanation.branches
        ],
    }


def _check_dict(check: Check) -> dict[str, Any]:
    value = check.value.isoformat() if isinstance(check.value, datetime) else check.value
    document: dict[str, Any] = {"condition": check.description, "passed": check.passed}
    if check.column is not None:
        document.update(column=check.column, value=value, detail=check.detail)
    if check.children:
        document["children"] = [_check_dict(c) for c in check.children]
    return document
