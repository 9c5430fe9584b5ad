"""Every file of the package ships in the wheel: the package-data globs cover each data file.

CI also builds the real wheel and compares it with the tracked files (``scripts/check_wheel.py``);
this test catches a new kind of data file before that, without building anything.
"""

from __future__ import annotations

import fnmatch
import tomllib
from pathlib import Path

import ssrmonitor

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = Path(ssrmonitor.__file__).parent


def _globs() -> list[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return list(config["tool"]["setuptools"]["package-data"]["*"])


def _data_files() -> list[Path]:
    return [
        path
        for path in PACKAGE.rglob("*")
        if path.is_file()
        and path.suffix not in {".py", ".pyc"}
        and "__pycache__" not in path.parts
        and not path.name.startswith(".")
    ]


def test_the_package_has_data_files() -> None:
    names = {path.name for path in _data_files()}
    assert "unsd_IV_4_female_police.tsv" in names
    assert "real-benchmark-frameworks.json" in names


def test_every_data_file_is_shipped_in_the_wheel() -> None:
    globs = _globs()
    left_out = [
        str(path.relative_to(PACKAGE))
        for path in _data_files()
        if not any(fnmatch.fnmatch(path.name, glob) for glob in globs)
    ]
    assert not left_out, f"not matched by [tool.setuptools.package-data]: {left_out}"
