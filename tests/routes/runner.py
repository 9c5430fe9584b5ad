"""Ask one :class:`~tests.routes.kit.Case` as every persona and say what went wrong.

Each request runs in a savepoint rolled back after it, so every persona meets the same world
and an accepted write does not change what the next persona sees. For a write, a refused persona
must leave no trace — the audit log, the row count of every table and the rows of the objects
in the URL are the same after the request — and an accepted one must be audited.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.db.models import Model
from django.http.response import HttpResponseBase
from django.test import Client, TestCase
from django.urls import reverse

from ssrmonitor.core.models import AuditEvent
from ssrmonitor.testing.route_personas import RoutePersonas
from tests.routes.deviations import DEVIATIONS
from tests.routes.kit import API_PREFIX, LOGIN, Case, Pk

_UNTRACKED = {"sessions", "contenttypes", "axes"}  # bookkeeping, not data
_ERROR_SHAPE = {"detail", "status"}
_AUDITED = "audit events of changes"


@dataclass
class RouteWorld:
    personas: RoutePersonas
    objects: dict[str, Any]
    client: Client = field(default_factory=Client)  # one handler: its middleware loads once


@contextmanager
def rolled_back() -> Iterator[None]:
    """A savepoint in which the services' durable transactions may run, then rolled back."""
    atomics = TestCase._enter_atomics()
    try:
        yield
    finally:
        TestCase._rollback_atomics(atomics)


def resolve(value: Any, objects: dict[str, Any], *, names: bool = False) -> Any:
    """Replace :class:`Pk` markers (and, in URLs, ``@name`` of an object) by primary keys."""
    if isinstance(value, Pk):
        return objects[value.name].pk
    if names and isinstance(value, str) and value.startswith("@"):
        return objects[value[1:]].pk
    if isinstance(value, dict):
        return {k: resolve(v, objects) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [resolve(v, objects) for v in value]
    return value


def url_of(case: Case, objects: dict[str, Any]) -> str:
    bare = [arg for arg in case.args if isinstance(arg, str) and arg in objects]
    assert not bare, f"{case.label}: {bare} name objects of the world: write @name"
    args = [resolve(arg, objects, names=True) for arg in case.args]
    if case.is_api:
        path = case.route.split(" ", 1)[1]
        holes = re.findall(r"\{(\w+)\}", path)
        assert len(holes) == len(args), f"{case.label}: {holes} need {len(holes)} arguments"
        for hole, arg in zip(holes, args, strict=True):
            path = path.replace(f"{{{hole}}}", str(arg), 1)
        url = f"{API_PREFIX}{path}"
    elif "/" in case.route:  # a pattern without a name: its route, arguments in order
        values = iter(args)
        path = re.sub(r"\(\?P<\w+>[^)]*\)|<[^>]+>", lambda m: str(next(values)), case.route)
        url = "/" + path.lstrip("^").rstrip("$")
    else:
        url = reverse(case.route, args=args)
    if not case.query:
        return url
    query = re.sub(r"\{(\w+)\}", lambda m: str(objects[m.group(1)].pk), case.query)
    return f"{url}?{query}"


def _tables() -> list[str]:
    return sorted(
        {
            model._meta.db_table
            for model in apps.get_models()
            if model._meta.managed
            and not model._meta.proxy
            and model._meta.app_label not in _UNTRACKED
        }
    )


def _writes_audited() -> int:
    """Audit events of changes (a refused request may still have *read* personal data, and
    such reads are audited too)."""
    return AuditEvent.objects.exclude(action="read").count()


def footprint(targets: list[Model]) -> dict[str, Any]:
    """What a refused write must not change: row counts (the audit log's without its reads)
    and the rows of the URL's objects."""
    tables = [t for t in _tables() if t != AuditEvent._meta.db_table]
    quote = connection.ops.quote_name
    counts = ", ".join(f"(SELECT COUNT(*) FROM {quote(t)})" for t in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {counts}")
        row = cursor.fetchone()
    found: dict[str, Any] = dict(zip(tables, row, strict=True))
    found[_AUDITED] = _writes_audited()
    for obj in targets:
        values = type(obj)._default_manager.filter(pk=obj.pk).values().first()
        found[f"{obj._meta.label}#{obj.pk}"] = values
    return found


def _changes(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    return [key for key in before if before[key] != after.get(key)]


def send(case: Case, persona: str, url: str, data: Any, world: RouteWorld) -> HttpResponseBase:
    client = world.client
    client.cookies.clear()
    session = world.personas.sessions.get(persona)
    if session:
        client.cookies[settings.SESSION_COOKIE_NAME] = session
    headers: dict[str, str] = {}
    token = world.personas.tokens.get(persona)
    if token:
        headers["Authorization"] = f"Bearer {token}"
    if case.method == "GET":
        return client.get(url, headers=headers)
    if case.content == "json":
        body = "" if data is None else json.dumps(data)
        return client.generic(
            case.method, url, body, content_type="application/json", headers=headers
        )
    return client.post(url, data or {}, headers=headers)


def _why(response: Any) -> str:
    """Where a redirect goes, or why a request was refused (form errors, the API's detail)."""
    if response.status_code in (301, 302):
        return f" → {response.get('Location')}"
    form = (getattr(response, "context", None) or {}).get("form")
    if form is not None and getattr(form, "errors", None):
        return f" {dict(form.errors)}"
    if response.status_code in (400, 403, 422) and "json" in response.get("Content-Type", ""):
        return f" {getattr(response, 'content', b'')[:300]!r}"
    return ""


def _problems_of_response(
    case: Case, persona: str, expected: int, response: HttpResponseBase
) -> list[str]:
    problems: list[str] = []
    status = response.status_code
    if status != expected:
        problems.append(f"{persona}: expected {expected}, got {status}{_why(response)}")
        return problems
    if status == LOGIN and not case.is_api:
        to_login = "/login/" in str(response.get("Location", ""))
        anonymous = persona in ("public", "deactivated")
        if (persona in case.ok and to_login) or (
            anonymous and persona not in case.ok and not to_login
        ):
            problems.append(f"{persona}: 302 to {response.get('Location')}")
    if case.is_api and status >= 400:
        try:
            body = json.loads(getattr(response, "content", b""))
        except ValueError:
            body = None
        if not isinstance(body, dict) or set(body) != _ERROR_SHAPE or body["status"] != status:
            kind = response.get("Content-Type", "")
            problems.append(f"{persona}: {status} is not the API's error shape ({kind})")
    return problems


def matrix_test(cases: list[Case]) -> Any:
    """The test of a matrix module: each case, asked as every persona."""

    @pytest.mark.django_db
    @pytest.mark.parametrize("case", cases, ids=[case.label for case in cases])
    def test_route(case: Case, route_world: RouteWorld) -> None:
        problems = check(case, route_world)
        assert not problems, f"{case.label}:\n  " + "\n  ".join(problems)

    return test_route


def check(case: Case, world: RouteWorld) -> list[str]:
    """Every persona's problems with the case (empty when all is as declared)."""
    objects = world.objects
    url = url_of(case, objects)
    targets = [objects[a[1:]] for a in case.args if isinstance(a, str) and a.startswith("@")]
    problems: list[str] = []
    for persona in case.personas:
        expected = case.expect[persona]
        deviation = DEVIATIONS.get((case.label, persona))
        if deviation is not None:
            expected = deviation[0]
        data = case.data(objects) if callable(case.data) else resolve(case.data, objects)
        with rolled_back():
            cache.clear()  # API throttling counts per address and per user
            before = footprint(targets) if case.writes else {}
            response = send(case, persona, url, data, world)
            after = footprint(targets) if case.writes else {}
        for hook in AFTER_EACH:
            hook()
        problems += _problems_of_response(case, persona, expected, response)
        if not case.writes:
            continue
        audited = after.get(_AUDITED, 0) > before.get(_AUDITED, 0)
        if persona in case.ok and case.audited and not audited:
            problems.append(f"{persona}: the write was accepted but not audited")
        if persona not in case.ok and _changes(before, after):
            problems.append(f"{persona}: refused, yet changed {_changes(before, after)}")
    return problems


def _forget_screeners() -> None:
    from ssrmonitor.vetting.services import screening

    screening.forget_screeners()


AFTER_EACH = [_forget_screeners]
