"""Named personas, each with a comment saying what they may see and do.

* ``alice`` — country editor for Haiti: enters and submits Haiti's measurements.
* ``rachel`` — reviewer for Haiti: approves or returns Haiti's submissions.
* ``victor`` — viewer for Haiti: reads Haiti's internal data, changes nothing.
* ``ada`` — administrator for Haiti: everything in Haiti, including the audit log.
* ``bob`` — country editor for the Central African Republic: sees nothing internal of Haiti.
* ``vera`` — vetting officer for Haiti: registers personnel and records, screens, runs cases.
* ``reuben`` and ``rita`` — vetting reviewers for Haiti: confirm identities and decide, two of
  them for four eyes; approve another person's export of personal data.
* ``chloe`` — child protection officer for Haiti: age assessments and referrals only.
* ``fabrice`` — vetting officer for the Central African Republic: nothing of Haiti's vetting.
* ``root`` — superuser: everything everywhere, except vetting personal data (need to know).
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
def vera(db: None) -> Any:
    return member("vera", "HT", "vetting_officer")


@pytest.fixture
def reuben(db: None) -> Any:
    return member("reuben", "HT", "vetting_reviewer")


@pytest.fixture
def rita(db: None) -> Any:
    return member("rita", "HT", "vetting_reviewer")


@pytest.fixture
def chloe(db: None) -> Any:
    return member("chloe", "HT", "child_protection")


@pytest.fixture
def fabrice(db: None) -> Any:
    return member("fabrice", "CF", "vetting_officer")


@pytest.fixture
def vetting_personas(
    ada: Any, victor: Any, vera: Any, reuben: Any, rita: Any, chloe: Any, fabrice: Any, root: Any
) -> dict[str, Any]:
    """The personas that matter for vetting, by name; ``public`` is the anonymous visitor."""
    return {
        "ada": ada,
        "victor": victor,
        "vera": vera,
        "reuben": reuben,
        "rita": rita,
        "chloe": chloe,
        "fabrice": fabrice,
        "root": root,
        "public": None,
    }


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
