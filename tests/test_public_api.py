"""The declared public surface: one import, sorted names, every module declares __all__."""

from __future__ import annotations

import importlib
import pkgutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

import t1133

ROOT = Path(__file__).resolve().parents[1]


def test_star_import_gives_exactly_all():
    """``from t1133 import *`` binds every name of ``t1133.__all__`` and nothing else."""
    namespace: dict[str, object] = {}
    exec("from t1133 import *", namespace)  # noqa: S102 - the behaviour under test
    assert sorted(t1133.__all__) == sorted(k for k in namespace if k != "__builtins__")


def test_all_is_sorted_and_unique():
    """``__all__`` is kept sorted (constants, classes, functions) without duplicates."""
    names = list(t1133.__all__)
    assert len(set(names)) == len(names)

    def kind(name: str) -> tuple[int, str]:
        if name.isupper():
            return (0, name)
        return (1, name) if name[0].isupper() else (2, name)

    assert sorted(names, key=kind) == names


def test_every_module_declares_all():
    """Each module of the package declares ``__all__`` naming only what it defines or imports."""
    missing = []
    for info in pkgutil.walk_packages(t1133.__path__, "t1133."):
        if info.name == "t1133.__main__":
            continue
        module = importlib.import_module(info.name)
        if not hasattr(module, "__all__"):
            missing.append(info.name)
            continue
        assert all(hasattr(module, n) for n in module.__all__), info.name
    assert [] == missing


def test_no_library_class_name_starts_with_test():
    """No public class is named Test* (pytest would collect it)."""
    assert [] == [n for n in t1133.__all__ if n.startswith("Test")]


@pytest.mark.skipif(
    importlib.util.find_spec("build") is None and importlib.util.find_spec("pip") is None,
    reason="needs pip to build a wheel",
)
def test_wheel_ships_py_typed(tmp_path):
    """The built wheel contains ``t1133/py.typed`` so type checkers use our annotations."""
    subprocess.run(  # noqa: S603 - our own interpreter building our own project
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(ROOT)],
        check=True,
    )
    wheel = next(tmp_path.glob("t1133-*.whl"))
    assert "t1133/py.typed" in zipfile.ZipFile(wheel).namelist()
