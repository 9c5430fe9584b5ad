"""Markdown bodies: only a safe subset of HTML, and only safe links."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from ssrmonitor.lessons.markdown import is_safe_link, render_markdown
from ssrmonitor.testing.factories_lessons import LessonFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "attack",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "[click](javascript:alert(1))",
        "[click](JAVASCRIPT:alert(1))",
        "[click](&#106;avascript:alert(1))",
        "[click](java\tscript:alert(1))",
        "[click](vbscript:msgbox(1))",
        "[click](data:text/html;base64,PHNjcmlwdD4=)",
        "![x](https://evil.example/pixel.png)",
        '<a href="javascript:alert(1)">x</a>',
        "<iframe src=https://evil.example></iframe>",
        "[x](//evil.example/)",
        "<style>body{display:none}</style>",
    ],
)
def test_markdown_never_lets_html_scripts_or_images_through(attack: str) -> None:
    html = str(render_markdown(f"Text before.\n\n{attack}\n\nText after.")).lower()
    tags = set(re.findall(r"<([a-z][a-z0-9]*)", html))
    assert tags <= {"p", "a"}
    assert not re.search(r"<[a-z][^>]*\son\w+\s*=", html)  # no event handler attribute
    for href in re.findall(r'href="([^"]*)"', html):
        assert href.startswith("https://")  # an image becomes a plain link, never fetched


def test_markdown_renders_the_safe_subset() -> None:
    html = str(
        render_markdown("## Heading\n\n**strong** and *em*\n\n- one\n- two\n\n[UN](https://un.org)")
    )
    assert "<h2>Heading</h2>" in html
    assert "<strong>strong</strong>" in html and "<em>em</em>" in html
    assert "<li>one</li>" in html
    assert '<a href="https://un.org" rel="nofollow noopener noreferrer">UN</a>' in html


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://un.org", True),
        ("mailto:a@un.org", True),
        ("/lessons/1/", True),
        ("#part", True),
        ("javascript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("file:///etc/passwd", False),
        ("//evil.example", False),
    ],
)
def test_safe_links(url: str, safe: bool) -> None:
    assert is_safe_link(url) is safe


def test_lesson_page_shows_the_body_as_safe_html(client: Client) -> None:
    lesson = LessonFactory(body="**Strong point** <script>alert(1)</script>")
    body = client.get(lesson.get_absolute_url()).content.decode()
    assert "<strong>Strong point</strong>" in body
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
