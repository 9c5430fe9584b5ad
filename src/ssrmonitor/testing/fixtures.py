"""Named personas, each with a comment saying what they may see and do.

* ``alice`` — country editor for Haiti: enters and submits Haiti's measurements.
* ``rachel`` — reviewer for Haiti: approves or returns Haiti's submissions.
* ``victor`` — viewer for Haiti: reads Haiti's internal data, changes nothing.
* ``ada`` — administrator for Haiti: everything in Haiti, including the audit log.
* ``bob`` — country editor for the Central African Republic: sees nothing internal of Haiti.
* ``root`` — superuser: everything everywhere.
* the public (``None`` / anonymous) — published frameworks and approved values only.
"""

from __future__ import annotations

from typing import Any

import pytest

from ssrmonitor.testing.factories import UserFactory, member


@pytest.fixture
def alice(db: None) -> Any:
    return member("alice", "HT", "editor")


@pytest.fixture
def rachel(db: None) -> Any:
    return member("rachel", "HT", "reviewer")


@pytest.fixture
def victor(db: None) -> Any:
    return member("victor", "HT", "viewer")


@pytest.fixture
def ada(db: None) -> Any:
    return member("ada", "HT", "administrator")


@pytest.fixture
def bob(db: None) -> Any:
    return member("bob", "CF", "editor")


@pytest.fixture
def root(db: None) -> Any:
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def personas(alice: Any, rachel: Any, victor: Any, ada: Any, bob: Any, root: Any) -> dict[str, Any]:
    """Every persona by name; ``public`` is the anonymous visitor."""
    return {
        "alice": alice,
        "rachel": rachel,
        "victor": victor,
        "ada": ada,
        "bob": bob,
        "root": root,
        "public": None,
    }
