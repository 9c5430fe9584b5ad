"""The crawl: every page reachable from the main menu, for one persona, in one language.

From the home page, the links of the main menu are opened (a 4xx there is a failure), then the
links of those pages and of the pages they lead to (two levels below the menu), same origin
only. Each persona asks for every route it reaches once (a route: the path with its numbers
as ``N``), and for every menu link: no 5xx anywhere. Each HTML page whose route no persona
opened yet is opened in the browser at 390 px (once per route and language), checked for
horizontal overflow and with axe-core.
"""

from __future__ import annotations

import re
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import parse_qsl, urldefrag, urljoin, urlsplit

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
#: axe-core impacts that fail the test.
BLOCKING = ("serious", "critical")
#: Links never followed: signing out (a form anyway), static files, the API's machine answers.
SKIPPED = ("/static/", "/api/", "/accounts/logout/", "/i18n/", "/metrics")
DOWNLOAD = re.compile(r"\.(csv|xlsx|xml|pdf|docx|svg|json|zip|txt)$|/download/?$|/result$")
DEPTH = 2  # levels of links followed below the menu's pages
MAX_REQUESTS = 220  # per persona and language: the crawl stays bounded
MAX_PAGES = 70  # pages opened in the browser per persona and language

OVERFLOW_JS = """() => {
  const width = window.innerWidth;
  const wide = [];
  if (document.documentElement.scrollWidth > width) {
    for (const el of document.querySelectorAll('body *')) {
      const box = el.getBoundingClientRect();
      if (box.right > width + 1 && !el.closest('.table-scroll')) {
        const name = el.className ? '.' + String(el.className).split(' ').join('.') : '';
        wide.push(el.tagName.toLowerCase() + name + ' ' + Math.round(box.right) + 'px');
        if (wide.length > 4) break;
      }
    }
  }
  return {scroll: document.documentElement.scrollWidth, inner: width, wide: wide};
}"""

AXE_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ['violations']});
  return result.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))}));
}"""


def route_of(url: str) -> str:
    """A URL's route: its path with numbers and UUIDs as ``N``, and its query's keys."""
    parts = urlsplit(url)
    path = re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}", "N", parts.path)
    path = re.sub(r"\d+", "N", path)
    keys = sorted({key for key, _value in parse_qsl(parts.query) if key != "page"})
    return path + ("?" + "&".join(keys) if keys else "")


@dataclass
class Finding:
    persona: str
    language: str
    url: str
    what: str


@dataclass
class CrawlResult:
    """What one persona's crawl in one language saw and found."""

    requests: int = 0
    pages: int = 0
    axe_pages: int = 0
    overflow_checked: int = 0
    routes: set[str] = field(default_factory=set)
    menu_errors: list[Finding] = field(default_factory=list)
    server_errors: list[Finding] = field(default_factory=list)
    overflows: list[Finding] = field(default_factory=list)
    violations: list[Finding] = field(default_factory=list)
    minor_violations: int = 0


def _links(page: Any) -> list[tuple[str, bool]]:
    """The page's links (href, is a download) inside the main content."""
    found: list[tuple[str, bool]] = page.eval_on_selector_all(
        "main a[href]", "els => els.map(e => [e.href, e.hasAttribute('download')])"
    )
    return found


def _wanted(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return False
    return not any(parts.path.startswith(prefix) for prefix in SKIPPED)


_ANCHOR = re.compile(r"<a\b([^>]*)>", re.IGNORECASE)
_HREF = re.compile(r"""\bhref=["']([^"']+)["']""", re.IGNORECASE)


def _links_in_html(html: str, url: str) -> list[tuple[str, bool]]:
    """The links of an HTML answer's ``<main>`` (for pages not opened in the browser)."""
    start = html.find("<main")
    main = html[start : html.find("</main>", start)] if start >= 0 else ""
    found = []
    for attributes in _ANCHOR.findall(main):
        href = _HREF.search(attributes)
        if href:
            link = urljoin(url, href.group(1).replace("&amp;", "&"))
            found.append((link, " download" in attributes))
    return found


class Crawler:
    """One persona in one language.

    ``opened`` (shared by the personas of a language) holds the routes already opened in the
    browser: each route is opened once per language, at 390 px, with the layout check and axe;
    the other personas ask for it without the browser. Each persona asks for every route it
    reaches once (every menu link, whatever its route).
    """

    def __init__(
        self, context: Any, origin: str, persona: str, language: str, opened: set[str]
    ) -> None:
        self.context = context
        self.page = context.new_page()
        self.origin = origin
        self.persona = persona
        self.language = language
        self.opened = opened
        self.result = CrawlResult()
        self.asked: set[str] = set()

    def finding(self, url: str, what: str) -> Finding:
        return Finding(self.persona, self.language, url, what)

    def run(self) -> CrawlResult:
        self.page.goto(self.origin + "/")
        menu = self.page.eval_on_selector_all(".site-nav a[href]", "els => els.map(e => e.href)")
        queue: deque[tuple[str, int, bool]] = deque((url, 0, True) for url in menu)
        queue.appendleft((self.origin + "/", 0, True))
        while queue and self.result.requests < MAX_REQUESTS:
            url, depth, from_menu = queue.popleft()
            url = urldefrag(url)[0]
            route = route_of(url)
            if url in self.asked or not _wanted(url, self.origin):
                continue
            if route in self.result.routes and not from_menu:
                continue
            self.asked.add(url)
            self.result.routes.add(route)
            for link, download in self.visit(url, route, from_menu=from_menu, depth=depth):
                if link not in self.asked:
                    queue.append((link, depth + 1 if not download else DEPTH + 1, False))
        self.page.close()
        return self.result

    def visit(self, url: str, route: str, *, from_menu: bool, depth: int) -> list[tuple[str, bool]]:
        """Ask for ``url``: in the browser when its route was not opened yet in this language."""
        self.result.requests += 1
        is_page = not DOWNLOAD.search(urlsplit(url).path)
        if not is_page or route in self.opened or self.result.pages >= MAX_PAGES:
            answer = self.context.request.get(url, max_redirects=5)
            self.check_status(url, answer.status, from_menu)
            html = "text/html" in answer.headers.get("content-type", "")
            if answer.status >= 400 or not html or depth >= DEPTH:
                return []
            return _links_in_html(answer.text(), answer.url)
        self.opened.add(route)
        response = self.page.goto(url)
        status = response.status if response is not None else 0
        self.check_status(url, status, from_menu)
        if status >= 400 or "text/html" not in (response.headers.get("content-type", "")):
            return []
        self.result.pages += 1
        self.check_layout(url)
        self.check_axe(url)
        if depth >= DEPTH:
            return []
        return [(urljoin(url, href), download) for href, download in _links(self.page)]

    def check_status(self, url: str, status: int, from_menu: bool) -> None:
        if status >= 500 or status == 0:
            self.result.server_errors.append(self.finding(url, f"HTTP {status}"))
        elif from_menu and status >= 400:
            self.result.menu_errors.append(self.finding(url, f"HTTP {status} from a menu link"))

    def check_layout(self, url: str) -> None:
        self.result.overflow_checked += 1
        lang = self.page.evaluate("() => document.documentElement.lang")
        if lang != self.language:
            self.result.overflows.append(self.finding(url, f"page in {lang!r}"))
        sizes = self.page.evaluate(OVERFLOW_JS)
        if sizes["scroll"] > sizes["inner"]:
            wide = ", ".join(sizes["wide"])
            what = f"{sizes['scroll']}px wide at {sizes['inner']}px: {wide}"
            self.result.overflows.append(self.finding(url, what))

    def check_axe(self, url: str) -> None:
        self.result.axe_pages += 1
        self.page.evaluate(AXE)
        for violation in self.page.evaluate(AXE_RUN):
            if violation["impact"] in BLOCKING:
                nodes = "; ".join(violation["nodes"])
                what = f"{violation['impact']} {violation['id']}: {violation['help']} ({nodes})"
                self.result.violations.append(self.finding(url, what))
            else:
                self.result.minor_violations += 1
