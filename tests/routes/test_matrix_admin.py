"""The route matrix of the admin site: the site's own pages and accounts, reference data,
access and sign-in records (how a case reads: ``kit.py``, ``table_admin.py``)."""

from __future__ import annotations

from tests.routes.runner import matrix_test
from tests.routes.table_admin import SITE_CASES, model_cases

test_route = matrix_test([*SITE_CASES, *model_cases(("auth", "axes", "core"))])
