"""Every script in examples/ runs and prints what its docstring promises (ENGINEERING.md, rule 14).

Each script runs as a subprocess from the repository root, as a reader would run it, and its real
output is compared with expectations written by hand from the data files in ``examples/data/``
(or, for the bundled sample, with ``sample.expected.json``, written independently of the engine).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from test_export import TABLE_HEADER

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SCRIPTS = sorted(p.name for p in EXAMPLES.glob("*.py"))


def run(script: str, *args: str) -> subprocess.CompletedProcess[str]:
    """Run an example with this interpreter from the repository root; it must exit 0."""
    env = dict(os.environ, PYTHONIOENCODING="utf-8", NO_COLOR="1")
    done = subprocess.run(  # noqa: S603 - our own scripts, with this interpreter
        [sys.executable, str(EXAMPLES / script), *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert 0 == done.returncode, done.stderr
    return done


def test_every_example_is_tested():
    """A new script in examples/ cannot go untested: this file names each one."""
    assert [
        "custom_branch.py",
        "markdown_report.py",
        "soar_signins_to_ocsf.py",
        "splunk_and_elastic.py",
    ] == SCRIPTS


@pytest.mark.parametrize("script", SCRIPTS)
def test_docstring_says_what_and_how(script):
    """Each example opens with a docstring that says what it shows and how to run it."""
    text = (EXAMPLES / script).read_text(encoding="utf-8")
    assert text.startswith(('"""', 'r"""'))
    assert "What it shows" in text.split('"""')[1]
    assert f"python examples/{script}" in text.split('"""')[1]


def ocsf_lines(stdout: str) -> list[dict]:
    """Parse one OCSF document per line."""
    return [json.loads(line) for line in stdout.splitlines()]


def branch_account_ip(document: dict) -> tuple[str, str, str]:
    """The (branch, account, source IP) of an OCSF Detection Finding."""
    evidence = document["evidences"][0]
    return (
        document["finding_info"]["analytic"]["name"],
        evidence["user"]["name"],
        evidence["src_endpoint"]["ip"],
    )


def test_soar_writes_ocsf_findings_of_both_inputs():
    """Graph sign-ins and Sentinel rows in one run give the four planted positives as OCSF 2004."""
    done = run("soar_signins_to_ocsf.py")
    documents = ocsf_lines(done.stdout)
    assert [2004] * 4 == [d["class_uid"] for d in documents]
    assert [
        ("SecurityEvent_NetworkLogon_External", "svc-backup", "89.160.20.156"),
        ("SecurityEvent_RDP_External", "jdoe", "175.16.199.5"),
        ("AAD_VPN_Citrix_External", "j.doe@contoso.example", "81.2.69.144"),
        ("AAD_VPN_Citrix_External", "ops.admin@contoso.example", "89.160.20.156"),
    ] == [branch_account_ip(d) for d in documents]
    assert {"T1133"} == {
        a["technique"]["uid"] for d in documents for a in d["finding_info"]["attacks"]
    }
    assert (
        "soar_signins_to_ocsf: read 15 events (SecurityEvent 8, SigninLogs 7), 0 invalid, "
        "4 findings (AAD_VPN_Citrix_External 2, SecurityEvent_RDP_External 1, "
        "SecurityEvent_NetworkLogon_External 1)\n"
    ) == done.stderr


def test_soar_now_moves_the_window():
    """``--now`` a day earlier brings the two older positives into the window (no upper bound)."""
    documents = ocsf_lines(run("soar_signins_to_ocsf.py", "--now", "2026-12-03T12:00:00Z").stdout)
    assert {
        ("SecurityEvent_NetworkLogon_External", "svc-backup", "89.160.20.156"),
        ("SecurityEvent_RDP_External", "jdoe", "175.16.199.5"),
        ("SecurityEvent_RDP_External", "jdoe", "81.2.69.144"),
        ("AAD_VPN_Citrix_External", "j.doe@contoso.example", "81.2.69.144"),
        ("AAD_VPN_Citrix_External", "ops.admin@contoso.example", "89.160.20.156"),
        ("AAD_VPN_Citrix_External", "diego.siciliani@contoso.example", "175.16.199.5"),
    } == {branch_account_ip(d) for d in documents}


def test_custom_branches_fire_beside_the_built_in_ones():
    """The derived and the new branch fire beside the built-in ones, in one run.

    The derived branch's 7-day window reaches the old crown-jewel logon that the built-in 24 h
    RDP branch misses.
    """
    stdout = run("custom_branch.py").stdout
    head, _, _ = stdout.partition("\n\n")
    rows = [line.split() for line in head.splitlines()[1:]]
    assert "8 findings from 9 events:" == head.splitlines()[0]
    assert {
        ("SecurityEvent_NetworkLogon_External", "svc-backup", "89.160.20.156"),
        ("SecurityEvent_RDP_External", "megan.bowen", "175.16.199.5"),
        ("SecurityEvent_RDP_External", "adm.jdoe", "81.2.69.144"),
        ("RDP_To_Crown_Jewels", "adm.jdoe", "81.2.69.144"),
        ("RDP_To_Crown_Jewels", "adm.jdoe", "89.160.20.156"),
        ("AAD_VPN_Citrix_External", "adele.vance@contoso.example", "81.2.69.144"),
        ("Risky_SignIn_External", "adele.vance@contoso.example", "81.2.69.144"),
        ("Risky_SignIn_External", "lee.gu@contoso.example", "175.16.199.5"),
    } == {(r[0], r[2], r[3]) for r in rows}
    assert {"critical"} == {r[1] for r in rows if r[0] == "RDP_To_Crown_Jewels"}


def test_custom_branch_explains_the_quiet_event():
    """The explanation shows, condition by condition, that a mapped private address kept it out."""
    stdout = run("custom_branch.py").stdout
    _, _, why = stdout.partition("\n\n")
    lines = why.splitlines()
    assert "Why host_tool_events.json:4 (sentinel.SecurityEvent) fired nothing:" == lines[0]
    assert [
        "  SecurityEvent_RDP_External: did not fire",
        "  SecurityEvent_NetworkLogon_External: did not fire",
        "  RDP_To_Crown_Jewels: did not fire",
    ] == [line for line in lines if line.startswith("  ") and not line.startswith("   ")]
    ip_checks = [line for line in lines if "IpAddress is external" in line]
    assert 3 == len(ip_checks)
    assert all(
        line.startswith("    FAIL  IpAddress is external: IpAddress = '::ffff:10.2.3.4' -> PRIVATE")
        for line in ip_checks
    )
    assert (
        "    pass  Computer in ('dc01.corp.example', 'sql01.corp.example'): "
        "Computer = 'dc01.corp.example'"
    ) in lines


def table_rows(stdout: str) -> list[tuple[str, ...]]:
    """(time, branch, account, IP, service, computer) of each row of the findings table."""
    lines = stdout.split("\n\n", maxsplit=1)[0].splitlines()
    assert TABLE_HEADER == lines[0].split()
    return [tuple(line.split()) for line in lines[2:]]


def test_splunk_and_elastic_give_the_same_finding():
    """The RDP logon in both exports is one finding twice; the negatives of both stay out."""
    done = run("splunk_and_elastic.py")
    rdp = ("SecurityEvent_RDP_External", "jdoe", "81.2.69.144", "RDP_RemoteInteractive")
    assert [
        ("2026-12-04T11:20:44.512000Z", "SecurityEvent_RDP_External", "helpdesk",
         "175.16.199.5", "RDP_RemoteInteractive", "jump01.corp.example"),
        ("2026-12-04T10:02:11Z", "SecurityEvent_NetworkLogon_External", "svc-backup",
         "89.160.20.156", "Network_WinRM", "fs02.corp.example"),
        ("2026-12-04T09:15:30Z", *rdp, "srv-app01.corp.example"),
        ("2026-12-04T09:15:30Z", *rdp, "srv-app01.corp.example"),
    ] == table_rows(done.stdout)  # fmt: skip
    same = done.stdout.split("\n\n")[1].splitlines()
    assert 1 == len(same)
    assert same[0].startswith(
        "SecurityEvent_RDP_External jdoe from 81.2.69.144 to srv-app01.corp.example: "
        "ecs.windows and splunk.windows give the same finding (t1133-"
    )
    assert "read 10 events (ecs.windows 5, splunk.windows 5)\n" == done.stderr


def report_table(markdown: str, header: str) -> list[list[str]]:
    """The cells of the Markdown table whose header row starts with ``header``."""
    lines = markdown.splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith(f"| {header} |"))
    rows = []
    for line in lines[start + 2 :]:
        if not line.startswith("|"):
            break
        rows.append([cell.strip() for cell in line.strip("|").split(" | ")])
    return rows


def test_markdown_report_of_the_sample():
    """The sample's report: its counts, both invalid records, and the expected groups.

    One row per (account, source IP) of the sample's expected findings, with its count.
    """
    markdown = run("markdown_report.py").stdout
    assert markdown.startswith("# T1133 External Remote Services: findings report\n")
    assert [
        ["(unrecognised)", "1", "0", "0", "1"],
        ["DeviceLogonEvents", "895", "8", "887", "0"],
        ["SecurityEvent", "1264", "20", "1243", "1"],
        ["SigninLogs", "878", "8", "870", "0"],
        ["all", "3038", "36", "3000", "2"],
    ] == report_table(markdown, "Source")
    assert [
        ["AAD\\_VPN\\_Citrix\\_External", "8"],
        ["SecurityEvent\\_RDP\\_External", "12"],
        ["SecurityEvent\\_NetworkLogon\\_External", "8"],
        ["MDE\\_RemoteLogon\\_External", "8"],
    ] == report_table(markdown, "Branch")
    assert 2 == markdown.count("\n- sample.ndjson:")
    assert "36 findings in 35 groups, most findings first." in markdown

    groups = report_table(markdown, "Account")
    expected = json.loads((EXAMPLES / "data" / "sample.expected.json").read_text("utf-8"))
    assert Counter((f["AccountName"], f["SourceIP"]) for f in expected) == {
        (row[0], row[1]): int(row[-1]) for row in groups
    }
    assert [
        "joni.sherman", "1.127.0.1", "2026-12-03T15:59:04Z", "2026-12-03T17:11:09Z",
        "SecurityEvent\\_NetworkLogon\\_External, SecurityEvent\\_RDP\\_External",
        "srv-app02.corp.example", "2",
    ] == groups[0]  # fmt: skip


# The account name of hostile_names.ndjson, "mallory|*x*_`y`\n## [owned](http://81.2.69.144/)
# <b>&amp;$x$ ~~z~~" (no line break after the URL), escaped by hand: a backslash before each
# Markdown punctuation character, entities for < > &, the newline as a visible \u000a.
MALLORY_ESCAPED = (
    r"mallory\|\*x\*\_\`y\`\\u000a## \[owned\](http://81.2.69.144/)"
    r"&lt;b&gt;&amp;amp;\$x\$ \~\~z\~\~"
)


def test_markdown_report_escapes_hostile_names():
    """Names built to break the table, inject links, HTML or terminal escapes stay inert text."""
    markdown = run("markdown_report.py", "examples/data/hostile_names.ndjson").stdout
    groups = report_table(markdown, "Account")
    assert [
        [
            MALLORY_ESCAPED,
            "81.2.69.144", "2026-12-04T09:00:00Z", "2026-12-04T09:30:00Z",
            "SecurityEvent\\_NetworkLogon\\_External, SecurityEvent\\_RDP\\_External",
            "srv-app01.corp.example, srv-app02.corp.example", "2",
        ],
        [
            r"eve\\u202eexe.txt\\u001b\[31m@contoso.example",
            "89.160.20.156", "2026-12-04T10:15:00Z", "2026-12-04T10:15:00Z",
            "AAD\\_VPN\\_Citrix\\_External",
            "Citrix Gateway &lt;img src=x onerror=alert(1)&gt;", "1",
        ],
    ] == groups  # fmt: skip
    for raw in ("\x1b", "\u202e", "<img", "<b>", "[owned](", "|*x*"):
        assert raw not in markdown


def test_the_bundled_sample_is_what_its_generator_writes(tmp_path):
    """make_sample.py (seeded) reproduces sample.ndjson and its expected findings exactly."""
    script = EXAMPLES / "data" / "make_sample.py"
    subprocess.run([sys.executable, str(script), str(tmp_path)], check=True)  # noqa: S603
    for name in ("sample.ndjson", "sample.expected.json"):
        assert (EXAMPLES / "data" / name).read_bytes() == (tmp_path / name).read_bytes()
