"""Fuzz the HTTP API in process with schemathesis: every operation of /api/v1/openapi.json,
once per role (a bearer token each, and anonymous), a fixed number of examples per operation.

Run by ``scripts/fuzz.sh``, which prepares a throw-away ``SSRMONITOR_HOME`` with the demo data
and the tokens (``FUZZ_TOKENS``: ``name=token`` pairs separated by spaces). Checks: no 5xx,
status codes, content types and bodies as declared. Exits 1 on any failure.
"""

from __future__ import annotations

import logging
import os
import sys
import time

import django
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ssrmonitor.settings")
django.setup()
logging.getLogger("django.request").setLevel(logging.ERROR)  # 4xx are expected

import schemathesis  # noqa: E402
from schemathesis import checks as st_checks  # noqa: E402
from schemathesis.specs.openapi import checks as oa_checks  # noqa: E402

from ssrmonitor.wsgi import application  # noqa: E402

CHECKS = [
    st_checks.not_a_server_error,
    oa_checks.status_code_conformance,
    oa_checks.content_type_conformance,
    oa_checks.response_schema_conformance,
]
EXAMPLES = int(os.environ.get("FUZZ_API_EXAMPLES", "5"))


def roles() -> list[tuple[str, dict[str, str]]]:
    pairs = [item.split("=", 1) for item in os.environ.get("FUZZ_TOKENS", "").split()]
    return [("anonymous", {})] + [(name, {"Authorization": f"Bearer {tok}"}) for name, tok in pairs]


def run_operation(operation: object, headers: dict[str, str], counter: list[int]) -> str | None:
    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],  # no shrinking: the first failure is reported
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(case=operation.as_strategy())  # type: ignore[attr-defined]
    def test(case: schemathesis.Case) -> None:
        counter[0] += 1
        case.call_and_validate(headers=headers, checks=CHECKS)

    try:
        test()
    except Unsatisfiable:
        return None
    except (Exception, BaseExceptionGroup) as exc:  # a failed check or a crash: reported
        return f"{type(exc).__name__}: {str(exc)[:1500]}"
    return None


def main() -> int:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    operations = [result.ok() for result in schema.get_all_operations()]
    only = os.environ.get("FUZZ_API_ONLY", "")
    counter = [0]
    failures: list[str] = []
    started = time.monotonic()
    for name, headers in roles():
        for operation in operations:
            if only and only not in operation.label:
                continue
            error = run_operation(operation, headers, counter)
            if error:
                failures.append(f"[{name}] {operation.label}\n{error}")
                sys.stdout.write(f"FAIL [{name}] {operation.label}\n")
                sys.stdout.flush()
    elapsed = time.monotonic() - started
    for failure in failures:
        sys.stdout.write(f"\n{failure}\n")
    sys.stdout.write(
        f"schemathesis: {counter[0]} examples, {len(operations)} operations x "
        f"{len(roles())} roles, {len(failures)} failures, {elapsed:.0f}s\n"
    )
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
