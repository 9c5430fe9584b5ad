"""Journeys of the demo's personas in the browser, as a person does them, at 390 px.

Signing in (password, then the second factor where the role needs one), a value recorded,
submitted and approved by another person, a period entered in the grid from the keyboard,
submitted together and approved in a batch review, a vetting case step, an age assessment and a
report download; and the main menu folded on a phone, without JavaScript as with it.
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


#: The value inputs of the grid lines without a value the user may fill, in page order, each
#: with its indicator's code and allowed range ("1 – 5").
EMPTY_GRID_LINES_JS = """() => [...document.querySelectorAll('#grid tbody.grid-line')]
  .filter(line => !line.querySelector('.status') && line.querySelector('td.grid-value input'))
  .map(line => ({
    input: line.querySelector('td.grid-value input').id,
    code: line.querySelector('th .code').textContent.trim(),
    range: line.querySelector('bdi').textContent.trim(),
  }))"""
#: Every field of the grid a keyboard reaches, in the page's tab order.
GRID_FIELDS_JS = """() => [...document.querySelectorAll(
  '#grid tbody input:not([type=hidden]), #grid tbody select, #grid tbody textarea')]
  .map(field => field.id)"""
FOCUSED_JS = "() => document.activeElement && document.activeElement.id"
LINES_TO_ENTER = 3


def _previous_quarter(period: str) -> str:
    found = re.fullmatch(r"(\d{4})-Q([1-4])", period)
    assert found, f"the grid's default period is not a quarter: {period}"
    y, q = int(found[1]), int(found[2]) - 1
    return f"{y - 1}-Q4" if q == 0 else f"{y}-Q{q}"


def _value_in(allowed: str, offset: int) -> str:
    """A whole number inside an allowed range as the grid shows it ("1 – 5", "0 – ")."""
    bounds = [int(float(n)) for n in re.findall(r"-?\d+(?:\.\d+)?", allowed.replace(",", ""))]
    low = bounds[0] if bounds else 0
    high = bounds[1] if len(bounds) > 1 else low + 10
    return str(min(high, low + 1 + offset))


def _a_period_to_enter(page: Any) -> tuple[str, str, list[dict[str, str]]]:
    """The URL of a framework of Haiti, a quarter and the grid's empty lines the editor may fill:
    followed from the framework page's "Enter values for this period", then the quarter before
    while fewer than :data:`LINES_TO_ENTER` lines are empty (a reused demo keeps earlier runs)."""
    page.goto("/c/HT/")
    frameworks = page.eval_on_selector_all(
        "main a[href*='/frameworks/']", "els => els.map(e => e.href)"
    )
    for framework in [url for url in frameworks if re.search(r"/frameworks/\d+/$", url)]:
        page.goto(framework)
        enter = page.locator("main a", has_text="Enter values for this period")
        if not enter.count():
            continue
        enter.first.click()
        page.locator("#grid").wait_for()
        period = str(page.input_value("#grid-period"))
        for _ in range(12):
            lines = page.evaluate(EMPTY_GRID_LINES_JS)
            if len(lines) >= LINES_TO_ENTER:
                return framework, period, lines[:LINES_TO_ENTER]
            period = _previous_quarter(period)
            page.fill("#grid-period", period)
            page.press("#grid-period", "Enter")  # the period chooser, by keyboard
            page.wait_for_url(re.compile(rf"period={period}"))
    pytest.fail("no framework of Haiti with a period grid the editor may fill")


def _line(page: Any, field_id: str) -> Any:
    """The grid line of the value input ``v-12`` (found by its heading: once submitted, the
    value is shown without an input)."""
    indicator = field_id.removeprefix("v-")
    return page.locator(f"#grid tbody.grid-line:has(#ind-{indicator})")


def test_a_period_is_entered_in_the_grid_submitted_together_and_approved_in_a_batch(
    as_persona: Any,
) -> None:
    editor = as_persona("demo-editor")
    framework, period, lines = _a_period_to_enter(editor)
    values = {line["input"]: _value_in(line["range"], n) for n, line in enumerate(lines)}

    # several indicators typed in one go: a click in the first cell, then Tab from field to field
    fields = editor.evaluate(GRID_FIELDS_JS)
    first, last = fields.index(lines[0]["input"]), fields.index(lines[-1]["input"])
    editor.click(f"#{fields[first]}")
    for field_id in fields[first : last + 1]:
        assert editor.evaluate(FOCUSED_JS) == field_id, "Tab does not follow the grid's order"
        if field_id in values:
            editor.keyboard.type(values[field_id])
        if field_id != fields[last]:
            editor.keyboard.press("Tab")
    editor.keyboard.press("Enter")  # the form's first button: "Save as drafts"
    for field_id, value in values.items():
        _line(editor, field_id).locator(".status--draft").wait_for()
        assert editor.input_value(f"#{field_id}") == value
    assert editor.locator("#grid .form-errors").count() == 0

    # submitted together: every draft of the period goes to the reviewers
    editor.locator("#grid button", has_text="Save and submit for review").click()
    for field_id, value in values.items():
        line = _line(editor, field_id)
        line.locator(".status--submitted").wait_for()
        assert line.locator("td.grid-value").inner_text().strip() == value
        assert line.locator("td.grid-value input").count() == 0  # shown, no longer changed

    # the reviewer: the batch review of the period, each value beside what to compare it with
    reviewer = as_persona("demo-reviewer")
    reviewer.goto(framework)
    reviewer.locator("main a", has_text=re.compile(r"^Review \d{4}")).first.click()
    reviewer.fill("#review-period", period)
    reviewer.press("#review-period", "Enter")
    reviewer.wait_for_url(re.compile(rf"/period/review/\?period={period}"))
    rows = {}
    for line in lines:
        row = reviewer.locator("#review tbody tr").filter(
            has=reviewer.locator(f"th .code:text-is('{line['code']}')")
        )
        assert row.count() == 1, f"{line['code']} is not waiting for review in {period}"
        cells = {
            label: row.locator(f"td[data-label='{label}']").inner_text().strip()
            for label in ("Value", "Baseline", "Target", "Allowed range", "Last approved values")
        }
        assert cells["Value"].startswith(values[line["input"]]), cells
        assert cells["Allowed range"] == line["range"], cells
        assert cells["Last approved values"], cells  # earlier values, or "none"
        row.locator("input[name=select]").check()
        rows[line["code"]] = row
    reviewer.locator("#review button", has_text="Approve selected").click()
    for code, row in rows.items():
        row.wait_for(state="detached")
        assert (
            reviewer.locator(
                "#review th .code", has_text=re.compile(rf"^{re.escape(code)}$")
            ).count()
            == 0
        )

    # back in the grid, the editor sees the period approved
    editor.goto(editor.url)
    for field_id in values:
        _line(editor, field_id).locator(".status--approved").wait_for()
