"""The route matrix of core, one's account and benchmarks (how a case reads: ``kit.py``)."""

from __future__ import annotations

from tests.routes import table_accounts, table_benchmarks, table_core
from tests.routes.runner import matrix_test

test_route = matrix_test([*table_core.CASES, *table_accounts.CASES, *table_benchmarks.CASES])
