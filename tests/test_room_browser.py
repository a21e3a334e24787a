"""The phone page in a real browser: Debian's Chromium at 390x844, driven by selenium.

A participant opens the join link, chooses their name, writes a card, and sees the
cards once they are revealed; the page reads well at phone size, keeps to its own
host (the performance log's requests), breaks no rule of its Content-Security-Policy,
and reflows at 200% zoom without scrolling sideways.

Skips only when chromium is absent and `CI` is unset (`.ci/run` installs it).
The server is `room_page_server.room_server`: `sessie-tui serve` in a process of its own
once the package has the share's server, the tests' stand-in before that; the tests that
need what only the stand-in can do (drop every socket, an evaluation, the short code)
use it always.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from room_browser import (
    chromium_present,
    foreign_hosts,
    must_run,
    phone_browser,
    requested_urls,
    zoom,
)
from room_page_server import FixtureRoom, ServeRoom, room_server

pytestmark = [
    pytest.mark.skipif(
        not chromium_present() and not must_run(),
        reason="needs /usr/bin/chromium and /usr/bin/chromedriver (apt-get install chromium "
        "chromium-driver)",
    ),
    pytest.mark.slow,
]

WAIT = 10
CARD = 'Wat heb je al geprobeerd? <img src=x id="injected"> & "meer"'


@pytest.fixture
def server(tmp_path: Path) -> Iterator[FixtureRoom | ServeRoom]:
    room = room_server(tmp_path)
    yield room
    room.stop()


@pytest.fixture
def browser() -> Iterator[Any]:
    with phone_browser() as driver:
        yield driver


def wait_for(driver: Any, condition: Any) -> Any:
    from selenium.common.exceptions import (
        JavascriptException,
        NoSuchElementException,
        StaleElementReferenceException,
    )
    from selenium.webdriver.support.ui import WebDriverWait

    # A page being replaced by the next one (a form's 303) is no answer yet: ask again.
    passing = (StaleElementReferenceException, NoSuchElementException, JavascriptException)
    return WebDriverWait(driver, WAIT, poll_frequency=0.1, ignored_exceptions=passing).until(
        condition
    )


def by_id(driver: Any, element_id: str) -> Any:
    from selenium.webdriver.common.by import By

    return driver.find_element(By.ID, element_id)


def text_of(driver: Any, element_id: str) -> str:
    return str(
        driver.execute_script(
            "return document.getElementById(arguments[0]).textContent;", element_id
        )
    )


def sideways_overflow(driver: Any) -> int:
    """How many CSS pixels the page is wider than the window (0: no sideways scrolling)."""
    return int(
        driver.execute_script(
            "return document.documentElement.scrollWidth - document.documentElement.clientWidth;"
        )
    )


def page_is(driver: Any, page: str) -> bool:
    return driver.execute_script("return document.body.dataset.page;") == page


def join_as(driver: Any, join_url: str, name: str) -> None:
    driver.get(join_url)
    choose(driver, name)


def choose(driver: Any, name: str) -> None:
    from selenium.webdriver.common.by import By

    wait_for(driver, lambda d: page_is(d, "choose"))
    button = driver.find_element(By.XPATH, f"//button[.//span[normalize-space()='{name}']]")
    button.click()
    wait_for(driver, lambda d: page_is(d, "room"))


def font_px(driver: Any, element_id: str) -> float:
    return float(
        driver.execute_script(
            "return parseFloat(getComputedStyle(document.getElementById(arguments[0])).fontSize);",
            element_id,
        )
    )


def test_a_participant_joins_writes_a_card_and_sees_the_reveal(
    server: FixtureRoom | ServeRoom, browser: Any
) -> None:
    join_url = server.start()
    host = urlsplit(join_url).netloc
    join_as(browser, join_url, "Dries Maes")

    # Readable at phone size: the phase, its rule and the time large, in the first screen.
    assert browser.execute_script("return document.documentElement.lang;") == "nl"
    assert by_id(browser, "phase-title").is_displayed()
    assert font_px(browser, "phase-title") >= 28
    assert font_px(browser, "phase-rule") >= 18
    assert font_px(browser, "clock-time") >= 40
    clock_bottom = browser.execute_script(
        "return document.getElementById('clock-time').getBoundingClientRect().bottom;"
    )
    assert clock_bottom <= browser.execute_script("return window.innerHeight;")
    assert sideways_overflow(browser) <= 0

    # The clock counts down by itself between messages.
    wait_for(browser, lambda d: text_of(d, "clock-time") != "")
    first = text_of(browser, "clock-time")
    wait_for(browser, lambda d: text_of(d, "clock-time") != first)

    # Write a card: saved, and the page says so.
    area = by_id(browser, "card-text")
    area.clear()
    area.send_keys(CARD)
    by_id(browser, "card-save").click()
    wait_for(browser, lambda d: text_of(d, "feedback") == "Je kaart is bewaard.")
    wait_for(browser, lambda d: text_of(d, "card-save") == "Wijzigen")
    wait_for(browser, lambda d: text_of(d, "written-count").startswith("1 van"))
    assert not by_id(browser, "cards").is_displayed()

    # "Klaar": a toggle that says whether it is pressed.
    ready = by_id(browser, "ready-button")
    assert ready.get_attribute("aria-pressed") == "false"
    ready.click()
    wait_for(browser, lambda d: by_id(d, "ready-button").get_attribute("aria-pressed") == "true")

    # The reveal: the card appears, as text (never as markup), and the form goes.
    server.reveal()
    wait_for(browser, lambda d: by_id(d, "cards").is_displayed())
    wait_for(browser, lambda d: CARD in text_of(d, "cards-list"))
    assert browser.execute_script("return document.getElementById('injected');") is None
    assert not by_id(browser, "card").is_displayed()

    # Only the page's own host was asked for anything; nothing broke the CSP.
    urls = requested_urls(browser)
    assert any(url.endswith("/static/room.js") for url in urls)
    assert any(url.startswith("ws://") for url in urls)
    assert foreign_hosts(urls, host) == set()
    violations = [
        entry["message"]
        for entry in browser.get_log("browser")
        if "Content Security Policy" in entry["message"] or "Refused to" in entry["message"]
    ]
    assert violations == []


def test_the_end_reaches_the_page(server: FixtureRoom | ServeRoom, browser: Any) -> None:
    join_url = server.start()
    join_as(browser, join_url, "Els Janssens")
    assert not by_id(browser, "ended").is_displayed()
    server.end()
    wait_for(browser, lambda d: by_id(d, "ended").is_displayed())
    assert text_of(browser, "ended-heading") == "De bijeenkomst is afgelopen"
    assert not by_id(browser, "card").is_displayed()
    assert not by_id(browser, "phase").is_displayed()


def test_at_200_percent_zoom_nothing_scrolls_sideways(
    server: FixtureRoom | ServeRoom, browser: Any
) -> None:
    join_url = server.start()
    browser.get(join_url)
    zoom(browser, 2)
    browser.refresh()
    assert browser.execute_script("return window.innerWidth;") <= 200
    assert sideways_overflow(browser) <= 0  # the names to choose from
    choose(browser, "Sofie Claes")
    assert sideways_overflow(browser) <= 0  # the page, with the note-taker's form
    assert by_id(browser, "note").is_displayed()
    assert by_id(browser, "clock-time").is_displayed()
    area = by_id(browser, "card-text")
    area.send_keys("Hoofdbehandelingsverantwoordelijkheidsoverdrachtsprotocol " * 3)
    by_id(browser, "card-save").click()
    wait_for(browser, lambda d: text_of(d, "feedback") != "")
    server.reveal()
    wait_for(browser, lambda d: by_id(d, "cards").is_displayed())
    assert sideways_overflow(browser) <= 0  # a long word on a revealed card


def test_a_dropped_socket_is_said_and_reconnected(tmp_path: Path, browser: Any) -> None:
    server = FixtureRoom()  # only the stand-in can drop its sockets on demand
    try:
        join_as(browser, server.start(), "Dries Maes")
        wait_for(
            browser, lambda d: d.execute_script("return document.body.dataset.connected;") == "true"
        )
        # Every text the connection line shows, however briefly.
        browser.execute_script(
            "window.seen = [];"
            "const line = document.getElementById('connection');"
            "new MutationObserver(() => window.seen.push(line.hidden ? '' : line.textContent))"
            ".observe(line, {childList: true, characterData: true, subtree: true,"
            " attributes: true});"
        )
        server.drop_sockets()
        wait_for(browser, lambda d: "Weer verbonden." in d.execute_script("return window.seen;"))
        assert "Verbinding verbroken. Opnieuw verbinden…" in browser.execute_script(
            "return window.seen;"
        )
        assert browser.execute_script("return document.body.dataset.connected;") == "true"
        # Still following: the reveal after the reconnect arrives.
        server.reveal()
        wait_for(browser, lambda d: by_id(d, "cards").is_displayed())
    finally:
        server.stop()


def test_an_anonymous_evaluation_from_the_phone(browser: Any) -> None:
    server = FixtureRoom(evaluation=True)
    try:
        join_as(browser, server.start(), "Els Janssens")
        assert by_id(browser, "evaluation-anonymous").is_displayed()
        assert text_of(browser, "evaluation-anonymous").startswith("Anoniem:")
        assert not by_id(browser, "card").is_displayed()
        browser.find_element("css selector", 'input[name="score"][value="4"]').click()
        by_id(browser, "ballot-remark").send_keys("Goed gesprek, te weinig tijd")
        by_id(browser, "ballot-send").click()
        wait_for(browser, lambda d: text_of(d, "feedback") == "Je antwoord is bewaard.")
        # Posted as the JSON of the contract: the score a number, the remark as typed.
        assert list(server.ballots.values()) == [(4, "Goed gesprek, te weinig tijd")]
        wait_for(browser, lambda d: text_of(d, "evaluation-answered") == "1 van 5 beantwoord")
        server.close_evaluation()
        wait_for(browser, lambda d: by_id(d, "evaluation-result").is_displayed())
        assert text_of(browser, "evaluation-mean") == "Gemiddelde: 4,0"
        assert "Score 4: 1" in text_of(browser, "evaluation-distribution")
        assert not by_id(browser, "ballot-form").is_displayed()
    finally:
        server.stop()


def test_a_refusal_is_said_in_the_alert_region(browser: Any) -> None:
    server = FixtureRoom()
    try:
        join_as(browser, server.start(), "Dries Maes")
        by_id(browser, "card-save").click()  # an empty card
        wait_for(browser, lambda d: by_id(d, "error").is_displayed())
        assert text_of(browser, "error") == "Niet gelukt: Een lege kaart bewaart niets."
        assert by_id(browser, "error").get_attribute("role") == "alert"
        assert server.cards == {}
    finally:
        server.stop()


def test_a_note_taker_writes_a_note_and_finds_the_terminal(browser: Any) -> None:
    from selenium.webdriver.support.ui import Select

    server = FixtureRoom()
    try:
        join_as(browser, server.start(), "Sofie Claes")
        Select(by_id(browser, "note-kind")).select_by_visible_text("vraag")
        by_id(browser, "note-text").send_keys("Wat zou je anders doen?")
        by_id(browser, "note-save").click()
        wait_for(browser, lambda d: text_of(d, "feedback") == "Je notitie is bewaard.")
        assert server.notes == [{"kind": "question", "text": "Wat zou je anders doen?"}]
        assert by_id(browser, "note-text").get_attribute("value") == ""
        link = browser.find_element("css selector", '#note a[href="/terminal"]')
        assert link.is_displayed()
    finally:
        server.stop()


def test_joined_by_code_the_page_waits_and_goes_on_once_admitted(browser: Any) -> None:
    server = FixtureRoom()
    try:
        server.start()
        browser.get(server.code_url())
        assert page_is(browser, "waiting")
        server.admit_all()
        wait_for(browser, lambda d: page_is(d, "choose"))
    finally:
        server.stop()
