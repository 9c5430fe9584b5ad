"""Every write of benchmark data: atomic, audited, ``acting_user`` keyword-only.

Views, API routes, commands and tests call these and never save benchmark models directly.
``acting_user`` is an :data:`~ssrmonitor.core.actors.Actor`: pages and routes pass the
signed-in user, the demo loader a :class:`~ssrmonitor.core.actors.SystemActor` holding the
benchmarks actions. Every service checks its permission, whoever acts.
"""

from ssrmonitor.benchmarks.services.evidence import add_evidence
from ssrmonitor.benchmarks.services.frameworks import (
    create_benchmark,
    create_framework,
    create_indicator,
    delete_benchmark,
    delete_framework,
    delete_indicator,
    update_benchmark,
    update_framework,
    update_indicator,
)
from ssrmonitor.benchmarks.services.grid import (
    GridEntry,
    GridOutcome,
    GridRefused,
    save_period_values,
    submit_period_values,
)
from ssrmonitor.benchmarks.services.grid_review import ReviewDecision, review_period_values
from ssrmonitor.benchmarks.services.measurements import (
    DisaggregationInput,
    approve_measurement,
    delete_measurement,
    import_reported_measurement,
    record_measurement,
    return_measurement,
    submit_measurement,
    update_measurement,
)
from ssrmonitor.benchmarks.services.progress import Recomputed, recompute_all_progress
from ssrmonitor.benchmarks.services.values import Coverage

__all__ = [
    "Coverage",
    "DisaggregationInput",
    "GridEntry",
    "GridOutcome",
    "GridRefused",
    "Recomputed",
    "ReviewDecision",
    "add_evidence",
    "approve_measurement",
    "create_benchmark",
    "create_framework",
    "create_indicator",
    "delete_benchmark",
    "delete_framework",
    "delete_indicator",
    "delete_measurement",
    "import_reported_measurement",
    "recompute_all_progress",
    "record_measurement",
    "return_measurement",
    "review_period_values",
    "save_period_values",
    "submit_measurement",
    "submit_period_values",
    "update_benchmark",
    "update_framework",
    "update_indicator",
    "update_measurement",
]
