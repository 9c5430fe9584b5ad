"""What the library tests share: personas' access to three lessons and a logged-in client."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.test import Client

from ssrmonitor.lessons.selectors import LessonQuery, find_lessons

PERSONAS = ["alice", "rachel", "victor", "ada", "bob", "root", "public"]
HT_MEMBERS = {"alice", "rachel", "victor", "ada", "root"}
READERS = {"ht_published": set(PERSONAS), "ht_internal": HT_MEMBERS, "cf_internal": {"bob", "root"}}
# Writing to the internal HT lesson: editors and administrators of Haiti (and root); the HT
# reviewer and viewer are refused (403), the CF editor does not see it (404), the public logs in.
EDIT = {"alice": 302, "ada": 302, "root": 302, "rachel": 403, "victor": 403, "bob": 404}


def client_of(personas: dict[str, Any], persona: str) -> Client:
    client = Client()
    if personas[persona] is not None:
        client.force_login(personas[persona])
    return client


def found_titles(q: str) -> list[str]:
    """Titles of the published lessons matching ``q``, as the public finds them."""
    return [lesson.title for lesson in find_lessons(AnonymousUser(), LessonQuery(q=q))]
