"""The route matrix of the admin site: the domain apps' models, read only (``table_admin.py``)."""

from __future__ import annotations

from tests.routes.runner import matrix_test
from tests.routes.table_admin import model_cases

test_route = matrix_test(model_cases(exclude=("auth", "axes", "core")))
