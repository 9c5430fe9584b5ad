"""The simulated users of ``benchmarks/load.py``: locust users on the demo accounts' sessions.

Each simulated user is one of four personas (viewer, editor, reviewer, administrator: the demo
accounts ``demo-viewer``, ``demo-editor``, ``demo-reviewer``, ``demo-admin``) and waits 1–3 s
between two steps of its journey. The accounts signed in once each through the real sign-in
form and second factor; the simulated users of a persona share that account's session cookie
(a person with several tabs open). Weights give the mix: reading pages (home, country,
framework, indicator, support, sector, lessons search), API list routes, and for the editor a
value entered and submitted, for the reviewer the review queue and an approval, and now and
then a country report.
"""

from __future__ import annotations

import random
import re
from typing import Any, ClassVar

from locust import FastHttpUser, between, task

ACCOUNTS = {  # persona → demo account
    "viewer": "demo-viewer",
    "editor": "demo-editor",
    "reviewer": "demo-reviewer",
    "admin": "demo-admin",
}
SESSIONS: dict[str, dict[str, str]] = {}  # persona → cookies, filled by load.py
TARGETS: dict[str, Any] = {}  # ids of load_pages.targets(), filled by load.py
ENTRY = {"next": 0}  # the next (indicator, period) for value entry, shared by the editors
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
APPROVE = re.compile(r"/measurements/(\d+)/approve/")
PERIODS = ("2026-Q1", "2026-Q2", "2026-Q3")  # load_pages.targets() leaves out indicators with one


def _country() -> str:
    """Haiti half the time, South Sudan a fifth, another country otherwise."""
    roll, known = random.random(), TARGETS["countries"]
    if roll < 0.5 and "HT" in known:
        return "HT"
    if roll < 0.7 and "SS" in known:
        return "SS"
    return random.choice(sorted(known))


class Journey(FastHttpUser):
    """Reading pages and API list routes; subclasses add their persona's own work."""

    abstract = True
    wait_time = between(1, 3)
    persona: ClassVar[str] = "viewer"

    def on_start(self) -> None:
        for name, value in SESSIONS[self.persona].items():
            self.client.cookiejar.set_cookie(_cookie(name, value, self.host))

    def get(self, url: str, name: str) -> Any:
        with self.client.get(url, name=name, catch_response=True) as response:
            if response.status_code != 200:
                response.failure(f"{response.status_code} on {url}")
            elif "/accounts/login/" in (response.url or ""):
                response.failure("signed out")
            return response

    @task(8)
    def home(self) -> None:
        self.get("/", "home")

    @task(8)
    def country(self) -> None:
        self.get(f"/c/{_country()}/", "country")

    @task(10)
    def framework(self) -> None:
        iso2 = _country()
        self.get(
            f"/frameworks/{random.choice(TARGETS['countries'][iso2]['frameworks'])}/", "framework"
        )

    @task(10)
    def indicator(self) -> None:
        pk = random.choice(TARGETS["countries"][_country()]["indicators"])
        self.get(f"/indicators/{pk}/", "indicator")
        self.get(f"/indicators/{pk}/chart.svg", "indicator chart")

    @task(3)
    def support_country(self) -> None:
        self.get(f"/support/c/{_country()}/", "support country")

    @task(4)
    def support_coordination(self) -> None:
        # an internal page: the persona's own countries (the viewer has Haiti only)
        iso2 = "HT" if self.persona == "viewer" else random.choice(("HT", "SS"))
        self.get(f"/support/c/{iso2}/coordination/", "support coordination")

    @task(2)
    def support_activity(self) -> None:
        self.get(f"/support/activities/{random.choice(TARGETS['activities'])}/", "support activity")

    @task(4)
    def sector(self) -> None:
        self.get(f"/sector/c/{random.choice(('HT', 'SS', 'CF'))}/", "sector")

    @task(4)
    def lessons_search(self) -> None:
        query = random.choice(("police", "vetting", "justice", "DDR", "gender", "border"))
        self.get(f"/lessons/?q={query}", "lessons search")

    @task(6)
    def api_lists(self) -> None:
        iso2 = _country()
        self.get(f"/api/v1/frameworks?country={iso2}", "api frameworks")
        self.get(f"/api/v1/indicators?country={iso2}&limit=100", "api indicators")
        self.get(f"/api/v1/measurements?country={iso2}&limit=100", "api measurements")
        self.get(f"/api/v1/support/activities?country={iso2}&limit=100", "api activities")

    @task(1)
    def report(self) -> None:
        # an internal report: the persona's own countries (the viewer has Haiti only)
        iso2 = "HT" if self.persona == "viewer" else random.choice(("HT", "SS"))
        self.get(f"/reports/c/{iso2}/report/?period=2025-H2", "report preview")

    def post(self, url: str, name: str, form: dict[str, str], referer: str) -> Any:
        with self.client.post(
            url, data=form, name=name, catch_response=True, headers={"Referer": self.host + referer}
        ) as response:
            if response.status_code not in (200, 302):
                response.failure(f"{response.status_code} on {url}")
            return response


class Viewer(Journey):
    weight = 20
    persona = "viewer"


class Editor(Journey):
    weight = 15
    persona = "editor"

    @task(6)
    def enter_and_submit(self) -> None:
        number = ENTRY["next"]
        ENTRY["next"] += 1
        indicators = TARGETS["entry_indicators"]
        pk = indicators[number % len(indicators)]
        period = PERIODS[(number // len(indicators)) % len(PERIODS)]
        url = f"/indicators/{pk}/measurements/new/"
        page = self.get(url, "value entry form")
        token = CSRF.search(page.text or "")
        if token is None:
            return
        form = {
            "csrfmiddlewaretoken": token.group(1),
            "period": period,
            "value": str(random.randint(10, 90)),
            "unit": "",
            "nature": "stock",
            "narrative": "Entered by the load benchmark (illustrative).",
        }
        form["unit"] = re.search(r'name="unit"[^>]*value="([^"]*)"', page.text or "").group(1)  # type: ignore[union-attr]
        created = self.post(url, "value entry (save)", form, url)
        found = re.search(r"/measurements/(\d+)/submit/", created.text or "")
        if found is None:
            return
        submit = f"/measurements/{found.group(1)}/submit/"
        self.post(submit, "value submission", {"csrfmiddlewaretoken": token.group(1)}, url)


class Reviewer(Journey):
    weight = 10
    persona = "reviewer"

    @task(8)
    def review(self) -> None:
        page = self.get("/review/", "review queue")
        token = CSRF.search(page.text or "")
        found = APPROVE.findall(page.text or "")
        if token is None or not found or random.random() < 0.5:
            return
        approve = f"/measurements/{random.choice(found)}/approve/"
        self.post(approve, "approval", {"csrfmiddlewaretoken": token.group(1)}, "/review/")


class Administrator(Journey):
    weight = 5
    persona = "admin"


USERS = [Viewer, Editor, Reviewer, Administrator]


def _cookie(name: str, value: str, host: str) -> Any:
    from http.cookiejar import Cookie
    from urllib.parse import urlsplit

    domain = urlsplit(host).hostname or "127.0.0.1"
    return Cookie(
        0, name, value, None, False, domain, False, False, "/", True, False, None, False,
        None, None, {},
    )  # fmt: skip
