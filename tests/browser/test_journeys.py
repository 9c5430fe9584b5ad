"""Journeys of the demo's personas in the browser, as a person does them, at 390 px.

Signing in (password, then the second factor where the role needs one), a value recorded,
submitted and approved by another person, a vetting case step, an age assessment and a report
download; and the main menu folded on a phone, without JavaScript as with it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.crawl import OVERFLOW_JS
from tests.browser.kit import PERSONAS, Server, new_context, sign_in

TODAY_JS = "() => new Date().toISOString().slice(0, 10)"
#: A value the indicator accepts: its allowed maximum, else its minimum, else 12.
VALUE_IN_RANGE_JS = """() => {
  const input = document.querySelector('#id_value');
  return input.max !== '' ? input.max : (input.min !== '' ? input.min : '12');
}"""

pytestmark = pytest.mark.browser


@pytest.fixture
def as_persona(server: Server, browser: Any, signed_in: dict[str, Any]) -> Any:
    """``as_persona(name, width=390)``: a new page of that persona (contexts closed after)."""
    contexts: list[Any] = []

    def make(persona: str, *, width: int = 390, javascript: bool = True) -> Any:
        context = new_context(browser, server, signed_in[persona], width=width)
        if not javascript:
            context.close()
            context = browser.new_context(
                storage_state=signed_in[persona],
                viewport={"width": width, "height": 844},
                base_url=server.base_url,
                java_script_enabled=False,
            )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.mark.parametrize("persona", PERSONAS[1:])
def test_each_persona_signs_in_through_the_form(persona: str, server: Server, browser: Any) -> None:
    context = new_context(browser, server, None, width=1366)
    page = context.new_page()
    sign_in(page, server, persona)
    assert page.locator(".site-nav button", has_text=persona).count() == 1  # "Sign out (…)"
    context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["with-js", "without-js"])
def test_the_menu_folds_on_a_phone_and_opens_on_a_tap(as_persona: Any, javascript: bool) -> None:
    page = as_persona("demo-editor", javascript=javascript)
    page.goto("/")
    menu = page.locator("#site-menu")
    assert not menu.is_visible()
    page.click("label.menu-button")
    assert menu.is_visible()
    assert page.locator(".site-nav a", has_text="Lessons").is_visible()
    page.click("label.menu-button")
    assert not menu.is_visible()


def test_the_menu_is_open_on_a_wide_screen(as_persona: Any) -> None:
    page = as_persona("public", width=1366)
    page.goto("/")
    assert page.locator("#site-menu").is_visible()
    assert not page.locator("label.menu-button").is_visible()


def _an_indicator_to_enter(page: Any) -> str:
    """The URL of the first indicator page of Haiti's frameworks where a value can be recorded."""
    page.goto("/c/HT/")
    frameworks = page.eval_on_selector_all(
        "main a[href*='/frameworks/']", "els => els.map(e => e.href)"
    )
    for framework in [url for url in frameworks if re.search(r"/frameworks/\d+/$", url)]:
        page.goto(framework + "?fold=open")
        indicators = page.eval_on_selector_all(
            "main a[href*='/indicators/']", "els => els.map(e => e.href)"
        )
        for indicator in [url for url in indicators if re.search(r"/indicators/\d+/$", url)]:
            page.goto(indicator)
            link = page.locator("main a[href$='/measurements/new/']")
            if link.count() and not page.locator("main .tag", has_text="Milestone").count():
                return str(link.first.get_attribute("href"))
    pytest.fail("no indicator of Haiti where the editor may record a value")


def test_a_value_is_recorded_submitted_and_approved_by_another_person(
    as_persona: Any,
) -> None:
    editor = as_persona("demo-editor")
    editor.goto(_an_indicator_to_enter(editor))
    editor.fill("#id_period", "2026-07")
    editor.fill("#id_value", editor.evaluate(VALUE_IN_RANGE_JS))
    editor.click("main form.form button.button--primary")
    editor.wait_for_url(re.compile(r"/measurements/\d+/$"))
    measurement = editor.url
    editor.locator("main button", has_text="Submit for review").click()
    editor.locator("main .status--submitted").first.wait_for()

    reviewer = as_persona("demo-reviewer")
    reviewer.goto("/review/")
    assert reviewer.locator(f"main a[href='{urlsplit(measurement).path}']").count() >= 1
    reviewer.goto(measurement)
    reviewer.locator("main button", has_text="Approve").click()
    reviewer.locator("main .status--approved").first.wait_for()
    reviewer.goto(measurement)
    assert reviewer.locator("main .status--approved").count() >= 1


def test_a_vetting_officer_records_a_case_step(as_persona: Any) -> None:
    page = as_persona("demo-vetting-officer")
    page.goto("/vetting/HT/cases/")
    cases = page.eval_on_selector_all("main td a[href*='/cases/']", "els => els.map(e => e.href)")
    for case in cases:
        page.goto(case)
        form = page.locator("main form[action*='/record_']").first
        if not form.count():
            continue
        steps = page.locator("main h2", has_text="Steps").locator(
            "xpath=following-sibling::ol[1]/li"
        )
        history = steps.count()
        for field in form.locator("input[type=date]").all():
            field.fill(page.evaluate(TODAY_JS))
        for field in form.locator("textarea, input[type=text]").all():
            field.fill("Recorded by the browser test.")
        form.locator("button[type=submit]").click()
        page.wait_for_load_state()
        assert page.url.rstrip("/").endswith(case.rstrip("/").rsplit("/", 1)[-1])
        assert steps.count() == history + 1 if history else steps.count() >= 1
        return
    pytest.fail("no case of Haiti with a step the vetting officer may record")


def test_a_child_protection_officer_assesses_an_age(as_persona: Any) -> None:
    page = as_persona("demo-child-protection")
    page.goto("/vetting/age/")
    page.locator("main a[href$='/new/']").first.click()
    page.fill("#id_candidate_names", "Browser Test Candidate")
    page.fill("#id_enlistment_date", "2026-01-15")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/vetting/age/\d+/$"))
    page.select_option("#id_kind", index=0)
    page.fill("#id_birth_date", "2010-03")
    page.locator("main form[action$='/evidence/'] button[type=submit]").click()
    page.wait_for_load_state()
    assert page.locator("main", has_text="2010-03").count() == 1
    assert page.locator("main .errorlist").count() == 0


@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_a_viewer_downloads_the_country_report(as_persona: Any, fmt: str) -> None:
    page = as_persona("demo-viewer", width=1366)
    page.goto("/reports/c/HT/")
    page.fill("#id_period", "2019-H2")
    # signed in, PDF and Word are made by a background job: its page shows the file when done
    page.locator(f"main button[formaction$='report.{fmt}/job']").click()
    page.wait_for_url("**/jobs/**")
    result = page.locator("main a[href$='/result']")
    result.wait_for(timeout=90_000)
    with page.expect_download(timeout=60_000) as pending:
        result.click()
    download = pending.value
    path = download.path()
    assert download.suggested_filename.endswith(f".{fmt}")
    head = Path(path).read_bytes()[:4]
    assert head == (b"%PDF" if fmt == "pdf" else b"PK\x03\x04")


def test_a_report_job_page_fits_a_phone_in_arabic(
    server: Server, browser: Any, signed_in: dict[str, Any]
) -> None:
    """The job's page (progress, then the file) at 390 px, right to left."""
    context = new_context(browser, server, signed_in["demo-viewer"], language="ar", width=390)
    page = context.new_page()
    page.goto("/reports/c/HT/")
    page.fill("#id_period", "2019-H2")
    page.locator("main button[formaction$='report.pdf/job']").click()
    page.wait_for_url("**/jobs/**")
    page.locator("main a[href$='/result']").wait_for(timeout=90_000)
    assert page.locator("html").get_attribute("dir") == "rtl"
    layout = page.evaluate(OVERFLOW_JS)
    assert layout["scroll"] <= layout["inner"], layout["wide"]
    page.goto("/jobs/")
    layout = page.evaluate(OVERFLOW_JS)
    assert layout["scroll"] <= layout["inner"], layout["wide"]
    context.close()
