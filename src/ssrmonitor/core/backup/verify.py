"""After a restore: does what was restored hold, and does this server's configuration open it?

* the rows of every model are those the manifest counted;
* the audit chain verifies with the configured audit key
  (:func:`ssrmonitor.core.audit.verify_chain`);
* a sample of the rows of every model (the first and last few) loads through the ORM: a field
  sealed with a key the server does not hold raises
  :class:`~ssrmonitor.core.unreadable.StoredDataUnreadable` (vetting's personal data), which
  is reported with the model and the reason — core names no app;
* the readiness checks of ``/readyz`` pass (:mod:`ssrmonitor.core.ops.readiness`; the apps
  contribute theirs, e.g. vetting's "the data key opens a stored value"), the worker's
  heartbeat excepted.
"""

from __future__ import annotations

from django.apps import apps
from django.db import DatabaseError, connection
from django.utils.translation import gettext as _

from ssrmonitor.core.audit import verify_chain
from ssrmonitor.core.backup.database import existing_tables, model_tables, quote
from ssrmonitor.core.unreadable import StoredDataUnreadable

SAMPLE = 10  # rows read at each end of every table


def row_count_problems(expected: dict[str, int]) -> list[str]:
    """Models whose rows differ from the manifest's count."""
    tables, present = model_tables(), set(existing_tables())
    problems = []
    with connection.cursor() as cursor:
        for label, count in sorted(expected.items()):
            table = tables.get(label)
            if table is None or table not in present:
                problems.append(_("%(model)s: no table for this model.") % {"model": label})
                continue
            cursor.execute(f"SELECT COUNT(*) FROM {quote(table)}")  # noqa: S608 (model tables)
            found = int(cursor.fetchone()[0])
            if found != count:
                problems.append(
                    _("%(model)s: %(found)d rows restored, %(count)d in the archive.")
                    % {"model": label, "found": found, "count": count}
                )
    return problems


def audit_chain_problems() -> list[str]:
    """The audit chain's breaks, summarised (the configured audit key must be the old one)."""
    breaks = list(verify_chain())
    if not breaks:
        return []
    first = breaks[0]
    return [
        _(
            "The audit chain does not verify: %(count)d breaks, the first at event #%(id)d "
            "(%(reason)s). Is SSRMONITOR_AUDIT_KEY (or the SECRET_KEY it derives from) the one "
            "of the server that made the backup?"
        )
        % {"count": len(breaks), "id": first.event_id, "reason": first.reason}
    ]


def sample_problems() -> tuple[int, list[str]]:
    """Rows read at both ends of every model, and those that do not open."""
    read, problems = 0, []
    for model in apps.get_models():
        if model._meta.proxy or not model._meta.managed:
            continue
        rows = model._base_manager.all()
        try:
            sample = [*rows.order_by("pk")[:SAMPLE], *rows.order_by("-pk")[:SAMPLE]]
        except StoredDataUnreadable as exc:
            problems.append(
                _("%(model)s: stored data does not open: %(reason)s")
                % {"model": model._meta.label_lower, "reason": exc}
            )
            continue
        except DatabaseError as exc:  # a table that does not match its model
            problems.append(
                _("%(model)s: cannot be read: %(reason)s")
                % {"model": model._meta.label_lower, "reason": exc}
            )
            continue
        read += len(sample)
    return read, problems


def readiness_problems() -> list[str]:
    """The failing readiness checks of ``/readyz`` (vetting's: the data key opens a stored
    value), but the worker's heartbeat: no worker runs during a restore."""
    from ssrmonitor.core.ops.readiness import run_checks

    return [
        f"{outcome.name}: {outcome.detail}"
        for outcome in run_checks()
        if not outcome.ok and outcome.name != "worker"
    ]


def verify_restored(row_counts: dict[str, int]) -> tuple[int, list[str]]:
    """Every check above: (rows sampled, problems found)."""
    problems = row_count_problems(row_counts) + audit_chain_problems()
    read, unreadable = sample_problems()
    return read, problems + unreadable + readiness_problems()
