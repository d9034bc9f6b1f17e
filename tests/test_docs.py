"""Every Python example in the README and in docs/ runs (ENGINEERING.md, rule 14).

Each ```python block is executed; the blocks of one file run in order in one fresh namespace
(later blocks may use what earlier ones defined), with the repository root as the working
directory. A block opts out only with ``# doc: no-run`` on its first line. Comments such as
``# -> 'value'`` are for readers and are not checked: running without an exception is the test.

The API reference page must name every public name: ``docs/api.md`` has one ``::: t1133.NAME``
entry for each name in ``t1133.__all__``, and no entry for a name that is gone.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

import pytest

import t1133
from t1133.export import FORMATS

ROOT = Path(__file__).resolve().parents[1]
DOCS = ROOT / "docs"
NO_RUN = "# doc: no-run"
# A fenced block: an opening fence of 3+ backticks or tildes with its info string, up to the
# matching closing fence at the same indentation (Markdown allows indented fences in lists).
_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})[ \t]*(?P<info>[^\n`]*)\n"
    r"(?P<body>.*?)"
    r"^(?P=indent)(?P=fence)[ \t]*$",
    re.MULTILINE | re.DOTALL,
)


class Block(NamedTuple):
    """One fenced code block: where it is and what it says."""

    number: int  # 1-based among the file's python blocks
    line: int  # 1-based line of the opening fence
    language: str
    code: str


def doc_files() -> list[Path]:
    """The README and every Markdown page of the docs site."""
    return [ROOT / "README.md", *sorted(DOCS.glob("*.md"))]


def fenced_blocks(text: str) -> Iterator[tuple[int, str, str]]:
    """Yield (line of the opening fence, language, dedented body) for every fenced block."""
    for match in _FENCE.finditer(text):
        indent = match["indent"]
        body = "".join(
            line.removeprefix(indent) for line in match["body"].splitlines(keepends=True)
        )
        language = (match["info"].split() or [""])[0].lstrip(".{").rstrip("}").lower()
        yield text.count("\n", 0, match.start()) + 1, language, body


def python_blocks(path: Path) -> list[Block]:
    """The file's ```python blocks (also ```py, ```python3 and ``{.python}``), numbered."""
    text = path.read_text(encoding="utf-8")
    found = [(line, lang, body) for line, lang, body in fenced_blocks(text) if lang in _PYTHON]
    return [Block(n, line, lang, body) for n, (line, lang, body) in enumerate(found, start=1)]


_PYTHON = frozenset({"python", "py", "python3"})


def _relative(path: Path, root: Path = ROOT) -> str:
    return path.relative_to(root).as_posix()


@contextlib.contextmanager
def _in_root() -> Iterator[None]:
    before = Path.cwd()
    os.chdir(ROOT)
    try:
        yield
    finally:
        os.chdir(before)


def run_blocks(path: Path, root: Path = ROOT) -> list[str]:
    """Run a file's python blocks in order in one namespace; return a failure report or ``[]``.

    Args:
        path: The Markdown file.
        root: What the report names the file relative to.
    """
    name = _relative(path, root)
    namespace: dict[str, object] = {"__name__": f"docs:{name}"}
    for block in python_blocks(path):
        if block.code.lstrip().startswith(NO_RUN):
            continue
        where = f"{name} python block {block.number} (line {block.line})"
        try:
            code = compile(block.code, where, "exec")
            with _in_root(), contextlib.redirect_stdout(io.StringIO()):
                exec(code, namespace)  # noqa: S102 - running the docs' own examples is the test
        except Exception:  # noqa: BLE001 - any error in an example is the failure to report
            return [f"{where} raised:\n{traceback.format_exc(limit=-3)}"]
    return []


@pytest.mark.parametrize("path", doc_files(), ids=_relative)
def test_python_blocks_run(path):
    """Every python block of the file runs, in order, without raising."""
    assert [] == run_blocks(path)


def test_docs_have_python_examples():
    """The harness finds the examples at all (a broken fence regex would pass every file)."""
    counts = {_relative(p): len(python_blocks(p)) for p in doc_files()}
    assert 0 < counts["README.md"]
    assert 0 < counts["docs/index.md"]


def test_no_run_marker_is_honoured(tmp_path):
    """A block whose first line is the marker is skipped; the others still run."""
    page = tmp_path / "page.md"
    page.write_text(
        "```python\n# doc: no-run\nraise SystemExit('skipped')\n```\n\n```python\nvalue = 1\n```\n",
        encoding="utf-8",
    )
    assert [] == run_blocks(page, tmp_path)


def test_failures_name_file_and_block(tmp_path):
    """A raising block is reported by file, block number and line."""
    page = tmp_path / "page.md"
    page.write_text("Text.\n\n```python\nok = 1\n```\n\n```py\n1 / 0\n```\n", encoding="utf-8")
    (report,) = run_blocks(page, tmp_path)
    assert report.startswith("page.md python block 2 (line 7) raised:")
    assert "ZeroDivisionError" in report


def test_blocks_share_one_namespace_per_file(tmp_path):
    """A later block sees what an earlier block of the same file defined."""
    page = tmp_path / "page.md"
    page.write_text(
        "```python\nx = 41\n```\n\n```python\nassert x + 1 == 42\n```\n", encoding="utf-8"
    )
    assert [] == run_blocks(page, tmp_path)


def test_indented_blocks_are_found():
    """Fences indented inside a list item are found and dedented."""
    text = "* item\n\n    ```python\n    x = 1\n    ```\n"
    assert [(3, "python", "x = 1\n")] == list(fenced_blocks(text))


def test_api_page_lists_every_public_name():
    """docs/api.md has a ``::: t1133.NAME`` entry for exactly the names in t1133.__all__."""
    text = (DOCS / "api.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^::: t1133\.(\w+)\s*$", text, re.MULTILINE))
    documented -= {"export", "findings"}  # module entries beyond the top level
    assert sorted(t1133.__all__) == sorted(documented)


def test_every_page_is_in_the_nav():
    """Each docs page appears in mkdocs.yml's nav (the strict build warns otherwise)."""
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    listed = set(re.findall(r":\s*([\w-]+\.md)\s*$", nav, re.MULTILINE))
    assert {p.name for p in DOCS.glob("*.md")} <= listed


def test_every_output_format_is_documented():
    """cli.md and output.md name every --format id registered in t1133.export.FORMATS."""
    for page in ("cli.md", "output.md"):
        text = (DOCS / page).read_text(encoding="utf-8")
        assert [] == [f for f in FORMATS if f"`{f}`" not in text]


def test_output_page_documents_match_the_code():
    """The OCSF and ECS examples on output.md are what t1133 writes for their finding."""
    text = (DOCS / "output.md").read_text(encoding="utf-8")
    ocsf, ecs = (json.loads(body) for _, lang, body in fenced_blocks(text) if lang == "json")
    row = {
        "Type": "SecurityEvent",
        "TimeGenerated": "2026-12-04T10:00:00Z",
        "EventID": 4624,
        "LogonType": 10,
        "IpAddress": "81.2.69.144",
        "TargetUserName": "jdoe",
        "Computer": "srv-app01",
    }
    (finding,) = t1133.detect([row], now="2026-12-04T12:00:00Z").findings
    actual = finding.to_ocsf()
    actual["metadata"]["product"]["version"] = "0.1.0"  # the page shows one release's number
    assert ocsf == actual
    assert ecs == finding.to_ecs()
