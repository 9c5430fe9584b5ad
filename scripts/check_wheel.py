"""Check that a built wheel holds every file of the package (CI runs it after building).

Usage: ``python scripts/check_wheel.py dist/ssrmonitor-*.whl``. Compares the files git tracks
under ``src/ssrmonitor/`` with the wheel's contents and exits 1, naming each missing file, when
the package-data globs in ``pyproject.toml`` leave one out.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def tracked() -> set[str]:
    listed = subprocess.run(
        ["git", "ls-files", "src/ssrmonitor"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    return {name.removeprefix("src/") for name in listed}


def main(wheel: str) -> int:
    with zipfile.ZipFile(wheel) as archive:
        shipped = set(archive.namelist())
    missing = sorted(tracked() - shipped)
    for name in missing:
        print(f"missing from the wheel: {name}", file=sys.stderr)
    print(f"{wheel}: {len(shipped)} files, {len(missing)} tracked files missing")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
