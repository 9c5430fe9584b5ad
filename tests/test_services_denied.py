"""Every service checks its permission, unconditionally.

A *service* is a public function of ``src/ssrmonitor`` with a keyword-only ``acting_user``
(demo loaders, which only call services, and the shared save helpers of ``core.writes``, which
run after a service's check, excepted). Each app lists a :class:`DeniedCase` per service in
``<app>/tests/test_services_denied.py`` (``CASES``); this test finds every service by reading
the source and fails for any that no app lists. Each app's own test then calls every case with
an actor that holds no action and expects :class:`~ssrmonitor.core.permissions.Denied`.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import ssrmonitor

SRC = Path(ssrmonitor.__file__).parent
NOT_SERVICES = {"demo", "writes"}


def _services() -> set[str]:
    found = set()
    for path in SRC.rglob("*.py"):
        parts = path.relative_to(SRC).with_suffix("").parts
        if {"tests", "testing", "migrations"} & set(parts) or parts[-1] in NOT_SERVICES:
            continue
        module = ".".join(("ssrmonitor", *parts)).removesuffix(".__init__")
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            public = isinstance(node, ast.FunctionDef) and not node.name.startswith("_")
            if public and any(arg.arg == "acting_user" for arg in node.args.kwonlyargs):
                found.add(f"{module}.{node.name}")
    return found


def _listed() -> set[str]:
    listed = set()
    for path in SRC.glob("*/tests/test_services_denied.py"):
        module = importlib.import_module(
            f"ssrmonitor.{path.parent.parent.name}.tests.test_services_denied"
        )
        listed |= {case.name for case in module.CASES}
    return listed


def test_the_services_are_found() -> None:
    assert "ssrmonitor.benchmarks.services.measurements.approve_measurement" in _services()


def test_every_service_has_a_denied_case() -> None:
    missing = sorted(_services() - _listed())
    assert not missing, f"services without a DeniedCase: {missing}"


def test_no_untyped_users_and_no_skipped_checks() -> None:
    offending = []
    for path in SRC.rglob("*.py"):
        if {"tests", "testing", "migrations"} & set(path.relative_to(SRC).parts):
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if (
                "user: Any" in line
                or "acting_user is not None" in line
                or "acting_user is None" in line
            ):
                offending.append(f"{path.relative_to(SRC)}:{number}: {line.strip()}")
    assert not offending, "\n".join(offending)
