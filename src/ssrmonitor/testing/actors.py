"""Actors for tests: the system with every action, and an actor that holds none.

``SYSTEM`` stands where a test needs a write done without caring who does it (as the demo
loader or an operator's command would); ``POWERLESS`` is the actor every service must refuse
(see :func:`assert_denied` and ``tests/test_services_denied.py``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from ssrmonitor.core.actors import SystemActor, system_actor
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.core.permissions import Action, Denied

SYSTEM: SystemActor = system_actor("tests", list(Action))
POWERLESS: SystemActor = system_actor("powerless", [])

Call = tuple[tuple[Any, ...], dict[str, Any]]


@dataclass(frozen=True)
class DeniedCase:
    """A service and how to build the arguments of a call that it must refuse.

    ``build`` runs inside the test (with database access) and returns ``(args, kwargs)``
    without ``acting_user``; the service is then called with ``acting_user=POWERLESS``.
    """

    service: Callable[..., Any]
    build: Callable[[], Call]

    @property
    def name(self) -> str:
        return f"{self.service.__module__}.{self.service.__qualname__}"


def assert_denied(case: DeniedCase) -> None:
    """The service refuses an actor without the action, and writes nothing."""
    args, kwargs = case.build()
    before = AuditEvent.objects.count()
    with pytest.raises(Denied):
        case.service(*args, acting_user=POWERLESS, **kwargs)
    assert AuditEvent.objects.count() == before  # noqa: S101 (a test helper)


def call(*args: Any, **kwargs: Any) -> Call:
    """``(args, kwargs)`` for a :class:`DeniedCase`'s ``build``."""
    return args, kwargs
