"""Tests of the t1133 command line: detect, explain, classify, formats, exit codes, safety."""

from __future__ import annotations

import csv
import gzip
import io
import json
from datetime import datetime
from pathlib import Path

import pytest

from t1133 import cli
from t1133.cli import main, parse_duration
from test_findings import FIELDS

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "examples" / "data" / "sample.ndjson"
EXPECTED = ROOT / "examples" / "data" / "sample.expected.json"
NOW = "2026-12-04T12:00:00Z"


def rdp(ip: str = "81.2.69.144", user: str = "jdoe", when: str = "2026-12-04T10:00:00Z") -> dict:
    """A SecurityEvent RDP logon row."""
    return {
        "Type": "SecurityEvent",
        "TimeGenerated": when,
        "EventID": 4624,
        "LogonType": 10,
        "IpAddress": ip,
        "TargetUserName": user,
        "Computer": "srv-app01.corp.example",
    }


def write_ndjson(path: Path, rows: list[object]) -> Path:
    """Write rows as NDJSON and return the path."""
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def run(argv: list[str]) -> tuple[int, str]:
    """Run the CLI in-process; return its status and stdout."""
    out = io.StringIO()
    status = main(argv, stdout=out)
    return status, out.getvalue()


def instant(text: str) -> datetime:
    """Parse an ISO 8601 UTC time."""
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def comparable(finding: dict) -> dict:
    """The eight contract fields, the time as an instant."""
    row = {k: finding[k] for k in FIELDS}
    row["TimeGenerated"] = instant(row["TimeGenerated"])
    return row


def test_detect_on_the_bundled_sample_gives_the_planted_findings(capsys):
    """The README's main job: the sample's 36 planted findings, in order, two invalid records."""
    status, out = run(["detect", str(SAMPLE), "--now", NOW])
    expected = json.loads(EXPECTED.read_text(encoding="utf-8"))
    got = [json.loads(line) for line in out.splitlines()]
    assert 0 == status
    assert [comparable(f) for f in expected] == [comparable(f) for f in got]
    err = capsys.readouterr().err
    assert "sample.ndjson:1501: invalid record: not JSON" in err
    assert "sample.ndjson:2501: invalid record: TimeGenerated: not a timestamp" in err
    assert "t1133: read 3,038 events" in err
    assert "t1133:   1 invalid (SecurityEvent): TimeGenerated\n" in err
    assert "t1133:   1 invalid (unrecognised): not JSON\n" in err
    assert "36 matched, 3,000 not matched, 2 invalid; 36 findings" in err


def test_findings_have_the_eight_contract_fields_first(tmp_path):
    """NDJSON output: the eight fields by name, in the reference order, ISO 8601 UTC times."""
    path = write_ndjson(tmp_path / "e.ndjson", [rdp()])
    _, out = run(["detect", str(path), "--now", NOW, "-q"])
    finding = json.loads(out)
    assert list(FIELDS) == list(finding)[:8]
    assert "2026-12-04T10:00:00Z" == finding["TimeGenerated"]
    assert None is finding["Location"]


def test_no_findings_is_still_success(tmp_path, capsys):
    """Exit 0 when the run completes, with or without findings."""
    path = write_ndjson(tmp_path / "e.ndjson", [rdp(ip="10.0.0.5")])
    assert (0, "") == run(["detect", str(path), "--now", NOW])
    assert "0 findings" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("argv", "status", "message"),
    [
        (["detect", "/nonexistent/x.ndjson"], 1, "No such file"),
        (["detect", "--internal", "bogus", "-"], 2, "'bogus' is not an IP address"),
    ],
)
def test_errors_are_one_line_with_a_status(argv, status, message, capsys, monkeypatch):
    """Unreadable input exits 1, a bad policy 2, each with one line on stderr."""
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assert status == run(argv)[0]
    err = capsys.readouterr().err.strip().splitlines()
    assert 1 == len(err)
    assert message in err[0]


@pytest.mark.parametrize(
    "argv",
    [
        ["detect", "--lookback", "0h"],
        ["detect", "--lookback", "yesterday"],
        ["detect", "--now", "soon"],
        ["detect", "--branch", "No_Such_Branch"],
        ["detect", "--format", "xml"],
        ["nothing"],
    ],
)
def test_bad_arguments_exit_2(argv, capsys):
    """Argument errors exit with status 2 (argparse's convention)."""
    with pytest.raises(SystemExit) as caught:
        main(argv)
    assert 2 == caught.value.code
    assert "error" in capsys.readouterr().err


def test_stdin_is_read_for_dash_and_for_no_path(monkeypatch):
    """`-` and no path both read standard input."""
    data = (json.dumps(rdp()) + "\n").encode()
    for argv in (["detect", "-", "--now", NOW, "-q"], ["detect", "--now", NOW, "-q"]):
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
        status, out = run(argv)
        assert (0, "jdoe") == (status, json.loads(out)["AccountName"])


def test_gzip_csv_and_json_array_inputs(tmp_path):
    """The same event read from .gz NDJSON, CSV and a JSON array gives the same finding."""
    row = rdp()
    gz = tmp_path / "e.ndjson.gz"
    gz.write_bytes(gzip.compress((json.dumps(row) + "\n").encode()))
    table = tmp_path / "e.csv"
    with table.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(row))
        writer.writeheader()
        writer.writerow(row)
    array = tmp_path / "e.json"
    array.write_text(json.dumps([row]), encoding="utf-8")
    outs = [run(["detect", str(p), "--now", NOW, "-q"])[1] for p in (gz, table, array)]
    assert 1 == len(set(outs))
    assert "SecurityEvent_RDP_External" == json.loads(outs[0])["DetectionBranch"]


def test_branch_lookback_and_internal_options(tmp_path):
    """--branch limits the run, --lookback the window, --internal removes owned networks."""
    rows = [rdp(), rdp(ip="89.160.20.156", when="2026-12-04T11:30:00Z")]
    path = write_ndjson(tmp_path / "e.ndjson", rows)

    def ips(*extra: str) -> list[str]:
        out = run(["detect", str(path), "--now", NOW, "-q", *extra])[1]
        return [json.loads(line)["SourceIP"] for line in out.splitlines()]

    assert ["89.160.20.156", "81.2.69.144"] == ips()
    assert ["89.160.20.156"] == ips("--lookback", "1h")
    assert ["81.2.69.144"] == ips("--internal", "89.160.20.0/24")
    assert [] == ips("--branch", "SecurityEvent_NetworkLogon_External")


def test_external_category_option_makes_documentation_addresses_attackers(tmp_path):
    """--external-category DOCUMENTATION lets a documentation address play an attacker."""
    path = write_ndjson(tmp_path / "e.ndjson", [rdp(ip="198.51.100.7")])
    assert "" == run(["detect", str(path), "--now", NOW, "-q"])[1]
    categories = ["--external-category", "PUBLIC", "--external-category", "DOCUMENTATION"]
    out = run(["detect", str(path), "--now", NOW, "-q", *categories])[1]
    assert "198.51.100.7" == json.loads(out)["SourceIP"]


def test_invalid_file_holds_every_rejected_record(tmp_path):
    """--invalid writes each rejected record with its reason, origin and line as NDJSON."""
    path = tmp_path / "e.ndjson"
    path.write_text(json.dumps(rdp()) + "\nnot json\n" + json.dumps([1]) + "\n", encoding="utf-8")
    sink = tmp_path / "bad.ndjson"
    run(["detect", str(path), "--now", NOW, "-q", "--invalid", str(sink)])
    bad = [json.loads(line) for line in sink.read_text(encoding="utf-8").splitlines()]
    assert [2, 3] == [b["line"] for b in bad]
    assert {str(path)} == {b["origin"] for b in bad}
    assert [1] == [b["record"] for b in bad][1:]


def test_quiet_silences_the_summary(tmp_path, capsys):
    """-q: no summary and no invalid-record lines on stderr."""
    path = tmp_path / "e.ndjson"
    path.write_text("not json\n" + json.dumps(rdp()) + "\n", encoding="utf-8")
    run(["detect", str(path), "--now", NOW, "-q"])
    assert "" == capsys.readouterr().err


def test_json_csv_and_table_formats(tmp_path):
    """JSON is one array; CSV has the header and a row; the table has aligned titles."""
    path = write_ndjson(tmp_path / "e.ndjson", [rdp()])
    as_json = json.loads(run(["detect", str(path), "--now", NOW, "-q", "--format", "json"])[1])
    assert ["jdoe"] == [f["AccountName"] for f in as_json]
    rows = list(
        csv.reader(
            io.StringIO(run(["detect", str(path), "--now", NOW, "-q", "--format", "csv"])[1])
        )
    )
    assert list(FIELDS) == rows[0][:8]
    assert "jdoe" == rows[1][1]
    table = run(["detect", str(path), "--now", NOW, "-q", "--format", "table"])[1]
    assert table.startswith("TimeGenerated         DetectionBranch")


def test_attacker_text_cannot_reach_the_terminal_raw(tmp_path):
    """An ANSI escape in a user name is shown escaped in the table, never as a raw ESC byte."""
    path = write_ndjson(tmp_path / "e.ndjson", [rdp(user="evil\x1b]0;pwned\x07\x1b[2J")])
    table = run(["detect", str(path), "--now", NOW, "-q", "--format", "table"])[1]
    assert "\x1b" not in table
    assert "evil\\x1b]0;pwned\\x07\\x1b[2J" in table


def test_csv_cells_are_formula_safe(tmp_path):
    """A user name that a spreadsheet would run as a formula is written as text."""
    path = write_ndjson(tmp_path / "e.ndjson", [rdp(user='=HYPERLINK("http://x")')])
    rows = list(
        csv.reader(
            io.StringIO(run(["detect", str(path), "--now", NOW, "-q", "--format", "csv"])[1])
        )
    )
    assert '\'=HYPERLINK("http://x")' == rows[1][1]


class FakeTTY(io.StringIO):
    """A text stream that says it is a terminal."""

    def isatty(self) -> bool:
        """Claim to be a terminal."""
        return True


def test_colour_only_on_a_terminal_and_never_with_no_color(tmp_path, monkeypatch):
    """The table is coloured on a terminal, plain in a pipe, plain when NO_COLOR is set."""
    path = write_ndjson(tmp_path / "e.ndjson", [rdp()])
    argv = ["detect", str(path), "--now", NOW, "-q", "--format", "table"]
    monkeypatch.delenv("NO_COLOR", raising=False)
    tty = FakeTTY()
    main(argv, stdout=tty)
    assert "\x1b[31m" in tty.getvalue()
    assert "\x1b[" not in run(argv)[1]
    monkeypatch.setenv("NO_COLOR", "1")
    tty = FakeTTY()
    main(argv, stdout=tty)
    assert "\x1b[" not in tty.getvalue()


def test_progress_shows_on_a_terminal_for_long_runs(monkeypatch):
    """Progress (events read, rate, findings) appears on a terminal once a run is long."""
    monkeypatch.setattr(cli, "_PROGRESS_AFTER", 0.0)
    monkeypatch.setattr(cli, "_PROGRESS_EVERY", 0.0)
    err = FakeTTY()
    progress = cli._Progress(err, enabled=True)
    for _ in range(2048):
        progress.tick()
    progress.done()
    assert "2,048 events read" in err.getvalue()
    assert "findings so far" in err.getvalue()
    silent = FakeTTY()
    quiet = cli._Progress(silent, enabled=False)
    for _ in range(2048):
        quiet.tick()
    assert "" == silent.getvalue()


@pytest.mark.parametrize(
    ("text", "hours"), [("24h", 24), ("90m", 1.5), ("7d", 168), ("1d12h", 36), ("1w", 168)]
)
def test_durations(text, hours):
    """--lookback takes compact durations."""
    assert hours * 3600 == parse_duration(text).total_seconds()


def test_explain_shows_every_condition_with_the_address_reason(tmp_path):
    """Explain shows the source, each branch, each condition; the IP check says why it failed."""
    path = write_ndjson(tmp_path / "e.ndjson", [rdp(ip="::ffff:10.2.3.4")])
    out_stream = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    status = main(["explain", str(path), "--now", NOW], stdout=out_stream)
    out_stream.seek(0)
    out = out_stream.read()
    assert 0 == status
    assert f"{path}:1  SecurityEvent (adapter sentinel.SecurityEvent)" in out
    assert "SecurityEvent_RDP_External: no finding" in out
    assert "✓ EventID == 4624: EventID 4624" in out  # a UTF-8 stream gets the marks
    assert (
        "✗ IpAddress is external: IpAddress '::ffff:10.2.3.4' → PRIVATE (IPv4-mapped: embedded"
        " IPv4 10.2.3.4 in 10.0.0.0/8 Private-Use) → not external"
    ) in out


def test_explain_json_matches_detect(tmp_path):
    """The JSON explanation says matched exactly where detect finds something."""
    rows = [rdp(), rdp(ip="10.1.1.1"), {"junk": 1}]
    path = write_ndjson(tmp_path / "e.ndjson", rows)
    lines = run(["explain", str(path), "--now", NOW, "--format", "json"])[1].splitlines()
    explained = [json.loads(line) for line in lines]
    matched = [any(b["matched"] for b in e["branches"]) for e in explained]
    assert [True, False, False] == matched
    assert "no known record shape" in explained[2]["invalid"]["reason"]


def test_explain_marks_fall_back_to_ascii(tmp_path):
    """A stream that cannot encode the marks gets [x] and [ ] instead."""
    path = write_ndjson(tmp_path / "e.ndjson", [rdp(ip="10.2.3.4")])
    out_stream = io.TextIOWrapper(io.BytesIO(), encoding="ascii")
    main(["explain", str(path), "--now", NOW], stdout=out_stream)
    out_stream.seek(0)
    text = out_stream.read()
    assert "[x] EventID == 4624: EventID 4624" in text
    assert "[ ] IpAddress is external: IpAddress '10.2.3.4' -> PRIVATE" in text


def test_classify_prints_category_and_reason():
    """classify: one line per address with its category and the block that decided."""
    out = run(["classify", "8.10.20.30", "::ffff:a00:1"])[1].splitlines()
    assert out[0].startswith("8.10.20.30\tPUBLIC\t")
    assert "::ffff:a00:1\tPRIVATE\tPRIVATE (IPv4-mapped: embedded IPv4 10.0.0.1" in out[1]


def test_summary_groups_invalid_records_by_what_failed(tmp_path, capsys):
    """Many invalid records of one kind make one summary line with their count."""
    rows = [dict(rdp(), TimeGenerated=f"not a time {i}") for i in range(25)] + ["x"] * 3
    path = write_ndjson(tmp_path / "e.ndjson", rows)
    run(["detect", str(path), "--now", NOW])
    err = capsys.readouterr().err
    assert "t1133: ... and 18 more invalid records" in err
    assert "t1133:   25 invalid (SecurityEvent): TimeGenerated\n" in err
    assert "t1133:   3 invalid (unrecognised): JSON str is not an object\n" in err
