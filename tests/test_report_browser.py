"""The HTML report in a real headless Chromium (Debian's chromium + chromium-driver, installed by .ci/run)."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

import factdiff

from .conftest import EXAMPLES

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[object]:
    if not (CHROMIUM and CHROMEDRIVER):
        if os.environ.get("CI"):
            pytest.fail("CI must have chromium and chromedriver (apt-get install chromium chromium-driver)")
        pytest.skip("chromium/chromedriver not installed: apt-get install chromium chromium-driver")
    webdriver = pytest.importorskip("selenium.webdriver")
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1100,900",
        f"--user-data-dir={tmp_path_factory.mktemp('chrome-profile')}",
    ):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    yield driver
    driver.quit()


def _open(browser: object, briefing: factdiff.Briefing, folder: Path) -> None:
    path = folder / "briefing.html"
    path.write_text(briefing.to_html(), encoding="utf-8")
    browser.get(path.as_uri())  # type: ignore[attr-defined]


def _follow_first_citation_and_check(browser: object, tmp_path: Path, name: str) -> None:
    from selenium.webdriver.common.by import By

    chips = browser.find_elements(By.CSS_SELECTOR, "#brief a.chip")  # type: ignore[attr-defined]
    assert chips, "the brief has citation chips"
    chip = chips[-1]
    target_id = chip.get_attribute("href").split("#", 1)[1]
    chip.click()
    state = browser.execute_script(  # type: ignore[attr-defined]
        """
        const target = document.querySelector(':target');
        const rect = target.getBoundingClientRect();
        return {id: target.id, top: rect.top, bottom: rect.bottom, height: rect.height,
                innerHeight: window.innerHeight, background: getComputedStyle(target).backgroundColor,
                text: target.textContent, resources: performance.getEntriesByType('resource').length};
        """
    )
    assert state["id"] == target_id
    assert state["height"] > 0 and 0 <= state["top"] < state["innerHeight"], state
    assert state["background"] == "rgb(255, 201, 77)", "the cited span is highlighted as the target"
    assert state["text"].strip(), "the target holds the cited words"
    assert state["resources"] == 0, "the report fetches nothing"
    screenshot = tmp_path / f"{name}.png"
    assert browser.save_screenshot(str(screenshot))  # type: ignore[attr-defined]
    assert screenshot.stat().st_size > 10_000
    print(f"screenshot: {screenshot}")


def test_report_sections_and_citation_in_browser(browser: object, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    briefing = factdiff.diff(factdiff.load(EXAMPLES / "transit-levy"))
    _open(browser, briefing, tmp_path)
    for section in ("brief", "matrix", "discrepancies", "unsupported", "articles"):
        element = browser.find_element(By.ID, section)  # type: ignore[attr-defined]
        assert element.is_displayed() and element.text.strip(), section
    cards = browser.find_elements(By.CSS_SELECTOR, "#discrepancies .card")  # type: ignore[attr-defined]
    assert len(cards) == len(briefing.discrepancies)
    marks = browser.find_elements(By.CSS_SELECTOR, "mark.claim[id]")  # type: ignore[attr-defined]
    assert len(marks) == len(briefing.claims)
    _follow_first_citation_and_check(browser, tmp_path, "transit-levy")


def test_shared_corpus_report_in_browser(browser: object, shared: Path, tmp_path: Path) -> None:
    from selenium.webdriver.common.by import By

    briefing = factdiff.diff(factdiff.load(sorted((shared / "corpus" / "nato-india-2023").glob("*.txt"))))
    _open(browser, briefing, tmp_path)
    for section in ("brief", "matrix", "discrepancies", "unsupported", "articles"):
        assert browser.find_element(By.ID, section).is_displayed(), section  # type: ignore[attr-defined]
    _follow_first_citation_and_check(browser, tmp_path, "nato-india-2023")


HOSTILE = (
    "City officials said 40 people attended the hearing on Monday, March 2, 2026. "
    '<script>window.__pwned = "script";</script> <img src="x" onerror="window.__pwned = \'img\'"> '
    "<a href=\"javascript:window.__pwned = 'link'\">read more</a> <svg onload=\"window.__pwned = 'svg'\"></svg>"
)


def test_hostile_article_stays_inert_in_the_dom(browser: object, tmp_path: Path) -> None:
    briefing = factdiff.diff(
        factdiff.load(
            [
                {"text": HOSTILE, "source": "<b onmouseover=alert(1)>evil</b>"},
                {"text": "City officials said 45 people attended the hearing on Monday, March 2, 2026.", "source": "b"},
            ]
        )
    )
    _open(browser, briefing, tmp_path)
    state = browser.execute_script(  # type: ignore[attr-defined]
        """
        const withHandlers = [...document.querySelectorAll('*')].filter(
            el => [...el.attributes].some(a => a.name.startsWith('on')));
        return {pwned: window.__pwned === undefined ? null : window.__pwned,
                scripts: document.querySelectorAll('script').length,
                images: document.querySelectorAll('img, svg').length,
                jsLinks: document.querySelectorAll('a[href^="javascript:"]').length,
                bold: document.querySelectorAll('b').length,
                handlers: withHandlers.length,
                text: document.getElementById('articles').textContent};
        """
    )
    assert state["pwned"] is None
    assert state["scripts"] == 1, "only the report's own script"
    assert state["images"] == 0 and state["jsLinks"] == 0 and state["bold"] == 0 and state["handlers"] == 0
    assert '<script>window.__pwned = "script";</script>' in state["text"], "the hostile markup is shown as text"


def test_report_fits_a_narrow_screen(browser: object, tmp_path: Path) -> None:
    briefing = factdiff.diff(factdiff.load(EXAMPLES / "harbor-fire"))
    browser.set_window_size(420, 900)  # type: ignore[attr-defined]
    try:
        _open(browser, briefing, tmp_path)
        overflow = browser.execute_script(  # type: ignore[attr-defined]
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;"
        )
        assert overflow <= 1, "only the source matrix may scroll sideways, inside its own box"
        assert browser.save_screenshot(str(tmp_path / "narrow.png"))  # type: ignore[attr-defined]
    finally:
        browser.set_window_size(1100, 900)  # type: ignore[attr-defined]
