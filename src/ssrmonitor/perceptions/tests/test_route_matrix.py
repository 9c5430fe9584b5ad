"""The route matrix of the perceptions app (``tests/routes/table_perceptions.py``), asked as
every persona in the shared world (which holds this app's objects: ``route_world.py`` here)."""

from __future__ import annotations

from tests.routes import table_perceptions
from tests.routes.conftest import route_world  # noqa: F401 - the matrix's module-scoped world
from tests.routes.runner import matrix_test

test_route = matrix_test(table_perceptions.CASES)
