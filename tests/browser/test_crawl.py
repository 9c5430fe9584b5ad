"""The crawl of every page reachable from the menus, for every persona, in every language.

Per language of ``settings.LANGUAGES``: no 4xx from a menu link, no 5xx anywhere, no page wider
than a 390 px phone, and no serious or critical axe-core violation. The figures are printed at
the end of the run (``pytest -m browser``).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings

from tests.browser.crawl import Crawler, CrawlResult, Finding
from tests.browser.kit import PERSONAS, Server, new_context

FIGURES: dict[str, dict[str, Any]] = {}

pytestmark = pytest.mark.browser


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def _lines(findings: list[Finding]) -> str:
    return "\n".join(f"  {f.persona} {f.language} {f.url}: {f.what}" for f in findings)


@pytest.mark.parametrize("language", _languages())
def test_crawl_every_persona(
    language: str, server: Server, browser: Any, signed_in: dict[str, Any]
) -> None:
    opened: set[str] = set()
    total = CrawlResult()
    for persona in PERSONAS:
        context = new_context(browser, server, signed_in[persona], language=language)
        try:
            found = Crawler(context, server.base_url, persona, language, opened).run()
        finally:
            context.close()
        total.requests += found.requests
        total.pages += found.pages
        total.axe_pages += found.axe_pages
        total.overflow_checked += found.overflow_checked
        total.routes |= found.routes
        total.minor_violations += found.minor_violations
        for name in ("menu_errors", "server_errors", "overflows", "violations"):
            getattr(total, name).extend(getattr(found, name))
    FIGURES[language] = {
        "personas": len(PERSONAS),
        "requests": total.requests,
        "pages opened at 390 px": total.pages,
        "routes": len(total.routes),
        "pages checked by axe": total.axe_pages,
        "axe serious/critical": len(total.violations),
        "axe moderate/minor": total.minor_violations,
        "pages wider than 390 px": len(total.overflows),
        "menu 4xx": len(total.menu_errors),
        "5xx": len(total.server_errors),
    }
    assert total.pages > 20, "the crawl opened too few pages: is the menu there?"
    problems = total.menu_errors + total.server_errors + total.overflows + total.violations
    assert not problems, "\n" + _lines(problems)
