"""The body of a lesson, in Markdown, rendered safely to HTML.

CommonMark (``markdown-it-py``) with raw HTML switched off (any ``<tag>`` of the text is
shown as text), images switched off (a page must not fetch anything from elsewhere: field
missions have poor connectivity and an outside request reveals who reads what), and links
only to ``http``, ``https``, ``mailto`` or addresses within the site; every outside link
gets ``rel="nofollow noopener noreferrer"``.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

SAFE_SCHEMES = frozenset({"http", "https", "mailto"})


def is_safe_link(url: str) -> bool:
    """Is ``url`` a link we render: http(s), mailto, or relative without a scheme?"""
    cleaned = "".join(char for char in url if char.isprintable() and not char.isspace())
    scheme = urlsplit(cleaned).scheme.lower()
    if scheme:
        return scheme in SAFE_SCHEMES
    return not cleaned.startswith("//")  # protocol-relative: another site


def _link_open(
    renderer: RendererHTML, tokens: list[Token], idx: int, options: OptionsDict, env: EnvType
) -> str:
    token = tokens[idx]
    if urlsplit(str(token.attrGet("href") or "")).scheme:
        token.attrSet("rel", "nofollow noopener noreferrer")
    return renderer.renderToken(tokens, idx, options, env)


def _parser() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    parser.disable(["image", "html_block", "html_inline"])
    parser.validateLink = is_safe_link  # type: ignore[method-assign]
    parser.add_render_rule("link_open", _link_open)
    return parser


_PARSER = _parser()


def render_markdown(text: str) -> SafeString:
    """``text`` (Markdown) as HTML, safe to put in a page (see the module's rules)."""
    html: Any = _PARSER.render(text or "")
    return mark_safe(str(html))  # noqa: S308 (raw HTML disabled, links validated)
