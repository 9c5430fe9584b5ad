"""The route matrix of transitions, sanctions, lessons and reports (see ``kit.py``)."""

from __future__ import annotations

from tests.routes import table_lessons, table_reports, table_sanctions, table_transitions
from tests.routes.runner import matrix_test

test_route = matrix_test(
    [*table_transitions.CASES, *table_sanctions.CASES, *table_lessons.CASES, *table_reports.CASES]
)
