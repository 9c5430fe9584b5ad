"""Costly read results kept in the cache until the data they were computed from changes.

Some pages compute over thousands of rows: the coordination analysis of a country reads every
activity of the country with its transactions, shares and links. Users read these pages much
more often than anyone changes the data, so SSR Monitor keeps the result and computes it again
only after a change. DHIS2 does the same with its analytics responses.

**Domains.** An app registers a *domain* with the models its cached results read, in its
``AppConfig.ready()``: :func:`register_domain` ``("support", apps=("support",),
models=("core.organisation", "core.country"))``. Every domain has a version in the database
(:class:`~ssrmonitor.core.models.DataVersion`), a random token. The token changes whenever
:func:`ssrmonitor.core.audit.record` records a change to one of the domain's models, in the
service's own transaction: the new token commits or rolls back with the data. Every write of
SSR Monitor is a service that records its change, bulk writes included (the IATI importer
records each import run), so no write leaves a stale result behind.

The audit log is the one hook, rather than Django's ``post_save`` signals as well, for two
reasons. Bulk writes send no signals. And ``record`` takes the audit chain's lock before it
takes the version's row lock, so every writer takes the two locks in the same order: a writer
cannot hold the row while it waits for the chain, so no two writers can deadlock.

**Results.** :func:`cached` takes the domains, the parts of the key (the country, the period,
what the visitor may see) and the function that computes the result. The key holds the domains'
current tokens. After a change the key changes, and the old entry is never read again; it
expires after ``SSRMONITOR_ANALYSIS_CACHE_SECONDS`` (600 by default). ``0`` turns caching off.
This time limit is also the longest a result can stay stale after a write that is not audited
(a data migration; ``ssrmonitor upgrade`` renews every domain's token after migrating).

**Narrower domains.** A domain may hold only part of its apps' data. The benchmarks app's
``benchmarks.published`` domain is what the public pages show: frameworks, indicators, approved
values and stored progress, not the drafts and submissions that editors write all day. It
*ignores* the measurement model (``register_domain(..., ignore=...)``), and the app calls
:func:`renew` where approved values change, which is where it refreshes the stored progress.
Its cached pages then survive a busy day of data entry.

**Permissions.** The cache does not check permissions. The caller includes in the key the
visitor's scope for the data, for example the countries whose internal data the visitor may see.
Two visitors who see the same data then share one entry, and no visitor gets a result computed
for a wider scope.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django.conf import settings
from django.core.cache import caches
from django.db import IntegrityError, transaction

from ssrmonitor.core.models import DataVersion

T = TypeVar("T")

_BY_APP: dict[str, set[str]] = {}  # app label → domains
_BY_MODEL: dict[str, set[str]] = {}  # model label (lower case) → domains
_IGNORED: dict[str, set[str]] = {}  # model label (lower case) → domains its changes leave alone
RESULTS = "results"  # the cache alias: apart from the default cache's short-lived counters
MISSING = "-"  # the token of a domain whose data never changed since the database was made


def register_domain(
    name: str,
    *,
    apps: Iterable[str] = (),
    models: Iterable[str] = (),
    ignore: Iterable[str] = (),
) -> None:
    """Declare the domain ``name``: every model of the ``apps`` and the listed ``models``.

    ``ignore`` names models of the ``apps`` whose audited changes leave the domain's token as
    it is. Only a domain that holds part of such a model may ignore it, and its app must then
    call :func:`renew` itself, in the writer's transaction, whenever a change touches that
    part (the benchmarks app's published domain ignores measurements and is renewed when an
    approved value changes).
    """
    for app in apps:
        _BY_APP.setdefault(app, set()).add(name)
    for label in models:
        _BY_MODEL.setdefault(label.lower(), set()).add(name)
    for label in ignore:
        _IGNORED.setdefault(label.lower(), set()).add(name)


def domains_of(label_lower: str) -> set[str]:
    """The domains whose data includes the model ``label_lower`` (``app.model``)."""
    app = label_lower.split(".", 1)[0]
    found = _BY_APP.get(app, set()) | _BY_MODEL.get(label_lower, set())
    return found - _IGNORED.get(label_lower, set())


def changed(label_lower: str) -> None:
    """A row of ``label_lower`` changed: give each of its domains a new token (called by
    :func:`ssrmonitor.core.audit.record`, inside the writer's transaction)."""
    for domain in sorted(domains_of(label_lower)):  # the same order for every writer
        _bump(domain)


def renew(domain: str) -> None:
    """Give ``domain`` a new token (inside the writer's transaction): for a change that
    :func:`changed` does not see, such as one to a model the domain ignores.

    It takes the audit chain's lock first, as :func:`ssrmonitor.core.audit.record` does before
    it renews tokens, so that the lock order stays the same for every writer.
    """
    from ssrmonitor.core.audit import lock_chain  # the audit module imports this one

    lock_chain()
    _bump(domain)


def renew_all() -> None:
    """Give every registered domain a new token: all cached results are computed again
    (``ssrmonitor upgrade`` does this after migrating, whose data migrations are not audited)."""
    groups = (*_BY_APP.values(), *_BY_MODEL.values(), *_IGNORED.values())
    names = {name for group in groups for name in group}
    with transaction.atomic():
        for domain in sorted(names):
            _bump(domain)


def _bump(domain: str) -> None:
    token = secrets.token_hex(8)
    if DataVersion.objects.filter(domain=domain).update(token=token):
        return
    try:
        with transaction.atomic():  # a savepoint: another writer may create the row first
            DataVersion.objects.create(domain=domain, token=token)
    except IntegrityError:
        DataVersion.objects.filter(domain=domain).update(token=token)


def tokens(domains: Iterable[str]) -> str:
    """The current tokens of ``domains``, joined in the order given (one query)."""
    names = list(domains)
    found = dict(DataVersion.objects.filter(domain__in=names).values_list("domain", "token"))
    return ".".join(found.get(name, MISSING) for name in names)


def cached(name: str, domains: Iterable[str], parts: Iterable[Any], compute: Callable[[], T]) -> T:
    """The result of ``compute()`` for the key ``name`` + ``parts`` at the domains' versions.

    ``parts`` must say everything the result depends on besides the domains' data: the
    country, the period, the visitor's scope (see the module's note on permissions), and the
    language if the result holds translated text.
    """
    seconds = int(getattr(settings, "SSRMONITOR_ANALYSIS_CACHE_SECONDS", 600))
    if seconds <= 0:
        return compute()
    digest = hashlib.sha256(repr(tuple(parts)).encode()).hexdigest()[:32]
    key = f"ssrmonitor:datacache:{name}:{tokens(domains)}:{digest}"
    store = caches[RESULTS]
    found = store.get(key)
    if found is not None:
        return found  # type: ignore[no-any-return]
    result = compute()
    store.set(key, result, seconds)
    return result
