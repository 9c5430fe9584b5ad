"""Screenshots of the demo for the README and the docs (``docs/images/``), through Playwright.

Run it on a demo of its own, because it enters values as the demo editor does (three values of a
quarter saved as drafts in the period grid):

    export SSRMONITOR_HOME=/tmp/shots && mkdir -p $SSRMONITOR_HOME
    ssrmonitor demo --no-serve > $SSRMONITOR_HOME/demo.log   # the accounts are read from it
    python scripts/screenshots.py $SSRMONITOR_HOME            # writes docs/images/*.png

It serves that home on a free local port (``ssrmonitor runserver``), signs in through the form
like the browser tests (``tests/browser/kit.py``; Debian's Chromium, ``/usr/bin/chromium``, no
browser download) and takes, at 1366 x 900 px (the visible part of the page only, so the files
stay small):

- ``period-grid.png``: the editor's period grid of a Haiti framework, three values just saved;
- ``worklist-home.png``: the editor's home page, with the worklist ("Your work");
- ``arabic-framework.png``: the rated MINUJUSTH framework page in Arabic (right to left), as
  the public sees it after choosing العربية in the language switch.
"""

from __future__ import annotations

import argparse
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser.conftest import CHROMIUM, _accounts  # noqa: E402 (after the path)
from tests.browser.kit import Server, sign_in  # noqa: E402

VIEWPORT: Any = {"width": 1366, "height": 900}  # a Playwright ViewportSize
EMPTY_LINES_JS = """() => [...document.querySelectorAll('#grid tbody.grid-line')]
  .filter(line => !line.querySelector('.status') && line.querySelector('td.grid-value input'))
  .map(line => ({input: line.querySelector('td.grid-value input').id,
                 range: line.querySelector('bdi').textContent}))"""


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _up(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as answer:  # noqa: S310 (our own server)
            return bool(answer.status == 200)
    except OSError:
        return False


def serve(home: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``ssrmonitor runserver`` on ``home``, on a free port; its process and base URL."""
    port = _free_port()
    env = {
        k: v for k, v in os.environ.items() if k not in ("DJANGO_SETTINGS_MODULE", "DATABASE_URL")
    }
    env.update(SSRMONITOR_HOME=str(home), SSRMONITOR_LOGIN_THROTTLING="0")
    command = [sys.executable, "-m", "ssrmonitor", "runserver", "--noreload", f"127.0.0.1:{port}"]
    process = subprocess.Popen(
        command, env=env, cwd=home, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base_url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while not _up(f"{base_url}/healthz"):
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise SystemExit(f"the server of {home} did not start")
        time.sleep(1)
    return process, base_url


def _previous_quarter(period: str) -> str:
    found = re.fullmatch(r"(\d{4})-Q([1-4])", period)
    if not found:
        raise SystemExit(f"the grid's period is not a quarter: {period}")
    year, quarter = int(found[1]), int(found[2]) - 1
    return f"{year - 1}-Q4" if quarter == 0 else f"{year}-Q{quarter}"


def _value(allowed: str, offset: int) -> str:
    bounds = [int(float(n)) for n in re.findall(r"-?\d+(?:\.\d+)?", allowed.replace(",", ""))]
    low = bounds[0] if bounds else 0
    high = bounds[1] if len(bounds) > 1 else low + 10
    return str(min(high, low + 1 + offset))


def enter_a_period(page: Any) -> None:
    """From Haiti's page, the first framework whose grid the editor may fill: three values of
    the latest quarter with three empty lines, typed and saved as drafts."""
    page.goto("/c/HT/")
    links = page.eval_on_selector_all("main a[href*='/frameworks/']", "els => els.map(e => e.href)")
    for framework in [url for url in links if re.search(r"/frameworks/\d+/$", url)]:
        page.goto(framework)
        enter = page.locator("main a", has_text="Enter values for this period")
        if not enter.count():
            continue
        enter.first.click()
        period = str(page.input_value("#grid-period"))
        for _ in range(12):
            lines = page.evaluate(EMPTY_LINES_JS)[:3]
            if len(lines) == 3:
                for offset, line in enumerate(lines):
                    page.fill(f"#{line['input']}", _value(line["range"], offset))
                page.locator("#grid button", has_text="Save as drafts").click()
                page.locator("#grid .status--draft").first.wait_for()
                page.evaluate("window.scrollTo(0, 0)")
                return
            period = _previous_quarter(period)
            page.goto(f"{page.url.split('?')[0]}?period={period}")
    raise SystemExit("no framework of Haiti with a period grid the editor may fill")


def take(home: Path, out: Path) -> list[Path]:
    from playwright.sync_api import sync_playwright

    log = (home / "demo.log").read_text(encoding="utf-8").splitlines()
    process, base_url = serve(home)
    server = Server(base_url, home, _accounts(log), log)
    written: list[Path] = []
    try:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=str(CHROMIUM), headless=True)

            def page_of(persona: str | None) -> Any:
                context = browser.new_context(viewport=VIEWPORT, base_url=base_url)
                page = context.new_page()
                if persona:
                    sign_in(page, server, persona)
                return page

            def shot(page: Any, name: str) -> None:
                path = out / name
                page.screenshot(path=str(path))
                written.append(path)

            editor = page_of("demo-editor")
            enter_a_period(editor)
            shot(editor, "period-grid.png")
            editor.goto("/")
            editor.locator("#worklist-heading").wait_for()
            shot(editor, "worklist-home.png")

            public = page_of(None)
            public.goto("/")
            public.locator("main a[href^='/frameworks/']").first.click()  # the rated framework
            public.locator(".language-switch button[lang='ar']").click()
            public.wait_for_function("document.documentElement.dir === 'rtl'")
            shot(public, "arabic-framework.png")
            browser.close()
    finally:
        process.terminate()
        process.wait(timeout=10)
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("home", type=Path, help="a home where `ssrmonitor demo --no-serve` ran")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "images")
    args = parser.parse_args()
    for path in take(args.home.resolve(), args.out):
        print(f"{path}: {path.stat().st_size} bytes")


if __name__ == "__main__":
    main()
