"""Every write of the sector app: atomic, permission-checked, validated and audited.

Each public function runs under ``transaction.atomic(durable=True)``. The ``write_*``
functions do the same work without opening their own transaction, so that a bulk import can
write many rows in one transaction (all or nothing).
"""

from ssrmonitor.sector.services.expenditure import record_budget_line, set_fiscal_context
from ssrmonitor.sector.services.institutions import (
    change_institution,
    correct_institution_version,
    create_institution,
    merge_institutions,
)
from ssrmonitor.sector.services.personnel import (
    record_personnel_return,
    set_grade_mapping,
    set_personnel_target,
)
from ssrmonitor.sector.services.roles import (
    add_oversight,
    create_function,
    remove_oversight,
    set_role,
)

__all__ = [
    "add_oversight",
    "change_institution",
    "correct_institution_version",
    "create_function",
    "create_institution",
    "merge_institutions",
    "record_budget_line",
    "record_personnel_return",
    "remove_oversight",
    "set_fiscal_context",
    "set_grade_mapping",
    "set_personnel_target",
    "set_role",
]
