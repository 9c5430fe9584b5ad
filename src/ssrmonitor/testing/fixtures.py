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

from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.utils import translation

from ssrmonitor.testing.factories import UserFactory, member


@pytest.fixture(autouse=True)
def _language_of_each_test_is_its_own() -> Iterator[None]:
    """Each test starts and ends in the default language: a request in French leaves French
    active in the thread (LocaleMiddleware does not deactivate it), which would otherwise
    change the language of whatever test runs next in the same worker."""
    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _cache_of_each_test_is_its_own() -> Iterator[None]:
    """Each test starts with an empty cache: data made by factories is not audited, so it
    changes no data version (``ssrmonitor.core.datacache``), and a result cached by one test
    must not answer another whose rows reuse the same ids."""
    from django.core.cache import caches

    for alias in ("default", "results"):
        caches[alias].clear()
    yield
    for alias in ("default", "results"):
        caches[alias].clear()


@pytest.fixture
def alice(db: None) -> User:
    return member("alice", "HT", "editor")


@pytest.fixture
def rachel(db: None) -> User:
    return member("rachel", "HT", "reviewer")


@pytest.fixture
def victor(db: None) -> User:
    return member("victor", "HT", "viewer")


@pytest.fixture
def ada(db: None) -> User:
    return member("ada", "HT", "administrator")


@pytest.fixture
def bob(db: None) -> User:
    return member("bob", "CF", "editor")


@pytest.fixture
def vera(db: None) -> User:
    return member("vera", "HT", "vetting_officer")


@pytest.fixture
def reuben(db: None) -> User:
    return member("reuben", "HT", "vetting_reviewer")


@pytest.fixture
def rita(db: None) -> User:
    return member("rita", "HT", "vetting_reviewer")


@pytest.fixture
def chloe(db: None) -> User:
    return member("chloe", "HT", "child_protection")


@pytest.fixture
def fabrice(db: None) -> User:
    return member("fabrice", "CF", "vetting_officer")


@pytest.fixture
def vetting_personas(
    ada: User,
    victor: User,
    vera: User,
    reuben: User,
    rita: User,
    chloe: User,
    fabrice: User,
    root: User,
) -> dict[str, User | None]:
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
def root(db: None) -> User:
    return UserFactory(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def personas(
    alice: User, rachel: User, victor: User, ada: User, bob: User, root: User
) -> dict[str, User | None]:
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
