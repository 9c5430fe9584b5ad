"""The route matrix of vetting and age screening (how a case reads: ``kit.py``)."""

from __future__ import annotations

from tests.routes import table_vetting, table_vetting_oversight
from tests.routes.runner import matrix_test

test_route = matrix_test([*table_vetting.CASES, *table_vetting_oversight.CASES])
