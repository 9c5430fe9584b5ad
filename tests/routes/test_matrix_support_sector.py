"""The route matrix of support and sector (how a case reads: ``kit.py``)."""

from __future__ import annotations

from tests.routes import table_sector, table_support
from tests.routes.runner import matrix_test

test_route = matrix_test([*table_support.CASES, *table_sector.CASES])
